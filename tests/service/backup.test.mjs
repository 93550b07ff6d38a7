// Backups (issue 17): `doma backup --to FILE` taken while an editor and a
// resident write, restored with `doma restore` into an empty directory,
// served again: every write acknowledged before the backup began is there,
// the database passes `doma check`, and the sealed personal data reads
// (the key came with it). On PostgreSQL, `doma backup` delegates to pg_dump.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, POSTGRES, dbFlags, startDoma, addUser, Client } from './harness.mjs';

const EDITOR = 'backup-editor@doma.test';
const RESIDENT = 'backup-resident@doma.test';
const PASSWORD = 'backup-test-password-1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function doma(args, db) {
  return spawnSync(BIN, [...args, ...(db ? dbFlags(db) : [])], { encoding: 'utf8', timeout: 120000 });
}

async function editor(base) {
  const ed = new Client(base);
  await ed.login(EDITOR, PASSWORD);
  await ed.get('/editor/services/new');
  return ed;
}

test('a backup taken under writes restores to an intact database holding every write acknowledged before it began', { skip: POSTGRES ? 'SQLite (PostgreSQL: the pg_dump test below)' : false }, async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'doma-backup-'));
  const server = await startDoma({
    prepare: async (db) => {
      await addUser(db, EDITOR, 'editor', PASSWORD);
      await addUser(db, RESIDENT, 'resident', PASSWORD);
    },
  });
  const db = path.join(server.dir, 'doma.db');
  const acknowledged = [];  // [id, acknowledged at (ms)]
  let writing = true;
  const writer = (async () => {
    const ed = await editor(server.base);
    for (let n = 0; writing; ++n) {
      const w = `bkp${n}q`;
      const r = await ed.post('/editor/services/new', {
        name: `Сервис ${w}`, url: `https://${w}.example.org/`, short_description: `Проверка копии ${w}`,
        description: 'Создан во время резервного копирования.', organization: 'Проверка', scope: 'federal',
        cost: 'free', categories: 'kids-leisure', platforms: 'web', audiences: 'everyone', status: 'active',
      });
      if (r.status === 303) acknowledged.push([r.headers.get('location').replace('/services/', ''), Date.now()]);
    }
  })();
  // A request with an address: sealed with the key.
  const resident = new Client(server.base);
  await resident.login(RESIDENT, PASSWORD);
  await resident.get('/help/ask');
  const ask = await resident.post('/help/ask', {
    channel: 'self', kinds: 'groceries', recipient_name: 'Анна Петровна', phone: '+7 917 000-11-22',
    place_id: 'dimitrovgrad', street: 'улица Гончарова', house: '17', urgency: '1-2-days', consent: 'yes',
  });
  assert.equal(ask.status, 303);
  const requestPath = ask.headers.get('location');

  await sleep(1000);
  const file = path.join(work, 'doma-backup.tar.gz');
  const began = Date.now();
  const before = acknowledged.filter(([, at]) => at < began).map(([id]) => id);
  const backup = await new Promise((resolve) => {
    const p = spawn(BIN, ['backup', '--to', file, ...dbFlags(db)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => resolve({ code, out, err }));
  });
  await sleep(300);  // writes go on after it
  writing = false;
  await writer;
  await server.stop();
  assert.equal(backup.code, 0, backup.err);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'the backup holds the key: its owner only');
  assert.ok(before.length >= 5, `only ${before.length} writes before the backup`);
  const afterCount = acknowledged.length - before.length;

  const verified = doma(['backup', '--verify', file]);
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.stdout, /database intact \(\d+ services\), with its key/);

  // Restore into an empty directory and serve it.
  const restoredDir = path.join(work, 'restored');
  const restored = doma(['restore', '--from', file, '--db', path.join(restoredDir, 'doma.db')]);
  assert.equal(restored.status, 0, restored.stderr);
  const again = doma(['restore', '--from', file, '--db', path.join(restoredDir, 'doma.db')]);
  assert.notEqual(again.status, 0, 'restore never overwrites');
  assert.match(again.stderr, /exists/);
  const check = doma(['check', '--db', path.join(restoredDir, 'doma.db')]);
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, /database: ok/);

  const s = await startDoma({ dir: restoredDir });
  try {
    const missing = [];
    for (const id of before) if ((await fetch(`${s.base}/api/v1/services/${id}`)).status !== 200) missing.push(id);
    assert.deepEqual(missing, [], 'every write acknowledged before the backup began is restored');
    let later = 0;
    for (const [id] of acknowledged.slice(before.length)) later += (await fetch(`${s.base}/api/v1/services/${id}`)).status === 200;
    console.log(`# acknowledged before the backup began: ${before.length}, found after restore: ${before.length - missing.length}; acknowledged while or after it ran: ${afterCount}, of them in the backup: ${later}`);
    const r = new Client(s.base);
    await r.login(RESIDENT, PASSWORD);
    const page = await r.get(requestPath);
    assert.equal(page.status, 200);
    assert.match(page.text, /улица Гончарова/, 'the sealed address reads: the key was restored with it');
  } finally {
    await s.stop();
    rmSync(work, { recursive: true, force: true });
  }
});

test('a damaged or foreign file is refused with what is wrong', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'doma-backup-bad-'));
  try {
    const db = path.join(work, 'doma.db');
    assert.equal(doma(['seed'], db).status, 0);
    const file = path.join(work, 'b.tar.gz');
    const made = doma(['backup', '--to', file], db);
    assert.equal(made.status, 0, made.stderr);
    assert.notEqual(doma(['backup', '--to', file], db).status, 0, 'an existing file is not overwritten');
    const keyless = path.join(work, 'keyless.tar.gz');
    writeFileSync(`${db}.key`, Buffer.alloc(32, 7));
    assert.equal(doma(['backup', '--to', keyless, '--without-key'], db).status, 0);
    assert.match(doma(['backup', '--verify', keyless]).stdout, /no key file/);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    const broken = path.join(work, 'broken.tar.gz');
    writeFileSync(broken, bytes);
    const v = doma(['backup', '--verify', broken]);
    assert.notEqual(v.status, 0);
    assert.match(v.stderr, /damaged|not a Doma backup|checksum/);
    // A crafted archive: a database its manifest does not list (so no checksum and no
    // integrity check would run), and a manifest missing its fields.
    const plain = path.join(work, 'plain.db');  // a SQLite file, whatever the backend under test
    assert.equal(spawnSync(BIN, ['migrate', '--db', plain], { encoding: 'utf8' }).status, 0);
    const craft = (name, manifest) => {
      const out = path.join(work, name);
      const py = `import io, json, sys, tarfile
with tarfile.open(sys.argv[1], 'w:gz') as t:
    t.add(sys.argv[2], arcname='doma.db')
    m = sys.argv[3].encode()
    info = tarfile.TarInfo('manifest.json'); info.size = len(m)
    t.addfile(info, io.BytesIO(m))`;
      const r = spawnSync('python3', ['-c', py, out, plain, JSON.stringify(manifest)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return out;
    };
    const unlisted = craft('unlisted.tar.gz', { format: 'doma-backup-1', created_at: 'x', backend: 'sqlite', files: {} });
    const u = doma(['backup', '--verify', unlisted]);
    assert.equal(u.status, 2, u.stderr);
    assert.match(u.stderr, /manifest does not list doma\.db/);
    assert.notEqual(doma(['restore', '--from', unlisted, '--db', path.join(work, 'r1', 'doma.db')]).status, 0);
    const bare = craft('bare.tar.gz', { format: 'doma-backup-1', files: { 'doma.db': 'ab' } });
    const b = doma(['backup', '--verify', bare]);
    assert.equal(b.status, 2, `a crafted manifest is refused, not a crash: ${b.signal} ${b.stderr}`);
    const escape = craft('escape.tar.gz', { format: 'doma-backup-1', created_at: 'x', backend: 'sqlite', files: { '../../etc/passwd': 'ab', 'doma.db': 'ab' } });
    const e = doma(['backup', '--verify', escape]);
    assert.equal(e.status, 2);
    assert.match(e.stderr, /manifest/);
    writeFileSync(path.join(work, 'foreign.tar.gz'), 'not an archive at all');
    const f = doma(['backup', '--verify', path.join(work, 'foreign.tar.gz')]);
    assert.notEqual(f.status, 0);
    assert.match(f.stderr, /not a Doma backup/);
  } finally { rmSync(work, { recursive: true, force: true }); }
});

test('on PostgreSQL, doma backup delegates to pg_dump and keeps the key beside the dump', { skip: POSTGRES ? false : 'needs DOMA_TEST_BACKEND=postgresql' }, async () => {
  const server = await startDoma();
  const work = mkdtempSync(path.join(tmpdir(), 'doma-backup-pg-'));
  try {
    const file = path.join(work, 'pg.tar.gz');
    const r = doma(['backup', '--to', file], path.join(server.dir, 'doma.db'));
    assert.equal(r.status, 0, r.stderr);
    const password = new URL(POSTGRES).password;
    if (password) assert.ok(!(r.stdout + r.stderr).includes(password), 'no password printed');
    const v = doma(['backup', '--verify', file]);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /from postgresql; a pg_dump archive .*, with its key/);
    const list = spawnSync('tar', ['tzf', file], { encoding: 'utf8' });
    assert.deepEqual(list.stdout.trim().split('\n').sort(), ['doma.key', 'doma.pgdump', 'manifest.json']);
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
});

test('pg_dump gets the password in its environment, never in its arguments, and keeps one the environment gave', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'doma-backup-fake-'));
  try {
    // A stand-in pg_dump first on PATH: it records what it was given.
    const bin = path.join(work, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    writeFileSync(path.join(bin, 'pg_dump'), `#!/bin/sh
printf '%s\\n' "$@" > "${work}/args"
printf '%s' "$PGPASSWORD" > "${work}/password"
while [ "$#" -gt 0 ]; do if [ "$1" = "--file" ]; then echo dump > "$2"; fi; shift; done
`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    delete env.PGPASSWORD;
    const backup = (address, extra = {}, name) => spawnSync(BIN, ['backup', '--to', path.join(work, name), '--db', address],
      { encoding: 'utf8', env: { ...env, ...extra } });
    for (const [address, name] of [['postgresql://doma:Secret-One@127.0.0.1:5/doma', 'a.tar.gz'],
                                   ['postgresql://doma@127.0.0.1:5/doma?password=Secret-One&sslmode=disable', 'b.tar.gz']]) {
      const r = backup(address, {}, name);
      assert.equal(r.status, 0, r.stderr);
      const args = readFileSync(path.join(work, 'args'), 'utf8');
      assert.doesNotMatch(args, /Secret-One/, `the password is not in pg_dump's arguments: ${args}`);
      assert.equal(readFileSync(path.join(work, 'password'), 'utf8'), 'Secret-One');
      assert.doesNotMatch(r.stdout + r.stderr, /Secret-One/);
    }
    const kept = backup('postgresql://doma@127.0.0.1:5/doma', { PGPASSWORD: 'From-The-Environment' }, 'c.tar.gz');
    assert.equal(kept.status, 0, kept.stderr);
    assert.equal(readFileSync(path.join(work, 'password'), 'utf8'), 'From-The-Environment');
  } finally { rmSync(work, { recursive: true, force: true }); }
});

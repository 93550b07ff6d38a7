// The configuration file (issue 17): every setting also read from a file
// (--config, DOMA_CONFIG, or /etc/doma/doma.conf), below the environment and
// the flags; `doma check-config` prints the settings in effect with secrets
// masked and says what is wrong with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, freePort, waitFor } from './harness.mjs';

function run(args, env = {}) {
  const clean = { ...process.env };
  for (const k of ['DOMA_LISTEN', 'DOMA_DB', 'DOMA_KEY_FILE', 'DOMA_CONFIG']) delete clean[k];
  return spawnSync(BIN, args, { encoding: 'utf8', env: { ...clean, ...env }, timeout: 60000 });
}

function dir() { return mkdtempSync(path.join(tmpdir(), 'doma-config-')); }

test('check-config prints the settings from the file, passwords and tokens masked', () => {
  const d = dir();
  try {
    const file = path.join(d, 'doma.conf');
    writeFileSync(file, [
      '# Doma in the region',
      'listen = 127.0.0.1:18999',
      `db = ${path.join(d, 'doma.db')}`,
      'public-url = https://doma.example.ru',
      'smtp = smtp://doma:mail-secret-1@127.0.0.1:2525',
      'mail-from = doma@doma.example.ru',
      'sms-webhook = https://sms.example.ru/send?token=sms-secret-2',
      'erase-after-days = 14',
      'trusted-proxy = 127.0.0.1',
      'tls = true',
    ].join('\n') + '\n');
    const r = run(['check-config', '--config', file]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^listen = 127\.0\.0\.1:18999$/m);
    assert.match(r.stdout, /^erase-after-days = 14$/m);
    assert.match(r.stdout, /^tls = true$/m);
    assert.match(r.stdout, /^smtp = smtp:\/\/doma:\*\*\*@127\.0\.0\.1:2525$/m);
    assert.match(r.stdout, /^sms-webhook = https:\/\/sms\.example\.ru\/send\?token=\*\*\*$/m);
    assert.doesNotMatch(r.stdout + r.stderr, /mail-secret-1|sms-secret-2/);
    assert.match(r.stdout, /no problems found/);
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('flags win over the environment, which wins over the file (DOMA_CONFIG names it too)', () => {
  const d = dir();
  try {
    const file = path.join(d, 'doma.conf');
    writeFileSync(file, `listen = 127.0.0.1:18001\ndb = ${path.join(d, 'file.db')}\n`);
    const listen = (r) => /^listen = (.*)$/m.exec(r.stdout)?.[1];
    assert.equal(listen(run(['check-config', '--config', file])), '127.0.0.1:18001');
    assert.equal(listen(run(['check-config'], { DOMA_CONFIG: file })), '127.0.0.1:18001');
    assert.equal(listen(run(['check-config', '--config', file], { DOMA_LISTEN: '127.0.0.1:18002' })), '127.0.0.1:18002');
    assert.equal(listen(run(['check-config', '--config', file, '--listen', '127.0.0.1:18003'], { DOMA_LISTEN: '127.0.0.1:18002' })), '127.0.0.1:18003');
    assert.match(run(['check-config', '--config', file]).stdout, new RegExp(`^db = ${path.join(d, 'file.db').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('a mistake in the file is named with its line; wrong settings are listed as problems', () => {
  const d = dir();
  try {
    const typo = path.join(d, 'typo.conf');
    writeFileSync(typo, '# ok\nlisten = 127.0.0.1:18004\nlisen = 127.0.0.1:1\n');
    const r = run(['check-config', '--config', typo]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /typo\.conf:3: unknown setting 'lisen'/);
    const kind = path.join(d, 'kind.conf');
    writeFileSync(kind, 'threads = many\n');
    const k = run(['check-config', '--config', kind]);
    assert.notEqual(k.status, 0);
    assert.match(k.stderr, /kind\.conf: .*threads/);
    assert.notEqual(run(['check-config', '--config', path.join(d, 'absent.conf')]).status, 0);

    const db = path.join(d, 'doma.db');
    writeFileSync(`${db}.key`, Buffer.alloc(32, 1));
    chmodSync(`${db}.key`, 0o644);
    const wrong = path.join(d, 'wrong.conf');
    writeFileSync(wrong, [
      `db = ${db}`, 'public-url = http://doma.example.ru', 'trusted-proxy = not-an-ip',
      'smtp = http://mail.example.ru', 'tile-url = https://tiles.example.ru/tile.png', 'data-license = MIT',
    ].join('\n') + '\n');
    const p = run(['check-config', '--config', wrong]);
    assert.equal(p.status, 1);
    for (const re of [/key-file: .*chmod 600/, /public-url: http:\/\/ on a public address/, /trusted-proxy: 'not-an-ip'/,
      /smtp: must start with smtp:\/\//, /tile-url: has no \{z\}/, /data-license: unknown --data-license 'MIT'/])
      assert.match(p.stderr, re);
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('doma serve takes its address and database from the file', async () => {
  const d = dir();
  const port = await freePort();
  const file = path.join(d, 'doma.conf');
  writeFileSync(file, `listen = 127.0.0.1:${port}\ndb = ${path.join(d, 'from-file.db')}\nno-access-log = true\n`);
  const clean = { ...process.env };
  for (const k of ['DOMA_LISTEN', 'DOMA_DB', 'DOMA_KEY_FILE']) delete clean[k];
  const child = spawn(BIN, ['serve'], { env: { ...clean, DOMA_CONFIG: file }, stdio: 'ignore' });
  try {
    const ok = await waitFor(async () => {
      try { return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200; } catch { return false; }
    }, 30000);
    assert.ok(ok, 'served on the port the file names');
    const r = run(['check-config'], { DOMA_CONFIG: file });
    assert.match(r.stdout, /from-file\.db/);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    rmSync(d, { recursive: true, force: true });
  }
});

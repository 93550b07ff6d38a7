// Moving a region from one machine to several nodes: `doma migrate-data
// --from FILE --to postgresql://…` copies every row of a SQLite database
// into a new PostgreSQL one. Tested end to end: a SQLite server takes real
// writes (accounts, a sealed help request, a verified volunteer), the data
// moves, and a PostgreSQL node with the same key serves all of it — the
// resident signs in with the same password, reads her own phone number,
// the badge checks, new numbers continue — while a second move onto the
// now-used database is refused and changes nothing.
// Runs beside a throwaway PostgreSQL (scripts/run-tests: its own stage);
// elsewhere it says why it is skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, startDoma, addUser, Client, freePort } from './harness.mjs';

const PG = process.env.DOMA_TEST_PG;
const skip = PG && process.env.DOMA_TEST_BACKEND !== 'postgresql' ? false
  : 'needs a throwaway PostgreSQL and the SQLite harness (scripts/run-tests runs it so)';
const PASSWORD = 'migrate-data-password-1';
const RESIDENT = 'resident@migrate.test';
const VOLUNTEER = 'volunteer@migrate.test';
const COORDINATOR = 'coordinator@migrate.test';
const PHONE = '+79051234567';

let dir, sqlite, target, node;
const source = {};

async function call(base, client, method, p, body) {
  const headers = { cookie: client ? client.cookieHeader() : '' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (client && method === 'POST') headers['x-csrf-token'] = client.cookies.get('doma_csrf');
  const res = await fetch(base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (client) client.remember(res);
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a page */ }
  return { status: res.status, text, json };
}

const request = {
  channel: 'self', kinds: ['medicines'], details: 'Лекарства по рецепту', recipient_name: 'Нина Сергеевна',
  phone: PHONE, address: { street: 'улица Минаева', house: '5', flat: '17' },
  place_id: 'ulyanovsk-leninsky', urgency: '1-2-days', payment: 'cash-on-receipt', consent: true,
};

// A PostgreSQL node on the target, with the SQLite file's key.
async function startNode() {
  const port = await freePort();
  const log = path.join(dir, 'node.log');
  const child = spawn(path.resolve(BIN), ['serve', '--listen', `127.0.0.1:${port}`, '--db', target, '--key-file', `${sqlite}.key`,
    '--outbox-log', path.join(dir, 'node-outbox.log')], { stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60000; ;) {
    try { if ((await fetch(`${base}/readyz`)).status === 200) break; } catch { /* not yet */ }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`node did not start:\n${readFileSync(log, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(tmpdir(), 'doma-migrate-'));
  sqlite = path.join(dir, 'doma.db');
  const schema = `migrate_${process.pid}`;
  execFileSync('psql', ['-q', PG, '-c', `CREATE SCHEMA ${schema}`]);
  target = `${PG}?options=-csearch_path%3D${schema}`;

  const doma = await startDoma({
    dir,
    prepare: async (db) => {
      await addUser(db, COORDINATOR, 'coordinator', PASSWORD);
      for (const login of [RESIDENT, VOLUNTEER]) await addUser(db, login, 'resident', PASSWORD);
    },
  });
  const c = {};
  for (const login of [RESIDENT, VOLUNTEER, COORDINATOR]) {
    c[login] = new Client(doma.base);
    await c[login].login(login, PASSWORD);
  }
  const created = await call(doma.base, c[RESIDENT], 'POST', '/api/v1/help/requests', request);
  assert.equal(created.status, 201, created.text);
  source.request = created.json;
  // A second request, merged into the first by the coordinator: a row that
  // points at another of its table (duplicate_of).
  const twin = await call(doma.base, c[RESIDENT], 'POST', '/api/v1/help/requests', request);
  assert.equal(twin.status, 201, twin.text);
  const merged = await call(doma.base, c[COORDINATOR], 'POST', `/api/v1/help/requests/${twin.json.id}/merge`, { into: source.request.number });
  assert.equal(merged.status, 200, merged.text);
  source.twin = twin.json.id;
  const v = await call(doma.base, c[VOLUNTEER], 'POST', '/api/v1/help/volunteer', {
    first_name: 'Пётр', phone: '+7 905 000-11-22', place_id: 'ulyanovsk-leninsky', kinds: ['medicines'], has_car: true, max_km: 20,
  });
  assert.equal(v.status, 201, v.text);
  const ok = await call(doma.base, c[COORDINATOR], 'POST', `/api/v1/help/volunteers/${v.json.account_id}/verify`, { id_checked: true, briefed: true });
  assert.equal(ok.status, 200, ok.text);
  source.badge = ok.json.badge;
  source.services = (await call(doma.base, null, 'GET', '/api/v1/services?per_page=1')).json.total;
  await doma.stop();
});
after(async () => {
  if (node) await node.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('migrate-data moves every row, and a PostgreSQL node with the same key serves them', { skip }, async () => {
  const r = spawnSync(BIN, ['migrate-data', '--from', sqlite, '--to', target], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^help_requests\s+2$/m);
  const dup = execFileSync('psql', ['-tA', target, '-c', `SELECT duplicate_of FROM help_requests WHERE id = ${source.twin}`], { encoding: 'utf8' });
  assert.equal(dup.trim(), String(source.request.id), 'the merged request still points at the one it was merged into');
  assert.match(r.stdout, /^volunteers\s+1$/m);
  assert.ok(Number(/^services\s+(\d+)$/m.exec(r.stdout)[1]) >= source.services, 'every service, listed or not');
  assert.match(r.stdout, /--key-file/);
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(PG.split('@')[0].split(':').pop()), 'the password is not printed');

  node = await startNode();
  const resident = new Client(node.base);
  await resident.login(RESIDENT, PASSWORD);  // the same account and password hash
  const mine = await call(node.base, resident, 'GET', `/api/v1/help/requests/${source.request.id}`);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.number, source.request.number);
  assert.equal(mine.json.personal.phone, PHONE, 'sealed with the key, read back with it');
  const badge = await call(node.base, null, 'GET', `/api/v1/help/badges/${source.badge}`);
  assert.equal(badge.json.status, 'verified');
  assert.equal((await call(node.base, null, 'GET', '/api/v1/services?per_page=1')).json.total, source.services);
  const found = await call(node.base, null, 'GET', '/api/v1/services?q=%D0%B3%D0%BE%D1%81%D1%83%D1%81%D0%BB%D1%83%D0%B3%D0%B8');
  assert.ok(found.json.total > 0, 'the node indexed the moved catalog');
  // Ids go on after the copied ones.
  const next = await call(node.base, resident, 'POST', '/api/v1/help/requests', request);
  assert.equal(next.status, 201, next.text);
  assert.equal(next.json.id, source.twin + 1);
});

test('a second move onto a database in use is refused and changes nothing', { skip }, async () => {
  const before = (await call(node.base, null, 'GET', '/api/v1/services?per_page=1')).json.total;
  const r = spawnSync(BIN, ['migrate-data', '--from', sqlite, '--to', target], { encoding: 'utf8', timeout: 120000 });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /already holds data .*fills a new database only/);
  assert.equal((await call(node.base, null, 'GET', '/api/v1/services?per_page=1')).json.total, before);
  const bad = spawnSync(BIN, ['migrate-data', '--from', sqlite, '--to', path.join(dir, 'other.db')], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--to must be a postgresql:\/\/ address/);
});

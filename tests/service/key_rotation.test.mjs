// `doma rotate-key`: every sealed value (a request's address and phone, its
// code word, a volunteer's phone, the messages in the outbox) is re-sealed
// with a new key that then replaces the key file; the data reads back with
// it, sessions end, the old key opens nothing and cannot be used to rotate
// again, and a rotation that stopped half-way blocks the server until it is
// run again, which finishes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, statSync, existsSync, copyFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, startDoma, addUser, Client, dbFlags, secret, outboxOf, waitFor } from './harness.mjs';

const PASSWORD = 'key-rotation-password-1';
const RESIDENT = 'resident@rotate.test';
const VOLUNTEER = 'volunteer@rotate.test';
const PHONE = '+79061112244';
secret(PHONE);

let dir, db, key, doma;
let requestId, oldSession;

async function call(base, client, method, p, body) {
  const headers = { cookie: client.cookieHeader() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['x-csrf-token'] = client.cookies.get('doma_csrf');
  const res = await fetch(base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  client.remember(res);
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a page */ }
  return { status: res.status, text, json };
}

// The database's flags, with another key file when `keyFile` is given.
function flags(keyFile) {
  const f = dbFlags(db);
  if (!keyFile) return f;
  const at = f.indexOf('--key-file');
  return at < 0 ? [...f, '--key-file', keyFile] : f.map((v, i) => (i === at + 1 ? keyFile : v));
}
const rotate = (keyFile) => spawnSync(BIN, ['rotate-key', ...flags(keyFile)], { encoding: 'utf8', timeout: 60000 });
// The SMS gateway's token: a reply «СТОП» finds its number by a keyed digest.
const GATEWAY = 'rotate-sms-gateway-token-0123456789';
secret(GATEWAY);
const DIGEST_PHONE = '+79120005566';
const start = () => startDoma({ dir, args: ['--sms-inbound-token', GATEWAY] });

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'doma-rotate-'));
  db = path.join(dir, 'doma.db');
  key = `${db}.key`;
  doma = await startDoma({
    dir,
    args: ['--sms-inbound-token', GATEWAY],
    prepare: async (d) => { for (const login of [RESIDENT, VOLUNTEER]) await addUser(d, login, 'resident', PASSWORD); },
  });
  // A confirmed digest subscription by SMS, and one never confirmed.
  for (const address of [DIGEST_PHONE, 'pending-reader@example.org']) {
    const c = new Client(doma.base);
    await c.get('/digest');
    assert.equal((await c.post('/digest', { address, consent: 'yes' })).status, 200);
  }
  const sms = await waitFor(() => outboxOf(dir).find((m) => m.to === DIGEST_PHONE));
  const t = /\/digest\/confirm\?t=([0-9a-f]{32})/.exec(sms.body)[1];
  secret(t);
  const confirmer = new Client(doma.base);
  await confirmer.get(`/digest/confirm?t=${t}`);
  assert.equal((await confirmer.post('/digest/confirm', { t })).status, 200);
  const resident = new Client(doma.base);
  await resident.login(RESIDENT, PASSWORD);
  const created = await call(doma.base, resident, 'POST', '/api/v1/help/requests', {
    channel: 'self', kinds: ['groceries'], details: 'Хлеб', recipient_name: 'Вера Павловна', phone: PHONE,
    address: { street: 'улица Гончарова', house: '3', flat: '9' }, place_id: 'ulyanovsk-leninsky',
    urgency: '1-2-days', payment: 'cash-on-receipt', consent: true,
  });
  assert.equal(created.status, 201, created.text);
  requestId = created.json.id;
  const volunteer = new Client(doma.base);
  await volunteer.login(VOLUNTEER, PASSWORD);
  const v = await call(doma.base, volunteer, 'POST', '/api/v1/help/volunteer', {
    first_name: 'Иван', phone: '+7 906 000-22-33', place_id: 'ulyanovsk-leninsky', kinds: ['groceries'], has_car: false, max_km: 5,
  });
  assert.equal(v.status, 201, v.text);
  oldSession = resident;
  await doma.stop();
  doma = null;
});
after(async () => {
  if (doma) await doma.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('every sealed value moves to a new key, and the data reads back with it', async () => {
  const oldKey = readFileSync(key);
  copyFileSync(key, path.join(dir, 'old.key'));
  chmodSync(path.join(dir, 'old.key'), 0o600);
  const r = rotate();
  assert.equal(r.status, 0, r.stderr);
  const n = Number(/re-sealed (\d+) values/.exec(r.stdout)?.[1]);
  assert.ok(n >= 4, `re-sealed ${n}: the request's personal data and code word, the volunteer's phone, the outbox`);
  assert.match(r.stdout, /ended [1-9]\d* sessions/);
  assert.match(r.stdout, /1 digest subscriptions re-keyed, 1 unconfirmed ones ended/);
  assert.notDeepEqual(readFileSync(key), oldKey, 'a new key');
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.equal(existsSync(`${key}.new`), false);

  doma = await start();
  const stale = await call(doma.base, oldSession, 'GET', `/api/v1/help/requests/${requestId}`);
  assert.ok(oldSession.cookieHeader().length > 0);
  assert.equal(stale.status, 401, 'the old session ended with the old key');
  const resident = new Client(doma.base);
  await resident.login(RESIDENT, PASSWORD);
  const mine = await call(doma.base, resident, 'GET', `/api/v1/help/requests/${requestId}`);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.personal.phone, PHONE);
  // The subscription is found by its number under the new key.
  const stop = await fetch(`${doma.base}/api/v1/digest/sms-reply`, {
    method: 'POST', headers: { authorization: `Bearer ${GATEWAY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ from: DIGEST_PHONE, text: 'СТОП' }),
  });
  assert.deepEqual(await stop.json(), { unsubscribed: 1 });
  await doma.stop();
  doma = null;
});

test('the old key opens nothing: rotating with it is refused and changes nothing', async () => {
  const before = readFileSync(key);
  const r = rotate(path.join(dir, 'old.key'));
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /opens with neither the key nor the new one/);
  assert.deepEqual(readFileSync(key), before);
  rmSync(path.join(dir, 'old.key.new'), { force: true });
});

test('a rotation that stopped half-way blocks the server until it is run again', async () => {
  writeFileSync(`${key}.new`, randomBytes(32), { mode: 0o600 });
  const refused = spawnSync(BIN, ['serve', '--listen', '127.0.0.1:0', ...dbFlags(db)], { encoding: 'utf8', timeout: 30000 });
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /key rotation \(doma rotate-key\) did not finish/);
  const r = rotate();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /went on with the new key/);
  doma = await start();
  const resident = new Client(doma.base);
  await resident.login(RESIDENT, PASSWORD);
  const mine = await call(doma.base, resident, 'GET', `/api/v1/help/requests/${requestId}`);
  assert.equal(mine.json.personal.phone, PHONE);
});

test('rotating while a server runs is refused: it would go on sealing with the old key', async () => {
  // The server of the test before is still running.
  assert.ok(doma, 'a server is running');
  const before = readFileSync(key);
  const r = rotate();
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /a doma server is running|running doma nodes/);
  assert.deepEqual(readFileSync(key), before);
  assert.equal(existsSync(`${key}.new`), false, 'the new key of a refused run is not left behind');
  await doma.stop();
  doma = null;
});

test('a rotation that stopped after re-sealing, before the key file moved, is finished by running it again', async () => {
  const current = readFileSync(key);
  assert.equal(rotate().status, 0);
  // As if the machine stopped between the commit and the rename: the data
  // is sealed with the new key, the key file is still the old one.
  const rotated = readFileSync(key);
  writeFileSync(`${key}.new`, rotated, { mode: 0o600 });
  writeFileSync(key, current, { mode: 0o600 });
  const r = rotate();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /went on with the new key/);
  assert.match(r.stdout, /re-sealed 0 values \([1-9]\d* were already sealed with the new key\)/);
  assert.deepEqual(readFileSync(key), rotated);
  doma = await start();
  const resident = new Client(doma.base);
  await resident.login(RESIDENT, PASSWORD);
  assert.equal((await call(doma.base, resident, 'GET', `/api/v1/help/requests/${requestId}`)).json.personal.phone, PHONE);
});

// API writes: POST /api/v1/submissions needs an admin-issued API token or a
// session with the CSRF header; tokens are stored hashed and can be revoked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startDoma, addUser, Client, secret, storedBytes } from './harness.mjs';

const ADMIN = { login: 'api-admin@doma.test', password: 'admin-password-42' };
let doma;
let token;
before(async () => { doma = await startDoma({ prepare: (db) => addUser(db, ADMIN.login, 'admin', ADMIN.password) }); });
after(async () => { if (doma) await doma.stop(); });

const body = (over = {}) => JSON.stringify({
  name: 'Онлайн-зарядка для пожилых «Бодрое утро»', url: 'https://bodroe-utro.example.org/', short_description: 'Ежедневная зарядка в прямом эфире для людей старшего возраста',
  categories: ['sport'], platforms: ['web'], audiences: ['elderly'], scope: 'regional', settlement: 'Ульяновск', cost: 'free', ...over,
});
const post = (headers, b = body()) => fetch(`${doma.base}/api/v1/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b });

test('without a token or a session the API refuses to write', async () => {
  const r = await post({});
  assert.equal(r.status, 401);
  assert.match(r.headers.get('content-type'), /problem\+json/);
  assert.equal((await post({ authorization: 'Bearer doma_00000000000000000000000000000000' })).status, 401);
});

test('an admin issues a token, shown once; with it a submission is accepted', async () => {
  const admin = new Client(doma.base);
  await admin.login(ADMIN.login, ADMIN.password);
  await admin.get('/admin/tokens');
  const unnamed = await admin.post('/admin/tokens', { name: '  ' });
  assert.equal(unnamed.status, 400);
  assert.match(unnamed.text, /id="token-name-error"/);
  const page = await admin.post('/admin/tokens', { name: 'Бот горячей линии' });
  assert.equal(page.status, 200);
  token = /<code class="token">(doma_[0-9a-f]{32})<\/code>/.exec(page.text)[1];
  secret(token);
  assert.doesNotMatch((await admin.get('/admin/tokens')).text, new RegExp(token), 'shown only once');
  const r = await post({ authorization: `Bearer ${token}` });
  assert.equal(r.status, 201);
  const j = await r.json();
  assert.equal(j.status, 'pending');
  assert.ok(j.id > 0);
  const desk = await admin.get('/editor');
  assert.match(desk.text, /Бодрое утро/);
  assert.ok(!storedBytes(path.join(doma.dir, 'doma.db')).includes(token), 'the database holds the token in plain text');
  assert.ok(!doma.log().includes(token));
  assert.match((await admin.get('/admin/audit')).text, /выдан API-токен/);
});

test('bad writes get a problem naming what is wrong', async () => {
  const auth = { authorization: `Bearer ${token}` };
  let r = await post(auth, '{not json');
  assert.equal(r.status, 400);
  r = await post({ ...auth, 'content-type': 'text/plain' });
  assert.equal(r.status, 415);
  r = await post(auth, body({ url: 'ftp://example.org' }));
  assert.equal(r.status, 400);
  assert.equal((await r.json()).invalid_param, 'url');
  r = await post(auth, body({ categories: ['no-such-category'] }));
  assert.equal((await r.json()).invalid_param, 'categories');
});

test('a session writes only with the X-CSRF-Token header', async () => {
  const c = new Client(doma.base);
  await c.login(ADMIN.login, ADMIN.password);
  const cookie = c.cookieHeader();
  assert.equal((await post({ cookie })).status, 401, 'no CSRF header');
  assert.equal((await post({ cookie, 'x-csrf-token': 'f'.repeat(32) })).status, 401, 'wrong CSRF header');
  const ok = await post({ cookie, 'x-csrf-token': c.cookies.get('doma_csrf') }, body({ name: 'Другое название сервиса', url: 'https://other.example.org/' }));
  assert.equal(ok.status, 201);
});

test('a revoked token no longer writes', async () => {
  const admin = new Client(doma.base);
  await admin.login(ADMIN.login, ADMIN.password);
  const list = await admin.get('/admin/tokens');
  const id = /action="\/admin\/tokens\/(\d+)\/revoke"/.exec(list.text)[1];
  assert.equal((await admin.post(`/admin/tokens/${id}/revoke`)).status, 303);
  assert.equal((await post({ authorization: `Bearer ${token}` })).status, 401);
});

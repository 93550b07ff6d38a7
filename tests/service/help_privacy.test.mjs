// Privacy of help requests: a unique phone number, street, intercom code,
// name and shopping list are planted in one request. They must reach the
// requester, the volunteer who took it and coordinators — and nothing else:
// no list, feed, search, Atom feed, sitemap, metric, redirect URL, API list,
// and never a volunteer who did not take it. The values are recorded as
// secrets, so tests/after also checks every log and database file for them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { startDoma, addUser, Client, secret } from './harness.mjs';

const PASSWORD = 'privacy-password-1';
const n = String(randomInt(1000000, 9999999));
const PLANTED = {
  phone: `+7917${n}`,
  street: `улица Приватная-${n}`,
  intercom: `К${n}Ж`,
  name: `Аграфена${n}`,
  details: `кефир-${n}`,
};
for (const v of Object.values(PLANTED)) secret(v);

let doma, resident, coordinator, taker, other, id;

async function volunteer(login, first) {
  const c = new Client(doma.base);
  await c.login(login, PASSWORD);
  const r = await c.post('/volunteer/signup', { first_name: first, phone: `+7 900 ${randomInt(1000000, 9999999)}`, place_id: 'ulyanovsk-leninsky', kinds: 'groceries', max_km: '20' });
  assert.equal(r.status, 303, r.text);
  return c;
}

async function verifyAll() {
  const list = await coordinator.get('/coordinator/volunteers?status=pending');
  for (const [, vid] of list.text.matchAll(/\/coordinator\/volunteers\/(\d+)"/g)) {
    const r = await coordinator.post(`/coordinator/volunteers/${vid}/verify`, { id_checked: 'yes', briefed: 'yes' });
    assert.equal(r.status, 303);
  }
}

function assertClean(where, text) {
  for (const [k, v] of Object.entries(PLANTED)) assert.ok(!text.includes(v), `${where} shows the planted ${k}`);
}

before(async () => {
  doma = await startDoma({
    prepare: async (db) => {
      for (const [login, role] of [['res@privacy.test', 'resident'], ['coord@privacy.test', 'coordinator'],
        ['taker@privacy.test', 'resident'], ['other@privacy.test', 'resident'], ['admin@privacy.test', 'admin']]) await addUser(db, login, role, PASSWORD);
    },
  });
  resident = new Client(doma.base);
  await resident.login('res@privacy.test', PASSWORD);
  coordinator = new Client(doma.base);
  await coordinator.login('coord@privacy.test', PASSWORD);
  taker = await volunteer('taker@privacy.test', 'Степан');
  other = await volunteer('other@privacy.test', 'Семён');
  await verifyAll();
  await resident.get('/help/ask');
  const r = await resident.post('/help/ask', {
    channel: 'on-behalf', kinds: 'groceries', details: PLANTED.details, recipient_name: PLANTED.name, phone: PLANTED.phone,
    place_id: 'ulyanovsk-leninsky', street: PLANTED.street, house: '7', flat: '12', intercom: PLANTED.intercom,
    urgency: 'this-week', consent: 'yes',
  });
  assert.equal(r.status, 303, r.text);
  assertClean('the redirect after creating', r.headers.get('location'));
  id = /\/help\/requests\/(\d+)/.exec(r.headers.get('location'))[1];
});
after(async () => { if (doma) await doma.stop(); });

test('before it is taken, volunteers see the request only as the feed shows it', async () => {
  for (const c of [taker, other]) {
    const feed = await c.get('/volunteer');
    assert.equal(feed.status, 200);
    assert.match(feed.text, new RegExp(`/help/requests/${id}/take`), 'the request is in the feed');
    assertClean('the volunteer feed', feed.text);
    const page = await c.get(`/help/requests/${id}`);
    assert.equal(page.status, 200);
    assertClean('an open request seen by a volunteer', page.text);
    const api = await c.get('/api/v1/help/feed');
    assert.equal(api.status, 200);
    assertClean('the feed API', api.text);
  }
});

test('after taking, only the taker, the requester and coordinators see who and where — and each reveal is audited', async () => {
  const took = await taker.post(`/help/requests/${id}/take`);
  assert.equal(took.status, 303);
  for (const [who, c] of [['the taker', taker], ['the requester', resident], ['a coordinator', coordinator]]) {
    const page = await c.get(`/help/requests/${id}`);
    assert.equal(page.status, 200, who);
    for (const k of ['phone', 'street', 'intercom', 'name', 'details']) assert.ok(page.text.includes(PLANTED[k]), `${who} must see the ${k}`);
  }
  const stranger = await other.get(`/help/requests/${id}`);
  assert.equal(stranger.status, 404);
  assertClean('a volunteer who did not take it', stranger.text);
  const strangerApi = await other.get(`/api/v1/help/requests/${id}`);
  assert.equal(strangerApi.status, 404);
  assertClean('the API for a volunteer who did not take it', strangerApi.text);
});

test('no list, feed, search, Atom feed, sitemap or metric shows the planted data', async () => {
  const pages = [
    [resident, '/help/mine'], [taker, '/help/mine'], [taker, '/volunteer'], [other, '/volunteer'],
    [coordinator, '/coordinator'], [coordinator, '/coordinator?status=all'], [coordinator, '/coordinator/map'],
    [coordinator, '/coordinator/volunteers'],
    [resident, `/search?q=${encodeURIComponent(`Приватная ${n}`)}`], [resident, `/search?q=${encodeURIComponent(`+7917 ${n}`)}`],
    [resident, `/api/v1/services?q=${encodeURIComponent(`кефир ${n}`)}`],
    [resident, '/news.atom'], [resident, '/services.atom'], [resident, '/sitemap.xml'], [resident, '/metrics'],
    [resident, '/api/v1/help/requests'], [taker, '/api/v1/help/tasks'], [coordinator, '/api/v1/help/dashboard'],
    [coordinator, '/api/v1/help/volunteers'], [other, '/api/v1/help/feed'],
  ];
  for (const [c, p] of pages) {
    const r = await c.get(p);
    assert.ok(r.status < 400, `${p} answered ${r.status}`);
    assertClean(p, r.text);
  }
});

test('every reveal of the address is in the audit log', async () => {
  const admin = new Client(doma.base);
  await admin.login('admin@privacy.test', PASSWORD);
  const count = async () => ((await admin.get('/admin/audit')).text.match(/address_revealed/g) ?? []).length;
  const before = await count();
  assert.ok(before >= 2, `the taker's and the coordinator's views were audited (${before})`);
  await taker.get(`/help/requests/${id}`);
  assert.equal(await count(), before + 1, 'one more view, one more entry');
  await resident.get(`/help/requests/${id}`);
  assert.equal(await count(), before + 1, "the requester's own view is not a reveal");
});

// The help-at-home JSON API (/api/v1/help/…) against a real server: the whole
// life of a request, who sees what, validation, CSRF, the badge check, and
// 50 volunteers taking one request at the same moment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, startDoma, addUser, Client, secret } from './harness.mjs';

const PASSWORD = 'help-api-password-1';
const PLACE = 'ulyanovsk-leninsky';
const RACERS = 50;
const RESIDENT = 'resident@help.test';
const RESIDENT2 = 'resident2@help.test';
const COORDINATOR = 'coordinator@help.test';
// Distinct accounts: the race is between 50 different people, not sessions.
const racer = (i) => `racer${String(i).padStart(2, '0')}@help.test`;
const HELPERS = ['taker@help.test', 'other@help.test', 'busy@help.test'];
const UNVERIFIED = 'unverified@help.test';

// What the person at home gives; none of it may show outside the request's own page.
const PHONE = '+79041112233';
const INTERCOM = 'К34В7788Д';
secret(PHONE);
secret(INTERCOM);
const PERSONAL_TEXT = [PHONE, '904', 'Гончарова', 'Мария Ивановна', INTERCOM, 'парацетамол', 'звоните дважды'];

let doma;
const c = {};  // login → Client

async function call(client, method, p, body, { csrf = true, headers = {} } = {}) {
  const h = { ...(client ? { cookie: client.cookieHeader() } : {}), ...headers };
  if (body !== undefined && !('content-type' in h)) h['content-type'] = 'application/json';
  if (client && csrf && method === 'POST') h['x-csrf-token'] = client.cookies.get('doma_csrf');
  const res = await fetch(doma.base + p, {
    method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (client) client.remember(res);
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}
const get = (who, p) => call(who, 'GET', p);
const post = (who, p, body = {}, opts) => call(who, 'POST', p, body, opts);

const form = (over = {}) => ({
  channel: 'self',
  kinds: ['groceries', 'medicines'],
  details: 'Хлеб, молоко, парацетамол',
  recipient_name: 'Мария Ивановна',
  phone: '+7 904 111-22-33',
  address: { street: 'улица Гончарова', house: '12', flat: '34', entrance: '2', floor: '5', intercom: INTERCOM },
  place_id: PLACE,
  urgency: '1-2-days',
  payment: 'cash-on-receipt',
  notes: 'Звоните дважды',
  consent: true,
  ...over,
});

async function createRequest(who, over) {
  const r = await post(who, '/api/v1/help/requests', form(over));
  assert.equal(r.status, 201, r.text);
  return r.json;
}

function assertNoPersonal(text, where) {
  for (const s of PERSONAL_TEXT) assert.ok(!text.includes(s), `${where} shows «${s}»`);
  for (const key of ['recipient_name', 'phone', 'address', 'intercom', 'details', 'notes', 'code_word', 'comment', 'feedback', 'reason'])
    assert.ok(!text.includes(`"${key}"`), `${where} has the field ${key}`);
}

async function register(who, firstName, i) {
  const r = await post(who, '/api/v1/help/volunteer', {
    first_name: firstName, phone: `+7 927 100-${String(20 + Math.floor(i / 100)).padStart(2, '0')}-${String(i % 100).padStart(2, '0')}`,
    place_id: PLACE, kinds: ['groceries', 'medicines', 'chores'], has_car: false, max_km: 15,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const volunteers = {};  // login → { account_id, badge, first_name }

before(async () => {
  const logins = [RESIDENT, RESIDENT2, ...HELPERS, UNVERIFIED, ...Array.from({ length: RACERS }, (_, i) => racer(i + 1))];
  doma = await startDoma({
    prepare: async (db) => {
      // `doma user add` runs before the server, one short process each (an
      // Argon2id hash apiece): about 0.2 s per account.
      await addUser(db, COORDINATOR, 'coordinator', PASSWORD);
      for (const login of logins) await addUser(db, login, 'resident', PASSWORD);
    },
  });
  for (const login of [COORDINATOR, ...logins]) {
    c[login] = new Client(doma.base);
    await c[login].login(login, PASSWORD);
    assert.ok(c[login].cookies.get('doma_csrf'), 'a CSRF cookie after logging in');
  }
  const toVerify = [...HELPERS, ...Array.from({ length: RACERS }, (_, i) => racer(i + 1))];
  for (const [i, login] of toVerify.entries()) {
    const v = await register(c[login], `Волонтёр${i + 1}`, i);
    const ok = await post(c[COORDINATOR], `/api/v1/help/volunteers/${v.account_id}/verify`, { id_checked: true, briefed: true });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.status, 'verified');
    assert.match(ok.json.badge, /^73-\d{4}$/);
    volunteers[login] = { account_id: v.account_id, badge: ok.json.badge, first_name: v.first_name };
  }
  await register(c[UNVERIFIED], 'Непроверенный', 999);
});
after(async () => { if (doma) await doma.stop(); });

test('every /api/v1/help route is described in openapi.json', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-routes-'));
  const r = spawnSync(BIN, ['routes', '--db', path.join(dir, 'x.db')], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  const routes = r.stdout.trim().split('\n').map((l) => l.split(' ')).filter(([, p]) => p.startsWith('/api/v1/help/'));
  assert.ok(routes.length >= 23);
  const doc = JSON.parse(readFileSync('static/openapi.json', 'utf8'));
  for (const [method, pattern] of routes) assert.ok(doc.paths[pattern]?.[method.toLowerCase()], `${method} ${pattern}`);
  const served = await (await fetch(`${doma.base}/api/v1/openapi.json`)).json();
  assert.ok(served.paths['/api/v1/help/requests/{id}/take'].post);
});

test('places are public and come from the gazetteer', async () => {
  const r = await get(null, '/api/v1/help/places');
  assert.equal(r.status, 200);
  const p = r.json.items.find((x) => x.id === PLACE);
  assert.equal(p.name_ru, 'Ульяновск, Ленинский район');
  assert.equal(typeof p.lat, 'number');
});

test('a request from creation to confirmation: who sees what at each step', async () => {
  const resident = c[RESIDENT], taker = c[HELPERS[0]], other = c[HELPERS[1]], coord = c[COORDINATOR];

  const created = await post(resident, '/api/v1/help/requests', form());
  assert.equal(created.status, 201, created.text);
  assert.match(created.headers.get('content-type'), /^application\/json/);
  assert.equal(created.headers.get('cache-control'), 'no-store');
  const id = created.json.id;
  assert.equal(created.headers.get('location'), `/api/v1/help/requests/${id}`);
  assert.match(created.json.number, /^UL-\d{6}$/);
  assert.equal(created.json.number, `UL-${String(id).padStart(6, '0')}`);
  assert.ok(created.json.code_word.length >= 5, 'the requester is told the code word');
  assert.equal(created.json.status, 'open');
  assert.deepEqual(created.json.kinds, ['groceries', 'medicines']);
  assert.equal(created.json.volunteer, null);
  for (const key of ['recipient_name', 'phone', 'address', 'details', 'notes']) assert.ok(!(key in created.json), key);

  // The feed shows what and roughly where, never who or exactly where.
  const feed = await get(taker, '/api/v1/help/feed?limit=100');
  assert.equal(feed.status, 200, feed.text);
  assert.equal(feed.headers.get('cache-control'), 'no-store');
  const item = feed.json.items.find((x) => x.id === id);
  assert.ok(item, 'the new request is in the feed');
  assert.deepEqual(Object.keys(item).sort(), ['distance_km', 'id', 'kinds', 'place', 'urgency', 'window_end', 'window_start']);
  assert.deepEqual(Object.keys(item.place).sort(), ['id', 'name_en', 'name_ru']);
  assert.equal(item.place.id, PLACE);
  assert.equal(item.distance_km * 2, Math.round(item.distance_km * 2), 'rounded to 0.5 km');
  assert.equal(item.urgency, '1-2-days');
  assertNoPersonal(feed.text, 'the feed');
  assert.equal((await get(taker, '/api/v1/help/feed?kind=pets')).json.items.find((x) => x.id === id), undefined);
  assert.ok((await get(taker, '/api/v1/help/feed?kind=pets,medicines&limit=100')).json.items.find((x) => x.id === id));

  // A verified volunteer may look before taking, without the address.
  const before = await get(taker, `/api/v1/help/requests/${id}`);
  assert.equal(before.status, 200);
  assert.equal(before.json.can_take, true);
  assert.equal(before.json.personal, null);
  assertNoPersonal(before.text, 'an open request seen by a volunteer');

  const taken = await post(taker, `/api/v1/help/requests/${id}/take`);
  assert.equal(taken.status, 200, taken.text);
  assert.equal(taken.json.status, 'taken');
  assert.deepEqual(taken.json.volunteer, { first_name: volunteers[HELPERS[0]].first_name, badge: volunteers[HELPERS[0]].badge });
  assertNoPersonal(taken.text, 'the take answer');

  const seen = await get(taker, `/api/v1/help/requests/${id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.headers.get('cache-control'), 'no-store');
  assert.equal(seen.json.is_volunteer, true);
  assert.equal(seen.json.personal.address.street, 'улица Гончарова');
  assert.equal(seen.json.personal.address.intercom, INTERCOM);
  assert.equal(seen.json.personal.phone, PHONE);
  assert.equal(seen.json.personal.code_word, created.json.code_word);

  assert.equal((await get(other, `/api/v1/help/requests/${id}`)).status, 404, 'another volunteer does not learn it exists');
  assert.equal((await get(c[RESIDENT2], `/api/v1/help/requests/${id}`)).status, 404);

  const mine = await get(resident, '/api/v1/help/requests');
  assert.equal(mine.status, 200);
  const listed = mine.json.items.find((x) => x.id === id);
  assert.equal(listed.status, 'taken');
  assert.deepEqual(listed.volunteer, taken.json.volunteer, 'the requester learns the name and badge to check');
  assertNoPersonal(mine.text, 'my requests');

  const tasks = await get(taker, '/api/v1/help/tasks');
  assert.equal(tasks.status, 200);
  assert.ok(tasks.json.items.find((x) => x.id === id));
  assertNoPersonal(tasks.text, 'my tasks');

  const noReason = await post(taker, `/api/v1/help/requests/${id}/release`, { reason: '  ' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.headers.get('content-type'), /problem\+json/);
  assert.equal(noReason.json.invalid_param, 'reason');
  assert.deepEqual(noReason.json.errors.map((e) => e.field), ['reason']);
  assert.equal((await get(taker, `/api/v1/help/requests/${id}`)).json.status, 'taken');

  assert.equal((await post(resident, `/api/v1/help/requests/${id}/complete`, { receipt: '1,00' })).status, 403,
    'only the volunteer marks it done');
  const done = await post(taker, `/api/v1/help/requests/${id}/complete`, { receipt: '512,40', feedback: 'Всё купил' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.status, 'done');

  const confirmed = await post(resident, `/api/v1/help/requests/${id}/confirm`, { rating: 5, comment: 'Спасибо!' });
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.json.status, 'confirmed');
  assert.equal((await post(resident, `/api/v1/help/requests/${id}/confirm`, { rating: 5 })).status, 409);

  const asCoordinator = await get(coord, `/api/v1/help/requests/${id}`);
  assert.equal(asCoordinator.json.receipt_kopecks, 51240);
  assert.equal(asCoordinator.json.rating, 5);
  assert.equal(asCoordinator.json.personal.feedback, 'Всё купил');
  assert.equal(asCoordinator.json.personal.comment, 'Спасибо!');
  const actions = asCoordinator.json.events.map((e) => e.action).filter((a) => ['take', 'complete', 'confirm'].includes(a));
  assert.deepEqual(actions, ['take', 'complete', 'confirm'], 'the history, for coordinators');

  // Closed: the volunteer keeps the request in their history, not the address.
  const afterwards = await get(taker, `/api/v1/help/requests/${id}`);
  assert.equal(afterwards.status, 200);
  assert.equal(afterwards.json.personal, null);
  assertNoPersonal(afterwards.text, 'a closed request seen by its volunteer');
});

test('the requester cancels an open request; a released one goes back to the feed', async () => {
  const resident = c[RESIDENT], taker = c[HELPERS[0]];
  const first = await createRequest(resident, { kinds: ['chores'] });
  const cancelled = await post(resident, `/api/v1/help/requests/${first.id}/cancel`, { reason: 'Соседка помогла' });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json.status, 'cancelled');
  assert.equal((await get(taker, '/api/v1/help/feed?limit=100')).json.items.find((x) => x.id === first.id), undefined);
  assert.equal((await post(taker, `/api/v1/help/requests/${first.id}/take`)).status, 409);

  const second = await createRequest(resident, { kinds: ['chores'] });
  assert.equal((await post(taker, `/api/v1/help/requests/${second.id}/take`)).status, 200);
  assert.equal((await get(taker, '/api/v1/help/feed?limit=100')).json.items.find((x) => x.id === second.id), undefined);
  const released = await post(taker, `/api/v1/help/requests/${second.id}/release`, { reason: 'Заболел' });
  assert.equal(released.status, 200, released.text);
  assert.equal(released.json.status, 'open');
  assert.equal(released.json.volunteer, null);
  assert.ok((await get(taker, '/api/v1/help/feed?limit=100')).json.items.find((x) => x.id === second.id));
  assert.equal((await get(taker, `/api/v1/help/requests/${second.id}`)).json.personal, null);
  // Leave nothing open for the other tests' volunteers to stumble on.
  assert.equal((await post(resident, `/api/v1/help/requests/${second.id}/cancel`, {})).status, 200);
});

test('an unverified volunteer cannot take; a fourth request over the limit of three is refused', async () => {
  const resident = c[RESIDENT2], busy = c[HELPERS[2]];
  const reqs = [];
  for (let i = 0; i < 4; i++) reqs.push(await createRequest(resident, { kinds: ['rubbish'] }));

  const unverified = await post(c[UNVERIFIED], `/api/v1/help/requests/${reqs[0].id}/take`);
  assert.equal(unverified.status, 403);
  assert.match(unverified.json.detail, /проверил|проверенные/);
  assert.equal((await get(c[UNVERIFIED], '/api/v1/help/feed')).status, 403);

  for (let i = 0; i < 3; i++) assert.equal((await post(busy, `/api/v1/help/requests/${reqs[i].id}/take`)).status, 200);
  const fourth = await post(busy, `/api/v1/help/requests/${reqs[3].id}/take`);
  assert.equal(fourth.status, 409);
  assert.match(fourth.json.detail, /предел/);
  assert.equal((await get(busy, '/api/v1/help/tasks')).json.items.length, 3);

  assert.equal((await post(resident, `/api/v1/help/requests/${reqs[3].id}/take`)).status, 403, 'nobody takes their own request');
  // The coordinator can still steer: the fourth is given to someone free.
  const assigned = await post(c[COORDINATOR], `/api/v1/help/requests/${reqs[3].id}/assign`, { volunteer_id: volunteers[HELPERS[1]].account_id });
  assert.equal(assigned.status, 200, assigned.text);
  assert.equal(assigned.json.volunteer.badge, volunteers[HELPERS[1]].badge);
  assert.equal((await post(c[COORDINATOR], `/api/v1/help/requests/${reqs[3].id}/assign`, { volunteer_id: 'x' })).json.invalid_param, 'volunteer_id');
  for (const r of reqs) assert.equal((await post(c[COORDINATOR], `/api/v1/help/requests/${r.id}/cancel`, { reason: 'тест' })).status, 200);
});

test('a form with several mistakes: every field named at once, nothing stored', async () => {
  const resident = c[RESIDENT2];
  const before = (await get(resident, '/api/v1/help/requests')).json.items.length;
  const r = await post(resident, '/api/v1/help/requests', {
    kinds: [], recipient_name: '', phone: '12', place_id: 'nowhere', address: { street: '', house: '' }, urgency: 'someday', consent: false,
  });
  assert.equal(r.status, 400, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  const fields = r.json.errors.map((e) => e.field);
  for (const f of ['kinds', 'recipient_name', 'phone', 'place_id', 'address.street', 'address.house', 'urgency', 'consent'])
    assert.ok(fields.includes(f), `${f} in ${fields}`);
  assert.equal(new Set(fields).size, fields.length, 'one message per field');
  assert.ok(r.json.errors.every((e) => e.message.length > 5));
  assert.equal(r.json.detail, r.json.errors[0].message);
  assert.equal(r.json.invalid_param, r.json.errors[0].field);

  const types = await post(resident, '/api/v1/help/requests', form({ kinds: 'groceries', consent: 'yes', address: 'ул. Ленина, 1' }));
  assert.equal(types.status, 400);
  assert.deepEqual(types.json.errors.map((e) => e.field).sort(), ['address', 'address.house', 'address.street', 'consent', 'kinds']);

  const hotline = await post(resident, '/api/v1/help/requests', form({ channel: 'hotline' }));
  assert.equal(hotline.status, 403, 'only coordinators take calls');
  assert.equal((await post(resident, '/api/v1/help/requests', form({ channel: 'carrier-pigeon' }))).json.invalid_param, 'channel');

  assert.equal((await post(resident, '/api/v1/help/requests', '{"kinds": [', {})).status, 400);
  assert.equal((await post(resident, '/api/v1/help/requests', '[1, 2]')).status, 400);
  assert.equal((await post(resident, '/api/v1/help/requests', JSON.stringify(form()), { headers: { 'content-type': 'text/plain' } })).status, 415);
  assert.equal((await get(resident, '/api/v1/help/requests')).json.items.length, before, 'nothing was stored');

  const vol = await post(resident, '/api/v1/help/volunteer', { first_name: '', phone: 'x', place_id: 'nowhere', kinds: [], max_km: 500 });
  assert.equal(vol.status, 400);
  assert.deepEqual(vol.json.errors.map((e) => e.field).sort(), ['first_name', 'kinds', 'max_km', 'phone', 'place_id']);
  assert.equal((await get(resident, '/api/v1/help/volunteer')).status, 404, 'no profile was stored');
});

test('ids in paths are digits only; other people\'s requests do not exist', async () => {
  const resident = c[RESIDENT];
  for (const p of ['/api/v1/help/requests/12abc', '/api/v1/help/requests/-1', '/api/v1/help/requests/0', '/api/v1/help/requests/99999999999999999999'])
    assert.equal((await get(resident, p)).status, 404, p);
  assert.equal((await post(resident, '/api/v1/help/requests/1e3/take')).status, 404);
  assert.equal((await post(c[COORDINATOR], '/api/v1/help/volunteers/abc/verify', { id_checked: true, briefed: true })).status, 404);
  assert.equal((await get(resident, '/api/v1/help/requests/987654')).status, 404);
});

test('writes need the X-CSRF-Token header; everything but places and badges needs a session', async () => {
  const resident = c[RESIDENT];
  const noHeader = await post(resident, '/api/v1/help/requests', form(), { csrf: false });
  assert.equal(noHeader.status, 403);
  assert.match(noHeader.json.detail, /X-CSRF-Token/);
  const wrong = await post(resident, '/api/v1/help/requests', form(), { csrf: false, headers: { 'x-csrf-token': 'f'.repeat(32) } });
  assert.equal(wrong.status, 403);

  for (const p of ['/api/v1/help/requests', '/api/v1/help/requests/1', '/api/v1/help/feed', '/api/v1/help/tasks', '/api/v1/help/volunteer',
    '/api/v1/help/dashboard', '/api/v1/help/volunteers']) {
    const r = await get(null, p);
    assert.equal(r.status, 401, p);
    assert.match(r.headers.get('content-type'), /problem\+json/);
  }
  assert.equal((await post(null, '/api/v1/help/requests', form())).status, 401);
  assert.equal((await post(null, '/api/v1/help/requests/1/take', {}, { headers: { cookie: 'doma_session=nonsense' } })).status, 401);

  // Coordinators' lists are theirs alone.
  assert.equal((await get(resident, '/api/v1/help/dashboard')).status, 403);
  assert.equal((await get(resident, '/api/v1/help/volunteers')).status, 403);
  assert.equal((await post(resident, `/api/v1/help/volunteers/${volunteers[HELPERS[0]].account_id}/suspend`, { reason: 'x' })).status, 403);
});

test('the coordinators\' dashboard and volunteers list carry no personal data of requesters', async () => {
  const coord = c[COORDINATOR];
  await createRequest(c[RESIDENT], { kinds: ['pets'] });
  const d = await get(coord, '/api/v1/help/dashboard?status=open,taken');
  assert.equal(d.status, 200, d.text);
  assert.ok(d.json.items.length >= 1);
  assert.ok(d.json.items.every((x) => ['open', 'taken'].includes(x.status)));
  assert.equal(typeof d.json.figures.open, 'number');
  assertNoPersonal(d.text, 'the dashboard');
  assert.equal((await get(coord, '/api/v1/help/dashboard?status=lost')).json.invalid_param, 'status');

  const list = await get(coord, '/api/v1/help/volunteers');
  assert.equal(list.status, 200);
  assert.ok(list.json.items.length >= RACERS + HELPERS.length + 1);
  const one = list.json.items.find((v) => v.account_id === volunteers[HELPERS[0]].account_id);
  assert.equal(one.status, 'verified');
  assert.match(one.phone, /^\+7927/);
  assert.equal((await get(coord, '/api/v1/help/volunteers?status=pending')).json.items.length, 1);

  const noFlags = await post(coord, `/api/v1/help/volunteers/${volunteers[HELPERS[0]].account_id}/verify`, {});
  assert.equal(noFlags.status, 400);
  assert.equal(noFlags.json.invalid_param, 'id_checked');
});

test('the badge check tells only the badge, the first name, the status and the coordinators\' phone', async () => {
  const { badge, first_name } = volunteers[HELPERS[1]];
  const r = await get(null, `/api/v1/help/badges/${badge}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json).sort(), ['badge', 'coordinators_phone', 'first_name', 'status']);
  assert.equal(r.json.badge, badge);
  assert.equal(r.json.first_name, first_name);
  assert.equal(r.json.status, 'verified');
  assert.ok(r.json.coordinators_phone.length > 5);
  assert.equal((await get(null, `/api/v1/help/badges/${encodeURIComponent(badge.replace('-', ' '))}`)).json.badge, badge);
  const unknown = await get(null, '/api/v1/help/badges/73-9999');
  assert.equal(unknown.status, 404);
  assert.match(unknown.json.detail, /Не открывайте дверь/);
  const garbage = await get(null, '/api/v1/help/badges/abc');
  assert.equal(garbage.status, 400);
  assert.equal(garbage.json.invalid_param, 'badge');
});

test('50 volunteers take one request at the same moment: exactly one gets it', async () => {
  const created = await createRequest(c[RESIDENT2], { kinds: ['groceries'] });
  const id = created.id;
  const racers = Array.from({ length: RACERS }, (_, i) => racer(i + 1));
  assert.equal(new Set(racers.map((l) => volunteers[l].account_id)).size, RACERS, '50 distinct volunteers');
  assert.ok((await get(c[racers[0]], '/api/v1/help/feed?limit=100')).json.items.find((x) => x.id === id));

  const results = await Promise.all(racers.map((l) => post(c[l], `/api/v1/help/requests/${id}/take`)));
  const won = results.map((r, i) => [r, racers[i]]).filter(([r]) => r.status === 200);
  const lost = results.filter((r) => r.status === 409);
  assert.equal(won.length, 1, `statuses: ${results.map((r) => r.status).join(',')}`);
  assert.equal(lost.length, RACERS - 1);
  for (const r of lost) {
    assert.match(r.json.detail, /уже взял другой волонтёр/);
    assert.match(r.headers.get('content-type'), /problem\+json/);
  }
  const [winner, winnerLogin] = won[0];
  assert.equal(winner.json.volunteer.badge, volunteers[winnerLogin].badge);

  const seen = await get(c[COORDINATOR], `/api/v1/help/requests/${id}`);
  assert.equal(seen.json.status, 'taken');
  assert.equal(seen.json.volunteer.badge, volunteers[winnerLogin].badge);
  assert.equal(seen.json.events.filter((e) => e.action === 'take').length, 1, 'one take stored');
  for (const l of racers.filter((x) => x !== winnerLogin).slice(0, 5))
    assert.equal((await get(c[l], '/api/v1/help/feed?limit=100')).json.items.find((x) => x.id === id), undefined);
  assert.equal((await get(c[racers.find((x) => x !== winnerLogin)], `/api/v1/help/requests/${id}`)).status, 404);
});

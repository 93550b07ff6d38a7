// A region is data (data/regions/<code>/): `doma serve --region penza` is a
// Penza portal — its name on the pages, its places, its request and badge
// numbers, its help line, its own catalog (none yet: the federal layer) —
// with nothing of Ulyanovsk left; an unknown region stops the server with
// the known ones named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, startDoma, addUser, Client } from './harness.mjs';
import { homeWithRegion } from './region_home.mjs';

const PASSWORD = 'region-test-password-1';
const RESIDENT = 'resident@region.test';
const VOLUNTEER = 'volunteer@region.test';
const COORDINATOR = 'coordinator@region.test';
const penza = JSON.parse(readFileSync('data/regions/penza/region.json', 'utf8'));
const places = JSON.parse(readFileSync('data/regions/penza/gazetteer.json', 'utf8')).places;
const ulyanovskPlaces = JSON.parse(readFileSync('data/regions/ulyanovsk/gazetteer.json', 'utf8')).places;
const ulyanovskOwn = JSON.parse(readFileSync('data/regions/ulyanovsk/catalog/services-regional.json', 'utf8'));

let doma;
const c = {};

async function call(client, method, p, body) {
  const headers = client ? { cookie: client.cookieHeader() } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (client && method === 'POST') headers['x-csrf-token'] = client.cookies.get('doma_csrf');
  const res = await fetch(doma.base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (client) client.remember(res);
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a page */ }
  return { status: res.status, text, json };
}

before(async () => {
  doma = await startDoma({
    args: ['--region', 'penza'],
    prepare: async (db) => {
      await addUser(db, COORDINATOR, 'coordinator', PASSWORD);
      for (const login of [RESIDENT, VOLUNTEER]) await addUser(db, login, 'resident', PASSWORD);
    },
  });
  for (const login of [RESIDENT, VOLUNTEER, COORDINATOR]) {
    c[login] = new Client(doma.base);
    await c[login].login(login, PASSWORD);
  }
});
after(async () => { if (doma) await doma.stop(); });

test('the pages carry the region\'s name and help line, and nothing of Ulyanovsk', async () => {
  for (const p of ['/', '/?lang=en', '/help', '/search?q=%D0%B0%D0%BF%D1%82%D0%B5%D0%BA%D0%B0', '/check']) {
    const r = await call(null, 'GET', p);
    assert.equal(r.status, 200, p);
    assert.doesNotMatch(r.text, /Ульянов|Ulyanovsk|UL-0|73-0/, `${p} still names Ulyanovsk`);
    assert.ok(r.text.includes(penza.hotline), `${p} shows the help line`);
    const digits = penza.hotline.replace(/\D/g, '').replace(/^8/, '');
    assert.ok(r.text.includes(`href="tel:+7${digits}"`), `${p} links the help line`);
  }
  assert.ok((await call(null, 'GET', '/')).text.includes(penza.name_ru));
  assert.ok((await call(null, 'GET', '/?lang=en')).text.includes(penza.name_en));
});

test('the places are the region\'s gazetteer; another region\'s place is refused', async () => {
  const r = await call(null, 'GET', '/api/v1/help/places');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((p) => p.id).sort(), places.map((p) => p.id).sort());
  assert.ok(places.length >= 30, `${places.length} places`);
  const created = await call(c[RESIDENT], 'POST', '/api/v1/help/requests', request(ulyanovskPlaces[0].id));
  assert.equal(created.status, 400, created.text);
  assert.match(created.text, /place_id/);
});

function request(place) {
  return {
    channel: 'self', kinds: ['groceries'], details: 'Хлеб и молоко', recipient_name: 'Анна Петровна',
    phone: '+7 912 555-01-02', address: { street: 'улица Московская', house: '1', flat: '2' },
    place_id: place, urgency: '1-2-days', payment: 'cash-on-receipt', consent: true,
  };
}

test('request numbers and badges carry the region\'s prefixes', async () => {
  const place = places.find((p) => p.kind === 'city_district') ?? places[0];
  const created = await call(c[RESIDENT], 'POST', '/api/v1/help/requests', request(place.id));
  assert.equal(created.status, 201, created.text);
  assert.match(created.json.number, new RegExp(`^${penza.request_prefix}-\\d{6}$`));

  const v = await call(c[VOLUNTEER], 'POST', '/api/v1/help/volunteer', {
    first_name: 'Ольга', phone: '+7 912 555-03-04', place_id: place.id, kinds: ['groceries'], has_car: false, max_km: 10,
  });
  assert.equal(v.status, 201, v.text);
  const ok = await call(c[COORDINATOR], 'POST', `/api/v1/help/volunteers/${v.json.account_id}/verify`, { id_checked: true, briefed: true });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.badge, `${penza.badge_prefix}-0001`);
  // As a resident types it at the door, with or without the region's code.
  for (const typed of [`${penza.badge_prefix}-0001`, '1']) {
    const check = await call(null, 'GET', `/api/v1/help/badges/${encodeURIComponent(typed)}`);
    assert.equal(check.status, 200, `${typed}: ${check.text}`);
    assert.equal(check.json.status, 'verified');
  }
  const page = await call(null, 'GET', `/check/${penza.badge_prefix}-0001`);
  assert.match(page.text, /Ольга/);
  // The next badge goes on from the region's last one.
  const second = await call(c[RESIDENT], 'POST', '/api/v1/help/volunteer', {
    first_name: 'Пётр', phone: '+7 912 555-05-06', place_id: place.id, kinds: ['groceries'], has_car: false, max_km: 10,
  });
  assert.equal(second.status, 201, second.text);
  const ok2 = await call(c[COORDINATOR], 'POST', `/api/v1/help/volunteers/${second.json.account_id}/verify`, { id_checked: true, briefed: true });
  assert.equal(ok2.json.badge, `${penza.badge_prefix}-0002`);
});

test('the catalog is the shared layer: no other region\'s own services', async () => {
  for (const s of ulyanovskOwn.slice(0, 5)) {
    const r = await call(null, 'GET', `/api/v1/services/${s.id}`);
    assert.equal(r.status, 404, `${s.id} is Ulyanovsk's own`);
  }
  const all = await call(null, 'GET', '/api/v1/services?scope=regional');
  assert.equal(all.status, 200);
  assert.equal(all.json.total, 0, 'Penza has no regional services yet');
  assert.equal((await call(null, 'GET', '/api/v1/services/gosuslugi')).status, 200, 'the federal layer is there');
  const hsds = await call(null, 'GET', '/api/hsds/services?per_page=1000');
  assert.doesNotMatch(JSON.stringify(hsds.json.contents.flatMap((s) => s.service_areas ?? [])), /Ульянов/);
});

test('an unknown region stops the server and names the known ones; check-config says so', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-region-'));
  try {
    const r = spawnSync(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', path.join(dir, 'd.db'), '--region', 'atlantis'], { encoding: 'utf8', timeout: 30000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown region 'atlantis' \(known: penza, ulyanovsk\)/);
    const cc = spawnSync(BIN, ['check-config', '--db', path.join(dir, 'd.db'), '--region', 'atlantis'], { encoding: 'utf8', timeout: 30000 });
    assert.equal(cc.status, 1);
    assert.match(cc.stdout + cc.stderr, /region: .*unknown region 'atlantis'/);
    const good = spawnSync(BIN, ['check-config', '--db', path.join(dir, 'd.db'), '--region', 'penza'], { encoding: 'utf8', timeout: 30000 });
    assert.match(good.stdout, /^region = penza$/m);
    assert.doesNotMatch(good.stdout + good.stderr, /region:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the region\'s coat of arms is in every page\'s header and served so that it can run nothing', async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#b00"/></svg>';
  const home = homeWithRegion((r) => ({ ...r, coat_of_arms: 'coat-of-arms.svg' }), { 'coat-of-arms.svg': svg });
  const d = await startDoma({ args: ['--home', home] });
  try {
    const page = await fetch(d.base + '/help').then((r) => r.text());
    const src = /<a class="logo"[^>]*><img src="(\/region\/coat-of-arms\?v=[0-9a-f]{8})" alt="" width="32" height="32">/.exec(page);
    assert.ok(src, 'the header shows the coat of arms');
    const img = await fetch(d.base + src[1]);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/svg+xml');
    assert.match(img.headers.get('content-security-policy'), /default-src 'none'.*sandbox/);
    assert.equal(await img.text(), svg);
  } finally {
    await d.stop();
    rmSync(home, { recursive: true, force: true });
  }
  const none = await fetch(doma.base + '/region/coat-of-arms');
  assert.equal(none.status, 404, 'a region without one serves none');
});

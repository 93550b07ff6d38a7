// The public figures (/stats, /stats.csv): requests completed per district
// and week, volunteers active, time to take, aggregated so that no person
// can be singled out. Nine requests are asked for on the hotline and
// completed by two volunteers: five in Dimitrovgrad, four in the Barysh
// district. /stats shows Dimitrovgrad's 5 and suppresses Barysh's 4 (and the
// two volunteers); nothing on it names a person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, addUser, Client, secret } from './harness.mjs';

const PASSWORD = 'stats-password-1';
const COORDINATOR = 'coordinator@stats.test';
const VOLUNTEERS = [
  { login: 'anna@stats.test', first_name: 'Анна', place_id: 'dimitrovgrad', phone: '+7 927 300-00-01' },
  { login: 'boris@stats.test', first_name: 'Борис', place_id: 'barysh', phone: '+7 927 300-00-02' },
];
const RECIPIENT = 'Серафима Петровна';
const RECIPIENT_PHONE = '+7 904 300-40-50';
secret(RECIPIENT_PHONE);

let doma;
const c = {};

async function call(client, method, p, body) {
  const headers = { cookie: client.cookieHeader() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['x-csrf-token'] = client.cookies.get('doma_csrf');
  const res = await fetch(doma.base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  client.remember(res);
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a page */ }
  return { status: res.status, text, json };
}

async function completeOne(volunteer, place_id) {
  const asked = await call(c[COORDINATOR], 'POST', '/api/v1/help/requests', {
    channel: 'hotline', kinds: ['groceries'], details: 'Хлеб и молоко', recipient_name: RECIPIENT,
    phone: RECIPIENT_PHONE, address: { street: 'улица Мира', house: '3', flat: '7' },
    place_id, urgency: '1-2-days', payment: 'cash-on-receipt', consent: true,
  });
  assert.equal(asked.status, 201, asked.text);
  const id = asked.json.id;
  const taken = await call(c[volunteer.login], 'POST', `/api/v1/help/requests/${id}/take`, {});
  assert.equal(taken.status, 200, taken.text);
  const done = await call(c[volunteer.login], 'POST', `/api/v1/help/requests/${id}/complete`, { receipt: '100,00' });
  assert.equal(done.status, 200, done.text);
}

before(async () => {
  doma = await startDoma({
    prepare: async (db) => {
      await addUser(db, COORDINATOR, 'coordinator', PASSWORD);
      for (const v of VOLUNTEERS) await addUser(db, v.login, 'resident', PASSWORD);
    },
  });
  for (const login of [COORDINATOR, ...VOLUNTEERS.map((v) => v.login)]) {
    c[login] = new Client(doma.base);
    await c[login].login(login, PASSWORD);
  }
  for (const v of VOLUNTEERS) {
    const r = await call(c[v.login], 'POST', '/api/v1/help/volunteer', {
      first_name: v.first_name, phone: v.phone, place_id: v.place_id, kinds: ['groceries'], has_car: false, max_km: 20,
    });
    assert.equal(r.status, 201, r.text);
    const ok = await call(c[COORDINATOR], 'POST', `/api/v1/help/volunteers/${r.json.account_id}/verify`, { id_checked: true, briefed: true });
    assert.equal(ok.status, 200, ok.text);
  }
  for (let i = 0; i < 5; ++i) await completeOne(VOLUNTEERS[0], 'dimitrovgrad');
  for (let i = 0; i < 4; ++i) await completeOne(VOLUNTEERS[1], 'barysh');
});
after(async () => { if (doma) await doma.stop(); });

const row = (header, ...cells) => new RegExp(`<tr><th scope="row">${header}</th>${cells.map((x) => `<td>${x}</td>`).join('')}</tr>`);

test('a district with 5 completed requests is shown, one with 4 is suppressed', async () => {
  const res = await fetch(`${doma.base}/stats`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, row('г\\. Димитровград', '5'));
  assert.match(html, row('Барышский район', 'менее 5'));
  assert.match(html, row('Инзенский район', 'менее 5'), 'a district with none is not told apart from one with a few');
  // This week: 9 completed, by two volunteers (suppressed), their median wait shown.
  assert.match(html, /<tr><th scope="row">\d{4}-\d{2}-\d{2}<\/th><td>9<\/td><td>менее 5<\/td><td>\d+<\/td><\/tr>/);
  assert.match(html, /Выполнено заявок за 8 недель: <strong>9<\/strong>/);
  assert.match(html, /<svg class="chart"[^>]*role="img"[^>]*aria-label="Выполнено заявок за неделю"/, 'the chart is drawn by the server');
  for (const personal of [RECIPIENT, RECIPIENT_PHONE, 'Анна', 'Борис', 'улица Мира', '300-00-0'])
    assert.ok(!html.includes(personal), `/stats shows «${personal}»`);
});

test('the figures as CSV suppress the same cells', async () => {
  const res = await fetch(`${doma.base}/stats.csv`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  const csv = await res.text();
  assert.match(csv, /^figure,period,group,value\r\n/);
  assert.match(csv, /"help_completed_by_district","[\d-]+\/[\d-]+","г\. Димитровград","5"\r\n/);
  assert.match(csv, /"help_completed_by_district","[\d-]+\/[\d-]+","Барышский район","<5"\r\n/);
  assert.match(csv, /"volunteers_active","[\d-]+","all","<5"\r\n/);
  assert.match(csv, /"services","\d{4}-\d{2}","all\/federal","\d+"\r\n/, 'the catalog\'s figures too');
  for (const personal of [RECIPIENT, 'Анна', 'Борис']) assert.ok(!csv.includes(personal));
});

test('the catalog\'s figures add up with the API', async () => {
  const html = await (await fetch(`${doma.base}/stats`)).text();
  // What a search shows (no defunct service, no ended offer) and everything stored.
  const shown = await (await fetch(`${doma.base}/api/v1/services?per_page=1&category=food-delivery`)).json();
  const stored = await (await fetch(`${doma.base}/api/v1/services?per_page=1&category=food-delivery&status=all`)).json();
  const m = /<a href="\/categories\/food-delivery">[^<]+<\/a><\/th><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(html);
  assert.ok(m, 'food delivery has a row');
  assert.equal(Number(m[1]) + Number(m[2]) + Number(m[3]), Number(m[4]));
  assert.ok(Number(m[4]) >= shown.total && Number(m[4]) <= stored.total,
    `the row (${m[4]}) counts what the catalog holds (${shown.total}–${stored.total})`);
});

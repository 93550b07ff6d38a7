// The region's own catalog as a resident meets it: a regional service first
// for what people in the region ask, what reaches their place, offers that
// end without taking their service along, and closed services said so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startDoma, addUser, Client, BIN, dbFlags } from './harness.mjs';

const EDITOR = { login: 'catalog-editor@doma.test', password: 'catalog-password-1' };
let doma;
before(async () => {
  doma = await startDoma({ prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password) });
});
after(() => doma?.stop());

const api = async (qs) => {
  const r = await fetch(`${doma.base}/api/v1/services${qs}`);
  return { status: r.status, body: await r.json() };
};
const search = (q, more = '') => api(`?q=${encodeURIComponent(q)}${more}`);

test('what people in the region ask for finds a regional service first', async () => {
  for (const q of ['мфц', 'соцзащита', 'центр занятости', 'запись к врачу', 'психолог бесплатно']) {
    const r = await search(q);
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length > 0, `${q}: found`);
    assert.equal(r.body.items[0].scope, 'regional', `${q}: ${r.body.items.map((s) => s.id).join(', ')}`);
  }
});

test('a place shows what reaches it: its district, the whole region, the country', async () => {
  const all = await search('администрация');
  const ids = all.body.items.map((s) => s.id);
  assert.ok(ids.includes('ul-city-admin'), 'the city of Ulyanovsk\'s administration is found anywhere');
  const there = await search('администрация', '&place=dimitrovgrad');
  const found = there.body.items.map((s) => s.id);
  assert.ok(!found.includes('ul-city-admin'), 'Ulyanovsk\'s administration does not reach Dimitrovgrad');
  assert.ok(found.includes('ul-dimitrovgrad-admin'), 'Dimitrovgrad\'s own does');
  assert.ok(there.body.total < all.body.total);
  const federal = await search('госуслуги', '&place=dimitrovgrad');
  assert.ok(federal.body.items.some((s) => s.id === 'gosuslugi'), 'a federal service reaches every place');
  const wrong = await search('мфц', '&place=atlantis');
  assert.equal(wrong.status, 400);
  assert.match(wrong.body.detail, /place/);

  // The pages remember the place in a cookie.
  const chosen = await fetch(`${doma.base}/search?q=${encodeURIComponent('администрация')}&place=dimitrovgrad`);
  assert.equal(chosen.status, 200);
  const cookie = chosen.headers.get('set-cookie');
  assert.match(cookie, /^place=dimitrovgrad;/);
  const later = await fetch(`${doma.base}/search?q=${encodeURIComponent('администрация')}`,
    { headers: { cookie: 'place=dimitrovgrad' } });
  const html = await later.text();
  assert.match(html, /Показано то, что работает здесь: <strong>Димитровград<\/strong>/);
  assert.ok(!html.includes('/services/ul-city-admin"'), 'the remembered place filters the page');
  const bad = await fetch(`${doma.base}/search?q=x&place=atlantis`);
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /Такого места нет в списке/);
});

test('a card says where it works, when it was checked and where', async () => {
  const html = await (await fetch(`${doma.base}/services/ul-city-admin`)).text();
  assert.match(html, /<dt>Где работает<\/dt><dd>г\. Ульяновск<\/dd>/);
  assert.match(html, /<dt>Проверено<\/dt><dd><time datetime="2026-12-07">7 декабря 2026<\/time>/);
  assert.match(html, /Где проверены сведения/);
  const whole = await (await fetch(`${doma.base}/services/ul-mfc`)).text();
  assert.match(whole, /<dt>Где работает<\/dt><dd>Вся Ульяновская область<\/dd>/);
  const card = await (await fetch(`${doma.base}/api/v1/services/ul-city-admin`)).json();
  assert.deepEqual(card.service_areas, ['г. Ульяновск']);
  assert.ok(card.sources.length > 0 && card.sources.every((s) => /^https?:\/\//.test(s.url)));
});

test('an ended offer leaves its card and the offers page; the service stays found', async () => {
  // A foundation whose 2020 competition has ended: the foundation stays.
  const id = 'fond-potanina';
  const card = await (await fetch(`${doma.base}/api/v1/services/${id}`)).json();
  assert.equal(card.offer, null);
  assert.deepEqual(card.offers, []);
  assert.equal(card.offers_ended, false, 'a service, not an offer');
  const byName = await search(card.name);
  assert.ok(byName.body.items.some((s) => s.id === id), 'found by name');
  const page = await (await fetch(`${doma.base}/services/${id}`)).text();
  assert.ok(!page.includes('Антикризисные грантовые конкурсы 2020'), 'the ended offer is not on the card');

  // An offer on now, and a card that is nothing but an offer that has ended.
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/services/new');
  const form = (name, url, fields) => ({
    name, url, short_description: `${name}: кратко`, description: `${name}: подробно`, organization: name,
    scope: 'federal', cost: 'free', categories: 'small-business', platforms: 'web', audiences: 'small_business',
    status: 'active', sources: `${url}about — страница поставщика`, ...fields,
  });
  const on = await ed.post('/editor/services/new',
    form('Касса даром', 'https://kassa.example.org/', { offer_text: 'Полгода бесплатно для новых магазинов', offer_valid_until: '2099-06-30' }));
  assert.equal(on.status, 303);
  const onId = on.headers.get('location').replace('/services/', '');
  const ended = await ed.post('/editor/services/new',
    form('Грант весны 2020', 'https://grant2020.example.org/', { offer_text: 'Гранты на продвижение весной 2020', offer_valid_until: '2020-06-30', kind_offer: '1' }));
  assert.equal(ended.status, 303, ended.text);
  const endedId = ended.headers.get('location').replace('/services/', '');

  const support = await (await fetch(`${doma.base}/support`)).text();
  assert.match(support, /Полгода бесплатно для новых магазинов/);
  assert.match(support, /<time datetime="2099-06-30">30 июня 2099<\/time>/);
  assert.ok(!support.includes('Гранты на продвижение весной 2020'), 'an ended offer leaves the offers page');
  assert.ok(!support.includes('Антикризисные грантовые конкурсы 2020'));

  assert.ok((await search('Касса даром')).body.items.some((s) => s.id === onId));
  assert.ok(!(await search('Грант весны 2020')).body.items.some((s) => s.id === endedId),
    'an offer-only card leaves search when its offer ends');
  const endedCard = await (await fetch(`${doma.base}/services/${endedId}`)).text();
  assert.match(endedCard, /Предложение закончилось 30 июня 2020/, 'its card still opens and says so');
});

test('a service that left Russia is found by its name only, and says why', async () => {
  const r = await search('notion');
  assert.ok(!r.body.items.some((s) => s.id === 'notion'), 'not among the results');
  assert.deepEqual(r.body.unlisted.map((s) => [s.id, s.status]), [['notion', 'unavailable_in_russia']]);
  const list = await search('заметки');
  assert.ok(!list.body.items.some((s) => s.id === 'notion'), 'not listed');
  assert.equal(list.body.unlisted.length, 0, 'only its own name brings it up');
  const html = await (await fetch(`${doma.base}/search?q=notion`)).text();
  assert.match(html, /Закрытые и недоступные сервисы с таким названием/);
  const card = await (await fetch(`${doma.base}/services/notion`)).text();
  assert.match(card, /Сервис недоступен жителям России\. С 9 сентября 2024 года/);
});

test('doma catalog check passes on the shipped catalog and counts it', () => {
  const r = spawnSync(BIN, ['catalog', 'check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /0 errors/);
  const [, total, , regional] = /(\d+) services \((\d+) closed or unavailable\), (\d+) regional/.exec(r.stdout);
  assert.ok(Number(total) >= 300 && Number(regional) >= 50, r.stdout.slice(-400));
});

test('doma catalog check --live reads the running database the same way', () => {
  const r = spawnSync(BIN, ['catalog', 'check', '--live', ...dbFlags(path.join(doma.dir, 'doma.db'))], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout.slice(-800) + r.stderr);
  assert.match(r.stdout, /\d+ services \(\d+ closed or unavailable\), \d+ regional/);
});

test('an editor saving two offers keeps each one\'s end date, an open-ended one first', async () => {
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/services/new');
  const pairs = [['csrf', ed.csrf], ['name', 'Две акции'], ['url', 'https://two.example.org/'],
    ['short_description', 'Две акции: кратко'], ['description', 'Две акции: подробно'], ['organization', 'Две акции'],
    ['scope', 'federal'], ['cost', 'free'], ['categories', 'small-business'], ['platforms', 'web'],
    ['audiences', 'small_business'], ['status', 'active'], ['sources', 'https://two.example.org/about'],
    ['offer_text', 'Навсегда бесплатно для НКО'], ['offer_valid_until', ''],
    ['offer_text', 'Скидка до лета'], ['offer_valid_until', '2099-06-30'],
    ['offer_text', ''], ['offer_valid_until', '']];
  const r = await fetch(`${doma.base}/editor/services/new`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(pairs),
    headers: { cookie: ed.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', origin: doma.base },
  });
  assert.equal(r.status, 303);
  const id = r.headers.get('location').replace('/services/', '');
  const card = await (await fetch(`${doma.base}/api/v1/services/${id}`)).json();
  assert.deepEqual(card.offers.map((o) => [o.text, o.valid_until]),
    [['Навсегда бесплатно для НКО', null], ['Скидка до лета', '2099-06-30']]);
});

// The posters as they leave the printer: Chromium prints each one (the
// building-entrance poster for the region and for a place with its own
// coordinator, a leaflet for a category and a village, a service card) to
// PDF; pdfinfo finds exactly one A4 page; pdftoppm renders it and zbarimg
// decodes every QR code on it, which must be exactly the intended URLs, each
// naming the poster it came from (?src=poster-…). Then a QR code is
// followed: the card's «Перейти на сайт» counts the click for its source,
// which /stats shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDoma, addUser, Client } from './harness.mjs';
import { homeWithRegion } from './region_home.mjs';
import { launchBrowser } from '../../e2e/browser.mjs';
import { printed, assertOneA4 as assertOneA4In } from '../../e2e/print_steps.mjs';

const EDITOR = { login: 'posters-editor@doma.test', password: 'posters-password-1' };
// A test fixture, not a real line: the district coordinator of Dimitrovgrad.
const LOCAL_PHONE = '+7 (84235) 0-00-00';
const PLACE = 'dimitrovgrad';

let doma, browser, home, dir;

before(async () => {
  // The region names a local coordinator for one place.
  home = homeWithRegion((r) => ({ ...r, local_coordinators: { [PLACE]: LOCAL_PHONE } }));
  dir = mkdtempSync(path.join(tmpdir(), 'doma-posters-db-'));
  doma = await startDoma({
    dir,
    args: ['--home', home],
    prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password),
  });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (doma) await doma.stop();
  for (const d of [home, dir]) if (d) rmSync(d, { recursive: true, force: true });
});

// Prints `url` as a person would (e2e/print_steps.mjs), keeping its HTML.
async function print(url, cookies = []) {
  const context = await browser.newContext();
  try {
    if (cookies.length) await context.addCookies(cookies);
    const page = await context.newPage();
    const res = await page.goto(doma.base + url);
    assert.equal(res.status(), 200, `${url} answers`);
    return { ...(await printed(page)), html: await page.content() };
  } finally {
    await context.close();
  }
}

const assertOneA4 = (p, label) => assertOneA4In(assert, p, label);

test('the entrance poster: one A4 page, its QR codes ask for help and check a badge', async () => {
  const p = await print('/print/entrance');
  assertOneA4(p, 'entrance poster');
  assert.deepEqual(p.codes, [`${doma.base}/check?src=poster-entrance`, `${doma.base}/help/ask?src=poster-entrance`].sort());
  assert.match(p.html, /8-800-200-34-11/, 'the help line in large type');
  assert.equal((p.html.match(/class="strips"/g) ?? []).length, 1);
  assert.equal((p.html.match(/<li><span>Помощь на дому<\/span> <strong>8-800-200-34-11<\/strong><\/li>/g) ?? []).length, 8, 'eight tear-off strips with the number');
  assert.doesNotMatch(p.html, /Координатор вашего района/, 'no local phone for the whole region');
});

test('the entrance poster for a place with its own coordinator adds their phone, still one page', async () => {
  const p = await print(`/print/entrance?place=${PLACE}`);
  assertOneA4(p, 'entrance poster for a place');
  assert.equal(p.codes.length, 2);
  assert.match(p.html, /Координатор вашего района: <strong>\+7 \(84235\) 0-00-00<\/strong>/);
  assert.match(p.html, /Димитровград/);
});

test('a leaflet for a category and a place: each service\'s QR code opens its card', async () => {
  const c = new Client(doma.base);
  await c.login(EDITOR.login, EDITOR.password);
  const cookies = [...c.cookies].map(([name, value]) => ({ name, value, url: doma.base }));
  const p = await print(`/print/leaflet?category=food-delivery&place=${PLACE}`, cookies);
  assertOneA4(p, 'leaflet');
  const ids = [...p.html.matchAll(/data-service="([a-z0-9-]+)"/g)].map((m) => m[1]);
  assert.ok(ids.length >= 3, `the leaflet lists services (${ids.length})`);
  const expected = [...ids.map((id) => `${doma.base}/services/${id}?src=poster-leaflet`),
    `${doma.base}/categories/food-delivery?place=${PLACE}&src=poster-leaflet`].sort();
  assert.deepEqual(p.codes, expected, 'one code per service and one for the whole section, nothing else');
  // Every listed service is in the section and reaches Dimitrovgrad.
  for (const id of ids) {
    const s = await (await fetch(`${doma.base}/api/v1/services/${id}`)).json();
    assert.ok(s.categories.includes('food-delivery'), `${id} is in the section`);
    // A local service reaches its own settlement (or, naming none, its district) only.
    assert.ok(s.scope !== 'regional' || (!s.settlement && !s.district) ||
      (s.settlement ? s.settlement === 'Димитровград' : s.district === 'г. Димитровград'), `${id} reaches the place`);
  }
  // Anonymous people do not get the leaflet maker.
  const anonymous = await fetch(`${doma.base}/print/leaflet?category=food-delivery&place=${PLACE}`, { redirect: 'manual' });
  assert.equal(anonymous.status, 303);
});

test('a service card prints on one page with its web address and a QR code to it', async () => {
  const p = await print('/print/services/gosuslugi');
  assertOneA4(p, 'service card');
  assert.deepEqual(p.codes, [`${doma.base}/services/gosuslugi?src=poster-card`]);
  assert.match(p.html, /https:\/\/www\.gosuslugi\.ru/, 'the full web address is printed');
});

test('a click that came from a poster is counted for that poster on /stats', async () => {
  const card = await fetch(`${doma.base}/services/gosuslugi?src=poster-card`);
  const html = await card.text();
  assert.match(html, /href="\/go\/gosuslugi\?src=poster-card"/, 'the card passes the source on');
  assert.match(html, /href="\/print\/services\/gosuslugi"/, 'and offers its print view');
  for (let i = 0; i < 2; ++i) assert.equal((await fetch(`${doma.base}/go/gosuslugi?src=poster-card`, { redirect: 'manual' })).status, 302);
  assert.equal((await fetch(`${doma.base}/go/gosuslugi?src=made-up`, { redirect: 'manual' })).status, 302);
  await doma.stop();  // the clicks are stored on the way out
  doma = await startDoma({ args: ['--home', home], dir });
  const stats = await (await fetch(`${doma.base}/stats`)).text();
  assert.match(stats, /<tr><th scope="row">Распечатанная карточка<\/th><td>2<\/td><td>0<\/td><\/tr>/);
  assert.match(stats, /<tr><th scope="row">С портала<\/th><td>1<\/td><td>0<\/td><\/tr>/, 'an unknown source counts as the portal');
  const csv = await (await fetch(`${doma.base}/stats.csv`)).text();
  assert.match(csv, /"clicks_out","\d{4}-\d{2}","poster-card","2"/);
});

test('bad poster parameters get a page that says what is wrong', async () => {
  for (const [url, status, text] of [
    ['/print/entrance?place=atlantis', 404, 'Такого места нет'],
    ['/print/services/no-such-service', 404, 'Такого сервиса нет'],
  ]) {
    const r = await fetch(doma.base + url);
    assert.equal(r.status, status, url);
    assert.match(await r.text(), new RegExp(text), url);
  }
  const c = new Client(doma.base);
  await c.login(EDITOR.login, EDITOR.password);
  for (const [url, status, text] of [
    ['/print/leaflet?place=dimitrovgrad', 400, 'Выберите раздел'],
    ['/print/leaflet?category=food-delivery', 400, 'Выберите населённый пункт'],
    ['/print/leaflet?category=no-such&place=dimitrovgrad', 404, 'Такого раздела нет'],
  ]) {
    const r = await c.get(url);
    assert.equal(r.status, status, url);
    assert.match(r.text, new RegExp(text), url);
  }
});

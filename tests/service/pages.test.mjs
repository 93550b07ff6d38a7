// The HTML pages, operations endpoints and settings, on the seeded catalog.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma } from './harness.mjs';

let doma;
before(async () => { doma = await startDoma(); });
after(async () => { if (doma) await doma.stop(); });

const page = async (p, init) => {
  const r = await fetch(doma.base + p, { redirect: 'manual', ...init });
  return { status: r.status, headers: r.headers, html: await r.text() };
};

test('home: search box, categories with counts, featured and new services, hotline', async () => {
  const { status, html, headers } = await page('/');
  assert.equal(status, 200);
  assert.match(headers.get('content-type'), /text\/html; charset=utf-8/);
  assert.match(html, /<html lang="ru">/);
  assert.match(html, /<form[^>]+action="\/search"[^>]+role="search"/);
  assert.match(html, /href="\/categories\/food-delivery">[^<]+<\/a> <span class="count">\d+<\/span>/);
  assert.match(html, /id="featured-title"/);
  assert.match(html, /id="new-title"/);
  assert.match(html, /8-800-200-34-11/);
  assert.doesNotMatch(html, /<script/i, 'no JavaScript needed');
  assert.doesNotMatch(html, /(src|href)="https?:\/\/(?!127\.0\.0\.1)/, 'nothing loaded from other hosts');
});

test('search page: results, filters with counts, corrected query', async () => {
  let { status, html } = await page('/search?q=' + encodeURIComponent('ljcnfdrf ghjlernjd'));
  assert.equal(status, 200);
  assert.match(html, /Показаны результаты для «<a href="[^"]+">доставка продуктов<\/a>»/);
  assert.match(html, /<aside class="filters"/);
  assert.match(html, /class="card"/);
  ({ html } = await page('/search?q=' + encodeURIComponent('врач') + '&scope=federal'));
  assert.match(html, /aria-current="true" class="selected">✓ Вся Россия<\/a>/);
  assert.match(html, /<input type="hidden" name="scope" value="federal">/);
});

test('an empty result helps: tips, hotline and categories', async () => {
  const { status, html } = await page('/search?q=' + encodeURIComponent('ъъъъъ щщщщщ'));
  assert.equal(status, 200);
  assert.match(html, /ничего не нашлось/);
  assert.match(html, /href="\/categories\/health"/);
});

test('a bad search parameter is a 400 page with the message next to the field', async () => {
  const { status, html } = await page('/search?q=x&page=0');
  assert.equal(status, 400);
  assert.match(html, /class="error" role="alert">Номер страницы начинается с 1/);
  const long = await page('/search?q=' + 'я'.repeat(201));
  assert.equal(long.status, 400);
  assert.match(long.html, /aria-invalid="true"/);
  assert.match(long.html, /длиннее 200 символов/);
});

test('service card, and /go counts the click and redirects', async () => {
  const { status, html } = await page('/services/gosuslugi');
  assert.equal(status, 200);
  assert.match(html, /<h1>Госуслуги<\/h1>/);
  assert.match(html, /href="\/go\/gosuslugi"/);
  assert.match(html, /Перейти на сайт/);
  const before_ = (await (await fetch(`${doma.base}/api/v1/services/gosuslugi`)).json()).clicks;
  const go = await page('/go/gosuslugi');
  assert.equal(go.status, 302);
  const after_ = (await (await fetch(`${doma.base}/api/v1/services/gosuslugi`)).json()).clicks;
  assert.equal(after_, before_ + 1);
  assert.equal((await page('/go/no-such')).status, 404);
});

test('category page lists only that category', async () => {
  const { status, html } = await page('/categories/medicines');
  assert.equal(status, 200);
  assert.match(html, /<h1>Лекарства и аптеки<\/h1>/);
  assert.equal((await page('/categories/nope')).status, 404);
});

test('English via ?lang=en, kept in a cookie', async () => {
  const r = await page('/?lang=en');
  assert.match(r.html, /<html lang="en">/);
  assert.match(r.html, /Everything you need without leaving home/);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /lang=en/);
  const again = await page('/search?q=doctor', { headers: { cookie: 'lang=en' } });
  assert.match(again.html, /<html lang="en">/);
});

test('high-contrast mode is switched by a link and kept in a cookie', async () => {
  const r = await page('/a11y?mode=on', { headers: { referer: `${doma.base}/search?q=x` } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/search?q=x');
  assert.match(r.headers.get('set-cookie'), /a11y=1/);
  const html = (await page('/', { headers: { cookie: 'a11y=1' } })).html;
  assert.match(html, /<body class="contrast a11y-size-2 a11y-scheme-wb">/, 'the defaults: large text, white on black');
  // A referer from elsewhere never becomes the redirect target.
  const evil = await page('/a11y?mode=on', { headers: { referer: 'http://evil.example//x' } });
  assert.equal(evil.headers.get('location'), '/');
});

test('the settings of the version for the visually impaired are kept in the cookie (GOST R 52872-2019)', async () => {
  const r = await page('/a11y?size=3&scheme=blue&spacing=wide&images=off', { headers: { referer: `${doma.base}/help` } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/help');
  assert.match(r.headers.get('set-cookie'), /^a11y=3-blue-wide-off;/);
  const chosen = (await page('/search?q=x', { headers: { cookie: 'a11y=3-blue-wide-off' } })).html;
  assert.match(chosen, /<html lang="ru" class="contrast a11y-size-3 a11y-scheme-blue a11y-wide a11y-noimg">/);
  // The same search in another scheme is not served from the first one's cache.
  const other = (await page('/search?q=x', { headers: { cookie: 'a11y=1-bw-normal-on' } })).html;
  assert.match(other, /class="contrast a11y-size-1 a11y-scheme-bw"/);
  // Anything unknown is the default, never an error or a class of the visitor's making.
  const odd = await page('/a11y?size=9&scheme=%22evil&spacing=x&images=y');
  assert.match(odd.headers.get('set-cookie'), /^a11y=2-wb-normal-on;/);
  const forged = (await page('/', { headers: { cookie: 'a11y=3-"evil-wide-on' } })).html;
  assert.doesNotMatch(forged, /evil/);
  assert.doesNotMatch(forged, /class="contrast/, 'a cookie it cannot read is the normal site');
});

test('friendly 404 page in HTML', async () => {
  const { status, html } = await page('/no/such/page');
  assert.equal(status, 404);
  assert.match(html, /Страница не найдена/);
  assert.match(html, /role="search"/);
});

test('healthz, readyz, metrics', async () => {
  assert.equal((await page('/healthz')).status, 200);
  assert.equal((await page('/readyz')).status, 200);
  await page('/search?q=' + encodeURIComponent('курсы'));
  const m = (await page('/metrics')).html;
  assert.match(m, /doma_http_requests_total\{route="\/search",status="200"\} \d+/);
  assert.match(m, /doma_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/);
  assert.match(m, /doma_search_duration_seconds_count [1-9]\d*/);
  const size = Number(/doma_catalog_services (\d+)/.exec(m)[1]);
  assert.ok(size >= 250);
});

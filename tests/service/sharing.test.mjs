// Sharing: a service card, a category and a news item carry Open Graph and
// Twitter card tags with absolute URLs on --public-url, a canonical link,
// and share links for VK, Telegram, WhatsApp and Odnoklassniki that are plain
// links (no third-party script) sharing the page with ?src=share-…; the
// preview picture is a 1200×630 PNG drawn by the server; a service card
// describes itself to search engines in JSON-LD; the sitemap dates its
// pages; a browser finds the OpenSearch description.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, addUser, Client } from './harness.mjs';

const EDITOR = { login: 'share-editor@doma.test', password: 'share-password-1' };
const PUBLIC = 'https://doma.region.example';
let doma;
before(async () => {
  doma = await startDoma({
    args: ['--public-url', PUBLIC],
    prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password),
  });
});
after(async () => { if (doma) await doma.stop(); });

const meta = (html, attr, name) => {
  const m = new RegExp(`<meta ${attr}="${name}" content="([^"]*)">`).exec(html);
  return m && m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"');
};
const shareLinks = (html) => [...html.matchAll(/<li><a href="([^"]+)" target="_blank" rel="noopener noreferrer">([^<]+)<\/a><\/li>/g)]
  .map((m) => ({ href: m[1].replace(/&amp;/g, '&'), name: m[2] }));

function assertShares(html, pageUrl, title) {
  const links = shareLinks(html);
  assert.deepEqual(links.map((l) => l.name), ['ВКонтакте', 'Telegram', 'WhatsApp', 'Одноклассники']);
  const shared = (l, param) => new URL(l.href).searchParams.get(param);
  assert.equal(new URL(links[0].href).origin + new URL(links[0].href).pathname, 'https://vk.com/share.php');
  assert.equal(shared(links[0], 'url'), `${pageUrl}?src=share-vk`);
  assert.equal(shared(links[0], 'title'), title);
  assert.equal(new URL(links[1].href).origin + new URL(links[1].href).pathname, 'https://t.me/share/url');
  assert.equal(shared(links[1], 'url'), `${pageUrl}?src=share-telegram`);
  assert.equal(new URL(links[2].href).origin, 'https://wa.me');
  assert.equal(shared(links[2], 'text'), `${title} ${pageUrl}?src=share-whatsapp`);
  assert.equal(new URL(links[3].href).origin + new URL(links[3].href).pathname, 'https://connect.ok.ru/offer');
  assert.equal(shared(links[3], 'url'), `${pageUrl}?src=share-ok`);
  assert.doesNotMatch(html, /<script(?![^>]*application\/ld\+json)[^>]*>/, 'no script but the JSON-LD data');
}

test('a service card: Open Graph, Twitter card, canonical, share links and JSON-LD', async () => {
  const html = await (await fetch(`${doma.base}/services/gosuslugi`)).text();
  const url = `${PUBLIC}/services/gosuslugi`;
  assert.match(html, new RegExp(`<link rel="canonical" href="${url}">`));
  assert.equal(meta(html, 'property', 'og:url'), url);
  assert.equal(meta(html, 'property', 'og:title'), 'Госуслуги');
  assert.equal(meta(html, 'property', 'og:type'), 'website');
  assert.match(meta(html, 'property', 'og:description'), /госуслуг/i);
  const image = meta(html, 'property', 'og:image');
  assert.match(image, new RegExp(`^${PUBLIC}/og/[a-z-]+$`));
  assert.equal(meta(html, 'name', 'twitter:card'), 'summary_large_image');
  assert.equal(meta(html, 'name', 'twitter:image'), image);
  assertShares(html, url, 'Госуслуги');
  const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)[1]);
  assert.equal(ld['@context'], 'https://schema.org');
  assert.equal(ld['@type'], 'GovernmentService');
  assert.equal(ld.name, 'Госуслуги');
  assert.equal(ld.url, 'https://www.gosuslugi.ru/');
  assert.equal(ld.provider['@type'], 'Organization');
  assert.deepEqual(ld.areaServed, { '@type': 'Country', name: 'Россия' });
  assert.equal(ld.availableChannel.serviceUrl, 'https://www.gosuslugi.ru/');

  // The picture is a PNG of 1200×630 drawn for the card's section.
  const png = await fetch(image.replace(PUBLIC, doma.base));
  assert.equal(png.status, 200);
  assert.equal(png.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await png.arrayBuffer());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  assert.equal(bytes.readUInt32BE(16), 1200);
  assert.equal(bytes.readUInt32BE(20), 630);
  assert.equal((await fetch(`${doma.base}/og/no-such-section`)).status, 404);
});

test('a shared link\'s source reaches the click counter', async () => {
  const html = await (await fetch(`${doma.base}/services/gosuslugi?src=share-telegram`)).text();
  assert.match(html, /href="\/go\/gosuslugi\?src=share-telegram"/);
});

test('a category and a news item are shared the same way; the home page has its card', async () => {
  const cat = await (await fetch(`${doma.base}/categories/food-delivery`)).text();
  assert.equal(meta(cat, 'property', 'og:image'), `${PUBLIC}/og/food-delivery`);
  assert.match(meta(cat, 'property', 'og:description'), /^Доставка продуктов и еды: \d+ сервисов/);
  assertShares(cat, `${PUBLIC}/categories/food-delivery`, 'Доставка продуктов и еды');

  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/news');
  const r = await ed.post('/editor/news', {
    title: 'Доставка лекарств пожилым',
    body: '**Аптеки** города привозят лекарства на дом. Подробнее [на сайте](https://example.org/) и по телефону горячей линии.',
    services: '',
  });
  assert.equal(r.status, 303);
  const path = new URL(r.headers.get('location'), doma.base).pathname;
  const news = await (await fetch(doma.base + path)).text();
  assert.equal(meta(news, 'property', 'og:type'), 'article');
  assert.equal(meta(news, 'property', 'og:description'),
    'Аптеки города привозят лекарства на дом. Подробнее на сайте и по телефону горячей линии.', 'plain text, no Markdown');
  assertShares(news, PUBLIC + path, 'Доставка лекарств пожилым');

  const home = await (await fetch(`${doma.base}/`)).text();
  assert.equal(meta(home, 'property', 'og:url'), `${PUBLIC}/`);
  assert.equal(meta(home, 'property', 'og:image'), `${PUBLIC}/og/home`);
  assert.equal(shareLinks(home).length, 0, 'no share block on the home page');
});

test('the sitemap dates services and news; OpenSearch lets a browser search', async () => {
  const sitemap = await (await fetch(`${doma.base}/sitemap.xml`)).text();
  assert.match(sitemap, new RegExp(`<url><loc>${PUBLIC}/services/gosuslugi</loc><lastmod>\\d{4}-\\d{2}-\\d{2}</lastmod></url>`));
  const home = await (await fetch(`${doma.base}/`)).text();
  assert.match(home, /<link rel="search" type="application\/opensearchdescription\+xml" title="Дома" href="\/opensearch.xml">/);
  const os = await fetch(`${doma.base}/opensearch.xml`);
  assert.match(os.headers.get('content-type'), /^application\/opensearchdescription\+xml/);
  const xml = await os.text();
  assert.match(xml, /<ShortName>Дома<\/ShortName>/);
  assert.match(xml, new RegExp(`<Url type="text/html" method="get" template="${PUBLIC}/search\\?q=\\{searchTerms\\}"/>`));
});

test('a card says where it leads and when its facts were checked, in words', async () => {
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/services/gosuslugi/edit');
  assert.equal((await ed.post('/editor/services/gosuslugi/verify')).status, 303);
  const html = await (await fetch(`${doma.base}/services/gosuslugi`)).text();
  assert.match(html, /<a class="button" href="\/go\/gosuslugi" rel="nofollow">Перейти на сайт<\/a> <span class="site-host">gosuslugi\.ru<\/span>/);
  const m = /<dt>Проверено<\/dt><dd><time datetime="(\d{4})-(\d{2})-(\d{2})">([^<]+)<\/time><\/dd>/.exec(html);
  assert.ok(m, 'the check date is there');
  const months = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
  assert.equal(m[4], `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`);
  const en = await (await fetch(`${doma.base}/services/gosuslugi?lang=en`)).text();
  assert.match(en, /<time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} [A-Z][a-z]+ \d{4}<\/time>/);
  const news = await (await fetch(`${doma.base}/news`)).text();
  assert.match(news, /<time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} [а-я]+ \d{4}<\/time>/, 'news dates in words too');
});

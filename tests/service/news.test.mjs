// News: editors publish Markdown that is rendered safely; feeds and the sitemap.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, addUser, Client } from './harness.mjs';

const EDITOR = { login: 'news-editor@doma.test', password: 'editor-password-1' };
let doma;
before(async () => { doma = await startDoma({ prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password) }); });
after(async () => { if (doma) await doma.stop(); });

let newsId;

test('an editor publishes news; it is rendered safely and listed everywhere', async () => {
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/news');
  const r = await ed.post('/editor/news', {
    title: 'Уроки для школьников — онлайн & бесплатно',
    body: '**Российская электронная школа** открыта.\n\n<script>alert(1)</script>\n\n[Плохая ссылка](javascript:alert(1)) и [хорошая](https://resh.edu.ru/)',
    services: 'resh gosuslugi',
  });
  assert.equal(r.status, 303);
  newsId = /\/news\/(\d+)/.exec(r.headers.get('location'))[1];
  const page = await fetch(`${doma.base}/news/${newsId}`).then((x) => x.text());
  assert.match(page, /<strong>Российская электронная школа<\/strong>/);
  assert.doesNotMatch(page, /<script>alert/);
  assert.doesNotMatch(page, /javascript:/);
  assert.match(page, /href="https:\/\/resh.edu.ru\/"/);
  assert.match(page, /href="\/services\/gosuslugi"/);
  assert.match(await fetch(`${doma.base}/news`).then((x) => x.text()), new RegExp(`href="/news/${newsId}"`));
  assert.match(await fetch(`${doma.base}/`).then((x) => x.text()), new RegExp(`href="/news/${newsId}"`));
});

test('/news.atom lists the news as valid Atom', async () => {
  const r = await fetch(`${doma.base}/news.atom`);
  assert.match(r.headers.get('content-type'), /application\/atom\+xml/);
  const xml = await r.text();
  assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  assert.match(xml, /<title>Уроки для школьников — онлайн &amp; бесплатно<\/title>/);
  assert.match(xml, new RegExp(`<id>http://127.0.0.1:${doma.port}/news/${newsId}</id>`));
  assert.doesNotMatch(xml, /<script/);
  assert.equal((xml.match(/<entry>/g) ?? []).length, (xml.match(/<\/entry>/g) ?? []).length);
});

test('/services.atom lists the newest services and /sitemap.xml every public page', async () => {
  const s = await fetch(`${doma.base}/services.atom`).then((x) => x.text());
  assert.ok((s.match(/<entry>/g) ?? []).length >= 20);
  assert.match(s, /<link rel="alternate" type="text\/html" href="http:\/\/127.0.0.1:\d+\/services\/[a-z0-9-]+"\/>/);
  const map = await fetch(`${doma.base}/sitemap.xml`).then((x) => x.text());
  assert.match(map, /<loc>http:\/\/127.0.0.1:\d+\/services\/gosuslugi<\/loc>/);
  assert.match(map, /<loc>http:\/\/127.0.0.1:\d+\/categories\/health<\/loc>/);
  assert.match(map, new RegExp(`/news/${newsId}</loc>`));
  assert.ok((map.match(/<url>/g) ?? []).length >= 250);
});

test('the sitemap follows the catalog and the news as they change', async () => {
  const count = (map) => (map.match(/<url>/g) ?? []).length;
  const before = await fetch(`${doma.base}/sitemap.xml`).then((x) => x.text());
  assert.equal(await fetch(`${doma.base}/sitemap.xml`).then((x) => x.text()), before, 'the same twice');
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/services/new');
  const r = await ed.post('/editor/services/new', {
    name: 'Карта сайта: новый сервис', url: 'https://sitemap-check.example.org/', short_description: 'Проверка карты сайта',
    description: 'Появляется в карте сайта сразу.', organization: 'Проверка', scope: 'federal', cost: 'free',
    categories: 'kids-leisure', platforms: 'web', audiences: 'everyone', status: 'active',
  });
  assert.equal(r.status, 303, r.text);
  const id = r.headers.get('location').replace('/services/', '');
  const after = await fetch(`${doma.base}/sitemap.xml`).then((x) => x.text());
  assert.match(after, new RegExp(`/services/${id}</loc>`));
  assert.equal(count(after), count(before) + 1);
  await ed.get('/editor/news');
  const n = await ed.post('/editor/news', { title: 'Ещё новость для карты сайта', body: 'Текст.', services: '' });
  assert.equal(n.status, 303, n.text);
  const newsId2 = /\/news\/(\d+)/.exec(n.headers.get('location'))[1];
  assert.match(await fetch(`${doma.base}/sitemap.xml`).then((x) => x.text()), new RegExp(`/news/${newsId2}</loc>`));
});

test('news errors stand next to the field; only editors publish', async () => {
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/news');
  const r = await ed.post('/editor/news', { title: '', body: 'текст', services: '' });
  assert.equal(r.status, 400);
  assert.match(r.text, /id="title-error">Напишите заголовок/);
  assert.match(r.text, />текст<\/textarea>/);
  const bad = await ed.post('/editor/news', { title: 'x', body: 'y', services: 'Not A Slug!' });
  assert.equal(bad.status, 400);
  const res = new Client(doma.base);
  await res.signUp('r@example.org', 'Р', 'resident-pass-1');
  assert.equal((await res.post('/editor/news', { title: 'x', body: 'y' })).status, 403);
  assert.equal((await fetch(`${doma.base}/news/99999`)).status, 404);
  assert.equal((await fetch(`${doma.base}/news/abc`)).status, 404);
});

// The editorial workflow over HTTP: a proposal waits for an editor, is found
// by search the moment it is approved, rejections and approvals reach the
// proposer, edits are recorded field by field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startDoma, addUser, Client } from './harness.mjs';

const EDITOR = { login: 'editor@doma.test', password: 'editor-password-1' };
let doma;
before(async () => { doma = await startDoma({ prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password) }); });
after(async () => { if (doma) await doma.stop(); });

const search = async (q) => (await (await fetch(`${doma.base}/api/v1/services?q=${encodeURIComponent(q)}`)).json()).items;
const outbox = () => {
  const p = path.join(doma.dir, 'outbox.log');
  return existsSync(p) ? readFileSync(p, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
};
async function waitFor(fn, ms = 8000) {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 100))) { const v = fn(); if (v) return v; }
  return null;
}
const proposal = (over = {}) => ({
  name: 'Сказкофон: сказки на ночь по телефону', url: 'https://skazki-po-telefonu.example.org/', short_description: 'Актёры читают детям сказки по телефону каждый вечер',
  description: 'Бесплатная линия: позвоните, и актёр прочитает ребёнку сказку.', organization: 'Театр у микрофона',
  scope: 'federal', cost: 'free', categories: 'kids-leisure', platforms: 'phone', audiences: 'families', contact: 'mama@example.org', ...over,
});

let approvedId;

test('a proposal is not searchable until an editor approves it, then at once; the proposer is told', async () => {
  const anon = new Client(doma.base);
  const form = await anon.get('/services/propose');
  assert.equal(form.status, 200, 'the proposal form exists (it is not the card of a service called "propose")');
  assert.match(form.text, /name="csrf" value="[0-9a-f]{32}"/, 'an anonymous visitor gets a form token');
  assert.ok(anon.cookies.get('doma_csrf'), 'and its cookie');
  const r = await anon.post('/services/propose', proposal());
  assert.equal(r.status, 200);
  assert.match(r.text, /Предложение отправлено редакторам/);
  assert.equal((await search('сказкофон')).length, 0, 'not searchable before approval');

  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  const desk = await ed.get('/editor');
  assert.equal(desk.status, 200);
  const id = /href="\/editor\/submissions\/(\d+)">Сказкофон: сказки на ночь по телефону/.exec(desk.text)[1];
  const review = await ed.get(`/editor/submissions/${id}`);
  assert.match(review.text, /value="Сказкофон: сказки на ночь по телефону"/);
  const approve = await ed.post(`/editor/submissions/${id}/approve`, { ...proposal(), status: 'active' });
  assert.equal(approve.status, 303);
  approvedId = approve.headers.get('location').replace('/services/', '');
  assert.match(approvedId, /^skazkofon-skazki-na-noch-po-telefonu/);
  const found = await search('сказкофон');
  assert.equal(found[0]?.id, approvedId, 'found immediately after approval');
  const note = await waitFor(() => outbox().find((m) => m.to === 'mama@example.org'));
  assert.ok(note, 'the proposer was notified');
  assert.match(note.body, /опубликован/);
  const twice = await ed.post(`/editor/submissions/${id}/approve`, proposal());
  assert.equal(twice.status, 409, 'a decided proposal cannot be decided again');
});

test('a bad proposal gets its errors next to the fields and keeps what was typed', async () => {
  const anon = new Client(doma.base);
  await anon.get('/services/propose');
  const r = await anon.post('/services/propose', proposal({ url: 'skazki.example.org', name: 'Мой сервис' }));
  assert.equal(r.status, 400);
  assert.match(r.text, /id="url-error">Адрес сайта должен начинаться с https:\/\//);
  assert.match(r.text, /value="Мой сервис"/);
  const noCat = await anon.post('/services/propose', proposal({ categories: '' }));
  assert.equal(noCat.status, 400);
  assert.match(noCat.text, /id="categories-error"/);
});

test('a proposal that repeats an existing service is flagged; rejection needs a reason and is sent', async () => {
  const anon = new Client(doma.base);
  await anon.get('/services/propose');
  await anon.post('/services/propose', proposal({ name: 'Госуслуги', url: 'https://www.gosuslugi.ru/help', categories: 'government-services', contact: '+7 912 111-22-33' }));
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  const desk = await ed.get('/editor');
  assert.match(desk.text, /Возможный дубликат: <a href="\/services\/gosuslugi">/);
  const id = /href="\/editor\/submissions\/(\d+)">Госуслуги/.exec(desk.text)[1];
  const empty = await ed.post(`/editor/submissions/${id}/reject`, { reason: '  ' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /id="reason-error"/);
  const r = await ed.post(`/editor/submissions/${id}/reject`, { reason: 'Этот сервис уже есть в каталоге.' });
  assert.equal(r.status, 303);
  const note = await waitFor(() => outbox().find((m) => m.to === '+79121112233'));
  assert.match(note.body, /уже есть в каталоге/);
  assert.doesNotMatch((await ed.get('/editor')).text, new RegExp(`/editor/submissions/${id}"`));
});

test('an edit is recorded field by field with old and new values, and search follows it', async () => {
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  const form = await ed.get(`/editor/services/${approvedId}/edit`);
  assert.equal(form.status, 200);
  const r = await ed.post(`/editor/services/${approvedId}/edit`, {
    ...proposal(), name: 'Сказкофон для малышей', status: 'temporarily_closed', cost: 'free', contact: '',
  });
  assert.equal(r.status, 303);
  const h = await ed.get(`/editor/services/${approvedId}/history`);
  assert.match(h.text, /<td>Название<\/td><td class="old">Сказкофон: сказки на ночь по телефону<\/td><td class="new">Сказкофон для малышей<\/td>/);
  assert.match(h.text, /<td>Состояние<\/td><td class="old">active<\/td><td class="new">temporarily_closed<\/td>/);
  assert.equal((await search('сказкофон малышей'))[0]?.id, approvedId);
  const v = await ed.post(`/editor/services/${approvedId}/verify`);
  assert.equal(v.status, 303);
  assert.match((await ed.get(`/editor/services/${approvedId}/history`)).text, /<td>Проверено<\/td>/);
});

test('residents may propose but not moderate; anonymous editors are sent to log in', async () => {
  const res = new Client(doma.base);
  await res.signUp('res@example.org', 'Резидент', 'resident-pass-1');
  assert.equal((await res.get('/editor')).status, 403);
  assert.equal((await res.post(`/editor/services/gosuslugi/edit`, proposal())).status, 403);
  const anon = new Client(doma.base);
  const r = await anon.get('/editor');
  assert.equal(r.status, 303);
});

test('proposals are rate-limited per client address', async () => {
  const anon = new Client(doma.base);
  await anon.get('/services/propose');
  let last;
  for (let i = 0; i < 6; ++i) last = await anon.post('/services/propose', proposal({ name: `Сервис номер ${i}`, url: `https://s${i}.example.org/` }));
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers.get('retry-after')) > 0);
  assert.match(last.text, /Слишком много предложений/);
});

test('an editor adds a service directly (its history starts with every field) and a category', async () => {
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  assert.equal((await ed.get('/editor/services/new')).status, 200);
  const r = await ed.post('/editor/services/new', proposal({ name: 'Аудиоспектакли «Радиотеатр»', url: 'https://radioteatr.example.org/', contact: '', status: 'active' }));
  assert.equal(r.status, 303);
  const id = r.headers.get('location').replace('/services/', '');
  assert.equal((await search('радиотеатр'))[0]?.id, id);
  const h = await ed.get(`/editor/services/${id}/history`);
  assert.match(h.text, /<td>Название<\/td><td class="old"><\/td><td class="new">Аудиоспектакли «Радиотеатр»<\/td>/);

  await ed.get('/editor/categories');
  const bad = await ed.post('/editor/categories', { slug: 'Bad Slug', parent: '', name_ru: 'x', name_en: 'x' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /class="error" role="alert"/);
  const ok = await ed.post('/editor/categories', { slug: 'audiobooks', parent: 'leisure', name_ru: 'Аудиокниги и радиоспектакли', name_en: 'Audiobooks' });
  assert.equal(ok.status, 303);
  const cats = await (await fetch(`${doma.base}/api/v1/categories`)).json();
  assert.ok(cats.items.find((c) => c.slug === 'leisure').children.some((c) => c.slug === 'audiobooks'));
  // Renaming a category is searchable at once: its name is indexed with each service.
  const rename = await ed.post('/editor/categories', { slug: 'kids-leisure', parent: 'leisure', name_ru: 'Детям: мультфильмы и игры', name_en: 'For children' });
  assert.equal(rename.status, 303);
  assert.ok((await search('мультфильмы')).length > 0);
  // Archived: offered nowhere, and no service may be put into it.
  const group = await ed.post('/editor/categories', { slug: 'leisure', parent: '', name_ru: 'Досуг', name_en: 'Leisure', archived: '1' });
  assert.equal(group.status, 400, 'a group with live children cannot be archived');
  const arch = await ed.post('/editor/categories', { slug: 'audiobooks', parent: 'leisure', name_ru: 'Аудиокниги и радиоспектакли', name_en: 'Audiobooks', archived: '1' });
  assert.equal(arch.status, 303);
  const after_ = await (await fetch(`${doma.base}/api/v1/categories`)).json();
  assert.ok(!after_.items.find((c) => c.slug === 'leisure').children.some((c) => c.slug === 'audiobooks'));
  assert.equal((await fetch(`${doma.base}/categories/audiobooks`)).status, 404);
  const p = await ed.post('/editor/services/new', proposal({ name: 'Ещё сервис', url: 'https://more.example.org/', categories: 'audiobooks', status: 'active' }));
  assert.equal(p.status, 400);
  assert.match(p.text, /в архиве/);
});

// Search quality on the real seed catalog: what a resident types must find
// what they mean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma } from './harness.mjs';

let doma;
before(async () => { doma = await startDoma(); });
after(async () => { if (doma) await doma.stop(); });

const search = async (q, extra = '') => {
  const r = await fetch(`${doma.base}/api/v1/services?q=${encodeURIComponent(q)}&per_page=10${extra}`);
  assert.equal(r.status, 200);
  return r.json();
};

const isFoodOrGoods = (s) => s.categories.some((c) => ['food-delivery', 'medicines'].includes(c));

for (const q of ['доставка продуктов', 'ljcnfdrf ghjlernjd', 'dostavka produktov']) {
  test(`"${q}": the top 5 are food or goods delivery`, async () => {
    const r = await search(q);
    assert.ok(r.items.length >= 5, `only ${r.items.length} results`);
    const top = r.items.slice(0, 5);
    assert.ok(top.every((s) => s.categories.includes('food-delivery')), JSON.stringify(top.map((s) => [s.id, s.categories])));
    if (q !== 'доставка продуктов') assert.equal(r.corrected_query, 'доставка продуктов');
    else assert.equal(r.corrected_query, null);
  });
}

// A regional line that books and sends doctors (122) may come before a
// federal telemedicine service (regional services are boosted): the first
// three are about doctors, and one of them is a doctor online.
const DOCTORS = ['doctors-online', 'clinic-booking'];
test('"врач онлайн" finds doctors first, a doctor online among them', async () => {
  const r = await search('врач онлайн');
  const top = r.items.slice(0, 3);
  assert.ok(top.every((s) => s.categories.some((c) => DOCTORS.includes(c))), JSON.stringify(top));
  assert.ok(top.some((s) => s.categories.includes('doctors-online')), JSON.stringify(top));
});

test('synonyms: "доктор" finds doctors; "телемедицина" a doctor online first', async () => {
  const doctor = await search('доктор');
  assert.ok(doctor.items.length > 0 && doctor.items[0].categories.some((c) => DOCTORS.includes(c)));
  const tele = await search('телемедицина');
  assert.ok(tele.items.length > 0 && tele.items[0].categories.includes('doctors-online'));
});

test('a typo is corrected and shown', async () => {
  const r = await search('лекарсва');
  assert.ok(r.corrected_query, 'a corrected query is returned');
  assert.match(r.corrected_query, /лекарств/);
  assert.ok(r.items.slice(0, 3).every((s) => s.categories.includes('medicines')));
});

test('morphology: "курсов программирования" finds adult education', async () => {
  const r = await search('курсов программирования');
  assert.ok(r.items.length > 0);
  assert.ok(r.items.slice(0, 3).every((s) => s.categories.includes('adult-education')), JSON.stringify(r.items.slice(0, 3).map((s) => s.id)));
});

test('ё and е are the same letter', async () => {
  const a = await search('учёба');
  const b = await search('учеба');
  assert.deepEqual(a.items.map((s) => s.id), b.items.map((s) => s.id));
});

test('a name is found by its name: Госуслуги, Zoom, hh.ru', async () => {
  assert.equal((await search('госуслуги')).items[0].id, 'gosuslugi');
  assert.match((await search('zoom')).items[0].name, /zoom/i);
  assert.match((await search('работа вакансии')).items[0].categories.join(), /job-search/);
});

test('English works too', async () => {
  const r = await search('online courses');
  assert.ok(r.items.length > 0 && r.items.slice(0, 3).every((s) => s.categories.includes('adult-education') || s.categories.includes('school-education')));
});

test('regional services are found by place', async () => {
  const r = await search('ульяновск', '&scope=regional');
  assert.ok(r.total >= 5);
});

test('nothing found is an empty list, not an error', async () => {
  const r = await search('ъъъъъ щщщщщ');
  assert.equal(r.total, 0);
  assert.deepEqual(r.items, []);
});

// No service delivers food and teaches chess: the answer is about the rest of
// the question, every word but the rarest, and says which word it left out.
test('"доставка продуктов шахматы": delivery without «шахматы», and the page says so', async () => {
  const r = await search('доставка продуктов шахматы');
  assert.equal(r.missing_word, 'шахматы');
  assert.equal(r.corrected_query, null);
  assert.ok(r.total >= 5 && r.items.slice(0, 5).every((s) => s.categories.includes('food-delivery')),
    JSON.stringify(r.items.slice(0, 5).map((s) => [s.id, s.categories])));
  assert.equal((await search('доставка продуктов')).missing_word, null);
  const page = await (await fetch(`${doma.base}/search?q=${encodeURIComponent('доставка продуктов шахматы')}`)).text();
  assert.match(page, /Показаны сервисы без слова «шахматы»/);
});

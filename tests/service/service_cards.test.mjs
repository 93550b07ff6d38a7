// Service cards as visitors get them: kept rendered (the card cache), yet
// never behind an edit, and never someone else's page for a signed-in person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, addUser, Client } from './harness.mjs';

const EDITOR = { login: 'cards-editor@doma.test', password: 'cards-password-1' };
let doma;
before(async () => {
  doma = await startDoma({ prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password) });
});
after(() => doma?.stop());

const get = async (path, headers = {}) => (await fetch(`${doma.base}${path}`, { headers })).text();
const metric = async (name) => {
  const m = new RegExp(`^${name} (\\d+)`, 'm').exec(await get('/metrics'));
  return m ? Number(m[1]) : NaN;
};
const service = (over = {}) => ({
  name: 'Сказкофон: сказки на ночь по телефону', url: 'https://skazki-po-telefonu.example.org/',
  short_description: 'Актёры читают детям сказки по телефону каждый вечер',
  description: 'Бесплатная линия: позвоните, и актёр прочитает ребёнку сказку.', organization: 'Театр у микрофона',
  scope: 'federal', cost: 'free', categories: 'kids-leisure', platforms: 'phone', audiences: 'families',
  contact: '', status: 'active', ...over,
});

test('a visitor sees an edited card at once, though cards are kept rendered', async () => {
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/services/new');
  const created = await ed.post('/editor/services/new', service());
  assert.equal(created.status, 303);
  const id = /\/services\/([^/?#]+)/.exec(created.headers.get('location'))?.[1];
  assert.ok(id, `the new service's card: ${created.headers.get('location')}`);

  const first = await get(`/services/${id}`);
  assert.match(first, /<h1[^>]*>Сказкофон: сказки на ночь по телефону/);
  assert.equal(await get(`/services/${id}`), first, 'the same page again (from the cache)');
  assert.ok((await metric('doma_card_cache_cards')) >= 1, 'the card is kept');

  await ed.get(`/editor/services/${id}/edit`);
  const edited = await ed.post(`/editor/services/${id}/edit`, service({ name: 'Сказкофон для малышей' }));
  assert.equal(edited.status, 303);
  const after = await get(`/services/${id}`);
  assert.match(after, /<h1[^>]*>Сказкофон для малышей/, 'the edit shows at once');
  assert.doesNotMatch(after, /сказки на ночь по телефону/);

  // English is its own page; a signed-in editor gets their own header.
  assert.match(await get(`/services/${id}`, { cookie: 'lang=en' }), /<html lang="en">/);
  const mine = await ed.get(`/services/${id}`);
  assert.match(mine.text, /action="\/logout"/, 'the signed-in header');
  assert.doesNotMatch(await get(`/services/${id}`), /action="\/logout"/, 'not shown to the next visitor');
});

test('every card is rendered ahead of visitors a few seconds after the start', async () => {
  const services = await metric('doma_catalog_services');
  assert.ok(services > 250, `the seeded catalog: ${services}`);
  let cards = 0;
  for (const t0 = Date.now(); Date.now() - t0 < 30e3; await new Promise((r) => setTimeout(r, 250))) {
    cards = await metric('doma_card_cache_cards');
    if (cards >= services) break;
  }
  assert.ok(cards >= services, `${cards} cards kept for ${services} services`);

  // Only a card's own address is kept (and ?src= from a poster or a share):
  // any other query would let anyone fill the cache with copies.
  const kept = await metric('doma_card_cache_cards');
  for (let i = 0; i < 5; i++) assert.match(await get(`/services/gosuslugi?utm=${i}`), /<h1/);
  assert.equal(await metric('doma_card_cache_cards'), kept, 'no copies kept for other queries');
  assert.match(await get('/services/gosuslugi?src=poster-entrance'), /href="\/go\/gosuslugi\?src=poster-entrance"/);
  assert.equal(await metric('doma_card_cache_cards'), kept + 1, 'a poster\'s link is a card of its own');
});

// JSON API v1 on the seeded catalog: shape, filters, facets, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, rawRequest, statusOf } from './harness.mjs';

let doma;
before(async () => { doma = await startDoma(); });
after(async () => { if (doma) await doma.stop(); });

const api = async (qs) => {
  const r = await fetch(`${doma.base}/api/v1/services${qs}`);
  return { status: r.status, type: r.headers.get('content-type'), body: await r.json() };
};

test('the list has the documented shape', async () => {
  const { status, body } = await api('?per_page=5');
  assert.equal(status, 200);
  assert.ok(body.total >= 250, `catalog has ${body.total} visible services`);
  assert.equal(body.page, 1);
  assert.equal(body.per_page, 5);
  assert.equal(body.items.length, 5);
  assert.equal(body.corrected_query, null);
  for (const key of ['id', 'name', 'short_description', 'url', 'scope', 'status', 'categories', 'audiences', 'cost', 'platforms'])
    assert.ok(key in body.items[0], key);
  for (const facet of ['category', 'scope', 'audience', 'cost', 'platform']) assert.equal(typeof body.facets[facet], 'object');
  assert.ok(body.facets.scope.regional > 0 && body.facets.scope.federal > 0 && body.facets.scope.international > 0);
});

test('filters narrow the results and facet counts add up', async () => {
  const all = await api('?per_page=1');
  const regional = await api('?scope=regional&per_page=100');
  assert.equal(regional.body.total, all.body.facets.scope.regional);
  assert.ok(regional.body.items.every((s) => s.scope === 'regional'));
  const food = await api('?category=food-delivery&per_page=100');
  assert.ok(food.body.total > 0);
  assert.ok(food.body.items.every((s) => s.categories.includes('food-delivery')));
  const health = await api('?category=health&per_page=100');
  assert.ok(health.body.items.every((s) => s.categories.some((c) => ['medicines', 'doctors-online', 'clinic-booking', 'laboratories', 'psychological-support', 'health'].includes(c))));
  const free = await api('?cost=free&platform=android&per_page=100');
  assert.ok(free.body.items.every((s) => s.cost === 'free' && s.platforms.includes('android')));
});

test('pagination returns disjoint pages', async () => {
  const p1 = await api('?per_page=10&page=1');
  const p2 = await api('?per_page=10&page=2');
  const ids1 = new Set(p1.body.items.map((s) => s.id));
  assert.ok(p2.body.items.every((s) => !ids1.has(s.id)));
  assert.equal(p2.body.page, 2);
});

test('sort by newest and popularity are accepted', async () => {
  for (const sort of ['relevance', 'newest', 'popularity']) assert.equal((await api(`?q=курсы&sort=${sort}`)).status, 200);
});

test('clicks through /go count for popularity', async () => {
  const r = await fetch(`${doma.base}/go/gosuslugi`, { redirect: 'manual' });
  assert.equal(r.status, 302);
  assert.match(r.headers.get('location'), /^https:\/\/(www\.)?gosuslugi\.ru/);
  const s = await (await fetch(`${doma.base}/api/v1/services/gosuslugi`)).json();
  assert.ok(s.clicks >= 1);
  const pop = await api('?sort=popularity&per_page=1');
  assert.equal(pop.body.items[0].id, 'gosuslugi');
});

for (const [qs, param] of [
  ['?category=no-such-thing', 'category'],
  ['?page=0', 'page'],
  ['?page=abc', 'page'],
  ['?per_page=101', 'per_page'],
  ['?per_page=0', 'per_page'],
  ['?scope=mars', 'scope'],
  ['?sort=random', 'sort'],
  [`?q=${'я'.repeat(201)}`, 'q'],
  ['?q=%FF%FE', 'q'],
]) {
  test(`bad parameter ${qs.slice(0, 40)} → 400 problem+json naming ${param}`, async () => {
    const { status, type, body } = await api(qs);
    assert.equal(status, 400);
    assert.match(type, /^application\/problem\+json/);
    assert.equal(body.status, 400);
    assert.equal(body.invalid_param, param);
    assert.ok(body.detail.length > 10);
  });
}

test('one service has every field; an unknown id is a 404 problem', async () => {
  const r = await fetch(`${doma.base}/api/v1/services/gosuslugi`);
  assert.equal(r.status, 200);
  const s = await r.json();
  for (const key of ['id', 'name', 'description', 'url', 'organization', 'status', 'scope', 'categories', 'audiences', 'cost',
                     'platforms', 'languages', 'phones', 'min_age', 'max_age', 'how_to_apply', 'offer', 'assured_at', 'created_at', 'updated_at', 'clicks'])
    assert.ok(key in s, key);
  const nf = await fetch(`${doma.base}/api/v1/services/no-such-service`);
  assert.equal(nf.status, 404);
  assert.match(nf.headers.get('content-type'), /problem\+json/);
  assert.equal((await nf.json()).status, 404);
});

test('categories come as a tree with counts', async () => {
  const r = await (await fetch(`${doma.base}/api/v1/categories`)).json();
  const slugs = r.items.flatMap((c) => [c.slug, ...c.children.map((x) => x.slug)]);
  for (const s of ['food-delivery', 'medicines', 'doctors-online', 'psychological-support', 'school-education', 'adult-education',
                   'remote-work', 'job-search', 'government-services', 'payments', 'culture', 'sport', 'volunteering',
                   'small-business', 'non-profits', 'communication', 'transport', 'kids-leisure'])
    assert.ok(slugs.includes(s), s);
  const health = r.items.find((c) => c.slug === 'health');
  assert.ok(health.count >= Math.max(...health.children.map((c) => c.count)));
});

test('the OpenAPI document describes every API path', async () => {
  const doc = await (await fetch(`${doma.base}/api/v1/openapi.json`)).json();
  assert.equal(doc.openapi, '3.1.0');
  for (const p of ['/api/v1/services', '/api/v1/services/{id}', '/api/v1/categories', '/api/v1/openapi.json', '/api/v1/submissions']) assert.ok(doc.paths[p], p);
});

test('a service whose offer has ended stays listed; the offer leaves its card', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const today = new Date().toISOString().slice(0, 10);
  const seed = readdirSync('data/catalog').filter((f) => f.startsWith('services'))
    .flatMap((f) => JSON.parse(readFileSync(`data/catalog/${f}`, 'utf8')));
  const ended = seed.filter((s) => (s.offers ?? []).some((o) => o.valid_until && o.valid_until < today) &&
    (s.kind ?? 'service') === 'service' && s.status === 'active');
  assert.ok(ended.length > 0, 'the seed has pandemic-time offers that have ended');
  const all = await api('?per_page=100&page=1');
  const pages = Math.ceil(all.body.total / 100);
  const listed = new Set(all.body.items.map((s) => s.id));
  for (let p = 2; p <= pages; ++p) (await api(`?per_page=100&page=${p}`)).body.items.forEach((s) => listed.add(s.id));
  for (const s of ended) {
    assert.ok(listed.has(s.id), `${s.id} is listed`);
    const card = await (await fetch(`${doma.base}/api/v1/services/${s.id}`)).json();
    assert.equal(card.offer, null, `${s.id}: no offer on`);
  }
});

test('API errors for malformed requests are problem+json too', async () => {
  const r = await rawRequest(doma.port, 'DELETE /api/v1/services HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(statusOf(r.text), 405);
  assert.match(r.text, /application\/problem\+json/);
});

// Open data (issue 15): the HSDS 3.0 API, export and import, checked against
// the standard's own JSON Schemas (../shared/hsds-3.0/schema, or
// $DOMA_HSDS_DIR) with ajv's JSON Schema 2020-12 validator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdtempSync, cpSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startDoma, BIN, dbFlags, addUser, Client, waitFor } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const HSDS = process.env.DOMA_HSDS_DIR ?? path.resolve(here, '../../../shared/hsds-3.0');
const present = existsSync(path.join(HSDS, 'schema', 'compiled', 'service.json'));
const skip = present ? false : `no HSDS 3.0 schemas at ${HSDS}`;

// Every schema file under its own name, so that "$ref": "phone.json" resolves.
function validators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const dir = path.join(HSDS, 'schema');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'openapi.json'))
    ajv.addSchema(JSON.parse(readFileSync(path.join(dir, f), 'utf8')), f);
  const compiled = (name) => ajv.compile({ ...JSON.parse(readFileSync(path.join(dir, 'compiled', name), 'utf8')), $id: `compiled/${name}` });
  return {
    ajv,
    service: compiled('service.json'),
    serviceList: compiled('service_list.json'),
    servicePackage: compiled('service_package.json'),
    organization: compiled('organization.json'),
    organizationList: compiled('organization_list.json'),
    table: (name) => ajv.getSchema(name),
  };
}

function check(validate, doc, what) {
  const ok = validate(doc);
  assert.ok(ok, `${what} is not valid HSDS 3.0: ${JSON.stringify(validate.errors?.slice(0, 3))}\n${JSON.stringify(doc).slice(0, 600)}`);
}

function doma(args, dbPath) {
  return spawnSync(BIN, [...args, ...dbFlags(dbPath)], { encoding: 'utf8', timeout: 120000 });
}

async function json(base, p) {
  const r = await fetch(base + p);
  assert.equal(r.status, 200, `${p}: ${r.status}`);
  return r.json();
}

// The rows of a table as the schema sees them: empty cells absent, numbers numeric.
function typed(row, schema) {
  const out = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === '') continue;
    const type = schema.properties?.[k]?.type;
    out[k] = type === 'number' || type === 'integer' ? Number(v) : v;
  }
  return out;
}

// The CSVs of a datapackage (a directory or a ZIP archive) as {file: [rows]}, read by Python's csv module.
function readTables(where) {
  const script = `
import csv, io, json, os, sys, zipfile
src = sys.argv[1]
files = {}
if zipfile.is_zipfile(src):
    with zipfile.ZipFile(src) as z:
        for n in z.namelist(): files[n] = z.read(n).decode('utf-8')
else:
    for n in os.listdir(src): files[n] = open(os.path.join(src, n), encoding='utf-8').read()
out = {n: (json.loads(t) if n.endswith('.json') else list(csv.DictReader(io.StringIO(t, newline='')))) for n, t in files.items()}
print(json.dumps(out))`;
  const r = spawnSync('python3', ['-c', script, where], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

let server, v;
before(async () => {
  if (!present) return;
  v = validators();
  server = await startDoma();
});
after(async () => { if (server) await server.stop(); });

test('every service of the HSDS API validates against the official schemas, in the list and alone', { skip }, async () => {
  let validated = 0;
  const first = await json(server.base, '/api/hsds/services?per_page=100');
  assert.ok(first.total_items >= 250, `only ${first.total_items} services published`);
  const ids = [];
  for (let page = 1; page <= first.total_pages; page++) {
    const p = page === 1 ? first : await json(server.base, `/api/hsds/services?per_page=100&page=${page}`);
    for (const s of p.contents) { check(v.serviceList, s, `list item ${s.id}`); validated++; ids.push(s.id); }
  }
  assert.equal(ids.length, first.total_items);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const id of ids) {
    const s = await json(server.base, `/api/hsds/services/${id}`);
    check(v.service, s, `service ${id}`);
    assert.equal(s.id, id);
    assert.ok(s.attributes.some((a) => a.link_type === 'category'), `${id} is filed under no category`);
    validated++;
  }
  const full = await json(server.base, '/api/hsds/services?per_page=1000&full=true');
  for (const s of full.contents) { check(v.service, s, `full list item ${s.id}`); validated++; }
  const orgs = await json(server.base, '/api/hsds/organizations?per_page=1000');
  for (const o of orgs.contents) { check(v.organizationList, o, `organization ${o.id}`); validated++; }
  const one = await json(server.base, `/api/hsds/organizations/${orgs.contents[0].id}?full_service=true`);
  check(v.organization, one, 'organization with its services');
  assert.ok(one.services.length >= 1);
  for (const [list, schema] of [['taxonomies', 'taxonomy.json'], ['taxonomy_terms', 'taxonomy_term.json']]) {
    const p = await json(server.base, `/api/hsds/${list}?per_page=1000`);
    assert.ok(p.total_items >= 3);
    for (const item of p.contents) {
      check(v.table(schema), item, `${list} ${item.id}`);
      check(v.table(schema), await json(server.base, `/api/hsds/${list}/${item.id}`), `${list}/${item.id}`);
      validated += 2;
    }
  }
  console.log(`# HSDS documents validated against the official schemas: ${validated}`);
});

test('the API is open to every origin, says what it is, and refuses a bad page in words', { skip }, async () => {
  const r = await fetch(`${server.base}/api/hsds/services`);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  const root = await json(server.base, '/api/hsds/');
  assert.equal(root.version, '3.0');
  const openapi = await json(server.base, new URL(root.openapi_url).pathname);
  assert.ok(openapi.paths['/api/hsds/services']);
  for (const q of ['page=0', 'page=x', 'per_page=1001', 'minimal=perhaps', 'format=xml', 'modified_after=yesterday']) {
    const bad = await fetch(`${server.base}/api/hsds/services?${q}`);
    assert.equal(bad.status, 400, q);
    assert.match(bad.headers.get('content-type'), /application\/problem\+json/);
    assert.equal(bad.headers.get('access-control-allow-origin'), '*');
    assert.ok((await bad.json()).detail.length > 5);
  }
  const missing = await fetch(`${server.base}/api/hsds/services/00000000-0000-4000-8000-000000000000`);
  assert.equal(missing.status, 404);
});

test('paging: the first, a middle and the last page agree with total_items', { skip }, async () => {
  const per = 7;
  const first = await json(server.base, `/api/hsds/services?per_page=${per}&page=1`);
  const pages = first.total_pages;
  assert.equal(pages, Math.ceil(first.total_items / per));
  const middle = await json(server.base, `/api/hsds/services?per_page=${per}&page=${Math.ceil(pages / 2)}`);
  const last = await json(server.base, `/api/hsds/services?per_page=${per}&page=${pages}`);
  assert.deepEqual([first.first_page, first.last_page, first.size], [true, false, per]);
  assert.deepEqual([middle.first_page, middle.last_page, middle.size], [false, false, per]);
  assert.equal(last.last_page, true);
  assert.equal(last.size, first.total_items - per * (pages - 1));
  assert.equal(last.page_number, pages);
  const beyond = await json(server.base, `/api/hsds/services?per_page=${per}&page=${pages + 1}`);
  assert.equal(beyond.size, 0);
  assert.equal(beyond.empty, true);
  // NDJSON: every service, one a line.
  const nd = await (await fetch(`${server.base}/api/hsds/services?format=ndjson&minimal=true`)).text();
  assert.equal(nd.trim().split('\n').length, first.total_items);
});

test('filters: a category term, an organisation, a search in Russian, modified_after — all cumulative', { skip }, async () => {
  const terms = await json(server.base, '/api/hsds/taxonomy_terms?per_page=1000&top_only=true');
  const health = terms.contents.find((t) => t.code === 'health');
  assert.ok(health, 'the health category is a term');
  const inHealth = await json(server.base, `/api/hsds/services?per_page=1000&taxonomy_term_id=${health.id}&full=true`);
  assert.ok(inHealth.total_items > 0);
  const children = (await json(server.base, `/api/hsds/taxonomy_terms?per_page=1000&parent_id=${health.id}`)).contents.map((t) => t.id);
  for (const s of inHealth.contents)
    assert.ok(s.attributes.some((a) => a.taxonomy_term_id === health.id || children.includes(a.taxonomy_term_id)), s.name);
  const all = await json(server.base, '/api/hsds/services?per_page=1');
  assert.ok(inHealth.total_items < all.total_items);

  const doctors = await json(server.base, '/api/hsds/services?per_page=1000&search=%D0%B2%D1%80%D0%B0%D1%87'); // врач
  assert.ok(doctors.total_items > 0 && doctors.total_items < all.total_items);
  const both = await json(server.base, `/api/hsds/services?per_page=1000&search=%D0%B2%D1%80%D0%B0%D1%87&taxonomy_term_id=${health.id}`);
  assert.ok(both.total_items <= Math.min(doctors.total_items, inHealth.total_items));
  const idsBoth = both.contents.map((s) => s.id);
  for (const id of idsBoth) assert.ok(doctors.contents.some((s) => s.id === id));

  const org = inHealth.contents[0].organization;
  const ofOrg = await json(server.base, `/api/hsds/services?per_page=1000&organization_id=${org.id}`);
  assert.ok(ofOrg.total_items >= 1);
  for (const s of ofOrg.contents) assert.equal(s.organization_id, org.id);

  const future = await json(server.base, '/api/hsds/services?modified_after=2999-01-01');
  assert.equal(future.total_items, 0);
  const past = await json(server.base, '/api/hsds/services?modified_after=2000-01-01&per_page=1');
  assert.equal(past.total_items, all.total_items);
});

test('ids are stable: the same service has the same id after a restart', { skip }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-hsds-ids-'));
  let a = await startDoma({ dir });
  const before = (await json(a.base, '/api/hsds/services?per_page=1000')).contents.map((s) => `${s.id} ${s.name}`).sort();
  await a.stop();
  a = await startDoma({ dir });
  const after = (await json(a.base, '/api/hsds/services?per_page=1000')).contents.map((s) => `${s.id} ${s.name}`).sort();
  await a.stop();
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(after, before);
});

test('export.zip and doma export --hsds: every row of every table validates against its table schema', { skip }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-hsds-export-'));
  const zip = path.join(dir, 'export.zip');
  const res = await fetch(`${server.base}/api/hsds/export.zip`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/zip');
  writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
  let rows = 0;
  const tables = readTables(zip);
  const pkg = tables['datapackage.json'];
  assert.equal(pkg.profile, 'tabular-data-package');
  assert.equal(pkg.licenses[0].name, 'CC-BY-4.0');
  for (const resource of pkg.resources) {
    const schemaName = `${resource.name}.json`;
    const validate = v.table(schemaName);
    assert.ok(validate, `no official schema ${schemaName}`);
    const schema = JSON.parse(readFileSync(path.join(HSDS, 'schema', schemaName), 'utf8'));
    assert.ok(tables[resource.path], `${resource.path} is in the archive`);
    for (const [i, row] of tables[resource.path].entries()) {
      check(validate, typed(row, schema), `${resource.path} row ${i + 2}`);
      rows++;
    }
  }
  const services = await json(server.base, '/api/hsds/services?per_page=1');
  assert.equal(tables['services.csv'].length, services.total_items);
  console.log(`# exported rows validated: ${rows}`);

  // The command writes the same tables, and the JSON form validates as a service package.
  const out = path.join(dir, 'pkg');
  const r = doma(['export', '--hsds', out, '--hsds-json', path.join(dir, 'services.json')], path.join(server.dir, 'doma.db'));
  assert.equal(r.status, 0, r.stderr);
  const fromCli = readTables(out);
  assert.deepEqual(Object.keys(fromCli).sort(), Object.keys(tables).sort());
  assert.equal(fromCli['services.csv'].length, services.total_items);
  const pkgJson = JSON.parse(readFileSync(path.join(dir, 'services.json'), 'utf8'));
  check(v.servicePackage, pkgJson, 'services.json');
  rmSync(dir, { recursive: true, force: true });
});

function fresh() {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-hsds-import-'));
  return { dir, db: path.join(dir, 'doma.db') };
}

test('the standard\'s example imports (dry run first), is found by search, a second run adds nothing, and it round-trips', { skip }, async () => {
  const { dir, db } = fresh();
  const example = path.join(HSDS, 'examples', 'csv');
  assert.equal(doma(['seed'], db).status, 0);
  const dry = doma(['import', '--hsds', example, '--dry-run', '--publish', '--category', 'health'], db);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /dry run/);
  assert.match(dry.stdout, /services: 1 new, 0 changed, 0 unchanged/);
  assert.match(dry.stdout, /Community Counselling/);
  assert.match(dry.stdout, /locations\.csv: 1 row\(s\) not imported/);

  const run = doma(['import', '--hsds', example, '--publish', '--category', 'health'], db);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /stored 1 services/);
  const again = doma(['import', '--hsds', example, '--publish', '--category', 'health'], db);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /services: 0 new, 0 changed, 1 unchanged/);

  const s = await startDoma({ dir });
  try {
    const found = await json(s.base, '/api/v1/services?q=counselling');
    assert.ok(found.items.some((i) => i.name === 'Community Counselling'), JSON.stringify(found.items.map((i) => i.name)));
    const hsds = await json(s.base, '/api/hsds/services/ac148810-d857-441c-9679-408f346de14b');
    check(v.service, hsds, 'the imported service');
    assert.equal(hsds.organization.id, 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610');
    assert.equal(hsds.phones[0].number, '+44 1234 234567');
    assert.equal(hsds.minimum_age, 12);
    assert.equal(hsds.cost_options[0].option, 'Платно');
    // Export it, re-import into another database: the same service.
    const exported = path.join(dir, 'exported');
    assert.equal(doma(['export', '--hsds', exported], db).status, 0);
    const other = fresh();
    assert.equal(doma(['seed'], other.db).status, 0);
    const re = doma(['import', '--hsds', exported, '--publish'], other.db);
    assert.equal(re.status, 0, re.stderr);
    const s2 = await startDoma({ dir: other.dir });
    try {
      const strip = (x) => { const { last_modified, organization, ...rest } = x; return rest; };
      const a = await json(s.base, '/api/hsds/services/ac148810-d857-441c-9679-408f346de14b');
      const b = await json(s2.base, '/api/hsds/services/ac148810-d857-441c-9679-408f346de14b');
      assert.deepEqual(strip(b), strip(a));
      const v1a = await json(s.base, `/api/v1/services/${(await json(s.base, '/api/v1/services?q=counselling')).items[0].id}`);
      const v1b = await json(s2.base, `/api/v1/services/${v1a.id}`);
      for (const k of ['name', 'description', 'url', 'organization', 'status', 'scope', 'categories', 'audiences', 'cost', 'cost_note', 'platforms', 'languages', 'phones', 'min_age', 'max_age', 'how_to_apply'])
        assert.deepEqual(v1b[k], v1a[k], k);
    } finally { await s2.stop(); rmSync(other.dir, { recursive: true, force: true }); }
  } finally { await s.stop(); rmSync(dir, { recursive: true, force: true }); }
});

function brokenCopy(edit) {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-hsds-bad-'));
  cpSync(path.join(HSDS, 'examples', 'csv'), dir, { recursive: true });
  const p = path.join(dir, 'services.csv');
  writeFileSync(p, edit(readFileSync(p, 'utf8')));
  return dir;
}

test('a datapackage with a duplicate id or a status outside the enum is refused, naming table, row and field', { skip }, async () => {
  const { dir, db } = fresh();
  assert.equal(doma(['seed'], db).status, 0);
  const dup = brokenCopy((t) => { const lines = t.trimEnd().split('\n'); return [...lines, lines[1]].join('\n') + '\n'; });
  const r1 = doma(['import', '--hsds', dup, '--publish', '--category', 'health'], db);
  assert.notEqual(r1.status, 0);
  assert.match(r1.stderr, /services\.csv, запись 3, поле id: id ac148810-d857-441c-9679-408f346de14b уже был выше/);
  assert.match(r1.stderr, /nothing imported/);
  const bad = brokenCopy((t) => t.replace(',active,', ',closed,'));
  const r2 = doma(['import', '--hsds', bad, '--publish', '--category', 'health'], db);
  assert.notEqual(r2.status, 0);
  assert.match(r2.stderr, /services\.csv, запись 2, поле status: «closed» — не из списка/);
  // Nothing of either reached the catalog.
  const s = await startDoma({ dir });
  try {
    const all = await json(s.base, '/api/hsds/services?search=counselling');
    assert.equal(all.total_items, 0);
  } finally { await s.stop(); }
  // --skip-invalid imports the valid rest (here: nothing) and says what it left.
  const r3 = doma(['import', '--hsds', bad, '--publish', '--category', 'health', '--skip-invalid'], db);
  assert.equal(r3.status, 0, r3.stderr);
  assert.match(r3.stdout, /1 with problems/);
  for (const d of [dup, bad, dir]) rmSync(d, { recursive: true, force: true });
});

test('without --publish the services go to the editors\' queue once, named by their source; approved, they keep their ids', { skip }, async () => {
  const { dir, db } = fresh();
  assert.equal(doma(['seed'], db).status, 0);
  const example = path.join(HSDS, 'examples', 'csv');
  const r1 = doma(['import', '--hsds', example], db);
  assert.equal(r1.status, 0, r1.stderr);
  assert.match(r1.stdout, /proposed 1 services to the editors' queue \(0 proposed before/);
  const r2 = doma(['import', '--hsds', example], db);
  assert.match(r2.stdout, /proposed 0 services to the editors' queue \(1 proposed before/);

  const editor = { login: 'editor@doma.test', password: 'editor-password-1' };
  const s = await startDoma({ dir, prepare: (p) => addUser(p, editor.login, 'editor', editor.password) });
  try {
    const ed = new Client(s.base);
    await ed.login(editor.login, editor.password);
    const desk = await ed.get('/editor');
    const id = /href="\/editor\/submissions\/(\d+)">Community Counselling/.exec(desk.text)?.[1];
    assert.ok(id, 'the imported proposal is in the queue');
    const review = await ed.get(`/editor/submissions/${id}`);
    assert.match(review.text, /Источник: HSDS: csv/);
    const approve = await ed.post(`/editor/submissions/${id}/approve`, {
      name: 'Community Counselling', url: 'http://example.com/counselling', short_description: 'Counselling Services provided by trained professionals.',
      description: 'Counselling by trained professionals.', organization: 'Example Organization Inc.', scope: 'international', cost: 'paid',
      categories: 'health', platforms: 'web', audiences: 'everyone', status: 'active',
    });
    assert.equal(approve.status, 303, approve.text?.slice(0, 300));
    const hsds = await json(s.base, '/api/hsds/services/ac148810-d857-441c-9679-408f346de14b');
    assert.equal(hsds.name, 'Community Counselling');
    assert.equal(hsds.organization.id, 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610');
  } finally { await s.stop(); }

  // A mapping file starts from every term of the input.
  const mapping = path.join(dir, 'mapping.json');
  const w = doma(['import', '--hsds', example, '--write-mapping', mapping], db);
  assert.equal(w.status, 0, w.stderr);
  const m = JSON.parse(readFileSync(mapping, 'utf8'));
  assert.equal(m.terms['3f7b145d-84af-42d7-8fae-eaca714b02b2'].category, '');
  assert.ok(m.categories.includes('health'));
  rmSync(dir, { recursive: true, force: true });
});

test('the JSON form imports too: a term mapped by the mapping file files the service', { skip }, async () => {
  const { dir, db } = fresh();
  assert.equal(doma(['seed'], db).status, 0);
  const service = JSON.parse(readFileSync(path.join(HSDS, 'examples', 'service_full.json'), 'utf8'));
  const file = path.join(dir, 'services.json');
  writeFileSync(file, JSON.stringify([service]));
  const mapping = path.join(dir, 'mapping.json');
  assert.equal(doma(['import', '--hsds', file, '--write-mapping', mapping], db).status, 0);
  const m = JSON.parse(readFileSync(mapping, 'utf8'));
  const terms = Object.keys(m.terms);
  assert.ok(terms.length >= 1, 'the example\'s terms are listed');
  for (const t of terms) m.terms[t].category = 'health';
  writeFileSync(mapping, JSON.stringify(m));
  const r = doma(['import', '--hsds', file, '--mapping', mapping, '--publish'], db);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /stored 1 services/);
  const s = await startDoma({ dir });
  try {
    const got = await json(s.base, `/api/hsds/services/${service.id}`);
    check(v.service, got, 'the imported JSON service');
    const health = (await json(s.base, '/api/hsds/taxonomy_terms?search=health&per_page=1000')).contents.find((t) => t.code === 'health');
    assert.ok(got.attributes.some((a) => a.taxonomy_term_id === health.id));
  } finally { await s.stop(); rmSync(dir, { recursive: true, force: true }); }
});

// The fixtures are made up (tests/fixtures/README.md): they need no shared material.
test('older layouts: an HSDS 1.1 directory and an Ohana API CSV export import as HSDS 3.0, a second run changes nothing', async () => {
  const { dir, db } = fresh();
  assert.equal(doma(['seed'], db).status, 0);
  const fixtures = path.resolve(here, '../fixtures');
  const old = doma(['import', '--hsds', path.join(fixtures, 'hsds-1.1'), '--publish', '--dry-run'], db);
  assert.equal(old.status, 0, old.stderr);
  assert.match(old.stdout, /layout: HSDS 1\.x\/2\.0/);
  assert.match(old.stdout, /services: 1 new/);
  for (const f of ['hsds-1.1', 'ohana']) {
    const r = doma(['import', '--hsds', path.join(fixtures, f), '--publish', '--category', 'culture'], db);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /stored 1 services/);
    const again = doma(['import', '--hsds', path.join(fixtures, f), '--publish', '--category', 'culture'], db);
    assert.match(again.stdout, /services: 0 new, 0 changed, 1 unchanged/, again.stdout);
  }
  const s = await startDoma({ dir });
  try {
    const food = (await json(s.base, '/api/v1/services?q=%D0%B4%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%B0%20%D0%BF%D1%80%D0%BE%D0%B4%D1%83%D0%BA%D1%82%D0%BE%D0%B2%20%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80')).items
      .find((i) => i.name === 'Доставка продуктов пожилым (пример)');
    assert.ok(food, 'the HSDS 1.1 service is found');
    const a = await json(s.base, `/api/v1/services/${food.id}`);
    assert.deepEqual(a.categories, ['food-delivery'], 'its taxonomy term names a Doma category');
    assert.equal(a.scope, 'federal');
    assert.deepEqual(a.languages, ['ru']);
    assert.equal(a.phones[0].number, '8 800 000-00-00');
    assert.equal(a.organization.website, 'https://fund.example.org');
    const lib = (await json(s.base, '/api/v1/services?q=%D1%8D%D0%BB%D0%B5%D0%BA%D1%82%D1%80%D0%BE%D0%BD%D0%BD%D0%B0%D1%8F%20%D0%B1%D0%B8%D0%B1%D0%BB%D0%B8%D0%BE%D1%82%D0%B5%D0%BA%D0%B0')).items
      .find((i) => i.name === 'Электронная библиотека (пример)');
    assert.ok(lib, 'the Ohana service is found');
    const b = await json(s.base, `/api/v1/services/${lib.id}`);
    assert.equal(b.organization.name, 'Библиотека «Пример»', 'the organisation comes through the location');
    assert.equal(b.url, 'https://library.example.org/ebooks');
    assert.deepEqual([...b.languages].sort(), ['en', 'ru']);
    assert.deepEqual(b.phones.map((p) => p.number), ['8 800 000-00-01'], 'the location\'s phone, not its fax');
    assert.deepEqual(b.categories, ['culture']);
  } finally { await s.stop(); rmSync(dir, { recursive: true, force: true }); }
});

test('an import beside a running server is searchable there at once (the catalog\'s change feed)', async () => {
  const s = await startDoma();
  try {
    const db = path.join(s.dir, 'doma.db');
    const r = doma(['import', '--hsds', path.resolve(here, '../fixtures/hsds-1.1'), '--publish'], db);
    assert.equal(r.status, 0, r.stderr);
    const q = '/api/v1/services?q=%D0%B4%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%B0%20%D0%BF%D1%80%D0%BE%D0%B4%D1%83%D0%BA%D1%82%D0%BE%D0%B2%20%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80';
    const t0 = Date.now();
    const found = await waitFor(async () => (await json(s.base, q)).items.find((i) => i.name === 'Доставка продуктов пожилым (пример)'), 5000);
    assert.ok(found, 'found by the running server');
    console.log(`# found by search ${Date.now() - t0} ms after the import returned`);
    const hsds = await json(s.base, '/api/hsds/services?search=%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80&per_page=1000');
    assert.ok(hsds.contents.some((x) => x.name === 'Доставка продуктов пожилым (пример)'), 'and by the HSDS API');
  } finally { await s.stop(); }
});

test('a search matching more than 10,000 services is refused with what to do (one request reads at most 100 pages)', async () => {
  const { dir, db } = fresh();
  assert.equal(doma(['seed', '--synthetic', '12000'], db).status, 0);
  const s = await startDoma({ dir });
  try {
    const broad = await fetch(`${s.base}/api/hsds/services?search=%D0%B8`);  // «и»: in almost every one
    assert.equal(broad.status, 400);
    assert.equal(broad.headers.get('access-control-allow-origin'), '*');
    assert.match((await broad.json()).detail, /больше 10000: уточните запрос/);
    const narrower = await json(s.base, '/api/hsds/services?search=%D0%B4%D0%BB%D1%8F&per_page=1');  // «для»
    assert.ok(narrower.total_items > 1000 && narrower.total_items <= 10000, String(narrower.total_items));
  } finally { await s.stop(); rmSync(dir, { recursive: true, force: true }); }
});

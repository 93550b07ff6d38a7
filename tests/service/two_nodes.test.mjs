// Two `doma serve` on one PostgreSQL: what one node commits reaches the
// other through the database's change feed; a race between volunteers on
// both nodes has one winner; a password guessed on both nodes is refused
// after the configured number in all; each message is delivered once; and
// when one node is killed during a write load, the other keeps answering
// and every write either acknowledged is stored.
// Runs with DOMA_TEST_BACKEND=postgresql (scripts/run-tests' PostgreSQL
// stage); on SQLite it is skipped, saying why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { BIN, POSTGRES, startDoma, addUser, Client, dbFlags, secret } from './harness.mjs';

const skip = POSTGRES ? false : 'needs PostgreSQL (DOMA_TEST_BACKEND=postgresql under scripts/with-postgres)';
const PASSWORD = 'two-nodes-password-1';
const RACERS = 50;
const COORDINATOR = 'coordinator@nodes.test';
const EDITOR = 'editor@nodes.test';
const RESIDENT = 'resident@nodes.test';
const racer = (i) => `racer${String(i).padStart(2, '0')}@nodes.test`;
const PLACE = 'ulyanovsk-leninsky';

let a, b, db;
const c = {};  // login → Client on its node
const figures = {};

async function call(node, client, method, p, body) {
  const h = client ? { cookie: client.cookieHeader() } : {};
  if (body !== undefined) h['content-type'] = 'application/json';
  if (client && method === 'POST') h['x-csrf-token'] = client.cookies.get('doma_csrf');
  const res = await fetch(node.base + p, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  if (client) client.remember(res);
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, text, json };
}

// How long until `fn()` holds, polling every 10 ms (null after 5 s).
async function delayUntil(fn) {
  const t0 = performance.now();
  while (performance.now() - t0 < 5000) {
    if (await fn()) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

function psql(sql) {
  const address = readFileSync(`${db}.address`, 'utf8');
  return execFileSync('psql', ['-qAt', address, '-c', sql], { encoding: 'utf8' }).trim();
}

const form = (over = {}) => ({
  channel: 'self', kinds: ['groceries'], details: 'Хлеб и молоко', recipient_name: 'Мария Ивановна',
  phone: '+7 904 111-22-33', address: { street: 'улица Гончарова', house: '12', flat: '34' },
  place_id: PLACE, urgency: '1-2-days', payment: 'cash-on-receipt', consent: true, ...over,
});

before(async () => {
  if (skip) return;
  const logins = [RESIDENT, ...Array.from({ length: RACERS }, (_, i) => racer(i + 1))];
  a = await startDoma({
    node: 'a',
    prepare: async (p) => {
      db = p;
      await addUser(p, COORDINATOR, 'coordinator', PASSWORD);
      await addUser(p, EDITOR, 'editor', PASSWORD);
      for (const login of logins) await addUser(p, login, 'resident', PASSWORD);
    },
  });
  b = await startDoma({ node: 'b', dir: a.dir });
  // Half of the people on each node; sessions live in the database.
  for (const [i, login] of [COORDINATOR, ...logins].entries()) {
    c[login] = new Client(i % 2 ? b.base : a.base);
    c[login].node = i % 2 ? b : a;
    await c[login].login(login, PASSWORD);
  }
  for (const [i, login] of logins.slice(1).entries()) {
    const v = await call(c[login].node, c[login], 'POST', '/api/v1/help/volunteer', {
      first_name: `Волонтёр${i + 1}`, phone: `+7 927 200-${String(10 + Math.floor(i / 100))}-${String(i % 100).padStart(2, '0')}`,
      place_id: PLACE, kinds: ['groceries'], has_car: false, max_km: 15,
    });
    assert.equal(v.status, 201, v.text);
    const ok = await call(c[COORDINATOR].node, c[COORDINATOR], 'POST', `/api/v1/help/volunteers/${v.json.account_id}/verify`, { id_checked: true, briefed: true });
    assert.equal(ok.status, 200, ok.text);
  }
});

after(async () => {
  if (b) await b.stop();
  if (a) await a.stop();
  if (Object.keys(figures).length) console.log(`two nodes: ${JSON.stringify(figures)}`);
});

test('a session made on one node is good on the other', { skip }, async () => {
  const other = c[COORDINATOR].node === a ? b : a;
  const r = await call(other, c[COORDINATOR], 'GET', '/api/v1/help/dashboard');
  assert.equal(r.status, 200, r.text);
});

test('a request made on A is in B\'s feed within a second, 50 volunteers on both nodes take it at once: one wins, and it leaves both feeds', { skip }, async () => {
  const resident = c[RESIDENT];
  const made = await call(a, resident, 'POST', '/api/v1/help/requests', form());
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const watcherB = c[racer(1)].node === b ? c[racer(1)] : c[racer(2)];
  const watcherA = c[racer(1)].node === a ? c[racer(1)] : c[racer(2)];
  const inFeed = async (node, who) => (await call(node, who, 'GET', '/api/v1/help/feed?limit=100')).json?.items?.some((x) => x.id === id);
  const seen = await delayUntil(() => inFeed(b, watcherB));
  assert.ok(seen !== null && seen < 1000, `in B's feed after ${seen} ms`);
  figures.feed_propagation_ms = Math.round(seen);
  assert.ok(await inFeed(a, watcherA));

  const racers = Array.from({ length: RACERS }, (_, i) => racer(i + 1));
  const results = await Promise.all(racers.map((l) => call(c[l].node, c[l], 'POST', `/api/v1/help/requests/${id}/take`)));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 409).length, RACERS - 1, statuses.join(','));
  figures.race = '1 × 200, 49 × 409';
  const goneA = await delayUntil(async () => !(await inFeed(a, watcherA)));
  const goneB = await delayUntil(async () => !(await inFeed(b, watcherB)));
  assert.ok(goneA !== null && goneA < 1000 && goneB !== null && goneB < 1000, `left the feeds after ${goneA} and ${goneB} ms`);
});

test('a service proposed on B and approved by an editor on A is found by search on B within a second', { skip }, async () => {
  const anon = new Client(b.base);
  await anon.get('/services/propose');
  const proposal = {
    name: 'Сказкофон: сказки на ночь по телефону', url: 'https://skazki-po-telefonu.example.org/',
    short_description: 'Актёры читают детям сказки по телефону каждый вечер',
    description: 'Бесплатная линия: позвоните, и актёр прочитает ребёнку сказку.', organization: 'Театр у микрофона',
    scope: 'federal', cost: 'free', categories: 'kids-leisure', platforms: 'phone', audiences: 'families',
  };
  assert.equal((await anon.post('/services/propose', proposal)).status, 200);
  const ed = new Client(a.base);
  await ed.login(EDITOR, PASSWORD);
  const desk = await ed.get('/editor');
  const id = /href="\/editor\/submissions\/(\d+)">Сказкофон/.exec(desk.text)?.[1];
  assert.ok(id, 'the proposal made on B is on A\'s desk');
  const approve = await ed.post(`/editor/submissions/${id}/approve`, { ...proposal, status: 'active' });
  assert.equal(approve.status, 303);
  const found = async () => (await (await fetch(`${b.base}/api/v1/services?q=${encodeURIComponent('сказкофон')}`)).json()).items.length > 0;
  const seen = await delayUntil(found);
  assert.ok(seen !== null && seen < 1000, `found on B after ${seen} ms`);
  figures.approval_propagation_ms = Math.round(seen);
});

test('services written by `doma seed` against the live database are found on both nodes', { skip }, async () => {
  const total = async (node) => (await (await fetch(`${node.base}/api/v1/services?per_page=1`)).json()).total;
  const before = await total(a);
  assert.equal(await total(b), before);
  const r = spawnSync(BIN, ['seed', '--synthetic', '50', ...dbFlags(db)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!r.stdout.includes(readFileSync(`${db}.address`, 'utf8').match(/:([^:@/]+)@/)[1]), 'the password is not printed');
  const grew = async (node) => (await total(node)) > before;
  const onA = await delayUntil(() => grew(a));
  const onB = await delayUntil(() => grew(b));
  assert.ok(onA !== null && onB !== null && onA < 2000 && onB < 2000, `seen after ${onA} and ${onB} ms`);
  assert.equal(await total(a), await total(b));
  figures.seed_propagation_ms = Math.round(Math.max(onA, onB));
});

test('200 wrong passwords for one account spread over both nodes: 5 are answered, the other 195 get 429', { skip }, async () => {
  const victim = racer(7);
  const statuses = [];
  for (let round = 0; round < 10; ++round) {
    // 20 at a time, alternating nodes, from one address (the login throttle
    // allows 5 per account and address in 15 minutes).
    const batch = Array.from({ length: 20 }, async (_, k) => {
      const i = round * 20 + k;
      const cl = new Client((i % 2 ? b : a).base);
      await cl.get('/login');
      return (await cl.post('/login', { login: victim, password: `wrong-${i}-guess` })).status;
    });
    statuses.push(...await Promise.all(batch));
  }
  const refused = statuses.filter((s) => s === 429).length;
  assert.equal(statuses.length, 200);
  assert.equal(refused, 195, `answered: ${statuses.filter((s) => s !== 429).join(',')}`);
  assert.ok(statuses.filter((s) => s !== 429).every((s) => s === 400), 'the 5 answered say the password is wrong');
  figures.login_throttle = `${200 - refused} answered, ${refused} × 429`;
});

test('each message is delivered once with both nodes sending', { skip }, async () => {
  const stored = Number(psql("SELECT count(*) FROM outbox WHERE status = 'sent'"));
  const lines = ['a', 'b'].flatMap((n) => {
    const p = path.join(a.dir, `outbox-${n}.log`);
    return existsSync(p) ? readFileSync(p, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  });
  const keys = lines.map((m) => m.key);
  assert.ok(lines.length > 0);
  assert.equal(new Set(keys).size, keys.length, 'a message was delivered twice');
  assert.ok(stored >= lines.length);
  figures.deliveries = `${lines.length} messages, ${new Set(keys).size} distinct`;
});

test('kill -9 of node A during a write load: B keeps answering, and every request either node acknowledged is stored', { skip }, async () => {
  const resident = c[RESIDENT];
  // A second session of the resident on the other node.
  const onB = new Client(b.base);
  await onB.login(RESIDENT, PASSWORD);
  const acked = [];
  const bStatuses = [];
  let killed = false;
  const load = async (node, who, n) => {
    for (let i = 0; i < n; ++i) {
      try {
        const r = await call(node, who, 'POST', '/api/v1/help/requests', form({ details: `Нагрузка ${i}` }));
        if (r.status === 201) acked.push(r.json.id);
        if (node === b) bStatuses.push(r.status);
      } catch { /* node A is gone: its connection broke */ }
      if (node === a && killed) return;
    }
  };
  const writers = [load(a, resident, 400), load(b, onB, 60)];
  await new Promise((r) => setTimeout(r, 300));
  await a.crash();
  killed = true;
  await Promise.all(writers);
  const fromB = await call(b, onB, 'GET', '/api/v1/help/requests');
  assert.equal(fromB.status, 200, 'B still answers');
  assert.equal((await fetch(`${b.base}/readyz`)).status, 200);
  const stored = new Set(psql('SELECT id FROM help_requests').split('\n').map(Number));
  const lost = acked.filter((id) => !stored.has(id));
  assert.deepEqual(lost, [], 'acknowledged but not stored');
  assert.deepEqual([...new Set(bStatuses)], [201], 'every write on B succeeded, before and after the kill');
  assert.ok(acked.length > bStatuses.length, 'A acknowledged writes before it was killed');
  figures.kill9 = `${acked.length} acknowledged, ${acked.length - lost.length} found`;
});

test('a node without the shared key file refuses to start, and says why', { skip }, async () => {
  const address = readFileSync(`${db}.address`, 'utf8');
  const none = spawnSync(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', address], { encoding: 'utf8', timeout: 30000 });
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /--key-file/);
  // The database holds sealed data: a new key would make it unreadable.
  const other = spawnSync(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', address, '--key-file', path.join(b.dir, 'new.key')],
    { encoding: 'utf8', timeout: 30000 });
  assert.notEqual(other.status, 0);
  assert.match(other.stderr, /key file .*new\.key is missing/);
  assert.ok(!existsSync(path.join(b.dir, 'new.key')), 'no new key was made');
  assert.ok(!other.stderr.includes(address.match(/:([^:@/]+)@/)[1]), 'the password is not printed');
});

// Durability under `kill -9`: writers on several connections create services
// (an editor) and help requests (two residents) while the server is killed
// at a random moment, again and again on the same database. After every
// restart each write that was acknowledged is there — in the database, on
// its page and in search — and at the end `doma check` finds the database
// intact and the saved index consistent with it. DOMA_KILL_CYCLES sets the
// number of cycles (20 in `make test`, 200 in `make bench`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, startDoma, addUser, Client } from './harness.mjs';

const CYCLES = Number(process.env.DOMA_KILL_CYCLES ?? 20);
const EDITOR = 'kill-editor@doma.test';
const RESIDENTS = ['kill-res-1@doma.test', 'kill-res-2@doma.test'];
const PASSWORD = 'kill-cycle-password-1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A word no other service has, so that search finds exactly this one.
const word = (cycle, n) => `kvz${String.fromCharCode(97 + (cycle % 26))}${String.fromCharCode(97 + Math.floor(cycle / 26) % 26)}q${'abcdefghij'[n % 10]}${'klmnopqrst'[Math.floor(n / 10) % 10]}${'uvwxyzabcd'[Math.floor(n / 100) % 10]}`;

async function serviceWriter(doma, cycle, acknowledged, running) {
  const ed = new Client(doma.base);
  await ed.login(EDITOR, PASSWORD);
  await ed.get('/editor/services/new');
  for (let n = 0; running(); ++n) {
    const w = word(cycle, n);
    let r;
    try {
      r = await ed.post('/editor/services/new', {
        name: `Сервис ${w}`, url: `https://${w}.example.org/`, short_description: `Проверка сохранности ${w}`,
        description: 'Создан во время проверки kill -9.', organization: 'Проверка', scope: 'federal', cost: 'free',
        categories: 'kids-leisure', platforms: 'web', audiences: 'everyone', status: 'active',
      });
    } catch { return; }  // the server is gone
    if (r.status === 303) acknowledged.set(r.headers.get('location').replace('/services/', ''), { w, cycle });
  }
}

async function requestWriter(doma, cycle, login, acknowledged, running) {
  const c = new Client(doma.base);
  await c.login(login, PASSWORD);
  await c.get('/help/ask');
  while (running()) {
    let r;
    try {
      r = await c.post('/help/ask', {
        channel: 'self', kinds: 'groceries', recipient_name: 'Анна Петровна', phone: '+7 917 000-11-22',
        place_id: 'dimitrovgrad', street: 'улица Гончарова', house: '1', urgency: '1-2-days', consent: 'yes',
      });
    } catch { return; }
    if (r.status === 303) acknowledged.get(login).set(/\/help\/requests\/(\d+)/.exec(r.headers.get('location'))[1], cycle);
  }
}

// Every acknowledged write in `services` and `requests` is checked (at the
// end: all of them; after each kill: those of the last cycle and a sample of
// the older ones, so that 200 cycles stay quick).
function pick(entries, cycle) {
  if (cycle === undefined) return entries;
  const fresh = entries.filter(([, v]) => (v.cycle ?? v) === cycle);
  const older = entries.filter(([, v]) => (v.cycle ?? v) !== cycle).sort(() => Math.random() - 0.5).slice(0, 20);
  return [...fresh, ...older];
}

async function verify(doma, services, requests, when, cycle) {
  for (const [id, { w }] of pick([...services], cycle)) {
    const page = await fetch(`${doma.base}/api/v1/services/${id}`);
    assert.equal(page.status, 200, `${when}: service ${id} was acknowledged and is gone`);
    const found = await (await fetch(`${doma.base}/api/v1/services?q=${w}`)).json();
    assert.deepEqual(found.items.map((s) => s.id), [id], `${when}: search finds service ${id} by «${w}»`);
  }
  for (const login of RESIDENTS) {
    const c = new Client(doma.base);
    await c.login(login, PASSWORD);
    for (const [id] of pick([...requests.get(login)], cycle))
      assert.equal((await c.get(`/help/requests/${id}`)).status, 200,
        `${when}: request ${id} of ${login} was acknowledged and is gone`);
  }
}

test(`${CYCLES} kill -9 cycles under concurrent writes lose no acknowledged write`, { timeout: 60 * 60 * 1000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-kill-'));
  const db = path.join(dir, 'doma.db');
  await addUser(db, EDITOR, 'editor', PASSWORD);
  for (const r of RESIDENTS) await addUser(db, r, 'resident', PASSWORD);
  const services = new Map();
  const requests = new Map(RESIDENTS.map((r) => [r, new Map()]));
  try {
    for (let cycle = 0; cycle < CYCLES; ++cycle) {
      const doma = await startDoma({ dir });
      if (cycle > 0) await verify(doma, services, requests, `after kill ${cycle}`, cycle - 1);
      let live = true;
      const running = () => live;
      const writers = [serviceWriter(doma, cycle, services, running),
        ...RESIDENTS.map((r) => requestWriter(doma, cycle, r, requests, running))]
        // A writer that was logging in when the server died just stops.
        .map((w) => w.catch(() => {}));
      await sleep(150 + Math.floor(Math.random() * 350));
      await doma.crash();
      live = false;
      await Promise.all(writers);
    }
    const doma = await startDoma({ dir });
    await verify(doma, services, requests, 'at the end');
    await doma.stop();
    assert.ok(services.size > CYCLES, `services were written (${services.size})`);
    for (const [login, ids] of requests) assert.ok(ids.size > CYCLES, `${login}'s requests were written (${ids.size})`);
    let nrequests = 0;
    for (const ids of requests.values()) nrequests += ids.size;
    t.diagnostic(`${CYCLES} kills: ${services.size} services and ${nrequests} help requests acknowledged, all found`);
    const check = spawnSync(BIN, ['check', '--db', db], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr + check.stdout);
    assert.match(check.stdout, /database: ok/);
    assert.match(check.stdout, /index: ok/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Cross-node propagation on PostgreSQL: two `doma serve` on one database
// (under scripts/with-postgres, DOMA_TEST_BACKEND=postgresql); a resident
// creates a help request on node A, and a verified volunteer on node B polls
// B's feed every millisecond until it is there. The delay from A's 201 to
// B's feed holding it, over --requests requests, then the same for a take on
// B leaving A's feed. Markdown on stdout.
// Usage: DOMA_TEST_BACKEND=postgresql scripts/with-postgres node bench/propagation.mjs [--requests 200]
import { parseArgs } from 'node:util';
import { POSTGRES, startDoma, addUser, Client } from '../tests/service/harness.mjs';

const { values: opt } = parseArgs({ options: { requests: { type: 'string', default: '200' } } });
const N = Number(opt.requests);
if (!POSTGRES) {
  console.log('skipped: needs DOMA_TEST_BACKEND=postgresql under scripts/with-postgres');
  process.exit(0);
}
const PASSWORD = 'bench-propagation-1';
const PLACE = 'ulyanovsk-leninsky';

async function api(node, who, method, p, body) {
  const h = { cookie: who.cookieHeader() };
  if (body) h['content-type'] = 'application/json';
  if (method === 'POST') h['x-csrf-token'] = who.cookies.get('doma_csrf');
  const res = await fetch(node.base + p, { method, headers: h, body: body ? JSON.stringify(body) : undefined });
  who.remember(res);
  return { status: res.status, json: await res.json().catch(() => null) };
}

const a = await startDoma({
  node: 'a',
  prepare: async (db) => {
    await addUser(db, 'coordinator@prop.test', 'coordinator', PASSWORD);
    await addUser(db, 'resident@prop.test', 'resident', PASSWORD);
    await addUser(db, 'volunteer@prop.test', 'resident', PASSWORD);
  },
});
const b = await startDoma({ node: 'b', dir: a.dir });
try {
  const resident = new Client(a.base), volunteer = new Client(b.base), coordinator = new Client(a.base);
  await resident.login('resident@prop.test', PASSWORD);
  await volunteer.login('volunteer@prop.test', PASSWORD);
  await coordinator.login('coordinator@prop.test', PASSWORD);
  const v = await api(b, volunteer, 'POST', '/api/v1/help/volunteer', {
    first_name: 'Вера', phone: '+7 927 300-00-01', place_id: PLACE, kinds: ['groceries'], has_car: false, max_km: 15,
  });
  await api(a, coordinator, 'POST', `/api/v1/help/volunteers/${v.json.account_id}/verify`, { id_checked: true, briefed: true });
  // Waits a millisecond; a change not seen in 10 s is an error, not a figure.
  const tick = async (t0) => {
    if (performance.now() - t0 > 10000) throw new Error('not propagated in 10 s');
    await new Promise((r) => setTimeout(r, 1));
  };
  const inFeed = async (node, who, id) => (await api(node, who, 'GET', '/api/v1/help/feed?limit=200')).json.items.some((x) => x.id === id);
  const watcherA = new Client(a.base);
  await watcherA.login('volunteer@prop.test', PASSWORD);
  const appear = [], leave = [];
  for (let i = 0; i < N; ++i) {
    const made = await api(a, resident, 'POST', '/api/v1/help/requests', {
      channel: 'self', kinds: ['groceries'], details: `Хлеб ${i}`, recipient_name: 'Мария Ивановна',
      phone: '+7 904 111-22-33', address: { street: 'улица Гончарова', house: '12' }, place_id: PLACE,
      urgency: '1-2-days', payment: 'cash-on-receipt', consent: true,
    });
    if (made.status !== 201) throw new Error(`create: ${made.status}`);
    let t0 = performance.now();
    while (!(await inFeed(b, volunteer, made.json.id))) await tick(t0);
    appear.push(performance.now() - t0);
    const took = await api(b, volunteer, 'POST', `/api/v1/help/requests/${made.json.id}/take`);
    if (took.status !== 200) throw new Error(`take: ${took.status}`);
    t0 = performance.now();
    while (await inFeed(a, watcherA, made.json.id)) await tick(t0);
    leave.push(performance.now() - t0);
    // Given back and cancelled: the volunteer stays under the limit of
    // requests in progress, and the feed stays short.
    const back = await api(b, volunteer, 'POST', `/api/v1/help/requests/${made.json.id}/release`, { reason: 'бенчмарк' });
    const gone = await api(a, resident, 'POST', `/api/v1/help/requests/${made.json.id}/cancel`, { reason: 'бенчмарк' });
    if (back.status !== 200 || gone.status !== 200) throw new Error(`release ${back.status}, cancel ${gone.status}`);
  }
  const q = (xs, p) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  const row = (name, xs) => `| ${name} | ${xs.length} | ${q(xs, 0.5).toFixed(1)} ms | ${q(xs, 0.99).toFixed(1)} ms | ${Math.max(...xs).toFixed(1)} ms |`;
  console.log('| from a commit on one node to the other node showing it | n | p50 | p99 | max |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(row('request created on A → in B\'s volunteer feed', appear));
  console.log(row('request taken on B → gone from A\'s feed', leave));
  console.log('\n(each delay includes one feed request to the node, ~1 ms, polled every millisecond)');
} finally {
  await b.stop();
  await a.stop();
}

// 200 wrong-password logins in a burst against one account from one address,
// while a second client keeps loading the home page. Prints how the logins
// were answered and the home page's latency during the flood.
// Usage: DOMA_BIN=build/release/doma node bench/login_flood.mjs
import { spawn } from 'node:child_process';
import { startDoma, addUser, Client } from '../tests/service/harness.mjs';

const N = 200;
const doma = await startDoma({ args: ['--no-access-log'], prepare: (db) => addUser(db, 'victim@doma.test', 'resident', 'the-real-password-1') });
try {
  const attacker = new Client(doma.base);
  await attacker.get('/login');
  const statuses = {};
  // The home page is measured by wrk, a separate process, so that this
  // script's own burst does not count as server latency.
  const wrk = spawn('wrk', ['-t1', '-c2', '-d6s', '--latency', `${doma.base}/`]);
  let wrkOut = '';
  wrk.stdout.on('data', (d) => { wrkOut += d; });
  const wrkDone = new Promise((r) => wrk.on('exit', r));
  await new Promise((r) => setTimeout(r, 500));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: N }, (_, i) =>
    attacker.post('/login', { login: 'victim@doma.test', password: `guess-${i}-guess` }).then((r) => { statuses[r.status] = (statuses[r.status] ?? 0) + 1; })));
  const floodMs = performance.now() - t0;
  await wrkDone;
  const other = new Client(doma.base);
  await other.get('/login');
  const otherAccount = await other.post('/login', { login: 'someone-else@doma.test', password: 'whatever-password' });
  const lat = (label) => {
    const m = new RegExp(`^\\s+${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(wrkOut);
    return m ? Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1) : NaN;
  };
  const requests = /(\d+) requests in/.exec(wrkOut)?.[1];
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(wrkOut)?.[1] ?? '0';
  console.log(`| login attempts | answered 400 (wrong) | answered 429 (throttled) | other | flood took |`);
  console.log(`|---|---|---|---|---|`);
  console.log(`| ${N} | ${statuses[400] ?? 0} | ${statuses[429] ?? 0} | ${N - (statuses[400] ?? 0) - (statuses[429] ?? 0)} | ${floodMs.toFixed(0)} ms |`);
  console.log();
  console.log(`GET / (wrk -c2, 6 s around the flood): ${requests} requests, p50 ${lat(50)} ms, p99 ${lat(99)} ms, non-2xx ${non2xx}`);
  console.log(`Another account from the same address afterwards: ${otherAccount.status} (the per-address limit counts attempts that were let through)`);
  if (!(statuses[429] > 0) || !(lat(99) < 50)) process.exitCode = 1;
} finally {
  await doma.stop();
}

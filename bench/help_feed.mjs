// The volunteer feed over HTTP at 100,000 open requests: generates them with
// `doma help generate`, starts doma on the file (one thread), signs in a
// verified volunteer and runs wrk on /api/v1/help/feed with a mix of places
// and filters (a Lua script, one path per request). Also prints the start-up
// time and RSS at that size. Markdown on stdout.
// Usage: DOMA_BIN=build/release/doma node bench/help_feed.mjs [count]
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, startDoma, addUser, Client } from '../tests/service/harness.mjs';

const COUNT = Number(process.argv[2] ?? 100000);
const PASSWORD = 'bench-password-1';
let genMs = 0;
const t0 = performance.now();
let tPrepared = 0;
const doma = await startDoma({
  args: ['--no-access-log', '--threads', '1'],
  prepare: async (db) => {
    await addUser(db, 'vol@bench.test', 'resident', PASSWORD);
    await addUser(db, 'coord@bench.test', 'coordinator', PASSWORD);
    const g0 = performance.now();
    const r = spawnSync(BIN, ['help', 'generate', '--count', String(COUNT), '--db', db], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    genMs = performance.now() - g0;
    tPrepared = performance.now();
  },
});
const readyMs = performance.now() - tPrepared;
let dir;  // the wrk script's, removed at the end
void t0;
try {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${doma.child.pid}/status`, 'utf8'))[1]) / 1024;
  const rssReady = rss();
  const vol = new Client(doma.base);
  await vol.login('vol@bench.test', PASSWORD);
  await vol.post('/volunteer/signup', { first_name: 'Бенч', phone: '+79000000001', place_id: 'ulyanovsk-leninsky', kinds: 'groceries', max_km: '25' });
  const coord = new Client(doma.base);
  await coord.login('coord@bench.test', PASSWORD);
  const list = await coord.get('/coordinator/volunteers?status=pending');
  const vid = /\/coordinator\/volunteers\/(\d+)"/.exec(list.text)[1];
  await coord.post(`/coordinator/volunteers/${vid}/verify`, { id_checked: 'yes', briefed: 'yes' });
  const places = JSON.parse((await vol.get('/api/v1/help/places')).text);
  const ids = (places.places ?? places.items ?? places).map((p) => p.id);
  const kinds = ['groceries', 'medicines', 'meals', 'chores', 'pets', 'rubbish', 'ride', 'talk', 'other'];
  const urg = ['today', '1-2-days', 'this-week'];
  const paths = [];
  for (let i = 0; i < 1000; i++) {
    let p = `/api/v1/help/feed?place=${ids[(i * 7) % ids.length]}`;
    if (i % 4 === 0) p = '/api/v1/help/feed';  // from the volunteer's home point (Ulyanovsk, the densest)
    if (i % 3 === 1) p += `${p.includes('?') ? '&' : '?'}kind=${kinds[i % 9]}`;
    if (i % 5 === 2) p += `${p.includes('?') ? '&' : '?'}urgency=${urg[i % 3]}`;
    paths.push(p);
  }
  const check = await vol.get(paths[0]);
  if (check.status !== 200) throw new Error(`feed answered ${check.status}: ${check.text}`);
  dir = mkdtempSync(path.join(tmpdir(), 'doma-feed-'));
  const lua = path.join(dir, 'feed.lua');
  writeFileSync(lua, `local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}
local i = 0
request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
`);
  const cookie = vol.cookieHeader();
  const wrk = (conns) => {
    const r = spawnSync('wrk', ['-t1', `-c${conns}`, '-d10s', '--latency', '-s', lua, '-H', `Cookie: ${cookie}`, doma.base], { encoding: 'utf8' });
    const out = r.stdout;
    const lat = (label) => {
      const m = new RegExp(`^\\s+${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
      return m ? (Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1)).toFixed(3) : '?';
    };
    const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1];
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
    const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const errors = non2xx + (errs ? errs.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
    return { rps, p50: lat(50), p99: lat(99), errors };
  };
  const one = wrk(1), many = wrk(16);
  console.log(`| feed over HTTP, ${COUNT.toLocaleString('en')} open requests | req/s | p50 ms | p99 ms | errors + non-2xx |`);
  console.log('|---|---|---|---|---|');
  console.log(`| wrk -c1 (latency) | ${one.rps} | ${one.p50} | ${one.p99} | ${one.errors} |`);
  console.log(`| wrk -c16 (throughput) | ${many.rps} | ${many.p50} | ${many.p99} | ${many.errors} |`);
  console.log();
  console.log(`Generated ${COUNT} requests in ${(genMs / 1000).toFixed(1)} s; start to /readyz with them (catalog seeded and indexed on this first start): ${readyMs.toFixed(0)} ms; RSS at ready ${rssReady.toFixed(0)} MiB, after the runs ${rss().toFixed(0)} MiB.`);
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await doma.stop();
}

// Durable writes over HTTP: help requests created per second and taken per
// second, with SQLite in WAL mode and synchronous=FULL (every COMMIT fsyncs
// the WAL before it returns). Starts doma on a free 127.0.0.1 port with a
// fresh database in a temp dir, signs in resident accounts and registers and
// verifies volunteers through the API, then:
//   probe:   sequential creations with strace counting fdatasync/fsync on the
//            WAL, to show that synchronous=FULL is in force (NORMAL would not
//            sync at commit at all);
//   phase 1: --clients concurrent clients POST /api/v1/help/requests for
//            --seconds;
//   phase 2: --volunteers volunteers, one connection each, take distinct open
//            requests (--pool made by `doma help generate` before the server
//            starts, then those of phase 1; dealt out round-robin, so that no
//            two race for one: zero 409s by design) for --seconds; doma runs with
//            --max-active-requests 50 and a volunteer holding --hold (10)
//            completes its oldest (POST …/complete) before taking another, so
//            that takes and completes alternate.
// Also printed, because this machine is shared and both move with what else
// runs: doma's and the generator's CPU, the load average, how many fsyncs
// the disk does alone before and after, and how many creations share one
// sync (perf stat on the syscall tracepoints). strace and perf are optional:
// without them the output says what it could not check.
// Markdown on stdout. Exits 1 if setup fails; every process it started is
// killed and the temp dir removed on the way out.
// Usage: DOMA_BIN=build/release/doma node bench/help_writes.mjs
//          [--seconds 10] [--clients 64] [--residents 8] [--volunteers 64] [--threads 8] [--pool 20000]
//          [--hold 10] [--probe 100] [--label TEXT]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, openSync, closeSync, existsSync, writeSync, fdatasyncSync, unlinkSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, freePort, dbFlags, POSTGRES } from '../tests/service/harness.mjs';

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '64' },
    residents: { type: 'string', default: '8' },
    volunteers: { type: 'string', default: '64' },
    threads: { type: 'string', default: '8' },
    probe: { type: 'string', default: '100' },
    pool: { type: 'string', default: '20000' },
    hold: { type: 'string', default: '10' },
    label: { type: 'string', default: '' },
  },
});
const SECONDS = Number(opt.seconds), CLIENTS = Number(opt.clients), RESIDENTS = Number(opt.residents);
const VOLUNTEERS = Number(opt.volunteers), THREADS = Number(opt.threads), PROBE = Number(opt.probe);
const POOL = Number(opt.pool), HOLD = Math.min(Number(opt.hold), 50);
const MAX_ACTIVE = 50;  // doma's upper bound for --max-active-requests
const PASSWORD = 'bench-writes-password-1';
const PLACE = 'ulyanovsk-leninsky';

const loadAtStart = loadavg()[0];

// ---- processes and the temp dir: gone whatever happens ---------------------
const dir = mkdtempSync(path.join(tmpdir(), 'doma-writes-'));
const db = path.join(dir, 'doma.db');
const children = new Set();
function cleanup() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { cleanup(); process.exit(130); });
function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
function exited(child) {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));
}

// What the disk under the temp dir does right now: 16 KiB appends, each
// followed by fdatasync, for one second (other work on the machine moves it).
function diskSyncsPerSecond() {
  const f = path.join(dir, 'sync-probe');
  const fd = openSync(f, 'w');
  const block = Buffer.alloc(16384, 1);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1000) { writeSync(fd, block); fdatasyncSync(fd); n++; }
  closeSync(fd);
  unlinkSync(f);
  return n / ((performance.now() - t0) / 1000);
}

// ---- HTTP: node:http with keep-alive, one socket per concurrent client -----
let port = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
function request(method, p, { cookie = '', csrf = '', body, form } = {}) {
  return new Promise((resolve) => {
    const headers = { cookie };
    let data;
    if (body !== undefined) {
      data = Buffer.from(JSON.stringify(body));
      headers['content-type'] = 'application/json';
    } else if (form !== undefined) {
      data = Buffer.from(new URLSearchParams(form).toString());
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = `http://127.0.0.1:${port}`;
    }
    if (data) headers['content-length'] = data.length;
    if (csrf) headers['x-csrf-token'] = csrf;
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => resolve({ status: 0, error }));
    });
    req.setTimeout(30000, () => req.destroy(new Error('timeout after 30 s')));
    req.on('error', (error) => resolve({ status: 0, error }));
    req.end(data);
  });
}

// A signed-in account: its cookies and the CSRF token the API wants echoed.
class Session {
  constructor() { this.cookies = new Map(); }
  get cookie() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  get csrf() { return this.cookies.get('doma_csrf') ?? ''; }
  remember(res) {
    for (const c of [res.headers?.['set-cookie'] ?? []].flat()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq), value = pair.slice(eq + 1);
      if (/max-age=0/i.test(c) || value === '') this.cookies.delete(name); else this.cookies.set(name, value);
    }
    return res;
  }
  async login(login) {
    const page = this.remember(await request('GET', '/login'));
    const token = /name="csrf" value="([0-9a-f]{32})"/.exec(page.text ?? '')?.[1];
    if (!token) throw new Error(`no CSRF token on /login (${page.status})`);
    const r = this.remember(await request('POST', '/login', { cookie: this.cookie, form: { csrf: token, login, password: PASSWORD, next: '/account' } }));
    if (r.status !== 303) throw new Error(`login failed for ${login}: ${r.status} ${r.error ?? ''}`);
    if (!this.csrf) throw new Error(`no CSRF cookie after logging in as ${login}`);
  }
  post(p, body = {}) { return request('POST', p, { cookie: this.cookie, csrf: this.csrf, body }).then((r) => this.remember(r)); }
}

function addUser(login, role) {
  const r = spawnSync(BIN, ['user', 'add', '--email', login, '--role', role, ...dbFlags(db)], { input: `${PASSWORD}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`doma user add ${login}: ${r.stderr || r.error}`);
}

const form = (i) => ({
  channel: 'self',
  kinds: ['groceries', 'medicines'],
  details: `Хлеб, молоко, лекарства по списку (${i})`,
  recipient_name: 'Мария Ивановна',
  phone: '+7 904 111-22-33',
  address: { street: 'улица Гончарова', house: '12', flat: String(1 + (i % 200)), entrance: '2', floor: '5', intercom: '34' },
  place_id: PLACE,
  urgency: '1-2-days',
  payment: 'cash-on-receipt',
  notes: 'Звоните дважды',
  consent: true,
});

// ---- measuring --------------------------------------------------------------
class Tally {
  constructor() { this.ok = 0; this.lat = []; this.other = new Map(); this.errors = 0; this.firstError = ''; }
  add(res, ms, okStatus) {
    if (res.status === okStatus) { this.ok++; this.lat.push(ms); return true; }
    if (res.status === 0) { this.errors++; this.firstError ||= String(res.error?.message ?? res.error); }
    else { this.other.set(res.status, (this.other.get(res.status) ?? 0) + 1); this.firstError ||= `${res.status} ${res.text?.slice(0, 200)}`; }
    return false;
  }
  pct(p) {
    if (!this.lat.length) return '–';
    const s = Float64Array.from(this.lat).sort();
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)].toFixed(1);
  }
  get non2xx() { let n = 0; for (const v of this.other.values()) n += v; return n; }
  get statuses() { return this.other.size ? [...this.other].map(([s, n]) => `${n}×${s}`).join(', ') : '0'; }
}

// CPU seconds (user + system) doma has used so far: /proc/PID/stat, in ticks.
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch { return NaN; }
}

// Counts doma's fsync/fdatasync calls while `fn` runs, with `perf stat` on
// the syscall tracepoints (cheap, unlike strace); null where perf cannot.
async function countSyncs(pid, fn) {
  const out = path.join(dir, `perf-${Date.now()}.txt`);
  const p = track(spawn('perf', ['stat', '-x', ',', '-o', out, '-e', 'syscalls:sys_enter_fdatasync,syscalls:sys_enter_fsync', '-p', String(pid)],
                        { stdio: 'ignore' }));
  p.on('error', () => {});
  await new Promise((res) => setTimeout(res, 300));
  const alive = p.exitCode === null && p.signalCode === null && p.pid !== undefined;
  await fn();
  if (!alive) return null;
  p.kill('SIGINT');
  await exited(p);
  if (!existsSync(out)) return null;
  let n = 0, seen = 0;
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const [count, , event] = line.split(',');
    if (/sys_enter_f(data)?sync/.test(event ?? '') && /^\d+$/.test(count)) { n += Number(count); seen++; }
  }
  return seen === 2 ? n : null;
}

async function timed(fn) {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

// ---- setup ------------------------------------------------------------------
let doma;
const setupStart = performance.now();
const residents = [], volunteers = [];
const pool = [];  // open requests for phase 2: the generated ones, then the probe's and phase 1's
let coordinator;
try {
  if (!existsSync(BIN)) throw new Error(`no doma binary at ${BIN} (set DOMA_BIN)`);
  addUser('coordinator@writes.test', 'coordinator');
  for (let i = 0; i < RESIDENTS; i++) addUser(`resident${i}@writes.test`, 'resident');
  for (let i = 0; i < VOLUNTEERS; i++) addUser(`volunteer${i}@writes.test`, 'resident');
  if (POOL > 0) {
    // On a fresh database these are requests 1…POOL (checked below).
    const g = spawnSync(BIN, ['help', 'generate', '--count', String(POOL), ...dbFlags(db)], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(`doma help generate: ${g.stderr || g.error}`);
  }

  port = await freePort();
  const logFd = openSync(path.join(dir, 'doma.log'), 'a');
  doma = track(spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, ...dbFlags(db), '--threads', String(THREADS), '--no-access-log',
                           '--max-active-requests', String(MAX_ACTIVE)], { stdio: ['ignore', logFd, logFd] }));
  closeSync(logFd);
  const deadline = Date.now() + 60000;
  for (;;) {
    if (doma.exitCode !== null || doma.signalCode !== null) throw new Error(`doma exited early:\n${readFileSync(path.join(dir, 'doma.log'), 'utf8')}`);
    const r = await request('GET', '/readyz');
    if (r.status === 200) break;
    if (Date.now() > deadline) throw new Error('doma did not become ready in 60 s');
    await new Promise((res) => setTimeout(res, 100));
  }

  coordinator = new Session();
  await coordinator.login('coordinator@writes.test');
  for (let i = 0; i < RESIDENTS; i++) {
    const s = new Session();
    await s.login(`resident${i}@writes.test`);
    residents.push(s);
  }
  for (let i = 0; i < VOLUNTEERS; i++) {
    const s = new Session();
    await s.login(`volunteer${i}@writes.test`);
    const reg = await s.post('/api/v1/help/volunteer', {
      first_name: `Волонтёр${i}`, phone: `+7 927 1${String(Math.floor(i / 100)).padStart(2, '0')}-${String(i % 100).padStart(2, '0')}-00`,
      place_id: PLACE, kinds: ['groceries', 'medicines'], has_car: false, max_km: 25,
    });
    if (reg.status !== 201) throw new Error(`registering volunteer ${i}: ${reg.status} ${reg.text}`);
    const id = JSON.parse(reg.text).account_id;
    const ok = await coordinator.post(`/api/v1/help/volunteers/${id}/verify`, { id_checked: true, briefed: true });
    if (ok.status !== 200) throw new Error(`verifying volunteer ${i}: ${ok.status} ${ok.text}`);
    volunteers.push(s);
  }
  const check = await residents[0].post('/api/v1/help/requests', form(0));
  if (check.status !== 201) throw new Error(`creating a request: ${check.status} ${check.text}`);
  if (POOL > 0) {
    if (JSON.parse(check.text).id !== POOL + 1) throw new Error(`expected request ${POOL + 1} after the generated ones, got ${check.text}`);
    for (const id of [1, POOL]) {
      const r = await request('GET', `/api/v1/help/requests/${id}`, { cookie: coordinator.cookie });
      if (r.status !== 200 || JSON.parse(r.text).status !== 'open') throw new Error(`generated request ${id}: ${r.status} ${r.text}`);
    }
    for (let id = 1; id <= POOL; id++) pool.push(id);
  }
} catch (e) {
  console.error(`setup failed: ${e.stack ?? e}`);
  process.exitCode = 1;
  if (doma) { doma.kill('SIGTERM'); await exited(doma); }
  agent.destroy();
  process.exit(1);
}
const setupSeconds = (performance.now() - setupStart) / 1000;

// ---- probe: is every commit synced? ------------------------------------------
// synchronous is a per-connection setting, not stored in the file, so the
// proof is behavioural: with FULL a commit in WAL mode fdatasyncs the -wal
// file; with NORMAL it does not (only checkpoints sync).
let probe = { ok: false, text: 'not checked' };
if (POSTGRES) {
  // PostgreSQL syncs its own WAL, in its own processes: what counts is that
  // it is told to (scripts/with-postgres --durable).
  const show = (name) => spawnSync('psql', ['-qAt', POSTGRES, '-c', `SHOW ${name}`], { encoding: 'utf8' }).stdout.trim();
  const fsync = show('fsync'), commit = show('synchronous_commit');
  probe.ok = fsync === 'on' && commit === 'on';
  probe.text = `PostgreSQL 15 with fsync=${fsync}, synchronous_commit=${commit}` +
    (probe.ok ? ': every COMMIT waits for its WAL to reach the disk' : ': NOT durable (run under scripts/with-postgres --durable)');
} else {
  const trace = path.join(dir, 'strace.txt');
  const st = track(spawn('strace', ['-f', '-qq', '-y', '-e', 'trace=fsync,fdatasync', '-o', trace, '-p', String(doma.pid)],
                         { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  st.stderr.on('data', (d) => { stderr += d; });
  await new Promise((res) => setTimeout(res, 1000));  // let strace attach to every thread
  if (st.exitCode !== null) {
    probe.text = `could not be checked: strace failed (${stderr.trim().split('\n')[0]})`;
  } else {
    let created = 0;
    for (let i = 0; i < Math.max(1, PROBE); i++) {
      const r = await residents[0].post('/api/v1/help/requests', form(i));
      if (r.status === 201) { created++; pool.push(JSON.parse(r.text).id); }
    }
    await new Promise((res) => setTimeout(res, 200));
    st.kill('SIGINT');
    await exited(st);
    const lines = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n') : [];
    const walSyncs = lines.filter((l) => /^\d+\s+f(data)?sync\(\d+<[^>]*-wal>\)\s+=\s+0/.test(l)).length;
    probe.ok = created > 0 && walSyncs >= created;
    probe.text = `${created} sequential creations made ${walSyncs} successful fsync/fdatasync calls on doma.db-wal ` +
      (probe.ok ? '(at least one per commit): synchronous=FULL is in force' : '(fewer than one per commit): NOT synchronous=FULL?');
  }
}

const diskBefore = diskSyncsPerSecond();

// ---- phase 1: creations -----------------------------------------------------
const creates = new Tally();
let createSeconds, createCpu, generatorCpu, createSyncs;
createSyncs = await countSyncs(doma.pid, async () => {
  const cpu0 = cpuSeconds(doma.pid), self0 = process.cpuUsage();
  const t0 = performance.now(), end = t0 + SECONDS * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    const s = residents[c % residents.length];
    while (performance.now() < end) {
      const [r, ms] = await timed(() => s.post('/api/v1/help/requests', form(n++)));
      if (creates.add(r, ms, 201)) pool.push(JSON.parse(r.text).id);
    }
  }));
  createSeconds = (performance.now() - t0) / 1000;
  createCpu = cpuSeconds(doma.pid) - cpu0;
  const u = process.cpuUsage(self0);
  generatorCpu = (u.user + u.system) / 1e6;
});

// ---- phase 2: takes (and completes, to stay under the limit) ------------------
const takes = new Tally(), completes = new Tally();
let takeSeconds, takeCpu, poolRanOut = false, takeSyncs;
takeSyncs = await countSyncs(doma.pid, async () => {
  const cpu0 = cpuSeconds(doma.pid);
  const queues = Array.from({ length: volunteers.length }, () => []);
  pool.forEach((id, i) => queues[i % queues.length].push(id));
  const t0 = performance.now(), end = t0 + SECONDS * 1000;
  await Promise.all(volunteers.map(async (v, i) => {
    const held = [];
    const complete = async () => {
      const id = held.shift();
      const [r, ms] = await timed(() => v.post(`/api/v1/help/requests/${id}/complete`, { receipt: '512,40' }));
      completes.add(r, ms, 200);
    };
    while (performance.now() < end) {
      // A sliding window: past HOLD requests in hand, finish the oldest
      // before taking another, so that takes and completes alternate at
      // whatever rate the server goes and the mix is the same before and after.
      if (held.length >= HOLD) { await complete(); continue; }
      const id = queues[i].shift();
      if (id === undefined) { poolRanOut = true; break; }
      const [r, ms] = await timed(() => v.post(`/api/v1/help/requests/${id}/take`));
      if (takes.add(r, ms, 200)) held.push(id);
    }
  }));
  takeSeconds = (performance.now() - t0) / 1000;
  takeCpu = cpuSeconds(doma.pid) - cpu0;
});
const loadAtEnd = loadavg()[0];
const diskAfter = diskSyncsPerSecond();

doma.kill('SIGTERM');
await exited(doma);
agent.destroy();

// ---- report -----------------------------------------------------------------
const rate = (t, s) => (t.ok / s).toFixed(0);
const cpu = cpus()[0]?.model?.trim() ?? '?';
const title = opt.label ? ` — ${opt.label}` : '';
console.log(`### Help writes over HTTP (\`node bench/help_writes.mjs\`)${title}, ${new Date().toISOString().slice(0, 10)}`);
console.log();
console.log(`Machine: ${cpu}, ${cpus().length} cores shared by doma and this load generator (node, one process). ` +
  `doma \`--threads ${THREADS}\` (${THREADS} I/O threads and ${THREADS} workers), \`--max-active-requests ${MAX_ACTIVE}\`, ` +
  (POSTGRES ? 'PostgreSQL 15 on 127.0.0.1 (a throwaway server on the same 2 cores and disk)'
    : `SQLite WAL on the local disk (${dir.startsWith('/tmp') ? '/tmp' : path.dirname(dir)})`) +
  `; ${SECONDS} s per phase; keep-alive connections.`);
console.log();
console.log(`Durability: ${probe.text}.`);
console.log();
console.log(`| phase | ok/s | ok | p50 ms | p99 ms | non-2xx | errors |`);
console.log('|---|---|---|---|---|---|---|');
console.log(`| create: ${CLIENTS} clients (${RESIDENTS} residents) POST /api/v1/help/requests → 201 | ${rate(creates, createSeconds)} | ${creates.ok} | ${creates.pct(50)} | ${creates.pct(99)} | ${creates.statuses} | ${creates.errors} |`);
console.log(`| take: ${volunteers.length} volunteers POST …/take on distinct open requests → 200 | ${rate(takes, takeSeconds)} | ${takes.ok} | ${takes.pct(50)} | ${takes.pct(99)} | ${takes.statuses} | ${takes.errors} |`);
console.log(`| complete: the same volunteers, the oldest of ${HOLD} held → 200 (same phase) | ${rate(completes, takeSeconds)} | ${completes.ok} | ${completes.pct(50)} | ${completes.pct(99)} | ${completes.statuses} | ${completes.errors} |`);
console.log();
const took409 = takes.other.get(409) ?? 0;
console.log(`409 on take (two volunteers on one request; none expected, each volunteer has its own requests): ${took409}. ` +
  `Phase 2 writes in all: ${((takes.ok + completes.ok) / takeSeconds).toFixed(0)}/s.` +
  (poolRanOut ? ` Phase 2 ran out of open requests before ${SECONDS} s (${takeSeconds.toFixed(1)} s).` : ''));
console.log();
const perSync = (ok, n, what) => (n === null ? 'not counted (no perf)' : `${n} fsync/fdatasync calls, ${(ok / Math.max(1, n)).toFixed(1)} ${what} per call`);
if (POSTGRES) {
  console.log("Syncs: PostgreSQL's, in its own processes, not counted here (doma's own: the outbox log's).");
} else {
  console.log(`Syncs (one per COMMIT, plus checkpoints; the outbox's own writes, one per message sent, count too): phase 1 ` +
    `${perSync(creates.ok, createSyncs, 'creations')}; phase 2 ${perSync(takes.ok + completes.ok, takeSyncs, 'takes and completes')}.`);
}
console.log();
console.log(`Why ${THREADS} threads: a request that writes holds its worker thread until the COMMIT containing it has returned ` +
  `(an fsync of the WAL); with as many workers as cores, at most that many requests could wait on, and so share, one commit. ` +
  `More workers than cores lets the writes that arrive during one fsync queue up and go to disk together in the next.`);
console.log();
console.log(`doma's CPU: ${(createCpu / createSeconds * 100).toFixed(0)}% of one core in phase 1 ` +
  `(${(createCpu / Math.max(1, creates.ok) * 1e6).toFixed(0)} µs per creation), ${(takeCpu / takeSeconds * 100).toFixed(0)}% in phase 2; ` +
  `this load generator's: ${(generatorCpu / createSeconds * 100).toFixed(0)}% of one core in phase 1. ` +
  `Load average (1 min) ${loadAtStart.toFixed(2)} before this run, ${loadAtEnd.toFixed(2)} at its end: ` +
  `other work on the machine shares the ${cpus().length} cores and the disk, ` +
  `which did ${diskBefore.toFixed(0)} fdatasync/s (16 KiB appends, alone) just before phase 1 and ${diskAfter.toFixed(0)}/s after phase 2.`);
const firstErr = creates.firstError || takes.firstError || completes.firstError;
if (firstErr) console.log(`\nFirst failure seen: ${firstErr}`);
console.log(`\nSetup (accounts, sign-ins, ${VOLUNTEERS} volunteers registered and verified): ${setupSeconds.toFixed(0)} s.`);

// Starts the real doma binary on a free loopback port with a fresh database,
// and talks HTTP to it. Tests only ever connect to 127.0.0.1.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync, mkdirSync, appendFileSync, copyFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

export const BIN = process.env.DOMA_BIN || 'build/release/doma';

// Every log, database and outbox a test server leaves is kept here, and every
// secret a test uses is listed here, so that the last step of `make test`
// can check that no secret reached a log (tests/after/).
export const EVIDENCE = path.resolve('test-results/evidence');
export function secret(value) {
  if (!value) return;
  mkdirSync(EVIDENCE, { recursive: true });
  appendFileSync(path.join(EVIDENCE, 'secrets.txt'), `${value}\n`);
}
function keepEvidence(dir) {
  const dest = path.join(EVIDENCE, path.basename(dir));
  mkdirSync(dest, { recursive: true });
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isFile() && !f.endsWith('.key')) copyFileSync(p, path.join(dest, f));
  }
}

// Each running server's directory by its base URL, for what a client needs
// to read from it (the outbox with the sign-up code).
const DIRS = new Map();

// The messages the default (log) channel delivered so far.
export function outboxOf(dir) {
  const p = path.join(dir, 'outbox.log');
  try {
    return readFileSync(p, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch { return []; }
}

export async function waitFor(fn, ms = 8000) {
  for (const t0 = Date.now(); ; await new Promise((r) => setTimeout(r, 100))) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) return null;
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// `prepare(dbPath)` runs before the server starts (e.g. `doma user add`).
// `dir`: a directory of the caller's (a database to start again); it is left
// in place when the server stops. `nofile`: the limit on open files, soft and
// hard (through util-linux's prlimit). `wrap`: a command the binary runs
// under (e.g. nsenter into a namespace with a small filesystem).
// The backend the server runs on: SQLite files in the test's directory, or,
// with DOMA_TEST_BACKEND=postgresql, a schema of its own on the throwaway
// PostgreSQL that scripts/with-postgres started (DOMA_TEST_PG). A test names
// its database by the SQLite path <dir>/doma.db either way; dbFlags turns
// that into the flags of every `doma` command.
export const POSTGRES = process.env.DOMA_TEST_BACKEND === 'postgresql' ? process.env.DOMA_TEST_PG : null;
if (process.env.DOMA_TEST_BACKEND === 'postgresql' && !POSTGRES) throw new Error('DOMA_TEST_BACKEND=postgresql needs DOMA_TEST_PG (scripts/with-postgres)');
let schemas = 0;

// A new, empty schema for the database at `dbPath`, remembered beside it.
function createSchema(dbPath) {
  const schema = `s${process.pid}_${++schemas}`;
  execFileSync('psql', ['-q', POSTGRES, '-c', `CREATE SCHEMA ${schema}`]);
  writeFileSync(`${dbPath}.address`, `${POSTGRES}?options=-csearch_path%3D${schema}`);
}

// `node` names one of several servers on one database: it keeps its own
// outbox log.
export function dbFlags(dbPath, node = '') {
  if (!POSTGRES) return ['--db', dbPath];
  if (!existsSync(`${dbPath}.address`)) {
    mkdirSync(path.dirname(dbPath), { recursive: true });
    createSchema(dbPath);
  }
  return ['--db', readFileSync(`${dbPath}.address`, 'utf8'), '--key-file', `${dbPath}.key`,
    ...(node ? ['--outbox-log', path.join(path.dirname(dbPath), `outbox-${node}.log`)] : [])];
}

// What the database at `dbPath` holds, as bytes, to look for what must
// never be stored in clear: the SQLite files, or a dump of the schema.
export function storedBytes(dbPath) {
  if (!POSTGRES) {
    const dir = path.dirname(dbPath);
    return Buffer.concat(readdirSync(dir).filter((n) => n.startsWith(path.basename(dbPath)) && !n.endsWith('.xapian'))
      .map((n) => readFileSync(path.join(dir, n))));
  }
  const address = readFileSync(`${dbPath}.address`, 'utf8');
  const schema = /search_path%3D(\w+)/.exec(address)[1];
  return execFileSync('pg_dump', ['--data-only', '--schema', schema, POSTGRES], { maxBuffer: 256 << 20 });
}

export async function startDoma({ args = [], env = {}, prepare, dir: given, nofile, wrap = [], node = '' } = {}) {
  const dir = given ?? mkdtempSync(path.join(tmpdir(), 'doma-test-'));
  if (prepare) await prepare(path.join(dir, 'doma.db'));
  const port = await freePort();
  const logPath = path.join(dir, `doma${node}.log`);
  const { openSync } = await import('node:fs');
  const logFd = openSync(logPath, 'a');
  const argv = ['serve', '--listen', `127.0.0.1:${port}`, ...dbFlags(path.join(dir, 'doma.db'), node), ...args];
  const command = [...wrap, ...(nofile ? ['prlimit', `--nofile=${nofile}:${nofile}`, '--'] : []), path.resolve(BIN), ...argv];
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', logFd, logFd], env: { ...process.env, ...env } });
  const base = `http://127.0.0.1:${port}`;
  DIRS.set(base, dir);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));
  const deadline = Date.now() + 60000;
  for (;;) {
    if (exited) throw new Error(`doma exited early: ${JSON.stringify(exited)}\n${readFileSync(logPath, 'utf8')}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('doma did not become ready in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base, port, dir, child, logPath,
    log: () => readFileSync(logPath, 'utf8'),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      const res = await exitPromise;
      keepEvidence(dir);
      if (!given) rmSync(dir, { recursive: true, force: true });
      return res;
    },
    // kill -9: no shutdown of any kind.
    async crash() {
      if (!exited) child.kill('SIGKILL');
      return exitPromise;
    },
  };
}

// Sends raw bytes and returns everything the server answers until it closes
// the connection or `idleMs` pass without data.
export function rawRequest(port, data, { idleMs = 2000, endAfterWrite = false } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let timer;
    const finish = (closed) => { clearTimeout(timer); sock.destroy(); resolve({ text: Buffer.concat(chunks).toString('utf8'), closed }); };
    const arm = () => { clearTimeout(timer); timer = setTimeout(() => finish(false), idleMs); };
    sock.on('connect', () => { sock.write(data); if (endAfterWrite) sock.end(); arm(); });
    sock.on('data', (d) => { chunks.push(d); arm(); });
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', (e) => { if (chunks.length) finish(true); else reject(e); });
  });
}

export function statusOf(rawText) {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(rawText);
  return m ? Number(m[1]) : null;
}

// Runs `doma user add` against a database file; the password goes to stdin.
export async function addUser(dbPath, login, role, password) {
  const { spawnSync } = await import('node:child_process');
  const flag = login.includes('@') ? '--email' : '--phone';
  secret(password);
  const r = spawnSync(BIN, ['user', 'add', flag, login, '--role', role, ...dbFlags(dbPath)], { input: `${password}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`doma user add failed: ${r.stderr}`);
  return r.stdout;
}

// A browser-like client: keeps cookies, reads the CSRF token from forms and
// sends the Origin header a browser sends.
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); this.csrf = null; }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  remember(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq), value = pair.slice(eq + 1);
      if (/session/.test(name)) secret(value);
      if (/max-age=0/i.test(c) || value === '') this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }
  async get(p, headers = {}) {
    const res = await fetch(this.base + p, { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(res);
    const text = await res.text();
    const m = /name="csrf" value="([0-9a-f]{32})"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text };
  }
  async post(p, fields = {}, { origin = this.base, csrf = true, headers: extra = {} } = {}) {
    if (csrf && !this.csrf) await this.get('/login');
    for (const k of ['password', 'password_again', 'current_password', 'new_password', 'new_password_again', 'code'])
      if (fields[k] && String(fields[k]).length >= 8) secret(fields[k]);
    const body = new URLSearchParams({ ...(csrf ? { csrf: this.csrf } : {}), ...fields });
    const headers = { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' };
    if (origin) headers.origin = origin;
    Object.assign(headers, extra);
    const res = await fetch(this.base + p, { method: 'POST', redirect: 'manual', headers, body });
    this.remember(res);
    const text = await res.text();
    const m = /name="csrf" value="([0-9a-f]{32})"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text };
  }
  // Signs up through the form as a person would, typing the code that
  // arrives (by default from the log channel's outbox.log; `code` gets it
  // from elsewhere: an SMTP or SMS test server); throws unless it succeeds.
  async signUp(login, name, password, { code } = {}) {
    await this.get('/signup');
    const dir = DIRS.get(this.base);
    const seen = dir ? outboxOf(dir).length : 0;
    const r = await this.post('/signup', { login, name, password, password_again: password });
    if (r.status !== 200 || !/name="signup" value="[0-9a-f]{32}"/.test(r.text)) throw new Error(`sign-up failed for ${login}: ${r.status}`);
    const signup = /name="signup" value="([0-9a-f]{32})"/.exec(r.text)[1];
    const fromOutbox = () => waitFor(() => {
      const m = outboxOf(dir).slice(seen).find((x) => /регистрац/.test(x.body) && /\b\d{8}\b/.test(x.body));
      return m && /\b(\d{8})\b/.exec(m.body)[1];
    });
    const typed = await (code ? code(login) : fromOutbox());
    if (!typed) throw new Error(`no sign-up code arrived for ${login}`);
    // The token, not the code: eight digits may turn up by chance in a
    // database's bytes, 32 hex digits do not.
    secret(signup);
    const done = await this.post('/signup/confirm', { signup, login, code: typed });
    if (done.status !== 303) throw new Error(`sign-up code refused for ${login}: ${done.status}`);
    return done;
  }
  async login(login, password) {
    await this.get('/login');
    const r = await this.post('/login', { login, password, next: '/account' });
    if (r.status !== 303) throw new Error(`login failed for ${login}: ${r.status}`);
    return r;
  }
}

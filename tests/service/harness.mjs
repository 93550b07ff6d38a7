// Starts the real doma binary on a free loopback port with a fresh database,
// and talks HTTP to it. Tests only ever connect to 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

export const BIN = process.env.DOMA_BIN || 'build/release/doma';

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

export async function startDoma({ args = [], env = {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-test-'));
  const port = await freePort();
  const logPath = path.join(dir, 'doma.log');
  const { openSync } = await import('node:fs');
  const logFd = openSync(logPath, 'a');
  const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', path.join(dir, 'doma.db'), ...args],
                      { stdio: ['ignore', logFd, logFd], env: { ...process.env, ...env } });
  const base = `http://127.0.0.1:${port}`;
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
      rmSync(dir, { recursive: true, force: true });
      return res;
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

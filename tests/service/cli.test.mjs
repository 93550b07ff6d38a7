// The doma command line: help, bad flags, unusable paths, a port in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, freePort } from './harness.mjs';

const run = (args, env = {}) => spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000, env: { ...process.env, ...env } });
const oneLine = (s) => s.trim().split('\n').length === 1;

test('--help lists the subcommands and exits 0', () => {
  const r = run(['--help']);
  assert.equal(r.status, 0);
  for (const w of ['serve', 'migrate', 'seed', '--listen', '--db', '--threads', 'DOMA_LISTEN', 'DOMA_DB']) assert.match(r.stdout, new RegExp(w));
});

for (const [args, pattern] of [
  [['serve', '--bogus'], /unrecognised option|unrecognized option/],
  [['serve', '--listen', 'nonsense'], /HOST:PORT/],
  [['serve', '--threads', '0'], /--threads/],
  [['serve', '--threads', 'many'], /threads/],
  [['frobnicate'], /unknown command/],
  [['serve', '--session-idle-hours', '0'], /--session-idle-hours/],
  [['serve', '--session-idle-hours', '100', '--session-max-hours', '10'], /idle limit/],
  [['serve', '--public-url', 'doma.example.ru'], /--public-url/],
  [['user', 'add', '--email', 'a@b.ru'], /--role/],
  [['user', 'add', '--role', 'admin'], /--email and --phone/],
]) {
  test(`bad usage ${args.join(' ')} → one-line error, exit ≠ 0`, () => {
    const r = run(args);
    assert.notEqual(r.status, 0);
    assert.ok(oneLine(r.stderr), r.stderr);
    assert.match(r.stderr, pattern);
  });
}

test('an unwritable database path → one-line error, exit ≠ 0', () => {
  const r = run(['serve', '--listen', '127.0.0.1:0', '--db', '/proc/doma/doma.db']);
  assert.notEqual(r.status, 0);
  assert.ok(oneLine(r.stderr), r.stderr);
  assert.match(r.stderr, /\/proc\/doma/);
});

test('a port in use → one-line error, exit ≠ 0', async () => {
  const port = await freePort();
  const blocker = net.createServer().listen(port, '127.0.0.1');
  await new Promise((r) => blocker.on('listening', r));
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-cli-'));
  try {
    const r = spawnSync(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', path.join(dir, 'x.db')], { encoding: 'utf8', timeout: 30000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /already in use/);
    assert.ok(r.stderr.trim().split('\n').filter((l) => l.startsWith('doma:')).length === 1);
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate and seed work on a fresh file and are idempotent; DOMA_DB is honoured', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-cli-'));
  try {
    const db = path.join(dir, 'sub', 'doma.db');
    let r = run(['migrate'], { DOMA_DB: db });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(db));
    r = run(['seed', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    const n = Number(/seeded (\d+) services/.exec(r.stdout)[1]);
    assert.ok(n >= 250);
    r = run(['seed', '--db', db]);
    assert.equal(r.status, 0);
    assert.equal(Number(/seeded (\d+) services/.exec(r.stdout)[1]), n);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check says ok on a sound database and names the damage on a broken one', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-check-'));
  try {
    const db = path.join(dir, 'doma.db');
    assert.equal(run(['seed', '--db', db]).status, 0);
    const ok = run(['check', '--db', db]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /database: ok/);
    assert.match(ok.stdout, /index: ok \(\d+ services\)/, 'seed saved the index');
    // Scribble over the middle of the file, as a failing disk would.
    const { openSync, writeSync, closeSync, statSync } = await import('node:fs');
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    for (let at = 8192; at < size - 4096; at += 16384) writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, at);
    closeSync(fd);
    const bad = run(['check', '--db', db]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /damaged|malformed|повреж/i, bad.stderr + bad.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

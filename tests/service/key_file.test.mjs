// The key that seals personal data (issue 12, item 5): a database that holds
// sealed data is never paired with a new key (that would make every address,
// phone and message unreadable and then overwrite them), and a key file that
// others can read is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, statSync, chmodSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, freePort } from './harness.mjs';

const run = (args) => spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000 });

async function withDir(fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-key-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a missing key where sealed data exists stops every command with a clear message', async () => {
  await withDir(async (dir) => {
    const db = path.join(dir, 'd.db');
    const made = run(['help', 'generate', '--count', '3', '--db', db]);
    assert.equal(made.status, 0, made.stderr);
    assert.equal(statSync(`${db}.key`).mode & 0o777, 0o600);
    renameSync(`${db}.key`, path.join(dir, 'backup.key'));
    const jobs = run(['help', 'jobs', '--db', db]);
    assert.notEqual(jobs.status, 0);
    assert.match(jobs.stderr, /d\.db\.key/);
    assert.match(jobs.stderr, /missing|restore/i);
    assert.equal(jobs.stderr.trim().split('\n').length, 1, jobs.stderr);
    assert.ok(!existsSync(`${db}.key`), 'no new key was made');
    const port = await freePort();
    const serve = run(['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--no-access-log']);
    assert.notEqual(serve.status, 0);
    assert.match(serve.stderr, /d\.db\.key/);
    assert.ok(!existsSync(`${db}.key`), 'serve made no new key either');
    // With the key back, the data opens again.
    renameSync(path.join(dir, 'backup.key'), `${db}.key`);
    const again = run(['help', 'jobs', '--db', db]);
    assert.equal(again.status, 0, again.stderr);
  });
});

test('a key file readable by others is refused; a new database gets a key only its owner reads', async () => {
  await withDir((dir) => {
    const db = path.join(dir, 'd.db');
    const first = run(['help', 'jobs', '--db', db]);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(statSync(`${db}.key`).mode & 0o777, 0o600);
    chmodSync(`${db}.key`, 0o644);
    const r = run(['help', 'jobs', '--db', db]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /d\.db\.key/);
    assert.match(r.stderr, /chmod 600/);
  });
});

test('a first start in a directory that does not exist yet makes the directory, the database and its key', async () => {
  await withDir((dir) => {
    const db = path.join(dir, 'var', 'sub', 'd.db');
    const r = spawnSync(BIN, ['user', 'add', '--email', 'admin@key.test', '--role', 'admin', '--db', db],
      { input: 'a long enough passphrase\n', encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(db));
    assert.equal(statSync(`${db}.key`).mode & 0o777, 0o600);
  });
});

test('another key file than the database\'s is refused before anything is sealed with it', async () => {
  await withDir(async (dir) => {
    const db = path.join(dir, 'd.db');
    assert.equal(run(['help', 'generate', '--count', '2', '--db', db]).status, 0);
    renameSync(`${db}.key`, path.join(dir, 'right.key'));
    writeFileSync(`${db}.key`, randomBytes(32), { mode: 0o600 });  // a node that missed a rotation
    const jobs = run(['help', 'jobs', '--db', db]);
    assert.notEqual(jobs.status, 0);
    assert.match(jobs.stderr, /d\.db\.key is not the key .* is sealed with/);
    const port = await freePort();
    const serve = run(['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--no-access-log']);
    assert.notEqual(serve.status, 0);
    assert.match(serve.stderr, /is not the key/);
    renameSync(path.join(dir, 'right.key'), `${db}.key`);
    assert.equal(run(['help', 'jobs', '--db', db]).status, 0);
  });
});

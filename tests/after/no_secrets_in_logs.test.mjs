// Runs after every other test (scripts/run-tests): no password, session id,
// reset code or API token that any test used may appear in any server log,
// access log, database file or the outbox table. The log channel's file
// (outbox.log) is the mailbox a message is delivered to, not a log, and is
// left out on purpose: a reset code must reach the person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';

const EVIDENCE = path.resolve('test-results/evidence');

test('no secret used by the tests appears in any log, database or outbox', () => {
  assert.ok(existsSync(path.join(EVIDENCE, 'secrets.txt')), 'the tests recorded their secrets');
  const secrets = [...new Set(readFileSync(path.join(EVIDENCE, 'secrets.txt'), 'utf8').split('\n').filter((s) => s.length >= 8))];
  assert.ok(secrets.length > 20, `only ${secrets.length} secrets recorded`);
  const files = [];
  for (const run of readdirSync(EVIDENCE)) {
    const dir = path.join(EVIDENCE, run);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) if (f !== 'outbox.log') files.push(path.join(dir, f));
  }
  assert.ok(files.some((f) => f.endsWith('doma.log')) && files.some((f) => f.endsWith('doma.db')), 'logs and databases were kept');
  const leaks = [];
  for (const f of files) {
    const bytes = readFileSync(f);
    for (const s of secrets) if (bytes.includes(s)) leaks.push(`${path.relative(EVIDENCE, f)}: ${s.slice(0, 4)}…`);
  }
  assert.deepEqual(leaks, []);
  console.log(`checked ${secrets.length} secrets against ${files.length} files`);
});

// Checks of the source tree itself, run once before the builds' tests
// (scripts/run-tests): the layering of docs/architecture.md holds, the
// checker really fails on a planted forbidden include, and the C++ sources
// are formatted as .clang-format says (`make format` fixes them), and no
// source file grows past a screenful of screens (600 lines; tests aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const check = (dir) => spawnSync('scripts/check-layers', dir ? [dir] : [], { encoding: 'utf8' });

test('every include in src/ follows the layering', () => {
  const r = check();
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the layering check fails on a planted forbidden include', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-layers-'));
  try {
    mkdirSync(path.join(dir, 'domain', 'help'), { recursive: true });
    mkdirSync(path.join(dir, 'web'), { recursive: true });
    writeFileSync(path.join(dir, 'domain', 'help', 'ok.cpp'), '#include "core/error.h"\n#include "domain/help/help.h"\n');
    writeFileSync(path.join(dir, 'domain', 'help', 'planted.cpp'), '#include "core/error.h"\n#include "storage/sqlite/sqlite.h"\n');
    writeFileSync(path.join(dir, 'web', 'page.cpp'), '#include "search/catalog_index.h"\n');
    const r = check(dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /planted\.cpp:2: domain may not include storage\//);
    assert.match(r.stdout, /page\.cpp:1: web may not include search\//);
    assert.doesNotMatch(r.stdout, /ok\.cpp/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the C++ sources are formatted (make format)', () => {
  const files = execFileSync('git', ['ls-files', 'src/*.cpp', 'src/*.h', 'bench/*.cpp'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  assert.ok(files.length > 50, `only ${files.length} files listed`);
  const r = spawnSync('clang-format', ['--dry-run', '-Werror', ...files], { encoding: 'utf8' });
  const offending = [...new Set([...r.stderr.matchAll(/^([^:\n]+\.(?:cpp|h)):\d+:\d+: error/gm)].map((m) => m[1]))];
  assert.deepEqual(offending, [], 'run make format');
  assert.equal(r.status, 0, r.stderr.slice(0, 2000));
});

test('no source file under src/ is over 600 lines (tests aside)', () => {
  const files = execFileSync('git', ['ls-files', 'src/*.cpp', 'src/*.h'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !f.endsWith('_test.cpp'));
  const long = files
    .map((f) => [f, readFileSync(f, 'utf8').split('\n').length - 1])
    .filter(([, n]) => n > 600)
    .map(([f, n]) => `${f}: ${n} lines`);
  assert.deepEqual(long, []);
});

// A region is data (data/regions/<code>/): a second region must not need a
// code change. Its names, request and badge prefixes may appear in data, in
// the interface texts (templates/i18n, where the region's name is {region}),
// in docs and in tests' fixtures, and nowhere in what runs.
test('nothing in the code names a region', () => {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'src', 'static', 'templates', 'scripts', 'Makefile', 'CMakeLists.txt', 'packaging'], { encoding: 'utf8' })
    .split('\n').filter((f) => f && !/(_test\.(cpp|h)|^src\/fuzz\/|^templates\/i18n\/|\.(png|ico|woff2?)$)/.test(f));
  const named = [];
  for (const f of files) {
    let text;
    try { text = readFileSync(f, 'utf8'); } catch { continue; }
    text.split('\n').forEach((line, i) => {
      // Comments may give an example; code, markup and scripts may not.
      const code = line.replace(/^\s*(\/\/|#|\*).*$/, '').replace(/\s\/\/ .*$/, '');
      if (/Ульянов|Ulyanovsk|Пенз|Penza/i.test(code) || /["'>](UL|PZ)-0|["'>](73|58)-0/.test(code)) named.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(named, [], 'region-specific words in code');
  assert.ok(files.length > 100, `${files.length} files read`);
});

// `doma rotate-key` re-seals the columns it lists; a sealed column it does
// not list would be left under the old key and never open again. On
// PostgreSQL every sealed column is bytea, so the migrations say which.
test('key rotation lists every sealed column of the schema', () => {
  const migrations = readFileSync('src/storage/postgres/migrations.cpp', 'utf8');
  const sealed = new Set();
  for (const m of migrations.matchAll(/CREATE TABLE (\w+)\(([\s\S]*?)\n\);/g))
    for (const c of m[2].matchAll(/^\s*(\w+) bytea/gm)) sealed.add(`${m[1]}.${c[1]}`);
  for (const m of migrations.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+) bytea/g)) sealed.add(`${m[1]}.${m[2]}`);
  const rotation = readFileSync('src/storage/sql/rotate_key.cpp', 'utf8');
  const listed = new Set();
  for (const m of rotation.matchAll(/\{"(\w+)", "\w+", \{([^}]*)\}\}/g))
    for (const c of m[2].matchAll(/"(\w+)"/g)) listed.add(`${m[1]}.${c[1]}`);
  assert.ok(sealed.size >= 10, `${sealed.size} sealed columns found`);
  assert.deepEqual([...listed].sort(), [...sealed].sort());
});

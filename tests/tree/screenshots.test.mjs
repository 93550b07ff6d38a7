// docs/screenshots/ is current: every picture scripts/screenshots makes (its
// list, scripts/screenshots-list.mjs) is there, is a PNG of its width and is
// shown in the folder's README.md, and no picture there is one the script no
// longer makes. `make screenshots` takes them anew.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DIR, SHOTS, VIEWS, MODES, fileName, allFiles } from '../../scripts/screenshots-list.mjs';

const files = allFiles();

test('the list of shots names each picture once', () => {
  assert.equal(new Set(files).size, files.length);
  assert.equal(files.length, SHOTS.length * VIEWS.length * MODES.length);
  for (const shot of SHOTS) assert.ok(shot.en && shot.ru, `${shot.name}: a caption in English and in Russian`);
});

test('every picture the script makes is in docs/screenshots/, at its width (make screenshots)', () => {
  const missing = files.filter((f) => !existsSync(path.join(DIR, f)));
  assert.deepEqual(missing, [], 'run make screenshots');
  for (const shot of SHOTS) for (const view of VIEWS) for (const mode of MODES) {
    const f = fileName(shot, view, mode);
    const png = readFileSync(path.join(DIR, f));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${f} is a PNG`);
    assert.equal(png.readUInt32BE(16), view.width, `${f} is ${view.width} px wide`);
  }
});

test('no picture in docs/screenshots/ is one the script no longer makes', () => {
  assert.ok(existsSync(DIR), `no ${DIR}/: run make screenshots`);
  const stale = readdirSync(DIR).filter((f) => f.endsWith('.png') && !files.includes(f));
  assert.deepEqual(stale, [], 'run make screenshots (it deletes them)');
});

test('docs/screenshots/README.md shows every picture', () => {
  const readme = readFileSync(path.join(DIR, 'README.md'), 'utf8');
  const linked = new Set([...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]));
  assert.deepEqual(files.filter((f) => !linked.has(f)), [], 'pictures the README does not show');
  assert.deepEqual([...linked].filter((f) => !files.includes(f)), [], 'the README shows pictures the script does not make');
});

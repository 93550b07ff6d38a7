// A DOMA_HOME for a test whose region differs from the shipped one: the
// repository's templates, static files and data linked, the default
// region's directory copied with region.json changed by `edit` and extra
// files (`files`: name → text) beside it.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve('.');

export function homeWithRegion(edit = (r) => r, files = {}) {
  const h = mkdtempSync(path.join(tmpdir(), 'doma-home-'));
  for (const entry of ['templates', 'static', 'node_modules']) symlinkSync(path.join(ROOT, entry), path.join(h, entry));
  const code = readFileSync(path.join(ROOT, 'data', 'regions', 'default'), 'utf8').trim();
  mkdirSync(path.join(h, 'data', 'regions', code), { recursive: true });
  for (const entry of readdirSync(path.join(ROOT, 'data')))
    if (entry !== 'regions') symlinkSync(path.join(ROOT, 'data', entry), path.join(h, 'data', entry));
  const own = path.join(ROOT, 'data', 'regions', code);
  for (const entry of readdirSync(own))
    if (entry !== 'region.json' && !(entry in files)) symlinkSync(path.join(own, entry), path.join(h, 'data', 'regions', code, entry));
  const region = edit(JSON.parse(readFileSync(path.join(own, 'region.json'), 'utf8')));
  writeFileSync(path.join(h, 'data', 'regions', code, 'region.json'), JSON.stringify(region));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(h, 'data', 'regions', code, name), text);
  writeFileSync(path.join(h, 'data', 'regions', 'default'), `${code}\n`);
  return h;
}

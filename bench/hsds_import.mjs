// Importing another directory's open data (issue 15): a 2,000-service HSDS
// 3.0 datapackage (exported by `doma export --hsds` from a synthetic
// catalog), imported with `doma import --hsds --publish` beside a running
// server; then how long until that server's search finds the imported
// services, and a second run of the same import (which must change nothing).
// On PostgreSQL with DOMA_TEST_BACKEND=postgresql under scripts/with-postgres.
// Markdown on stdout.
// Usage: node bench/hsds_import.mjs [--services 2000]
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { POSTGRES, BIN, dbFlags, startDoma } from '../tests/service/harness.mjs';

const { values: opt } = parseArgs({ options: { services: { type: 'string', default: '2000' } } });
const N = Number(opt.services);
const work = mkdtempSync(path.join(tmpdir(), 'doma-hsds-bench-'));

function doma(args, db) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(BIN, [...args, ...dbFlags(db)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`doma ${args.join(' ')}: ${r.stderr.slice(0, 2000)}`);
  return { ms, out: r.stdout };
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

try {
  // The directory to import: N synthetic services, exported as HSDS 3.0.
  const source = path.join(work, 'source.db');
  doma(['seed', '--synthetic', String(N), '--seed', '15'], source);
  const pkg = path.join(work, 'pkg');
  const exported = doma(['export', '--hsds', pkg], source);
  const names = readFileSync(path.join(pkg, 'services.csv'), 'utf8');

  // The portal: the shipped catalog, serving.
  const server = await startDoma({ node: 'import' });
  const db = path.join(server.dir, 'doma.db');
  try {
    const before = (await (await fetch(`${server.base}/api/hsds/services?per_page=1`)).json()).total_items;
    const run = doma(['import', '--hsds', pkg, '--publish'], db);
    const imported = Date.now();
    // Search finds them: 20 names of the package, each searched until found.
    const sample = [...names.matchAll(/^"[0-9a-f-]{36}",(?:"[0-9a-f-]{36}")?,,"([^"]+)"/gm)].map((m) => m[1]);
    const wanted = sample.filter((_, i) => i % Math.max(1, Math.floor(sample.length / 20)) === 0).slice(0, 20);
    let foundAfter = null;
    for (const deadline = Date.now() + 30000; Date.now() < deadline;) {
      let all = true;
      for (const name of wanted) {
        const r = await (await fetch(`${server.base}/api/v1/services?per_page=100&q=${encodeURIComponent(name)}`)).json();
        if (!r.items.some((i) => i.name === name)) { all = false; break; }
      }
      if (all) { foundAfter = Date.now() - imported; break; }
      await new Promise((r) => setTimeout(r, 20));
    }
    const after = (await (await fetch(`${server.base}/api/hsds/services?per_page=1`)).json()).total_items;
    const again = doma(['import', '--hsds', pkg, '--publish'], db);
    const unchanged = /services: 0 new, 0 changed, (\d+) unchanged/.exec(again.out)?.[1];
    const dry = doma(['import', '--hsds', pkg, '--publish', '--dry-run'], db);

    console.log(`| ${POSTGRES ? 'PostgreSQL 15' : 'SQLite'} | ${N} services |`);
    console.log('|---|---|');
    console.log(`| \`doma export --hsds\` (the package: ${N} services) | ${fmt(exported.ms)} |`);
    console.log(`| \`doma import --hsds --publish\`, beside the running server | **${fmt(run.ms)}** (${/stored (\d+)/.exec(run.out)?.[1]} stored; target < 10 s) |`);
    console.log(`| until the running server's search finds 20 of them | ${foundAfter === null ? 'not within 30 s' : fmt(foundAfter)} |`);
    console.log(`| services in the HSDS API, before → after | ${before} → ${after} |`);
    console.log(`| the same import again | ${fmt(again.ms)} (${unchanged ?? '?'} unchanged, nothing written) |`);
    console.log(`| its --dry-run | ${fmt(dry.ms)} |`);
  } finally {
    await server.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

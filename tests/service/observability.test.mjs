// What operations watch (issue 17): every metric the Prometheus rules and the
// Grafana dashboard in docs/operations/ use is exported on /metrics with the
// type the expression needs (rate() and increase() only over counters), and
// the new ones move with what they measure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDoma, freePort, waitFor, Client } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ops = path.resolve(here, '../../docs/operations');
const rules = readFileSync(path.join(ops, 'prometheus-rules.yml'), 'utf8');
const dashboard = JSON.parse(readFileSync(path.join(ops, 'grafana-dashboard.json'), 'utf8'));
const expressions = [
  ...[...rules.matchAll(/^\s*expr: (.*)$/gm)].map((m) => m[1]),
  ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
];

let doma;
// SMTP at a port where nothing listens: every e-mail fails to go out.
before(async () => { doma = await startDoma({ args: ['--smtp', `smtp://127.0.0.1:${await freePort()}`] }); });
after(async () => { await doma.stop(); });

async function metrics() {
  const r = await fetch(`${doma.base}/metrics`);
  assert.equal(r.status, 200);
  return r.text();
}
const value = (text, name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

test('every metric the rules and the dashboard use is exported, with the type its expression needs', async () => {
  await fetch(`${doma.base}/search?q=%D0%B2%D1%80%D0%B0%D1%87`);  // a request and a search to count
  const text = await metrics();
  assert.ok(expressions.length >= 15, `only ${expressions.length} expressions read`);
  const types = Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
  const missing = [], wrongType = [];
  for (const expr of expressions) {
    for (const [, name] of expr.matchAll(/\b(doma_[a-z_]+)/g)) {
      const base = name.replace(/_(bucket|sum|count)$/, '');
      if (!types[name] && !(types[base] === 'histogram' && base !== name)) missing.push(name);
    }
    for (const [, name] of expr.matchAll(/\b(?:rate|increase)\((doma_[a-z_]+)/g)) {
      const base = name.replace(/_bucket$/, '');
      if (!(types[name] === 'counter' || (name.endsWith('_bucket') && types[base] === 'histogram'))) wrongType.push(name);
    }
  }
  assert.deepEqual([...new Set(missing)], [], 'used but not exported');
  assert.deepEqual([...new Set(wrongType)], [], 'rate() or increase() over something that is not a counter');
  assert.match(text, /^doma_http_requests_total\{route="\/search",status="200"\} \d+$/m, 'the labels the rules use');
  assert.match(text, /^doma_http_request_duration_seconds_bucket\{le="[^"]+"\} \d+$/m);
});

test('the scheduler, the sender and the change feed report how long ago they ran', async () => {
  const text = await metrics();
  for (const [name, limit] of [['doma_help_jobs_age_seconds', 120], ['doma_outbox_sender_age_seconds', 10], ['doma_change_feed_age_seconds', 10]]) {
    const v = value(text, name);
    assert.ok(Number.isFinite(v) && v >= 0 && v < limit, `${name} = ${v}`);
  }
});

test('a delivery that fails is counted', async () => {
  const before = value(await metrics(), 'doma_outbox_send_failures_total');
  const c = new Client(doma.base);
  await c.get('/password/forgot');
  await c.post('/password/forgot', { login: 'nobody-here@doma.test' });  // a note by e-mail
  const counted = await waitFor(async () => value(await metrics(), 'doma_outbox_send_failures_total') > before, 10000);
  assert.ok(counted, 'the failed attempt shows in doma_outbox_send_failures_total');
  assert.ok(value(await metrics(), 'doma_outbox_pending') >= 1, 'and the message waits for its next attempt');
});

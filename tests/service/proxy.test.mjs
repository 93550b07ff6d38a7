// Behind a reverse proxy (--trusted-proxy), the per-address limits use the
// client address from X-Forwarded-For, so one visitor cannot throttle all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, Client } from './harness.mjs';

let doma;
before(async () => { doma = await startDoma({ args: ['--trusted-proxy', '127.0.0.1'] }); });
after(async () => { if (doma) await doma.stop(); });

test('the address limit applies to the forwarded client, not to the proxy', async () => {
  const c = new Client(doma.base);
  await c.get('/login');
  const from = (ip) => ({ headers: { 'x-forwarded-for': `203.0.113.50, ${ip}` } });
  let last;
  for (let i = 0; i < 21; ++i) last = await c.post('/login', { login: `user${i}@example.org`, password: 'wrong-password' }, from('198.51.100.7'));
  assert.equal(last.status, 429, 'the guessing client is throttled');
  const other = await c.post('/login', { login: 'someone@example.org', password: 'wrong-password' }, from('198.51.100.8'));
  assert.equal(other.status, 400, 'another client behind the same proxy is not');
  // An untrusted peer cannot pick its address: without --trusted-proxy the header is ignored
  // (covered by the login flood, where every attempt counts for 127.0.0.1).
});

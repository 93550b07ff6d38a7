// Behind a reverse proxy (--trusted-proxy), the per-address limits use the
// client address from X-Forwarded-For, so one visitor cannot throttle all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, Client, rawRequest, statusOf } from './harness.mjs';

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

// A client can send X-Forwarded-For lines of its own; the proxy adds the
// address it saw, on a line of its own or at the end (RFC 9110: the lines
// read as one list). The right-most address our proxy did not add is the
// client, over every line — not the first line, which the client wrote.
test('the client is the right-most untrusted address over all X-Forwarded-For lines', async () => {
  const c = new Client(doma.base);
  await c.get('/login');
  const port = Number(new URL(doma.base).port);
  let last;
  for (let i = 0; i < 21; ++i) {
    const body = new URLSearchParams({ csrf: c.csrf, login: `spoof${i}@example.org`, password: 'wrong-password' }).toString();
    const raw = [
      'POST /login HTTP/1.1', `Host: 127.0.0.1:${port}`, `Origin: ${doma.base}`, `Cookie: ${c.cookieHeader()}`,
      'Content-Type: application/x-www-form-urlencoded',
      `X-Forwarded-For: 203.0.113.${i}`, // written by the client: a new "address" each time
      'X-Forwarded-For: 198.51.100.9', // added by the proxy: the address it saw
      `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body,
    ].join('\r\n');
    last = statusOf((await rawRequest(port, raw)).text);
    assert.ok(last === 400 || last === 429, `attempt ${i}: ${last}`);
  }
  assert.equal(last, 429, 'the client behind both lines is throttled as one');
});

// RFC 9112 and RFC 9110 rules the server must keep, each on a raw socket:
// Host (§3.2), the request target's forms (§3.2.1–3.2.2), an empty line
// before the request line (§2.2), the size of the header section however it
// is split, chunk extensions, and what a refused body's sender reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startDoma, rawRequest, statusOf } from './harness.mjs';

let doma;
before(async () => { doma = await startDoma(); });
after(async () => { if (doma) await doma.stop(); });

const close = 'Connection: close\r\n';

test('a request without Host, with two, or with an invalid one gets 400', async () => {
  for (const [name, head] of [
    ['no Host', `GET /healthz HTTP/1.1\r\n${close}\r\n`],
    ['two Host lines', `GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n${close}\r\n`],
    ['a space inside', `GET /healthz HTTP/1.1\r\nHost: a b\r\n${close}\r\n`],
    ['a path in it', `GET /healthz HTTP/1.1\r\nHost: a.example/x\r\n${close}\r\n`],
    ['user info', `GET /healthz HTTP/1.1\r\nHost: me@a.example\r\n${close}\r\n`],
    ['a port that is not a number', `GET /healthz HTTP/1.1\r\nHost: a.example:8x\r\n${close}\r\n`],
    ['an unclosed IPv6 literal', `GET /healthz HTTP/1.1\r\nHost: [::1\r\n${close}\r\n`],
  ]) {
    const r = await rawRequest(doma.port, head);
    assert.equal(statusOf(r.text), 400, name);
    assert.match(r.text, /Host/, `${name}: the answer names the header`);
  }
});

test('valid Host values are served, and HTTP/1.0 may leave Host out', async () => {
  for (const host of ['127.0.0.1', 'doma.example:8080', '[::1]:80', 'xn--80ak6aa92e.com', '']) {
    const r = await rawRequest(doma.port, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n${close}\r\n`);
    assert.equal(statusOf(r.text), 200, `Host: ${host}`);
  }
  const r = await rawRequest(doma.port, 'GET /healthz HTTP/1.0\r\n\r\n');
  assert.match(r.text, /^HTTP\/1\.[01] 200/);
});

test('an absolute-form target is served like its path', async () => {
  const r = await rawRequest(doma.port,
    `GET http://doma.example/api/v1/categories?x=1 HTTP/1.1\r\nHost: doma.example\r\n${close}\r\n`);
  assert.equal(statusOf(r.text), 200);
  assert.match(r.text, /application\/json/);
  assert.match(r.text, /"items"/);
  const bad = await rawRequest(doma.port, `GET ftp://doma.example/ HTTP/1.1\r\nHost: doma.example\r\n${close}\r\n`);
  assert.equal(statusOf(bad.text), 400);
});

test('an empty line before the request line is ignored', async () => {
  const r = await rawRequest(doma.port, `\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n${close}\r\n`);
  assert.equal(statusOf(r.text), 200);
});

test('a header section over 8 KiB gets 431 however it is split', async () => {
  let many = '';
  for (let i = 0; i < 1000; ++i) many += `X-${i}: v\r\n`;  // about 9.9 KB in small lines
  assert.ok(many.length > 8 * 1024);
  const r = await rawRequest(doma.port, `GET /healthz HTTP/1.1\r\nHost: x\r\n${many}\r\n`);
  assert.equal(statusOf(r.text), 431);
  // Just under the limit is still served.
  let some = '';
  for (let i = 0; i < 500; ++i) some += `X-${i}: v\r\n`;
  const ok = await rawRequest(doma.port, `GET /healthz HTTP/1.1\r\nHost: x\r\n${some}${close}\r\n`);
  assert.equal(statusOf(ok.text), 200);
});

test('a long chunk extension is refused', async () => {
  const ext = ';e=' + 'x'.repeat(4096);
  const r = await rawRequest(doma.port,
    `POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n2${ext}\r\n{}\r\n0\r\n\r\n`);
  assert.equal(statusOf(r.text), 400);
});

// Sends `head` and then `bodyBytes` of body as fast as the socket takes them,
// without waiting for 100-continue; resolves with what came back and how the
// connection ended.
function sendLargeBody(port, head, bodyBytes) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let error = null;
    sock.on('connect', () => {
      sock.write(head);
      const block = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < bodyBytes) {
          sent += block.length;
          if (!sock.write(block)) return sock.once('drain', pump);
        }
      };
      pump();
    });
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e) => { error = e.code; });
    sock.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), error }));
    setTimeout(() => sock.destroy(), 15000);
  });
}

test('a body over the limit is answered 413 before the connection closes, even without Expect', async () => {
  for (let i = 0; i < 3; ++i) {
    const r = await sendLargeBody(doma.port,
      `POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${8 * 1024 * 1024}\r\n\r\n`,
      8 * 1024 * 1024);
    assert.equal(statusOf(r.text), 413, `attempt ${i + 1}: got ${JSON.stringify(r.text.slice(0, 40))}, error ${r.error}`);
  }
});

test('HTTP-level errors on /api/ routes are problem+json in the client\'s terms', async () => {
  const big = 'x'.repeat(9000);
  for (const [status, head] of [
    [400, `GET /api/v1/categories HTTP/1.1\r\n${close}\r\n`],
    [431, `GET /api/v1/categories HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`],
    [413, `POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`],
  ]) {
    const r = await rawRequest(doma.port, head);
    assert.equal(statusOf(r.text), status);
    assert.match(r.text, /content-type: application\/problem\+json/i, `${status} on /api/ is problem+json`);
    const body = JSON.parse(r.text.split('\r\n\r\n')[1]);
    assert.equal(body.status, status);
    assert.ok(body.title || body.detail);
  }
  // The same errors elsewhere are pages.
  const page = await rawRequest(doma.port, `GET /search HTTP/1.1\r\n${close}\r\n`);
  assert.equal(statusOf(page.text), 400);
  assert.match(page.text, /content-type: text\/html/i);
});

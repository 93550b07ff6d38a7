// HTTP/1.1 behaviour of the real server: framing, limits, keep-alive,
// pipelining, HEAD, 405, static caching, gzip, request ids, shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startDoma, rawRequest, statusOf } from './harness.mjs';

let doma;
before(async () => { doma = await startDoma(); });
after(async () => { if (doma) await doma.stop(); });

const get = (path) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;

test('keep-alive serves several requests on one connection, pipelined, in order', async () => {
  const r = await rawRequest(doma.port, get('/healthz') + get('/no-such-page') + get('/healthz'), { idleMs: 1000 });
  const statuses = [...r.text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
  assert.deepEqual(statuses, [200, 404, 200]);
  assert.equal(r.closed, false, 'connection stays open after keep-alive requests');
});

test('HEAD answers like GET without a body', async () => {
  const g = await fetch(`${doma.base}/`);
  const body = await g.text();
  const r = await rawRequest(doma.port, 'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(statusOf(r.text), 200);
  const len = Number(/content-length: (\d+)/i.exec(r.text)[1]);
  assert.equal(len, Buffer.byteLength(body));
  assert.equal(r.text.split('\r\n\r\n')[1], '');
});

test('a wrong method gets 405 with Allow', async () => {
  const r = await fetch(`${doma.base}/search`, { method: 'POST', body: 'x' });
  assert.equal(r.status, 405);
  assert.match(r.headers.get('allow'), /GET/);
  assert.match(r.headers.get('allow'), /HEAD/);
  assert.match(await r.text(), /метод/i);
});

test('headers over 8 KiB get 431, a URI over 8 KiB gets 414', async () => {
  const big = 'x'.repeat(9000);
  let r = await rawRequest(doma.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`);
  assert.equal(statusOf(r.text), 431);
  assert.match(r.text, /Заголовки запроса слишком большие/);
  r = await rawRequest(doma.port, `GET /search?q=${big} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.equal(statusOf(r.text), 414);
  assert.ok(r.closed);
});

test('a body over 1 MiB gets 413', async () => {
  const r = await rawRequest(doma.port, `POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n` + 'a'.repeat(1000));
  assert.equal(statusOf(r.text), 413);
  assert.ok(r.closed);
});

for (const [name, headers] of [
  ['Content-Length with Transfer-Encoding', 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n'],
  ['Transfer-Encoding other than chunked', 'Transfer-Encoding: gzip\r\n'],
  ['duplicate Content-Length', 'Content-Length: 5\r\nContent-Length: 5\r\n'],
  ['invalid Content-Length', 'Content-Length: 5x\r\n'],
  ['negative Content-Length', 'Content-Length: -1\r\n'],
]) {
  test(`${name} gets 400 and the connection closed`, async () => {
    const r = await rawRequest(doma.port, `POST /search HTTP/1.1\r\nHost: x\r\n${headers}\r\nhello` + get('/healthz'));
    assert.equal(statusOf(r.text), 400);
    assert.ok(r.closed, 'connection closed');
    assert.equal([...r.text.matchAll(/^HTTP\/1\.1/gm)].length, 1, 'the smuggled request is not answered');
  });
}

test('garbage that is not HTTP gets 400, never a crash', async () => {
  const r = await rawRequest(doma.port, 'HELLO\x00\x01\r\n\r\n');
  assert.equal(statusOf(r.text), 400);
  const ok = await fetch(`${doma.base}/healthz`);
  assert.equal(ok.status, 200);
});

test('headers not complete within 10 s close the connection', { timeout: 20000 }, async () => {
  const t0 = Date.now();
  const r = await rawRequest(doma.port, 'GET / HTTP/1.1\r\nHost: x\r\n', { idleMs: 15000 });
  const elapsed = Date.now() - t0;
  assert.ok(r.closed, 'server closed the connection');
  assert.ok(elapsed >= 9000 && elapsed < 14000, `closed after ${elapsed} ms`);
});

test('every response carries X-Request-Id, and a sane incoming one is kept', async () => {
  for (const p of ['/', '/healthz', '/nope', '/api/v1/services?page=0', '/static/style.css']) {
    const r = await fetch(doma.base + p);
    assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-zA-Z_-]{8,64}$/, p);
  }
  const r = await fetch(`${doma.base}/healthz`, { headers: { 'X-Request-Id': 'trace-abc-123' } });
  assert.equal(r.headers.get('x-request-id'), 'trace-abc-123');
});

test('static files have an ETag, a long Cache-Control and answer 304', async () => {
  const r = await fetch(`${doma.base}/static/style.css`);
  assert.equal(r.status, 200);
  const etag = r.headers.get('etag');
  assert.ok(etag);
  assert.match(r.headers.get('cache-control'), /max-age=31536000/);
  const again = await fetch(`${doma.base}/static/style.css`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await fetch(`${doma.base}/static/../doma.db`)).status, 404);
});

test('text is gzipped when the client accepts it', async () => {
  const r = await rawRequest(doma.port, 'GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n');
  assert.match(r.text, /content-encoding: gzip/i);
  const raw = await new Promise((resolve) => {
    import('node:http').then(({ get: hget }) => hget(`${doma.base}/`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      const chunks = []; res.on('data', (c) => chunks.push(c)); res.on('end', () => resolve(Buffer.concat(chunks)));
    }));
  });
  assert.match(gunzipSync(raw).toString('utf8'), /<!DOCTYPE html>/);
});

test('the access log is JSON lines with the route pattern and never the query string', async () => {
  await fetch(`${doma.base}/search?q=${encodeURIComponent('секретный запрос 89991234567')}`);
  await fetch(`${doma.base}/services/gosuslugi?x=1`);
  await new Promise((r) => setTimeout(r, 200));
  const lines = doma.log().trim().split('\n').map((l) => JSON.parse(l));
  const reqs = lines.filter((l) => l.msg === 'request');
  assert.ok(reqs.some((l) => l.route === '/search' && l.status === 200 && l.method === 'GET' && typeof l.ms === 'number' && l.request_id));
  assert.ok(reqs.some((l) => l.route === '/services/{id}'));
  assert.doesNotMatch(doma.log(), /89991234567|секретный|gosuslugi\?x/);
});

test('SIGTERM: a request in flight is answered, idle connections close, exit 0', { timeout: 20000 }, async () => {
  const d = await startDoma();
  const net = await import('node:net');
  // An idle keep-alive connection must not hold the shutdown up.
  const idle = net.connect(d.port, '127.0.0.1');
  await new Promise((r) => idle.on('connect', r));
  // A request whose body is still arriving when the signal comes.
  const sock = net.connect(d.port, '127.0.0.1');
  await new Promise((r) => sock.on('connect', r));
  const chunks = [];
  sock.on('data', (c) => chunks.push(c));
  const closed = new Promise((r) => sock.on('close', r));
  sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345');
  await new Promise((r) => setTimeout(r, 300));
  d.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  sock.write('67890');
  await closed;
  const text = Buffer.concat(chunks).toString();
  assert.equal(statusOf(text), 200, text);
  assert.match(text, /connection: close/i);
  const t0 = Date.now();
  const res = await d.stop();
  assert.equal(res.code, 0);
  assert.ok(Date.now() - t0 < 10000);
  idle.destroy();
  // No new connections after the stop.
  await assert.rejects(fetch(`${d.base}/healthz`));
});

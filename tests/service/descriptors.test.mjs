// Descriptors run short: with 256 open files allowed and 600 connections
// held open by one address (sending nothing), the server stays usable for
// everyone else, and says what happens in its log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startDoma } from './harness.mjs';

// A connection that connects and then says nothing.
function hold(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.on('connect', () => resolve(s));
    s.on('error', () => resolve(s));
  });
}

// GET `path` from another loopback address; the status, or an error.
function getFrom(localAddress, port, path, timeoutMs) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress });
    let text = '';
    const timer = setTimeout(() => { s.destroy(); resolve('no answer'); }, timeoutMs);
    s.on('connect', () => s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    s.on('data', (d) => { text += d; });
    s.on('close', () => { clearTimeout(timer); resolve(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? `closed: ${text.slice(0, 40)}`); });
    s.on('error', (e) => { clearTimeout(timer); resolve(e.code); });
  });
}

test('600 idle connections from one address do not shut out another at 256 descriptors', async () => {
  const doma = await startDoma({ nofile: 256 });
  const held = [];
  try {
    for (let i = 0; i < 600; ++i) held.push(await hold(doma.port));
    for (let i = 0; i < 5; ++i) assert.equal(await getFrom('127.0.0.2', doma.port, '/healthz', 5000), '200', `request ${i + 1}`);
    // The one holding them all is not shut out either: its oldest idle ones make room.
    assert.equal(await getFrom('127.0.0.1', doma.port, '/healthz', 5000), '200');
    const log = doma.log();
    assert.match(log, /"msg":"connections","descriptors":256,"max":128,"max_per_address":32/);
  } finally {
    for (const s of held) s.destroy();
    await doma.stop();
  }
});

// Descriptors run short: doma with 1,024 open files allowed (prlimit), 2,000
// clients from 127.0.0.1 connecting and holding their connections silent,
// and meanwhile GET / from 127.0.0.2 every 100 ms. Prints how the other
// client's requests were answered (latency, failures) and how much CPU the
// server used while it was flooded (a spinning accept loop uses a whole core).
// Usage: DOMA_BIN=build/release/doma node bench/descriptors.mjs
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startDoma } from '../tests/service/harness.mjs';

const CLIENTS = 2000, PROBES = 30;
const doma = await startDoma({ args: ['--no-access-log'], nofile: 1024 });
const cpuSeconds = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;  // utime + stime, in clock ticks of 1/100 s
};
// prlimit execs doma: the child's pid is doma's.
const pid = doma.child.pid;
const held = [];
try {
  await Promise.all(Array.from({ length: CLIENTS }, () => new Promise((resolve) => {
    const s = net.connect({ port: doma.port, host: '127.0.0.1' });
    held.push(s);
    s.on('connect', resolve);
    s.on('error', resolve);
    s.on('close', resolve);
    setTimeout(resolve, 3000);
  })));
  const cpu0 = cpuSeconds(pid), t0 = performance.now();
  const ms = [];
  let failed = 0;
  for (let i = 0; i < PROBES; ++i) {
    const start = performance.now();
    const ok = await new Promise((resolve) => {
      const s = net.connect({ port: doma.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
      let text = '';
      const timer = setTimeout(() => { s.destroy(); resolve(false); }, 5000);
      s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      s.on('data', (d) => { text += d; });
      s.on('close', () => { clearTimeout(timer); resolve(/^HTTP\/1\.1 200/.test(text)); });
      s.on('error', () => { clearTimeout(timer); resolve(false); });
    });
    if (ok) ms.push(performance.now() - start); else ++failed;
    await new Promise((r) => setTimeout(r, 100));
  }
  const wall = (performance.now() - t0) / 1000, cpu = cpuSeconds(pid) - cpu0;
  ms.sort((a, b) => a - b);
  const q = (p) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(1) : '—');
  const open = held.filter((s) => !s.destroyed && s.readyState === 'open').length;
  console.log('| flood clients (held open at the end) | GET / answered (of ' + PROBES + ') | p50 | max | server CPU while flooded |');
  console.log('|---|---|---|---|---|');
  console.log(`| ${CLIENTS} (${open}) | ${ms.length} | ${q(0.5)} ms | ${ms.length ? ms[ms.length - 1].toFixed(1) : '—'} ms | ${(100 * cpu / wall).toFixed(0)} % of a core over ${wall.toFixed(1)} s |`);
} finally {
  for (const s of held) s.destroy();
  await doma.stop();
}

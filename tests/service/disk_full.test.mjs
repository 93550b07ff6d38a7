// A full disk (issue 12, item 11), on a real filesystem: a 24 MB tmpfs
// mounted in a private mount namespace (unshare, as a user namespace's root
// when the test is not root), which another writer fills to the last byte.
// Writes answer 503 with Retry-After and say why in words; reading, search
// and sign-in's page keep working; nothing is half-written; writes come back
// by themselves when space does; a start on a full disk serves what is
// stored and refuses writes (or exits with a clear message), never dies by a
// signal; the saved index never takes the last bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, writeSync, closeSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDoma, BIN, Client, secret } from './harness.mjs';

// A tmpfs of `mb` megabytes at a fresh directory, alive while `holder` runs.
async function smallDisk(mb) {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-full-'));
  const holder = spawn('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c',
    `mount -t tmpfs -o size=${mb}m tmpfs "$0" && echo mounted && exec sleep 3600`, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  holder.stderr.on('data', (d) => { err += d; });
  const ok = await new Promise((resolve) => {
    holder.stdout.on('data', (d) => { if (/mounted/.test(d)) resolve(true); });
    holder.on('exit', () => resolve(false));
  });
  if (!ok) return { skip: `no private mount namespace here: ${err.trim()}` };
  const inside = (p) => `/proc/${holder.pid}/root${p}`;
  const enter = ['nsenter', `--target=${holder.pid}`, '--user', '--mount', '--preserve-credentials', `--wd=${process.cwd()}`];
  return {
    dir, enter,
    // Fills what is left with one file, to the last byte the filesystem gives.
    fill() {
      const fd = openSync(inside(path.join(dir, 'filler')), 'a');
      const chunk = Buffer.alloc(64 * 1024);
      try {
        for (let size = chunk.length; size >= 1;) {
          try { writeSync(fd, chunk, 0, size); } catch (e) { if (e.code !== 'ENOSPC') throw e; size >>= 1; }
        }
      } finally { closeSync(fd); }
    },
    free() { rmSync(inside(path.join(dir, 'filler')), { force: true }); },
    // The newest sign-up code the log channel delivered (outbox.log is on the small disk).
    async signUpCode() {
      for (const t0 = Date.now(); Date.now() - t0 < 8000; await new Promise((r) => setTimeout(r, 100))) {
        let lines = [];
        try { lines = readFileSync(inside(path.join(dir, 'outbox.log')), 'utf8').trim().split('\n').filter(Boolean); } catch { /* not yet */ }
        const m = lines.map((l) => JSON.parse(l)).reverse().find((x) => /регистрац/.test(x.body));
        if (m) return /\b(\d{8})\b/.exec(m.body)[1];
      }
      return null;
    },
    run(args, input) { return spawnSync(enter[0], [...enter.slice(1), path.resolve(BIN), ...args], { input, encoding: 'utf8' }); },
    close() { holder.kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}

const EDITOR = { login: 'editor@doma.test', password: 'editor-password-1' };
const PERSON = { login: 'neighbour@doma.test', password: 'neighbour-password-1' };
const proposal = (name) => ({
  name, url: 'https://full-disk.example.org/', short_description: 'Проверка: что бывает, когда кончилось место на диске',
  description: 'Длинное описание. '.repeat(200), organization: 'Тест', scope: 'federal', cost: 'free',
  categories: 'kids-leisure', platforms: 'web', audiences: 'families', contact: '',
});

let disk, doma;
before(async () => {
  disk = await smallDisk(24);
  if (disk.skip) return;
  secret(EDITOR.password);
  const add = disk.run(['user', 'add', '--email', EDITOR.login, '--role', 'editor', '--db', path.join(disk.dir, 'doma.db')], `${EDITOR.password}\n`);
  assert.equal(add.status, 0, add.stderr);
  doma = await startDoma({ dir: disk.dir, wrap: disk.enter });
});
after(async () => {
  if (doma) await doma.stop();
  if (disk && !disk.skip) disk.close();
});

test('on a full disk a write answers 503 with Retry-After and words; reading, search and the login page work; nothing is half-written; writes return with space', async (t) => {
  if (disk.skip) return t.skip(disk.skip);
  const person = new Client(doma.base);
  await person.signUp(PERSON.login, 'Соседка', PERSON.password, { code: () => disk.signUpCode() });
  const anon = new Client(doma.base);
  await anon.get('/services/propose');

  disk.fill();
  const page = await anon.post('/services/propose', proposal('Сервис, предложенный на полный диск'));
  assert.equal(page.status, 503, `a proposal on a full disk: ${page.status}`);
  assert.ok(Number(page.headers.get('retry-after')) > 0, 'Retry-After says when to come back');
  assert.match(page.text, /мест/i, 'the page says that the server ran out of space');
  assert.match(page.text, /value="Сервис, предложенный на полный диск"/, 'and keeps what was typed');

  const api = await fetch(`${doma.base}/api/v1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: person.cookieHeader(), 'x-csrf-token': person.cookies.get('doma_csrf') ?? '' },
    body: JSON.stringify({ name: 'Сервис из API на полный диск', url: 'https://api-full.example.org/', short_description: 'Проверка API на полном диске',
      description: 'Длинное описание. '.repeat(200), categories: ['sport'], platforms: ['web'], audiences: ['elderly'], scope: 'federal', cost: 'free' }),
  });
  assert.equal(api.status, 503, `an API write on a full disk: ${api.status}`);
  assert.match(api.headers.get('content-type'), /problem\+json/);
  assert.ok(Number(api.headers.get('retry-after')) > 0);
  assert.match((await api.json()).detail, /мест/i);

  await person.get('/help/ask');
  const ask = await person.post('/help/ask', {
    channel: 'self', kinds: 'groceries', details: 'Хлеб, молоко и кефир — на полный диск', recipient_name: 'Анна Петровна', phone: '+7 917 000-00-00',
    place_id: 'ulyanovsk-leninsky', street: 'Гончарова', house: '1', urgency: 'this-week', consent: 'yes',
  });
  assert.equal(ask.status, 503, `a request for help on a full disk: ${ask.status}`);
  assert.match(ask.text, /Хлеб, молоко и кефир — на полный диск/, 'the request as typed is still in the form');
  assert.match(ask.text, /мест/i);

  const newcomer = new Client(doma.base);
  await newcomer.get('/signup');
  const signup = await newcomer.post('/signup', { login: 'late@doma.test', name: 'Поздний', password: 'late-password-12', password_again: 'late-password-12' });
  assert.ok([200, 503].includes(signup.status), `sign-up on a full disk: ${signup.status}, not 500`);

  assert.equal((await fetch(`${doma.base}/`)).status, 200, 'the home page');
  const found = await fetch(`${doma.base}/search?q=${encodeURIComponent('госуслуги')}`);
  assert.equal(found.status, 200, 'search');
  assert.equal((await fetch(`${doma.base}/login`)).status, 200, 'the login page');
  const again = new Client(doma.base);
  await again.get('/login');
  const login = await again.post('/login', { login: PERSON.login, password: PERSON.password, next: '/account' });
  assert.ok([303, 503].includes(login.status), `sign-in on a full disk: ${login.status}`);
  if (login.status === 503) assert.match(login.text, /мест/i, 'the same words as every other write');
  else assert.equal((await again.get('/account')).status, 200, 'the session works');

  disk.free();
  const later = await anon.post('/services/propose', proposal('Сервис, предложенный после уборки'));
  assert.equal(later.status, 200, 'with space back, the next write succeeds without a restart');
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  const desk = await ed.get('/editor');
  assert.match(desk.text, /Сервис, предложенный после уборки/);
  assert.doesNotMatch(desk.text, /на полный диск/, 'what was refused was not stored, not even in part');
  assert.doesNotMatch((await person.get('/help/mine')).text, /на полный диск/, 'nor the request for help');
  assert.doesNotMatch(doma.log(), /"status":5(?!03)\d\d/, 'no 5xx but 503 in the access log');
});

test('a server started again on a full disk serves what is stored and refuses writes with 503 (or exits saying why), never dies by a signal; with space back its data is whole', async (t) => {
  if (disk.skip) return t.skip(disk.skip);
  const stopped = await doma.stop();
  doma = null;
  assert.equal(stopped.signal, null, `stopped without a signal: ${JSON.stringify(stopped)}`);
  disk.fill();
  let started = null, failure = null;
  try { started = await startDoma({ dir: disk.dir, wrap: disk.enter }); } catch (e) { failure = e; }
  if (started) {
    // Started read-only: reading works, writing says why it cannot.
    assert.equal((await fetch(`${started.base}/`)).status, 200);
    const anon = new Client(started.base);
    await anon.get('/services/propose');
    assert.equal((await anon.post('/services/propose', proposal('Ещё одно'))).status, 503);
    assert.match(started.log(), /little free space on the database's disk/, 'the administrator is told at start');
    await started.stop();
    assert.match(started.log(), /search index: not saved, \d+ bytes free/, 'the index does not take the last bytes');
  } else {
    assert.match(failure.message, /"code":[1-9]\d*,"signal":null/, `exited with a status, not a signal: ${failure.message.slice(0, 300)}`);
    assert.match(failure.message, /no space left|not enough space/i, 'and the log says the disk is full');
  }
  disk.free();
  const check = disk.run(['check', '--db', path.join(disk.dir, 'doma.db')]);
  assert.equal(check.status, 0, `doma check after the full disk: ${check.stdout}${check.stderr}`);
  doma = await startDoma({ dir: disk.dir, wrap: disk.enter });
  assert.equal((await fetch(`${doma.base}/`)).status, 200);
});

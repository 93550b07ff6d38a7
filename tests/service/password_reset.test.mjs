// Password reset through the notification outbox (log channel), and an SMS
// webhook receiving what the outbox sends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startDoma, Client, secret, storedBytes } from './harness.mjs';

let doma;
let hook;
const received = [];
before(async () => {
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { received.push({ headers: req.headers, body: JSON.parse(body) }); res.end('ok'); });
  });
  await new Promise((r) => hook.listen(0, '127.0.0.1', r));
  doma = await startDoma({ args: ['--sms-webhook', `http://127.0.0.1:${hook.address().port}/sms`] });
});
after(async () => { if (doma) await doma.stop(); hook?.close(); });

async function waitFor(fn, ms = 8000) {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > ms) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const outboxLines = () => {
  const p = path.join(doma.dir, 'outbox.log');
  return existsSync(p) ? readFileSync(p, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
};

test('a reset code arrives through the outbox, works once, and ends the old sessions', async () => {
  const a = new Client(doma.base);
  await a.signUp('vera@example.org', 'Вера', 'vera-password-1');
  const f = new Client(doma.base);
  await f.get('/password/forgot');
  const r = await f.post('/password/forgot', { login: 'Vera@Example.org' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/password/reset?sent=1');
  const msg = await waitFor(() => outboxLines().find((m) => m.to === 'vera@example.org' && /смены пароля/.test(m.body)));
  assert.ok(msg, 'the code was delivered to the log channel');
  const code = /(\d{8})/.exec(msg.body)[1];
  secret(code);
  // Sealed at rest: the code is nowhere in the database files.
  assert.ok(!storedBytes(path.join(doma.dir, 'doma.db')).includes(code), 'the database holds the code in plain text');

  await f.get('/password/reset');
  const wrong = await f.post('/password/reset', { login: 'vera@example.org', code: '00000000', new_password: 'vera-password-2', new_password_again: 'vera-password-2' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /id="code-error"/);
  const ok = await f.post('/password/reset', { login: 'vera@example.org', code, new_password: 'vera-password-2', new_password_again: 'vera-password-2' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/login?reset=1');
  assert.equal((await a.get('/account')).status, 303, 'the old session ended');
  const again = await f.post('/password/reset', { login: 'vera@example.org', code, new_password: 'vera-password-3', new_password_again: 'vera-password-3' });
  assert.equal(again.status, 400, 'a code works once');
  const c = new Client(doma.base);
  await c.login('vera@example.org', 'vera-password-2');
});

test('an unknown account gets the same answer; the address is told it has no account, and no code', async () => {
  const f = new Client(doma.base);
  await f.get('/password/forgot');
  const r = await f.post('/password/forgot', { login: 'ghost@example.org' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/password/reset?sent=1');
  // One message either way, so that the time of the answer tells nothing.
  const note = await waitFor(() => outboxLines().find((m) => m.to === 'ghost@example.org'));
  assert.ok(note, 'the owner of the address hears of the request');
  assert.match(note.body, /учётной записи с ним нет/);
  assert.doesNotMatch(note.body, /\d{8}/);
});

test('SMS go to the webhook with an idempotency key', async () => {
  const a = new Client(doma.base);
  // The sign-up code is an SMS too.
  await a.signUp('+7 912 555-44-33', 'Семён', 'semen-password-1', {
    code: async () => {
      const m = await waitFor(() => received.find((x) => x.body.to === '+79125554433' && /регистрац/.test(x.body.body)));
      return m && /\d{8}/.exec(m.body.body)[0];
    },
  });
  await a.get('/password/forgot');
  await a.post('/password/forgot', { login: '89125554433' });
  const got = await waitFor(() => received.find((m) => m.body.to === '+79125554433' && /смены пароля/.test(m.body.body)));
  assert.ok(got, 'the gateway received the SMS');
  assert.equal(got.body.channel, 'sms');
  assert.match(got.body.body, /\d{8}/);
  secret(got.body.body.match(/\d{8}/)[0]);
  assert.match(got.headers['idempotency-key'], /^[0-9a-f]{32}$/);
  assert.ok(!doma.log().includes(got.body.body.match(/\d{8}/)[0]), 'the code is not in the server log');
  assert.ok(!doma.log().includes('+79125554433'), 'the phone is not in the server log');
});

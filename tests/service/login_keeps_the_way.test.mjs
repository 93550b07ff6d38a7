// Sign-in and sign-up keep where the person was going (issue 18): the login
// page a guarded page sends to says why it asks, and its sign-up link, the
// sign-up form and the code form carry the way back to the end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, Client, outboxOf, waitFor } from './harness.mjs';

let doma;
before(async () => { doma = await startDoma(); });
after(async () => { if (doma) await doma.stop(); });

test('a guarded page → login says why → sign-up → code → back on that page', async () => {
  const c = new Client(doma.base);
  const guarded = await c.get('/volunteer/signup');
  assert.equal(guarded.status, 303);
  assert.equal(guarded.headers.get('location'), '/login?next=/volunteer/signup');
  const login = await c.get('/login?next=/volunteer/signup');
  assert.match(login.text, /id="login-why"/, 'the login page says why it is asked');
  assert.match(login.text, /href="\/help\/ask"/, 'and that help can be asked for without an account');
  assert.match(login.text, /href="\/signup\?next=\/volunteer\/signup"/);
  const form = await c.get('/signup?next=/volunteer/signup');
  assert.match(form.text, /name="next" value="\/volunteer\/signup"/);
  const seen = outboxOf(doma.dir).length;
  const step = await c.post('/signup', { login: 'way@keeps.test', name: 'Вера', password: 'keeps-the-way-1', password_again: 'keeps-the-way-1', next: '/volunteer/signup' });
  assert.equal(step.status, 200);
  assert.match(step.text, /name="next" value="\/volunteer\/signup"/, 'the code form carries it on');
  const signup = /name="signup" value="([0-9a-f]{32})"/.exec(step.text)[1];
  const code = await waitFor(() => {
    const m = outboxOf(doma.dir).slice(seen).find((x) => /\b\d{8}\b/.test(x.body));
    return m && /\b(\d{8})\b/.exec(m.body)[1];
  });
  const done = await c.post('/signup/confirm', { signup, login: 'way@keeps.test', code, next: '/volunteer/signup' });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), '/volunteer/signup');
  const there = await c.get('/volunteer/signup');
  assert.equal(there.status, 200, 'signed in, on the page they were going to');
});

test('the way back is a local path only', async () => {
  const c = new Client(doma.base);
  const login = await c.get('/login?next=//evil.example/x');
  assert.match(login.text, /name="next" value="\/account"/, 'another site is not a way back');
  assert.doesNotMatch(login.text, /href="\/signup\?next=[^"]*evil/);
  assert.doesNotMatch(login.text, /id="login-why"/, 'a plain login says nothing about a page');
});

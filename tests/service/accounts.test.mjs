// Accounts over real HTTP: sign-up, login, sessions, passwords, CSRF,
// throttling, roles and the audit log, security headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, addUser, Client, outboxOf, waitFor, secret } from './harness.mjs';

const ADMIN = { login: 'admin@doma.test', password: 'admin-password-42' };
let doma;
before(async () => { doma = await startDoma({ prepare: (db) => addUser(db, ADMIN.login, 'admin', ADMIN.password) }); });
after(async () => { if (doma) await doma.stop(); });

const sessionCookie = 'doma_session';

test('sign-up by phone: a code comes by SMS, typing it starts a session and shows the account', async () => {
  const c = new Client(doma.base);
  const seen = outboxOf(doma.dir).length;
  await c.get('/signup');
  const r = await c.post('/signup', { login: '8 (912) 345-67-89', name: 'Мария Ивановна', password: 'пароль от дома 1', password_again: 'пароль от дома 1' });
  assert.equal(r.status, 200);
  assert.match(r.text, /Мы отправили сообщение на <strong>8 \(912\) 345-67-89<\/strong>/);
  const signup = /name="signup" value="([0-9a-f]{32})"/.exec(r.text)[1];
  secret(signup);
  assert.ok(!r.headers.getSetCookie().some((x) => x.startsWith(sessionCookie)), 'no session before the code');
  const sms = await waitFor(() => outboxOf(doma.dir).slice(seen).find((m) => m.to === '+79123456789'));
  assert.match(sms.body, /код для регистрации на портале «Дома»: \d{8}/);
  const code = /\d{8}/.exec(sms.body)[0];
  const wrong = await c.post('/signup/confirm', { signup, code: code === '00000000' ? '11111111' : '00000000' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /id="code-error">Код неверный или устарел/);
  const done = await c.post('/signup/confirm', { signup, code });
  assert.equal(done.status, 303);
  const set = done.headers.getSetCookie().find((x) => x.startsWith(sessionCookie));
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
  const acc = await c.get('/account');
  assert.equal(acc.status, 200);
  assert.match(acc.text, /Мария Ивановна/);
  assert.match(acc.text, /\+79123456789/);
  assert.equal(acc.headers.get('cache-control'), 'no-store');
  assert.equal((await c.post('/signup/confirm', { signup, code })).status, 400, 'a code works once');
});

test('sign-up answers the same whether the login has an account or not; its owner gets a note, not a code', async () => {
  await new Client(doma.base).signUp('taken@example.org', 'Таня', 'tanya-password-1');
  const attempt = async (login) => {
    const c = new Client(doma.base);
    await c.get('/signup');
    const t0 = process.hrtime.bigint();
    const r = await c.post('/signup', { login, name: 'Кто-то', password: 'другой пароль 22', password_again: 'другой пароль 22' });
    return { ...r, ms: Number(process.hrtime.bigint() - t0) / 1e6, c };
  };
  const seen = outboxOf(doma.dir).length;
  const taken = await attempt('Taken@Example.org');
  const fresh = await attempt('fresh@example.org');
  assert.equal(taken.status, fresh.status, 'the same status');
  assert.equal(taken.status, 200);
  const shape = (r, login) => r.text.replace(/value="[0-9a-f]{32}"/g, 'value="…"').replaceAll(login, 'LOGIN');
  assert.equal(shape(taken, 'Taken@Example.org'), shape(fresh, 'fresh@example.org'), 'the same page but for the address typed and the random tokens');
  assert.doesNotMatch(taken.text, /уже есть учётная запись|уже зарегистр/i);
  const note = await waitFor(() => outboxOf(doma.dir).slice(seen).find((m) => m.to === 'taken@example.org'));
  assert.match(note.body, /учётная запись у вас уже есть/);
  assert.doesNotMatch(note.body, /\d{8}/, 'no code for a login that has an account');
  // Nothing the owner of the taken login did not do: the account is unchanged.
  const owner = new Client(doma.base);
  await owner.login('taken@example.org', 'tanya-password-1');
  // And a made-up code for the taken login's form creates nothing.
  const signup = /name="signup" value="([0-9a-f]{32})"/.exec(taken.text)[1];
  assert.equal((await taken.c.post('/signup/confirm', { signup, code: '90817263' })).status, 400);
  const d = new Client(doma.base);
  await d.get('/login');
  assert.equal((await d.post('/login', { login: 'taken@example.org', password: 'другой пароль 22' })).status, 400, 'the other password does not open the account');
});

test('a sign-up code dies at the fifth wrong try', async () => {
  const c = new Client(doma.base);
  const seen = outboxOf(doma.dir).length;
  await c.get('/signup');
  const r = await c.post('/signup', { login: 'fivetries@example.org', name: 'Пять', password: 'five-password-1', password_again: 'five-password-1' });
  const signup = /name="signup" value="([0-9a-f]{32})"/.exec(r.text)[1];
  secret(signup);
  const m = await waitFor(() => outboxOf(doma.dir).slice(seen).find((x) => x.to === 'fivetries@example.org'));
  const code = /\d{8}/.exec(m.body)[0];
  const wrongCode = code === '00000000' ? '11111111' : '00000000';
  for (let i = 0; i < 5; ++i) assert.equal((await c.post('/signup/confirm', { signup, code: wrongCode })).status, 400);
  assert.equal((await c.post('/signup/confirm', { signup, code })).status, 400, 'the right code after five wrong ones is too late');
});

test('a name typed with combining marks is stored as the letters it shows (NFC)', async () => {
  const c = new Client(doma.base);
  // «Йожеф Ёлкин» as some keyboards send it: и + U+0306, Е + U+0308.
  const decomposed = '\u0418\u0306\u043e\u0436\u0435\u0444 \u0415\u0308\u043b\u043a\u0438\u043d';
  await c.signUp('nfc@example.org', decomposed, 'nfc-password-1');
  const acc = await c.get('/account');
  assert.ok(acc.text.includes('Йожеф Ёлкин'), 'composed on the account page');
  assert.ok(!acc.text.includes('\u0306') && !acc.text.includes('\u0308'), 'no combining marks left');
});

test('sign-up errors stand next to their field and keep what was typed', async () => {
  const c = new Client(doma.base);
  await c.get('/signup');
  const r = await c.post('/signup', { login: 'nina@example.org', name: 'Нина', password: 'short', password_again: 'short' });
  assert.equal(r.status, 400);
  assert.match(r.text, /id="password-error">Пароль должен быть не короче 10 символов/);
  assert.match(r.text, /value="nina@example.org"/);
  assert.match(r.text, /value="Нина"/);
  const bad = await c.post('/signup', { login: 'not an address', name: 'Нина', password: 'long enough pw', password_again: 'long enough pw' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /id="login-error"/);
  const long = await c.post('/signup', { login: 'nina@example.org', name: 'Нина', password: 'я'.repeat(129), password_again: 'я'.repeat(129) });
  assert.equal(long.status, 400);
  assert.match(long.text, /не длиннее 128/);
});

test('login: wrong password is refused without saying which part is wrong; a new session id each time', async () => {
  const c = new Client(doma.base);
  await c.signUp('olga@example.org', 'Ольга', 'olga-password-1');
  const first = c.cookies.get(sessionCookie);
  const d = new Client(doma.base);
  await d.get('/login');
  const wrong = await d.post('/login', { login: 'olga@example.org', password: 'not-her-password' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /Неверный e-mail\/телефон или пароль/);
  const unknown = await d.post('/login', { login: 'nobody@example.org', password: 'not-her-password' });
  assert.match(unknown.text, /Неверный e-mail\/телефон или пароль/);
  await d.login('OLGA@example.org', 'olga-password-1');
  assert.ok(d.cookies.get(sessionCookie));
  assert.notEqual(d.cookies.get(sessionCookie), first);
});

test('CSRF: a form without the token, or from another origin, is refused and changes nothing', async () => {
  const c = new Client(doma.base);
  await c.get('/signup');
  const noToken = await c.post('/signup', { login: 'eve@example.org', name: 'Eve', password: 'eve-password-1', password_again: 'eve-password-1' }, { csrf: false });
  assert.equal(noToken.status, 403);
  const foreign = await c.post('/signup', { login: 'eve@example.org', name: 'Eve', password: 'eve-password-1', password_again: 'eve-password-1' }, { origin: 'http://evil.example' });
  assert.equal(foreign.status, 403);
  const d = new Client(doma.base);
  await d.get('/login');
  const login = await d.post('/login', { login: 'eve@example.org', password: 'eve-password-1' });
  assert.equal(login.status, 400, 'no account was created by the refused forms');
});

test('logout ends the session; logout everywhere ends all of them', async () => {
  const a = new Client(doma.base);
  await a.signUp('petr@example.org', 'Пётр', 'petr-password-1');
  const b = new Client(doma.base);
  await b.login('petr@example.org', 'petr-password-1');
  const c = new Client(doma.base);
  await c.login('petr@example.org', 'petr-password-1');
  const out = await c.post('/logout');
  assert.equal(out.status, 303);
  assert.equal((await c.get('/account')).status, 303, 'logged out');
  assert.equal((await b.get('/account')).status, 200, 'other sessions live on');
  await a.get('/account');
  const everywhere = await a.post('/account/logout-everywhere');
  assert.equal(everywhere.status, 303);
  assert.equal((await a.get('/account')).status, 303);
  assert.equal((await b.get('/account')).status, 303);
});

test('changing the password ends the other sessions and the old password', async () => {
  const a = new Client(doma.base);
  await a.signUp('ivan@example.org', 'Иван', 'ivan-password-1');
  const b = new Client(doma.base);
  await b.login('ivan@example.org', 'ivan-password-1');
  await a.get('/account');
  const wrong = await a.post('/account/password', { current_password: 'nope-nope-nope', new_password: 'ivan-password-2', new_password_again: 'ivan-password-2' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /id="current_password-error"/);
  const ok = await a.post('/account/password', { current_password: 'ivan-password-1', new_password: 'ivan-password-2', new_password_again: 'ivan-password-2' });
  assert.equal(ok.status, 303);
  assert.equal((await a.get('/account')).status, 200, 'this session continues');
  assert.equal((await b.get('/account')).status, 303, 'the other session ended');
  const c = new Client(doma.base);
  await c.get('/login');
  assert.equal((await c.post('/login', { login: 'ivan@example.org', password: 'ivan-password-1' })).status, 400);
  await c.login('ivan@example.org', 'ivan-password-2');
});

test('repeated wrong passwords for one account get 429 with Retry-After', async () => {
  const c = new Client(doma.base);
  await c.signUp('anna@example.org', 'Анна', 'anna-password-1');
  const d = new Client(doma.base);
  await d.get('/login');
  let last;
  for (let i = 0; i < 6; ++i) last = await d.post('/login', { login: 'anna@example.org', password: `wrong-${i}-wrong` });
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers.get('retry-after')) > 0);
  // Even the right password waits now.
  assert.equal((await d.post('/login', { login: 'anna@example.org', password: 'anna-password-1' })).status, 429);
});

test('admin grants a role; it is audited; others may not see the admin pages', async () => {
  const user = new Client(doma.base);
  await user.signUp('editor-to-be@example.org', 'Редактор', 'editor-password-1');
  assert.equal((await user.get('/admin/users')).status, 403);
  const anon = new Client(doma.base);
  const a = await anon.get('/admin/users');
  assert.equal(a.status, 303);
  assert.match(a.headers.get('location'), /^\/login\?next=%2Fadmin%2Fusers|^\/login\?next=\/admin\/users/);

  const admin = new Client(doma.base);
  await admin.login(ADMIN.login, ADMIN.password);
  const list = await admin.get('/admin/users');
  assert.equal(list.status, 200);
  const id = /action="\/admin\/users\/(\d+)\/roles"[\s\S]{0,400}?editor-to-be@example.org|editor-to-be@example.org[\s\S]*?action="\/admin\/users\/(\d+)\/roles"/.exec(list.text);
  const userId = id[1] || id[2];
  const g = await admin.post(`/admin/users/${userId}/roles`, { role: 'editor', action: 'grant' });
  assert.equal(g.status, 303);
  const audit = await admin.get('/admin/audit');
  assert.match(audit.text, /выдана роль/);
  assert.match(audit.text, new RegExp(`account:${userId}`));
  assert.match(audit.text, /вход сотрудника/);
  // The role change ended the user's sessions; after logging in again the role is there.
  assert.equal((await user.get('/account')).status, 303);
  await user.login('editor-to-be@example.org', 'editor-password-1');
  assert.match((await user.get('/account')).text, /редактор/);
});

test('security headers are on every response', async () => {
  for (const p of ['/', '/login', '/api/v1/services', '/static/style.css', '/nope']) {
    const r = await fetch(doma.base + p);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/, p);
    assert.doesNotMatch(csp, /unsafe-inline/, p);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
    assert.ok(r.headers.get('referrer-policy'), p);
    assert.ok(r.headers.get('permissions-policy'), p);
  }
});

test('no password, session id or CSRF token ever reaches the log', async () => {
  const c = new Client(doma.base);
  await c.login(ADMIN.login, ADMIN.password);
  const log = doma.log();
  for (const secret of [ADMIN.password, 'olga-password-1', 'ivan-password-2', c.cookies.get(sessionCookie), c.csrf])
    assert.ok(!log.includes(secret), 'a secret leaked into the log');
  assert.ok(!log.includes('admin@doma.test'), 'no e-mail in the log');
});

test('the page to return to after login is always a local path, whatever "next" says', async () => {
  const c = new Client(doma.base);
  await c.signUp('next@example.org', 'Некст', 'next-password-1');
  for (const next of ['/\r\nSet-Cookie: doma_session=evil', '/\t/evil.example', '//evil.example', 'https://evil.example/', '/\\evil', '/x'.repeat(400)]) {
    const d = new Client(doma.base);
    await d.get('/login');
    const r = await d.post('/login', { login: 'next@example.org', password: 'next-password-1', next });
    assert.equal(r.status, 303, JSON.stringify(next));
    assert.equal(r.headers.get('location'), '/account', JSON.stringify(next));
    assert.ok(!r.headers.getSetCookie().some((x) => x.includes('evil')));
  }
  const ok = new Client(doma.base);
  await ok.get('/login');
  const r = await ok.post('/login', { login: 'next@example.org', password: 'next-password-1', next: '/search?q=1' });
  assert.equal(r.headers.get('location'), '/search?q=1');
});

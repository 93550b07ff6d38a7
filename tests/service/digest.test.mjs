// The weekly digest of new services, subscribed to without an account:
// double opt-in through the outbox (a link whose page asks to confirm), a
// digest only when something new reaches the subscriber's sections and
// place, one-click unsubscribe (List-Unsubscribe and List-Unsubscribe-Post,
// RFC 8058) that deletes the address, unconfirmed addresses erased after
// 72 hours, and the address sealed at rest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, startDoma, addUser, Client, dbFlags, storedBytes, outboxOf, waitFor, secret } from './harness.mjs';
import { startSmtp } from './smtp_server.mjs';

const EDITOR = { login: 'digest-editor@doma.test', password: 'digest-password-1' };
const READER = 'reader@example.org';
const PHONE = '+79120000777';
const NEVER = 'never-confirms@example.org';
// What the SMS gateway sends with a reply it passes on.
const GATEWAY = 'sms-gateway-token-0123456789abcdef';
secret(GATEWAY);
let doma, smtp;

const days = (n) => new Date(Date.now() + n * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
function runDigest(now) {
  const r = spawnSync(BIN, ['digest', 'run', ...dbFlags(path.join(doma.dir, 'doma.db')), '--now', now, '--public-url', doma.base,
    '--sms-inbound-token', GATEWAY],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}
const unfold = (mail) => mail.body.replace(/\n[ \t]+/g, ' ');
const header = (mail, name) => new RegExp(`^${name}: (.*)$`, 'm').exec(unfold(mail))?.[1];

async function subscribe(address, fields) {
  const c = new Client(doma.base);
  const form = await c.get('/digest');
  assert.equal(form.status, 200);
  return c.post('/digest', { address, consent: 'yes', ...fields });
}
// The confirmation link, followed as a person would: its page, then the button.
async function confirm(link) {
  const c = new Client(doma.base);
  const page = await c.get(new URL(link).pathname + new URL(link).search);
  assert.equal(page.status, 200);
  assert.match(page.text, /Подтвердить подписку/);
  const t = new URL(link).searchParams.get('t');
  secret(t);
  return c.post('/digest/confirm', { t });
}

before(async () => {
  smtp = await startSmtp();
  doma = await startDoma({
    args: ['--smtp', smtp.url, '--mail-from', 'doma@region.test', '--sms-inbound-token', GATEWAY],
    prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password),
  });
});
after(async () => { if (doma) await doma.stop(); smtp?.close(); });

test('bad subscriptions are refused with a reason, keeping what was typed', async () => {
  for (const [fields, status, text] of [
    [{ address: 'not an address', consent: 'yes' }, 400, 'адрес электронной почты или номер'],
    [{ address: READER }, 400, 'Отметьте согласие'],
    [{ address: READER, consent: 'yes', categories: 'no-such-section' }, 400, 'Такого раздела нет'],
    [{ address: READER, consent: 'yes', place: 'atlantis' }, 400, 'Такого места нет'],
  ]) {
    const c = new Client(doma.base);
    await c.get('/digest');
    const r = await c.post('/digest', fields);
    assert.equal(r.status, status, JSON.stringify(fields));
    assert.match(r.text, new RegExp(text));
    if (fields.address === READER) assert.match(r.text, /value="reader@example.org"/, 'the address is kept');
  }
  assert.equal(smtp.mails.length, 0, 'nothing was sent');
});

test('subscribe, confirm, get a digest only of what is new, leave in one click', async () => {
  // Times are stored to the second: a subscription confirmed in the second
  // the catalog was seeded would count the seeded services as new.
  await new Promise((r) => setTimeout(r, 1100));
  // An e-mail reader of food delivery in Dimitrovgrad, an SMS reader of
  // doctors online, and one who never confirms.
  let r = await subscribe(READER, { categories: 'food-delivery', place: 'dimitrovgrad' });
  assert.equal(r.status, 200);
  assert.match(r.text, /Мы отправили письмо со ссылкой/);
  r = await subscribe(PHONE, { categories: 'doctors-online' });
  assert.match(r.text, /Мы отправили SMS со ссылкой/);
  r = await subscribe(NEVER, {});
  assert.equal(r.status, 200);

  const mail = await smtp.waitFor(READER, /digest\/confirm\?t=/);
  assert.ok(mail, 'the confirmation arrived by e-mail');
  assert.equal(header(mail, 'List-Unsubscribe'), undefined, 'a confirmation is no mailing');
  const link = /(http:\/\/127\.0\.0\.1:\d+\/digest\/confirm\?t=[0-9a-f]{32})/.exec(mail.body)[1];
  const sms = await waitFor(() => outboxOf(doma.dir).find((m) => m.to === PHONE));
  assert.ok(sms, 'the confirmation arrived by SMS');
  const smsLink = /(http:\/\/\S+\/digest\/confirm\?t=[0-9a-f]{32})/.exec(sms.body)[1];

  // Following the link shows a button; only pressing it confirms.
  assert.match(runDigest(days(2)), /digests sent 0, nothing new for 0, unconfirmed subscriptions erased 0/);
  r = await confirm(link);
  assert.equal(r.status, 200);
  assert.match(r.text, /Подписка подтверждена/);
  assert.equal((await confirm(link)).status, 404, 'a link works once');
  assert.equal((await confirm(smsLink)).status, 200);

  // The addresses are sealed at rest.
  const bytes = storedBytes(path.join(doma.dir, 'doma.db'));
  for (const a of [READER, PHONE, NEVER]) assert.ok(!bytes.includes(Buffer.from(a)), `${a} in clear in the database`);

  // Something new in food delivery (federal: it reaches Dimitrovgrad).
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/services/new');
  const created = await ed.post('/editor/services/new', {
    name: 'Лавка у дома: продукты с доставкой', url: 'https://lavka-u-doma.example.org/',
    short_description: 'Доставка продуктов на дом за час', description: 'Продукты из ближайшего магазина.',
    organization: 'Лавка у дома', scope: 'federal', cost: 'paid', categories: 'food-delivery', platforms: 'web',
    audiences: 'everyone', status: 'active',
  });
  assert.equal(created.status, 303);
  const id = created.headers.get('location').replace('/services/', '');

  const seen = smtp.mails.length;
  assert.match(runDigest(days(8)), /digests sent 1, nothing new for 1, unconfirmed subscriptions erased 1/);
  const digest = await smtp.waitFor(READER, /Лавка у дома/, { seen });
  assert.ok(digest, 'the digest arrived');
  assert.match(digest.body, new RegExp(`${doma.base}/services/${id}\\?src=digest`));
  const unsubscribe = /^<(.*)>$/.exec(header(digest, 'List-Unsubscribe'))[1];
  assert.match(unsubscribe, new RegExp(`^${doma.base}/digest/unsubscribe\\?t=[0-9a-f]{32}$`));
  secret(new URL(unsubscribe).searchParams.get('t'));
  assert.equal(header(digest, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  assert.ok(digest.body.includes(unsubscribe), 'the link is in the text too');
  assert.equal(outboxOf(doma.dir).filter((m) => m.to === PHONE).length, 1, 'nothing new for the SMS reader: no SMS');
  assert.match(runDigest(days(9)), /digests sent 0, nothing new for 0/, 'a week has not passed');

  // One click in the mail client: a POST with no cookie and no form token.
  const one = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  assert.equal(one.status, 200);
  assert.match(await one.text(), /Вы отписались/);
  const again = await fetch(unsubscribe, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
  assert.equal(again.status, 404, 'gone already');
  assert.match(runDigest(days(16)), /digests sent 0, nothing new for 1/, 'only the SMS reader is left');
});

test('an SMS reader leaves by replying СТОП, which the gateway passes on', async () => {
  const reply = (body, token = GATEWAY) => fetch(`${doma.base}/api/v1/digest/sms-reply`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  assert.equal((await reply({ from: PHONE, text: 'СТОП' }, null)).status, 401, 'only the gateway');
  assert.equal((await reply({ from: PHONE, text: 'СТОП' }, 'guess-guess-guess-guess-guess-guess')).status, 401);
  const bad = await reply({ text: 'СТОП' });
  assert.equal(bad.status, 400);
  assert.match(bad.headers.get('content-type'), /problem\+json/);
  let r = await reply({ from: PHONE, text: 'спасибо' });
  assert.deepEqual(await r.json(), { unsubscribed: 0 }, 'any other text changes nothing');
  // The number as a person's phone sends it, the word in any case, with spaces.
  r = await reply({ from: '8 (912) 000-07-77', text: ' Стоп ' });
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { unsubscribed: 1 });
  assert.match(runDigest(days(24)), /digests sent 0, nothing new for 0/, 'nobody is left');
});

test('the SMS digest offers the stop word when the gateway passes replies on', async () => {
  // A new SMS reader of food delivery, and something new for them.
  const c = new Client(doma.base);
  await c.get('/digest');
  await c.post('/digest', { address: '+7 912 000-08-88', consent: 'yes', categories: 'food-delivery' });
  const sms = await waitFor(() => outboxOf(doma.dir).find((m) => m.to === '+79120000888'));
  await confirm(/(http:\/\/\S+\/digest\/confirm\?t=[0-9a-f]{32})/.exec(sms.body)[1]);
  await new Promise((res) => setTimeout(res, 1100));
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/services/new');
  const created = await ed.post('/editor/services/new', {
    name: 'Продукты от соседей', url: 'https://produkty-sosedi.example.org/', short_description: 'Соседи приносят продукты',
    description: 'Соседи приносят продукты тем, кто дома.', organization: 'Соседи', scope: 'federal', cost: 'free',
    categories: 'food-delivery', platforms: 'web', audiences: 'elderly', status: 'active',
  });
  assert.equal(created.status, 303);
  assert.match(runDigest(days(40)), /digests sent 1/);
  const digest = await waitFor(() => outboxOf(doma.dir).find((m) => m.to === '+79120000888' && /новых сервисов/.test(m.body)));
  assert.ok(digest, 'the SMS digest was sent');
  assert.match(digest.body, /Отписаться: ответьте СТОП или http:\/\/\S+\/digest\/unsubscribe\?t=[0-9a-f]{32}$/);
  secret(/t=([0-9a-f]{32})/.exec(digest.body)[1]);
});

test('a subscriber to a section archived since then still gets the digest, and so do the others', async () => {
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/editor/categories');
  const section = { slug: 'radio-plays', parent: 'leisure', name_ru: 'Радиоспектакли', name_en: 'Radio plays' };
  assert.equal((await ed.post('/editor/categories', section)).status, 303);
  const seen = smtp.mails.length;
  assert.equal((await subscribe('radio@example.org', { categories: 'radio-plays' })).status, 200);
  const mail = await smtp.waitFor('radio@example.org', /digest\/confirm\?t=/, { seen });
  assert.equal((await confirm(/(http:\/\/\S+\/digest\/confirm\?t=[0-9a-f]{32})/.exec(mail.body)[1])).status, 200);
  await ed.get('/editor/categories');
  assert.equal((await ed.post('/editor/categories', { ...section, archived: '1' })).status, 303);
  // Read as every section (nothing was added since it was confirmed).
  const out = runDigest(days(60));
  assert.match(out, /^digests sent 0, nothing new for [1-9]\d*, .*not done now 0$/, 'the archived section fails nobody\'s digest');
});

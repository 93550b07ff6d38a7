// Asking for help without an account (issue 18): a relative asks for a
// grandmother with only a name and a phone; the phone is confirmed by a code
// sent through the outbox (an SMS gateway here), or, where no SMS can be
// sent, by a coordinator's call back. Until then no volunteer sees it. The
// request is then followed and cancelled on /help/status with its number and
// code word, which never show the address.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { startDoma, addUser, Client, secret, waitFor } from './harness.mjs';
import { startSmsGateway } from './sms_gateway.mjs';

const PASSWORD = 'guest-password-1';
const n = String(randomInt(1000000, 9999999));
const STREET = `улица Гостевая-${n}`;
secret(STREET);
const ASKER_PHONE = `+7912${n}`;
const GRANNY_PHONE = `+7913${n}`;
// The logs and database files are checked for them after all tests.
secret(ASKER_PHONE);
secret(GRANNY_PHONE);

const FORM = {
  channel: 'on-behalf', kinds: 'groceries', details: 'хлеб, молоко', recipient_name: 'Анна Петровна',
  phone: GRANNY_PHONE, place_id: 'ulyanovsk-leninsky', street: STREET, house: '3', flat: '5',
  urgency: 'this-week', consent: 'yes', asker_name: 'Ольга', asker_phone: ASKER_PHONE,
};

describe('with an SMS gateway: the phone is confirmed by a code', () => {
  let doma, hook, received;
  before(async () => {
    hook = await startSmsGateway();
    received = hook.texts;
    doma = await startDoma({
      args: ['--sms-webhook', hook.url],
      prepare: async (db) => { await addUser(db, 'coord@guest.test', 'coordinator', PASSWORD); },
    });
  });
  after(async () => { if (doma) await doma.stop(); hook?.close(); });

  let number, word;

  test('the form opens without an account and says a code will come', async () => {
    const c = new Client(doma.base);
    const r = await c.get('/help/ask?for=other');
    assert.equal(r.status, 200, 'no detour to the login page');
    assert.match(r.text, /name="asker_phone"/);
    assert.match(r.text, /код в SMS/);
    assert.match(r.text, /href="\/login\?next=\/help\/ask%3Ffor%3Dother"/, "signing in instead keeps the way back, ?for=other too");
  });

  test('whoever gives their own phone asks for someone else, whichever radio they left', async () => {
    const c = new Client(doma.base);
    await c.get('/help/ask');
    const phone = `+7915${n}`;
    secret(phone);
    const r = await c.post('/help/ask', { ...FORM, channel: 'self', asker_phone: phone });
    assert.equal(r.status, 200);
    assert.ok(await waitFor(() => received.find((m) => m.to === phone && /Код для заявки/.test(m.body))), 'the code went to the asker');
  });

  test('asking on behalf without the asker\'s phone is refused by field, and nothing is kept', async () => {
    const c = new Client(doma.base);
    await c.get('/help/ask');
    const r = await c.post('/help/ask', { ...FORM, asker_phone: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="asker_phone-error"/);
    assert.match(r.text, /value="Анна Петровна"/, 'what was typed stays in the form');
  });

  test('a wrong code is refused; the right one stores the request and texts its number and word', async () => {
    const c = new Client(doma.base);
    await c.get('/help/ask');
    const r = await c.post('/help/ask', FORM);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.match(r.text, /\+7 912 \*\*\*-\*\*-/, 'the page names the phone, masked');
    const token = /name="token" value="([0-9a-f]{32})"/.exec(r.text)[1];
    secret(token);
    const sms = await waitFor(() => received.find((m) => m.to === ASKER_PHONE && /Код для заявки/.test(m.body)));
    assert.ok(sms, 'the code went to the asker, not to the grandmother');
    const code = /(\d{6})/.exec(sms.body)[1];

    // Not in anyone's view before the phone is confirmed.
    const coord = new Client(doma.base);
    await coord.login('coord@guest.test', PASSWORD);
    const before = await coord.get('/coordinator');
    assert.doesNotMatch(before.text, /UL-000001/);

    const wrong = await c.post('/help/ask/confirm', { token, code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /Код не подходит/);

    const ok = await c.post('/help/ask/confirm', { token, code });
    assert.equal(ok.status, 200);
    number = /<strong class="number">([A-Z]+-\d+)<\/strong>/.exec(ok.text)[1];
    word = /<span>[^<]*<\/span> <strong>([а-яё]+ [а-яё]+)<\/strong>/.exec(ok.text)[1];
    assert.ok(number && word);
    secret(word);
    const accepted = await waitFor(() => received.find((m) => m.to === ASKER_PHONE && m.body.includes(word)));
    assert.ok(accepted, 'the asker is texted the code word');
    assert.match(accepted.body, new RegExp(number));

    const again = await c.post('/help/ask/confirm', { token, code });
    assert.equal(again.status, 422, 'a code works once');

    const after = await coord.get('/coordinator');
    assert.match(after.text, new RegExp(number), 'the coordinators see it now');
  });

  test('/help/status shows the request by number and code word, without the address, and cancels it', async () => {
    const c = new Client(doma.base);
    await c.get('/help/status');
    const bad = await c.post('/help/status', { number, code_word: 'синий кот' === word ? 'белый дом' : 'синий кот' });
    assert.equal(bad.status, 404);
    assert.match(bad.text, /не найдена/);
    const r = await c.post('/help/status', { number: number.toLowerCase(), code_word: ` ${word.toUpperCase()} ` });
    assert.equal(r.status, 200);
    assert.match(r.text, /Анна Петровна/);
    assert.ok(!r.text.includes(STREET), 'the address stays off the page');
    assert.ok(!r.text.includes(GRANNY_PHONE), 'the phone stays off the page');
    const x = await c.post('/help/status/cancel', { number, code_word: word, reason: 'сами справились' });
    assert.equal(x.status, 200);
    assert.match(x.text, /Заявка отменена/);
    assert.match(x.text, /Отменена|отменена/i);
    assert.doesNotMatch(x.text, /action="\/help\/status\/cancel"/, 'a cancelled request cannot be cancelled again');
  });

  test('the number and code word erase the personal data at once', async () => {
    const c = new Client(doma.base);
    await c.get('/help/ask');
    const phone = `+7914${n}`;
    const r = await c.post('/help/ask', { ...FORM, asker_phone: phone });
    const token = /name="token" value="([0-9a-f]{32})"/.exec(r.text)[1];
    secret(token);
    const sms = await waitFor(() => received.find((m) => m.to === phone && /Код для заявки/.test(m.body)));
    const ok = await c.post('/help/ask/confirm', { token, code: /(\d{6})/.exec(sms.body)[1] });
    const num = /<strong class="number">([A-Z]+-\d+)<\/strong>/.exec(ok.text)[1];
    const w = /<span>[^<]*<\/span> <strong>([а-яё]+ [а-яё]+)<\/strong>/.exec(ok.text)[1];
    const page = await c.post('/help/status', { number: num, code_word: w });
    assert.match(page.text, /action="\/help\/status\/erase"/);
    const gone = await c.post('/help/status/erase', { number: num, code_word: w });
    assert.equal(gone.status, 200);
    assert.match(gone.text, /Персональные данные удалены/);
    const after = await c.post('/help/status', { number: num, code_word: w });
    assert.equal(after.status, 404, 'the code word went with the rest');
  });

  test('guessing code words is throttled per number', async () => {
    const c = new Client(doma.base);
    await c.get('/help/status');
    let last;
    for (let i = 0; i < 6; i++) last = await c.post('/help/status', { number, code_word: `неверное слово${i}` });
    assert.equal(last.status, 429);
    assert.match(last.text, /Слишком много попыток/);
  });
});

describe('without an SMS gateway: a coordinator calls back', () => {
  let doma;
  before(async () => {
    doma = await startDoma({ prepare: async (db) => { await addUser(db, 'coord@guest.test', 'coordinator', PASSWORD); } });
  });
  after(async () => { if (doma) await doma.stop(); });

  test('the request waits, the coordinator sees the phones, confirms one and drops another', async () => {
    const c = new Client(doma.base);
    const form = await c.get('/help/ask');
    assert.match(form.text, /координатор перезвонит/);
    const r = await c.post('/help/ask', FORM);
    assert.equal(r.status, 200);
    assert.match(r.text, /ждёт звонка координатора/);
    const r2 = await c.post('/help/ask', { ...FORM, channel: 'self', asker_name: '', asker_phone: '', phone: '+79001112233' });
    assert.equal(r2.status, 200);

    const anon = await new Client(doma.base).get('/coordinator/callbacks');
    assert.equal(anon.status, 303, 'not for anonymous visitors');
    const coord = new Client(doma.base);
    await coord.login('coord@guest.test', PASSWORD);
    const list = await coord.get('/coordinator/callbacks');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(ASKER_PHONE) && list.text.includes(GRANNY_PHONE), 'both phones to call');
    const ids = [...list.text.matchAll(/\/coordinator\/callbacks\/(\d+)\/confirm/g)].map((m) => m[1]);
    assert.equal(ids.length, 2);
    const ok = await coord.post(`/coordinator/callbacks/${ids[0]}/confirm`);
    assert.equal(ok.status, 303);
    const loc = ok.headers.get('location');
    assert.match(loc, /^\/help\/requests\/\d+\?created=1$/);
    const page = await coord.get(loc);
    assert.ok(page.text.includes(STREET), 'a real request now, with its address for the coordinator');
    const drop = await coord.post(`/coordinator/callbacks/${ids[1]}/drop`);
    assert.equal(drop.status, 303);
    const twice = await coord.post(`/coordinator/callbacks/${ids[0]}/confirm`);
    assert.equal(twice.status, 404, 'confirmed once only');
    const empty = await coord.get('/coordinator/callbacks');
    assert.match(empty.text, /Звонить некому/);
  });
});

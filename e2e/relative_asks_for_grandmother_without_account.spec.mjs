// User story: a relative asks for help for her grandmother without an
// account. On a 360 px phone Olga opens /help, «Попросить для близкого»: the
// form opens at once (no login), says a code will come by SMS, and asks for
// her own name and phone beside her grandmother's. She sends it, types the
// code that reaches her phone through the outbox (an SMS gateway on
// 127.0.0.1), and gets the request's number and code word. Nothing reached
// the volunteers before that. A verified volunteer takes it from the feed.
// On /help/status, with only the number and the code word, Olga sees who is
// coming (first name and badge) and never the address; then she cancels it
// there. Every page is axe-clean and none scrolls sideways.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { h1Text } from './editorial_steps.mjs';
import { waitFor } from '../tests/service/harness.mjs';
import {
  PHONE_VIEW, useHelpServerWithSms, personalData, Sessions, checkPage, follow, fillRequest, submitWith, mainText,
  becomeVerifiedVolunteer, openFeed, feedCards, actOnRequest,
} from './help_steps.mjs';

const VOLUNTEER = { login: '+79379990077', role: 'resident', password: 'синий самокат 77' };
const COORDINATOR = { login: 'guest-coordinator@doma.test', role: 'coordinator', password: 'coordinator-password-77' };
const PLANTED = personalData({
  recipient: 'Валентина Ивановна Бабушкина',
  phone: '+79061234577',
  street: 'улица Бабушкина-Садовая',
  asker: '+79171234577',
});
const REQUEST = {
  forWhom: 'Для близкого или соседа', recipient: PLANTED.recipient, phone: '+7 906 123-45-77', place: 'ulyanovsk-leninsky',
  street: PLANTED.street, house: '12', flat: '4', kinds: ['продукты'], details: 'Хлеб, кефир, гречка', urgency: 'на этой неделе',
};
const PROFILE = { firstName: 'Тимур', phone: '+7 937 999-00-77', place: 'ulyanovsk-leninsky', kinds: ['продукты'], maxKm: 10 };

describe('relative asks for grandmother without an account', () => {
  let doma, browser;
  const texts = useHelpServerWithSms([VOLUNTEER, COORDINATOR], (d, b) => { doma = d; browser = b; });

  test('form without login → code from the SMS → number and word → /help/status shows who comes → cancel', async () => {
    const sessions = new Sessions(browser, doma.base);
    try {
      const [olga, volunteer, coordinator] = await Promise.all([
        sessions.anonymous(PHONE_VIEW), sessions.signedIn(VOLUNTEER), sessions.signedIn(COORDINATOR)]);
      await becomeVerifiedVolunteer(volunteer, coordinator, doma.base, PROFILE);

      // --- The form opens without an account.
      await olga.goto(doma.base + '/help');
      await follow(olga, olga.locator('main').getByRole('link', { name: 'Попросить для близкого', exact: true }), '/help/ask');
      assert.equal(await h1Text(olga), 'Попросить о помощи');
      assert.match(await olga.locator('#guest-note').textContent(), /код в SMS/);
      await checkPage(olga, 'request form without an account');
      await fillRequest(olga, { consent: true, ...REQUEST });
      const asker = olga.getByRole('group', { name: 'Если просите за другого человека', exact: true });
      await asker.getByLabel('Ваше имя', { exact: true }).fill('Ольга');
      await asker.getByLabel('Ваш мобильный телефон', { exact: true }).fill('+7 917 123-45-77');
      assert.equal(await submitWith(olga, olga.getByRole('button', { name: 'Отправить заявку', exact: true })), 200);
      assert.equal(await h1Text(olga), 'Подтвердите телефон');
      assert.match(await mainText(olga), /\+7 917 \*\*\*-\*\*-77/);
      await checkPage(olga, 'code form');

      // Nothing reaches the volunteers before the phone is confirmed.
      await openFeed(volunteer, doma.base, 'feed before the code');
      assert.equal(await feedCards(volunteer).count(), 0);

      // --- The code arrives at Olga's phone, not at the grandmother's.
      const sms = await waitFor(() => texts.find((m) => m.to === PLANTED.asker && /Код для заявки/.test(m.body)));
      assert.ok(sms, 'a code was texted to the asker');
      await olga.getByLabel('Код из SMS', { exact: true }).fill(/(\d{6})/.exec(sms.body)[1]);
      assert.equal(await submitWith(olga, olga.getByRole('button', { name: 'Подтвердить заявку', exact: true })), 200);
      const box = olga.getByRole('region', { name: 'Как узнать волонтёра', exact: true });
      const [number, word] = (await box.locator('.code-word strong').allTextContents()).map((s) => s.trim());
      assert.match(number, /^UL-\d{6}$/);
      assert.match(word, /^[а-яё]+ [а-яё]+$/);
      assert.equal(await h1Text(olga), `Заявка принята: ${number}`);
      await checkPage(olga, 'request accepted');
      assert.ok(await waitFor(() => texts.find((m) => m.to === PLANTED.asker && m.body.includes(word))), 'the word is texted too');

      // --- A volunteer takes it.
      await openFeed(volunteer, doma.base, 'feed with the request');
      assert.equal(await feedCards(volunteer).count(), 1);
      await follow(volunteer, feedCards(volunteer).first().getByRole('link').first(), /^\/help\/requests\/\d+$/);
      assert.equal(await actOnRequest(volunteer, 'Взять заявку', 'taken'), 'Вы взяли заявку. Адрес и телефон — ниже.');

      // --- /help/status with the number and the word: who comes, no address.
      await follow(olga, olga.locator('main').getByRole('link', { name: 'Что с моей заявкой', exact: true }), '/help/status');
      await olga.getByLabel('Номер заявки', { exact: true }).fill(number);
      await olga.getByLabel('Кодовое слово', { exact: true }).fill(word);
      assert.equal(await submitWith(olga, olga.getByRole('button', { name: 'Показать заявку', exact: true })), 200);
      const text = await mainText(olga);
      assert.match(text, /Тимур, бейдж 73-\d{4}/, 'the volunteer\'s first name and badge');
      assert.ok(!text.includes(PLANTED.street), 'never the address');
      await checkPage(olga, 'status page');

      // --- And she cancels it there.
      assert.equal(await submitWith(olga, olga.getByRole('button', { name: 'Отменить заявку', exact: true })), 200);
      assert.equal((await olga.locator('main p.notice[role="status"]').textContent()).trim(), 'Заявка отменена.');
      assert.equal(await olga.getByRole('button', { name: 'Отменить заявку', exact: true }).count(), 0);
      await checkPage(olga, 'cancelled on the status page');
      assert.deepEqual(sessions.external, [], 'nothing was fetched from outside 127.0.0.1');
    } finally {
      await sessions.close();
    }
  });
});

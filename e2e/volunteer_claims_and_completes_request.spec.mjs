// User story: a volunteer claims a resident's request and completes it.
// A resident (on a 360 px phone) asks for groceries for herself through /help
// and gets a number and a code word. A verified volunteer (made through the
// pages: the volunteer form, then the coordinator's checklist) sees the
// request in the feed nearby — kinds, place, distance, time, urgency — but not
// the name, phone, street, intercom code or shopping list. She takes it; now
// the request page shows the address, the intercom code and the same code
// word. She marks it done with the receipt amount. The resident sees who came
// (first name and badge, linked to the badge check) and the receipt, and
// confirms with a rating; the coordinator's list credits the volunteer.
// Every page is axe-clean (WCAG 2.1 AA) and the phone pages do not scroll
// sideways.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './browser.mjs';
import { h1Text } from './editorial_steps.mjs';
import {
  PHONE_VIEW, helpServer, personalData, Sessions, checkPage, askForHelp, requestStatus, requestFacts, whoAndWhere, factsIn,
  actOnRequest, becomeVerifiedVolunteer, openFeed, nearby, feedCards, follow, rowCells, expectAbsent,
} from './help_steps.mjs';

const RESIDENT = { login: 'zinaida@example.org', role: 'resident', password: 'герань на окне 1957' };
const VOLUNTEER = { login: '+79176660011', role: 'resident', password: 'велосипед зелёный 7' };
const COORDINATOR = { login: 'coordinator@doma.test', role: 'coordinator', password: 'coordinator-password-42' };

const PLANTED = personalData({
  recipient: 'Зинаида Павловна Клюквина',
  phone: '+79275553412',
  street: 'улица Минаева-Клюквенная',
  intercom: '47К2219',
  details: 'Кефир 1%, батон нарезной, гречка 900 г',
});
const REQUEST = {
  forWhom: 'Для себя', recipient: PLANTED.recipient, phone: '8 927 555-34-12', place: 'ulyanovsk-leninsky',
  street: PLANTED.street, house: '11', flat: '56', entrance: '3', floor: '4', intercom: PLANTED.intercom,
  kinds: ['продукты'], details: PLANTED.details, urgency: 'сегодня', payment: 'наличными по чеку',
};
const PROFILE = { firstName: 'Дарья', phone: '+7 917 666-00-11', place: 'ulyanovsk-leninsky', kinds: ['продукты', 'лекарства'], maxKm: 10 };
const RECEIPT = '1234,50';

describe('volunteer claims and completes a request', () => {
  let doma, browser;
  useServerAndBrowser(helpServer(RESIDENT, VOLUNTEER, COORDINATOR), (d, b) => { doma = d; browser = b; });

  test('feed without personal data → take → address and code word → done with a receipt → confirmed with a rating', async () => {
    const sessions = new Sessions(browser, doma.base);
    try {
      const [resident, volunteer, coordinator] = await Promise.all([
        sessions.signedIn(RESIDENT, PHONE_VIEW), sessions.signedIn(VOLUNTEER, PHONE_VIEW), sessions.signedIn(COORDINATOR)]);
      const badge = await becomeVerifiedVolunteer(volunteer, coordinator, doma.base, PROFILE);

      // --- The resident asks for groceries.
      const created = await askForHelp(resident, sessions, REQUEST);
      assert.equal(await requestStatus(resident), 'ищем волонтёра');

      // --- The volunteer's feed: the request, without anything personal.
      await openFeed(volunteer, doma.base, 'feed with the request');
      assert.match(await volunteer.locator('main').textContent(), new RegExp(`Ваш бейдж:\\s*${badge}`));
      const cards = feedCards(volunteer);
      assert.equal(await cards.count(), 1, 'one open request nearby');
      const card = cards.first();
      assert.equal((await card.locator('.card-title').textContent()).trim(), 'продукты');
      assert.match(await card.textContent(), /Ульяновск, Ленинский район · ≈ \d+(,\d)? км/);
      assert.match(await card.textContent(), /сегодня/);
      await expectAbsent(volunteer, { ...PLANTED, 'phone as typed': REQUEST.phone, 'code word': created.codeWord }, 'the feed');

      // --- She takes it: the address, the intercom code and the code word appear.
      const take = card.getByRole('button', { name: /^Взять заявку: продукты, Ульяновск, Ленинский район, / });
      assert.equal(await actOnRequest(volunteer, await take.getAttribute('aria-label'), 'taken'), 'Вы взяли заявку. Адрес и телефон — ниже.');
      assert.equal(await h1Text(volunteer), `Заявка ${created.number}`);
      assert.equal(await requestStatus(volunteer), 'волонтёр в пути');
      const codeBox = volunteer.getByRole('region', { name: 'Как узнать волонтёра', exact: true });
      assert.deepEqual((await codeBox.locator('.code-word strong').allTextContents()).map((s) => s.trim()), [created.number, created.codeWord],
        'the volunteer is given the number and the code word to say at the door');
      const where = await factsIn(whoAndWhere(volunteer).locator('dl'));
      assert.equal(where['Как обращаться к человеку'], PLANTED.recipient);
      assert.equal(where['Телефон человека'], PLANTED.phone, 'the phone, normalised');
      assert.equal(where['Адрес'], `Ульяновск, Ленинский район, ${PLANTED.street}, д. 11, кв. 56, подъезд 3, этаж 4`);
      assert.equal(where['Код домофона'], PLANTED.intercom);
      assert.equal(where['Что нужно'], PLANTED.details);
      await checkPage(volunteer, 'request taken by the volunteer');

      // The feed no longer offers it; it is among her tasks.
      await openFeed(volunteer, doma.base, 'feed after taking');
      assert.equal(await feedCards(volunteer).count(), 0, 'a taken request leaves the feed');
      assert.match(await nearby(volunteer).textContent(), /Рядом нет открытых заявок/);
      const task = volunteer.getByRole('region', { name: 'Я выполняю', exact: true }).getByRole('link', { name: created.number, exact: true });
      await follow(volunteer, task, created.path);

      // --- Done, with the receipt amount.
      await volunteer.getByLabel('Сумма чека, ₽', { exact: true }).fill(RECEIPT);
      await volunteer.getByLabel('Комментарий волонтёра', { exact: true }).fill('Кефира 1% не было, взяла 2,5%');
      assert.equal(await actOnRequest(volunteer, 'Отметить выполненной', 'completed'), 'Отмечено: выполнено. Спасибо!');
      assert.equal(await requestStatus(volunteer), 'выполнена');
      assert.equal((await requestFacts(volunteer))['Сумма чека, ₽'], `${RECEIPT} ₽`);
      await checkPage(volunteer, 'request done, volunteer');

      // --- The resident sees who came and the receipt, and confirms.
      await resident.goto(doma.base + created.path);
      assert.equal(await requestStatus(resident), 'выполнена');
      const who = resident.getByRole('region', { name: 'Кто придёт', exact: true });
      assert.match((await who.textContent()).replace(/\s+/g, ' '), new RegExp(`${PROFILE.firstName}, бейдж ${badge}`));
      assert.equal(await who.getByRole('link', { name: badge, exact: true }).getAttribute('href'), `/check/${badge}`);
      assert.ok(!(await who.textContent()).includes('+7917666'), 'the resident is not shown the volunteer\'s phone');
      assert.equal((await requestFacts(resident))['Сумма чека, ₽'], `${RECEIPT} ₽`);
      await checkPage(resident, 'request done, resident');
      await resident.getByRole('group', { name: 'Оценка', exact: true }).getByRole('radio', { name: '4', exact: true }).check();
      await resident.getByLabel('Отзыв', { exact: true }).fill('Спасибо, всё принесли вовремя');
      assert.equal(await actOnRequest(resident, 'Подтвердить', 'confirmed'), 'Спасибо! Выполнение подтверждено.');
      assert.equal(await requestStatus(resident), 'подтверждена');
      assert.equal((await requestFacts(resident))['Оценка'], '4 / 5');
      await checkPage(resident, 'request confirmed');

      // --- The coordinator's list credits the volunteer.
      await coordinator.goto(doma.base + '/coordinator/volunteers');
      const cells = await rowCells(coordinator, PROFILE.firstName);
      assert.deepEqual([cells[1], cells[7], cells[8]], [badge, '1', '4.0 (1)'], `badge, completed, rating in ${JSON.stringify(cells)}`);
    } finally {
      await sessions.close();
    }
  });
});

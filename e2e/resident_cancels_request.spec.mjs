// User story: a resident cancels a request and erases its personal data.
// A resident (on a 360 px phone) asks for medicines for her father through
// «Попросить для близкого»; a verified volunteer (made through the pages) sees
// it in the feed. The resident finds it under «Мои заявки и задачи», cancels
// it with a reason: the request is «отменена» with the reason shown, and it
// leaves the volunteer's feed. Then she erases its personal data: the page
// says the data are erased and no longer shows the name, phone, address,
// shopping list or code word; her list still has the request, cancelled, and
// the coordinator's history records both steps without the data. Every page
// is axe-clean (WCAG 2.1 AA) and the phone pages do not scroll sideways.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './browser.mjs';
import { h1Text } from './editorial_steps.mjs';
import {
  PHONE_VIEW, helpServer, personalData, Sessions, checkPage, follow, askForHelp, requestStatus, requestFacts, whoAndWhere, factsIn,
  actOnRequest, becomeVerifiedVolunteer, openFeed, feedCards, nearby, expectAbsent,
} from './help_steps.mjs';

const RESIDENT = { login: 'olga.n@example.org', role: 'resident', password: 'клён во дворе 1968' };
const VOLUNTEER = { login: '+79379990033', role: 'resident', password: 'жёлтый самокат 5' };
const COORDINATOR = { login: 'cancel-coordinator@doma.test', role: 'coordinator', password: 'coordinator-password-45' };

const PLANTED = personalData({
  recipient: 'Николай Фёдорович Отменников',
  phone: '+79061234590',
  street: 'улица Отменная-Тихая',
  details: 'Эналаприл 10 мг, две упаковки',
});
const REQUEST = {
  forWhom: 'Для близкого или соседа', recipient: PLANTED.recipient, phone: '+7 906 123-45-90', place: 'dimitrovgrad',
  street: PLANTED.street, house: '3', flat: '9', kinds: ['лекарства'], details: PLANTED.details, urgency: 'на этой неделе',
};
const PROFILE = { firstName: 'Глеб', phone: '+7 937 999-00-33', place: 'dimitrovgrad', kinds: ['лекарства'], maxKm: 5 };
const REASON = 'Сосед уже купил лекарства';

describe('resident cancels a request', () => {
  let doma, browser;
  useServerAndBrowser(helpServer(RESIDENT, VOLUNTEER, COORDINATOR), (d, b) => { doma = d; browser = b; });

  test('my requests → cancel with a reason → gone from the feed → personal data erased', async () => {
    const sessions = new Sessions(browser, doma.base);
    try {
      const [resident, volunteer, coordinator] = await Promise.all([
        sessions.signedIn(RESIDENT, PHONE_VIEW), sessions.signedIn(VOLUNTEER), sessions.signedIn(COORDINATOR)]);
      await becomeVerifiedVolunteer(volunteer, coordinator, doma.base, PROFILE);

      // --- The request, for her father; the volunteer sees it nearby.
      const created = await askForHelp(resident, sessions, REQUEST);
      await openFeed(volunteer, doma.base, 'feed with the request');
      assert.equal(await feedCards(volunteer).count(), 1, 'the request is offered to the volunteer');

      // --- «Мои заявки и задачи» lists it; she opens it from there.
      await follow(resident, resident.locator('main').getByRole('link', { name: 'Мои заявки и задачи', exact: true }), '/help/mine');
      assert.equal(await h1Text(resident), 'Мои заявки и задачи');
      const mine = resident.getByRole('region', { name: 'Мои заявки', exact: true }).locator('li.card');
      assert.equal(await mine.count(), 1);
      assert.match((await mine.innerText()).replace(/\s+/g, ' '), /ищем волонтёра лекарства Димитровград/);
      await checkPage(resident, 'my requests');
      await follow(resident, mine.getByRole('link', { name: created.number, exact: true }), created.path);

      // --- Cancelled, with the reason.
      await resident.getByLabel('Причина (необязательно)', { exact: true }).fill(REASON);
      assert.equal(await actOnRequest(resident, 'Отменить заявку', 'cancelled'), 'Заявка отменена.');
      assert.equal(await requestStatus(resident), 'отменена');
      assert.equal((await factsIn(whoAndWhere(resident).locator('dl')))['Причина'], REASON);
      assert.equal(await resident.getByRole('button', { name: 'Отменить заявку', exact: true }).count(), 0, 'nothing left to cancel');
      await checkPage(resident, 'cancelled request');

      // It has left the volunteer's feed.
      await openFeed(volunteer, doma.base, 'feed after the cancellation');
      assert.equal(await feedCards(volunteer).count(), 0, 'a cancelled request is not offered');
      assert.match(await nearby(volunteer).textContent(), /Рядом нет открытых заявок/);

      // --- Her personal data erased.
      assert.equal(await actOnRequest(resident, 'Удалить мои данные', 'erased'), 'Персональные данные удалены.');
      assert.equal(await requestStatus(resident), 'отменена');
      assert.equal((await requestFacts(resident))['Персональные данные'], 'удалены');
      assert.equal(await whoAndWhere(resident).count(), 0, 'no «Кому и куда» any more');
      assert.equal(await resident.getByRole('region', { name: 'Как узнать волонтёра', exact: true }).count(), 0, 'no code word box');
      await expectAbsent(resident, { ...PLANTED, 'code word': created.codeWord, reason: REASON }, 'the erased request');
      assert.equal(await resident.getByRole('button', { name: 'Удалить мои данные', exact: true }).count(), 0);
      await checkPage(resident, 'erased request');

      await follow(resident, resident.locator('main').getByRole('link', { name: 'Мои заявки и задачи', exact: true }), '/help/mine');
      assert.match((await mine.innerText()).replace(/\s+/g, ' '), new RegExp(`${created.number} отменена лекарства`));

      // --- The coordinator's history has both steps, and no data.
      await coordinator.goto(doma.base + created.path);
      const history = (await coordinator.getByRole('region', { name: 'История заявки', exact: true }).innerText()).replace(/\s+/g, ' ');
      assert.match(history, /отменена .*данные удалены/, history);
      await expectAbsent(coordinator, PLANTED, 'the erased request, to the coordinator,');
      await checkPage(coordinator, 'erased request, coordinator');
    } finally {
      await sessions.close();
    }
  });
});

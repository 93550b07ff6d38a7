// User story: a coordinator verifies a new volunteer.
// A resident (on a 360 px phone) fills in the volunteer form from /help and is
// told the form awaits the coordinator's check: no feed, no badge, no «Взять
// заявку». The coordinator opens «Волонтёры» from the dashboard, sees the
// person waiting, opens the card and sends the checklist without ticking:
// the card says what is missing and the person is still waiting. With both
// boxes ticked the badge 73-0001 is issued, the list shows it, and the person
// gets a message with it. The volunteer's page now shows the badge and the
// requests nearby. Every page is axe-clean (WCAG 2.1 AA) and the phone pages
// do not scroll sideways.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './browser.mjs';
import { waitForMessage } from './editorial_steps.mjs';
import {
  PHONE_VIEW, helpServer, Sessions, checkPage, mainText, signUpAsVolunteer, openVolunteerCard, cardFacts,
  sendChecklist, verifyOnCard, openFeed, nearby, rowCells,
} from './help_steps.mjs';

const PERSON = { login: '+79278880022', role: 'resident', password: 'рыжий кот Тимофей 3' };
const COORDINATOR = { login: 'duty-coordinator@doma.test', role: 'coordinator', password: 'coordinator-password-43' };
const PROFILE = {
  firstName: 'Степан', phone: '8 927 888-00-22', place: 'dimitrovgrad', kinds: ['продукты', 'отвезти'], car: true, maxKm: 15,
};

describe('coordinator verifies a volunteer', () => {
  let doma, browser;
  useServerAndBrowser(helpServer(PERSON, COORDINATOR), (d, b) => { doma = d; browser = b; });

  test('form → awaiting the check → checklist refused, then ticked → badge → the feed', async () => {
    const sessions = new Sessions(browser, doma.base);
    try {
      // --- The person fills in the volunteer form and waits.
      const person = await sessions.signedIn(PERSON, PHONE_VIEW);
      await signUpAsVolunteer(person, doma.base, PROFILE);
      await checkPage(person, 'awaiting the check');
      assert.equal(await nearby(person).count(), 0, 'no requests are shown before the check');
      assert.equal(await person.getByRole('button', { name: /Взять заявку/ }).count(), 0, 'nothing to take');
      assert.doesNotMatch(await mainText(person), /Ваш бейдж/, 'no badge yet');

      // --- The coordinator finds the person waiting and opens the card.
      const coordinator = await sessions.signedIn(COORDINATOR);
      await openVolunteerCard(coordinator, doma.base, PROFILE.firstName);
      const before = await cardFacts(coordinator);
      assert.deepEqual(
        [before['Состояние'], before['Телефон'], before['Где вы живёте'], before['Какая помощь'], before['Автомобиль'], before['Насколько далеко готовы ехать, км']],
        ['ждёт проверки', '+79278880022', 'Димитровград', 'продукты, отвезти', 'да', '15'], JSON.stringify(before));
      assert.equal(before['бейдж'], undefined, 'no badge before the check');

      // Nothing ticked: refused, with the reason, and still waiting.
      await sendChecklist(coordinator, { idChecked: false, briefed: false });
      const refusal = coordinator.locator('main p.error[role="alert"]');
      assert.equal((await refusal.textContent()).trim(), 'Отметьте, что видели документ, удостоверяющий личность.');
      assert.equal((await cardFacts(coordinator))['Состояние'], 'ждёт проверки');
      await checkPage(coordinator, 'card with the checklist refused');

      // Both ticked: the badge.
      const badge = await verifyOnCard(coordinator);
      assert.equal(badge, '73-0001', 'the first badge of the region');
      await coordinator.goto(doma.base + '/coordinator/volunteers?status=verified');
      const cells = await rowCells(coordinator, PROFILE.firstName);
      assert.deepEqual(cells.slice(0, 3), [PROFILE.firstName, badge, 'проверен'], JSON.stringify(cells));
      await checkPage(coordinator, 'verified volunteers');

      const note = await waitForMessage(doma.dir, (m) => m.to === PERSON.login);
      assert.ok(note, `a message to ${PERSON.login} in outbox.log`);
      assert.equal(note.subject, 'Вы — проверенный волонтёр');
      assert.ok(note.body.includes(badge), `the message gives the badge: ${note.body}`);

      // --- The volunteer now sees the badge and the requests nearby.
      await openFeed(person, doma.base, 'feed of the verified volunteer');
      assert.match(await mainText(person), new RegExp(`Ваш бейдж: ${badge}`));
      assert.doesNotMatch(await mainText(person), /Анкета ждёт проверки/);
      assert.match((await nearby(person).textContent()).replace(/\s+/g, ' '), /Ищем от: Димитровград, в пределах 15 км\./);
      assert.match(await nearby(person).textContent(), /Рядом нет открытых заявок/);
    } finally {
      await sessions.close();
    }
  });
});

// User story: a hotline operator takes a call for an elderly resident.
// The coordinator on duty opens «Принять звонок» from the dashboard and fills
// in the form while the caller talks, with the keyboard only: typing, Tab to
// the next field, arrows in the settlement list and in radio groups, Space for
// checkboxes, Enter to send. The form has no «for whom» choice (the caller is
// the person helped) and the consent is worded for the operator. The house
// number is forgotten: the form comes back with the error next to the house
// field, listed in a summary, and everything typed is still there. The error's
// link in the summary leads to the field; the operator types the number and
// presses Enter. The request page shows the number and the code word to read
// out (the caller also gets them by SMS), and the dashboard lists the request
// as a hotline one; the map of requests lists and marks it although its tiles
// cannot load. Every page is axe-clean (WCAG 2.1 AA); the dashboard does not
// scroll sideways on a 360 px phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './browser.mjs';
import { h1Text, waitForMessage } from './editorial_steps.mjs';
import {
  PHONE_VIEW, helpServer, Sessions, checkPage, follow, submitWith, factsIn, mainText, expectMapWithoutTiles, readCreatedRequest,
  requestStatus, requestFacts, whoAndWhere, rowCells,
} from './help_steps.mjs';

const OPERATOR = { login: 'hotline-operator@doma.test', role: 'coordinator', password: 'operator-password-42' };
const CALL = {
  name: 'Анна Степановна',
  phone: '8 (917) 123-45-67',
  phoneNormalised: '+79171234567',
  place: 'Ульяновск, Засвияжский район',
  street: 'проспект Нариманова',
  house: '7',
  flat: '45',
  entrance: '2',
  floor: '5',
  intercom: '45В',
  details: 'Хлеб, молоко 2 л, капли по рецепту (рецепт у двери)',
  notes: 'Плохо слышит, звонить дольше',
};

// What has the keyboard focus: enough to match on and to report.
const focusOf = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { label: '(nothing)' };
  const label = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
  return {
    id: el.id, name: el.getAttribute('name'), type: el.getAttribute('type'), value: el.value, checked: el.checked,
    label: label.replace(/\s+/g, ' ').trim(), visible: getComputedStyle(el).outlineStyle !== 'none',
  };
});

// One Tab; the focus must land on the field with this id.
async function tabToField(page, id) {
  await page.keyboard.press('Tab');
  const f = await focusOf(page);
  assert.equal(f.id, id, `Tab leads to #${id}, not to ${JSON.stringify(f)}`);
}

// Tab (or Shift+Tab) until `wanted(focus)`; fails with the focus trail.
async function tabUntil(page, wanted, what, key = 'Tab') {
  const trail = [];
  for (let n = 0; n < 120; ++n) {
    await page.keyboard.press(key);
    const f = await focusOf(page);
    if (wanted(f)) {
      assert.ok(f.visible, `${what}: the keyboard focus is visible`);
      return f;
    }
    trail.push(f.id ? `#${f.id}` : `«${f.label.slice(0, 24)}»`);
  }
  return assert.fail(`${what}: not reached with ${key}; the focus went ${trail.join(' → ')}`);
}

// Arrow Down in the focused, closed <select> until `label` is chosen.
async function arrowToOption(page, label) {
  const chosen = () => page.evaluate(() => document.activeElement.selectedOptions?.[0]?.textContent.trim());
  for (let n = 0; n < 100 && (await chosen()) !== label; ++n) await page.keyboard.press('ArrowDown');
  assert.equal(await chosen(), label, 'the settlement is chosen with the arrow keys');
}

describe('operator takes a call for an elderly resident', () => {
  let doma, browser;
  useServerAndBrowser(helpServer(OPERATOR), (d, b) => { doma = d; browser = b; });

  test('keyboard only: a forgotten house number is explained, then the request, its code word and the dashboard', async () => {
    const sessions = new Sessions(browser, doma.base);
    try {
      const page = await sessions.signedIn(OPERATOR);
      await follow(page, page.locator('nav.account-nav').getByRole('link', { name: 'Координатор', exact: true }), '/coordinator');
      assert.equal(await h1Text(page), 'Панель координатора');
      await checkPage(page, 'empty dashboard');

      // 1. «Принять звонок» with the keyboard; the name field has the focus at once.
      await tabUntil(page, (f) => f.label === 'Принять звонок', '«Принять звонок»');
      await Promise.all([page.waitForURL((u) => u.pathname === '/coordinator/call'), page.keyboard.press('Enter')]);
      assert.equal(await h1Text(page), 'Звонок на горячую линию');
      assert.equal((await focusOf(page)).id, 'f-recipient_name', 'the name field is focused on arrival');
      assert.equal(await page.locator('input[type="radio"][name="channel"]').count(), 0, 'no «for whom» choice on a call');
      assert.match(await page.locator('label[for="f-consent"]').textContent(), /Человек согласен .* спросил\(а\) по телефону/);
      await expectMapWithoutTiles(page, sessions, 'the call form');
      await checkPage(page, 'call form');

      // 2. The call, in the order of the questions; the house number is forgotten.
      await page.keyboard.type(CALL.name);
      await tabToField(page, 'f-phone');
      await page.keyboard.type(CALL.phone);
      await tabToField(page, 'f-place_id');
      await arrowToOption(page, CALL.place);
      await tabToField(page, 'f-street');
      await page.keyboard.type(CALL.street);
      await tabToField(page, 'f-house');
      for (const field of ['flat', 'entrance', 'floor', 'intercom']) {
        await tabToField(page, `f-${field}`);
        await page.keyboard.type(CALL[field]);
      }
      await tabUntil(page, (f) => f.type === 'checkbox' && f.label === 'продукты', 'the kind «продукты»');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      assert.equal((await focusOf(page)).label, 'лекарства', 'Tab goes to the next kind');
      await page.keyboard.press('Space');
      await tabUntil(page, (f) => f.id === 'f-details', 'what is needed');
      await page.keyboard.type(CALL.details);
      const urgency = await tabUntil(page, (f) => f.name === 'urgency', 'the urgency');
      assert.equal(urgency.label, 'в 1–2 дня', 'Tab lands on the preselected urgency');
      await page.keyboard.press('ArrowLeft');
      assert.deepEqual(await focusOf(page).then((f) => [f.label, f.checked]), ['сегодня', true], 'an arrow picks «сегодня»');
      await tabUntil(page, (f) => f.name === 'payment', 'the payment');
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await focusOf(page).then((f) => [f.label, f.checked]), ['переводом по чеку', true]);
      // The time and the note are folded away: Enter on their summary opens them.
      const more = await tabUntil(page, (f) => f.label.startsWith('Когда удобно и примечание'), 'the optional fields');
      assert.equal(more.id, '', 'the summary of the folded fields');
      await page.keyboard.press('Enter');
      await tabUntil(page, (f) => f.id === 'f-notes', 'the note');
      await page.keyboard.type(CALL.notes);
      await tabToField(page, 'f-consent');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      assert.equal((await focusOf(page)).label, 'Записать заявку', 'Tab from the consent goes to the button');
      assert.equal(await submitWith(page, () => page.keyboard.press('Enter')), 422, 'the form is refused');

      // 3. The error is next to the house field, in the summary, and nothing typed is lost.
      assert.equal(new URL(page.url()).pathname, '/coordinator/call');
      const summary = page.locator('.error-summary[role="alert"]');
      assert.deepEqual(await summary.getByRole('link').evaluateAll((as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')])),
        [['Укажите номер дома.', '#f-house']], 'the summary lists exactly the missing house number');
      const house = page.locator('#f-house');
      assert.equal(await house.getAttribute('aria-invalid'), 'true');
      assert.equal(await house.getAttribute('aria-describedby'), 'house-error');
      assert.equal((await page.locator('div:has(> #f-house) > #house-error').textContent()).trim(), 'Укажите номер дома.',
        'the message sits next to the house field');
      const kept = { 'f-recipient_name': CALL.name, 'f-phone': CALL.phone, 'f-street': CALL.street, 'f-flat': CALL.flat,
        'f-entrance': CALL.entrance, 'f-floor': CALL.floor, 'f-intercom': CALL.intercom, 'f-details': CALL.details, 'f-notes': CALL.notes };
      for (const [id, value] of Object.entries(kept)) {
        assert.equal(await page.locator(`#${id}`).inputValue(), value, `#${id} keeps what was typed`);
        assert.equal(await page.locator(`#${id}`).getAttribute('aria-invalid'), null, `#${id} is not marked invalid`);
      }
      assert.equal((await page.locator('#f-place_id option:checked').textContent()).trim(), CALL.place);
      const ticked = await page.locator('input:checked').evaluateAll((els) => els.map((e) => `${e.name}=${e.value}`));
      assert.deepEqual(ticked.sort(), ['consent=yes', 'kinds=groceries', 'kinds=medicines', 'payment=transfer', 'urgency=today']);
      await checkPage(page, 'call form with the error');

      // 4. From the name field (focused again) back to the summary; its link leads to the house field.
      await tabUntil(page, (f) => f.label === 'Укажите номер дома.', 'the error in the summary', 'Shift+Tab');
      await page.keyboard.press('Enter');
      assert.equal((await focusOf(page)).id, 'f-house', 'the summary link moves the focus to the house field');
      await page.keyboard.type(CALL.house);
      const status = await submitWith(page, () => page.keyboard.press('Enter'));
      if (status !== 303) assert.fail(`Enter in the house field sent the form, answered ${status}: ${await mainText(page)}`);

      // 5. The number and the code word to read out; what the volunteer will need.
      const created = await readCreatedRequest(page);
      assert.equal(await requestStatus(page), 'ищем волонтёра');
      const facts = await requestFacts(page);
      assert.equal(facts['Какая помощь'], 'продукты, лекарства');
      assert.equal(facts['Населённый пункт или район'], CALL.place);
      assert.equal(facts['Срочность'], 'сегодня');
      assert.equal(facts['Оплата покупок'], 'переводом по чеку');
      const where = await factsIn(whoAndWhere(page).locator('dl'));
      assert.equal(where['Как обращаться к человеку'], CALL.name);
      assert.equal(where['Телефон человека'], CALL.phoneNormalised);
      assert.equal(where['Адрес'], `${CALL.place}, ${CALL.street}, д. 7, кв. 45, подъезд 2, этаж 5`);
      assert.equal(where['Код домофона'], CALL.intercom);
      assert.equal(where['Примечание для волонтёра'], CALL.notes);
      assert.match(await page.getByRole('region', { name: 'История заявки', exact: true }).textContent(), /создана/);
      await checkPage(page, 'request taken over the phone');

      // The caller gets the number and the code word by SMS.
      const sms = await waitForMessage(doma.dir, (m) => m.to === CALL.phoneNormalised);
      assert.ok(sms, `a message to ${CALL.phoneNormalised} in outbox.log`);
      assert.equal(sms.channel, 'sms');
      assert.equal(sms.subject, `Заявка ${created.number} принята`);
      assert.ok(sms.body.includes(`«${created.codeWord}»`), `the SMS carries the code word: ${sms.body}`);

      // 6. The dashboard lists it as an open hotline request.
      await follow(page, page.locator('nav.account-nav').getByRole('link', { name: 'Координатор', exact: true }), '/coordinator');
      assert.equal((await factsIn(page.locator('dl.figures')))['Открыто'], '1');
      const cells = await rowCells(page, created.number);
      assert.deepEqual([cells[0], cells[1], cells[2], cells[3], cells[4], cells[7]],
        [created.number, 'ищем волонтёра', 'продукты, лекарства', CALL.place, 'сегодня', 'горячая линия'], JSON.stringify(cells));
      await checkPage(page, 'dashboard with the request');

      // 7. The map lists it and marks it, though no tile loads; the dashboard again, on a phone.
      await follow(page, page.locator('main').getByRole('link', { name: 'Карта заявок', exact: true }), '/coordinator/map');
      assert.equal(await h1Text(page), 'Карта заявок');
      const listed = page.locator('ol.map-list > li');
      assert.deepEqual(await listed.evaluateAll((lis) => lis.map((li) => li.textContent.replace(/\s+/g, ' ').trim())),
        [`${created.number} — ищем волонтёра, продукты, лекарства, ${CALL.place}, сегодня`]);
      await expectMapWithoutTiles(page, sessions, 'the map of requests');
      assert.equal(await page.locator('#requests-map path.leaflet-interactive').count(), 1, 'one marker on the map');
      await checkPage(page, 'map of requests');
      await page.setViewportSize(PHONE_VIEW);
      await follow(page, page.locator('main').getByRole('link', { name: 'Панель координатора', exact: true }), '/coordinator');
      await checkPage(page, 'dashboard on a phone');
    } finally {
      await sessions.close();
    }
  });
});

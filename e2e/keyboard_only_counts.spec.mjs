// User story: the two commonest errands done with the keyboard alone, keys
// counted. A volunteer goes from the login page to a taken request; a
// relative's neighbour asks for help for herself without an account, from
// /help to the request's number. Every press of Tab, Shift+Tab, Enter, Space
// or an arrow counts as one key; the characters typed into fields are
// counted apart (they are the same whatever the page does). Issue 18 measured
// 58 and 118 keys and asked for at most half of each.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { h1Text } from './editorial_steps.mjs';
import { waitFor } from '../tests/service/harness.mjs';
import { PHONE_VIEW, DESKTOP_VIEW, useHelpServerWithSms, Sessions, becomeVerifiedVolunteer, askForHelp } from './help_steps.mjs';

const VOLUNTEER = { login: '+79379990088', role: 'resident', password: 'клавиатура без мыши 8' };
const COORDINATOR = { login: 'keys-coordinator@doma.test', role: 'coordinator', password: 'coordinator-password-88' };
const RESIDENT = { login: 'keys-resident@doma.test', role: 'resident', password: 'resident-password-88' };
const PROFILE = { firstName: 'Кира', phone: '+7 937 999-00-88', place: 'ulyanovsk-leninsky', kinds: ['продукты'], maxKm: 10 };

// The keys a person presses, and what they type, on one page.
class Keys {
  constructor(page) { this.page = page; this.keys = 0; this.typed = 0; }
  async press(key) { this.keys += 1; await this.page.keyboard.press(key); }
  async type(text) { this.typed += [...text].length; await this.page.keyboard.type(text); }
  // Tab until the focused element matches `selector`.
  async tabTo(selector) {
    for (let i = 0; i < 150; i++) {
      await this.press('Tab');
      if (await this.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
        if (process.env.DOMA_KEYS_TRACE) console.log(`${selector}: ${i + 1} Tab, ${this.keys} keys so far`);
        return;
      }
    }
    throw new Error(`Tab never reached ${selector}`);
  }
  // Enter (or Space) that leads to another page.
  async go(key, path) {
    await Promise.all([this.page.waitForURL((u) => (typeof path === 'string' ? u.pathname === path : path.test(u.pathname))), this.press(key)]);
  }
  async submit(key = 'Enter') {
    await Promise.all([this.page.waitForNavigation(), this.press(key)]);
  }
}

describe('keyboard only: keys counted for the commonest errands', () => {
  let doma, browser;
  const texts = useHelpServerWithSms([VOLUNTEER, COORDINATOR, RESIDENT], (d, b) => { doma = d; browser = b; });

  test('a resident asks without an account, and a volunteer takes it, each in at most half the keys of before', async () => {
    const sessions = new Sessions(browser, doma.base);
    try {
      const [setup, coordinator] = await Promise.all([sessions.signedIn(VOLUNTEER), sessions.signedIn(COORDINATOR)]);
      await becomeVerifiedVolunteer(setup, coordinator, doma.base, PROFILE);

      // --- Asking without an account, on a phone, from /help.
      const asker = await sessions.anonymous(PHONE_VIEW);
      await asker.goto(doma.base + '/help');
      const a = new Keys(asker);
      await a.tabTo('main a[href="/help/ask"]');
      await a.go('Enter', '/help/ask');
      await a.tabTo('#f-recipient_name');
      await a.type('Нина Сергеевна');
      await a.tabTo('#f-phone');
      await a.type('+7 906 000-11-88');
      await a.tabTo('#f-place_id');
      // A person types the place's first letters and the select jumps to it;
      // Chromium's type-ahead does not take the Cyrillic text Playwright
      // inserts, so the choice is made directly and counted as those letters.
      await asker.locator('#f-place_id').selectOption('ulyanovsk-leninsky');
      a.typed += 'Ульяновск, Л'.length;
      await a.tabTo('#f-street');
      await a.type('улица Клавишная');
      await a.tabTo('#f-house');
      await a.type('8');
      await a.tabTo('input[name="kinds"][value="groceries"]');
      await a.press('Space');
      await a.tabTo('#f-details');
      await a.type('Хлеб и молоко');
      await a.tabTo('#f-consent');
      await a.press('Space');
      await a.tabTo('main form.help-form button[type="submit"]');
      await a.submit();
      assert.equal(await h1Text(asker), 'Подтвердите телефон', `the form was accepted: ${await asker.locator('main').innerText()}`);
      const sms = await waitFor(() => texts.find((m) => m.to === '+79060001188' && /Код для заявки/.test(m.body)));
      assert.ok(sms);
      await a.type(/(\d{6})/.exec(sms.body)[1]);  // the code field has the focus
      await a.submit();
      assert.match(await h1Text(asker), /^Заявка принята: UL-\d{6}$/);

      // --- The volunteer, from the login page to a taken request.
      const volunteer = await sessions.anonymous(DESKTOP_VIEW);
      await volunteer.goto(doma.base + '/login');
      const v = new Keys(volunteer);
      await v.type(VOLUNTEER.login);  // the login field has the focus
      await v.press('Tab');
      await v.type(VOLUNTEER.password);
      await v.go('Enter', '/account');
      await v.tabTo('header a[href="/volunteer"]');
      await v.go('Enter', '/volunteer');
      await v.tabTo('main ul.feed button[type="submit"]');
      await v.go('Enter', /^\/help\/requests\/\d+$/);
      assert.match(await volunteer.locator('main p.notice[role="status"]').textContent(), /Вы взяли заявку/);

      console.log(`keyboard only: asking without an account ${a.keys} keys (+${a.typed} characters typed); ` +
        `volunteer from login to a taken request ${v.keys} keys (+${v.typed} characters typed)`);
      assert.ok(a.keys <= 59, `asking took ${a.keys} keys; at most 59 (half of 118)`);
      assert.ok(v.keys <= 29, `the volunteer took ${v.keys} keys; at most 29 (half of 58)`);
      assert.deepEqual(sessions.external, []);
    } finally {
      await sessions.close();
    }
  });
});

// User story: a resident signs up with a phone number using only the keyboard.
// Tab to «Войти» in the header → «Зарегистрируйтесь» → type the phone
// «8 (912) 000-11-22», a name and a too-short password → the error stands next
// to the password field (aria-invalid, aria-describedby) and what was typed is
// kept → fix the password → type the code that came by SMS → the account
// shows the normalised +79120001122.
// No mouse: only Tab / Shift+Tab, typing and Enter. Every page is axe-clean.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, expectNoAxeViolations, useServerAndBrowser, outboxCount, signUpCode } from './browser.mjs';

const PHONE = '8 (912) 000-11-22';
const PHONE_NORMALISED = '+79120001122';
const NAME = 'Галина Сергеевна';
const SHORT_PASSWORD = 'кот 123';
const GOOD_PASSWORD = 'кот спит на печке 123';

describe('resident signs up with a phone number', () => {
  let doma, browser;
  useServerAndBrowser({}, (d, b) => { doma = d; browser = b; });

  // What has keyboard focus, described well enough to match and to report.
  const focused = (page) => page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), type: el.getAttribute('type'),
      href: el.getAttribute('href'), text: (el.textContent || '').trim(),
      inHeader: !!el.closest('header'), inMain: !!el.closest('main'),
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
  });

  // Presses Tab until the focused element matches; fails with the tab order seen.
  async function tabTo(page, matches, what, max = 40) {
    const seen = [];
    for (let i = 0; i < max; ++i) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f && matches(f)) {
        assert.ok(f.outline, `${what}: keyboard focus is visible (outline)`);
        return f;
      }
      seen.push(f ? `${f.tag}${f.id ? '#' + f.id : ''}${f.text ? ' «' + f.text.slice(0, 30) + '»' : ''}` : 'body');
    }
    assert.fail(`${what}: not reached with Tab; focus went ${seen.join(' → ')}`);
  }

  const field = (id) => (f) => f.tag === 'input' && f.id === id;

  test('keyboard only: phone sign-up, a too-short password is explained, then the account', async () => {
    const context = await newContext(browser, { width: 1280, height: 800 });
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');

      // 1. Header «Войти» → the login page.
      await tabTo(page, (f) => f.tag === 'a' && f.inHeader && f.text === 'Войти', '«Войти» in the header');
      await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.keyboard.press('Enter')]);
      await expectNoAxeViolations(assert, page, 'login');

      // 2. «Зарегистрируйтесь» → the sign-up page.
      await tabTo(page, (f) => f.tag === 'a' && f.inMain && f.href === '/signup', '«Зарегистрируйтесь»');
      await Promise.all([page.waitForURL((u) => u.pathname === '/signup'), page.keyboard.press('Enter')]);
      assert.equal((await page.locator('h1').textContent()).trim(), 'Регистрация');
      await expectNoAxeViolations(assert, page, 'signup');

      // 3. Fill in the form with a too-short password; the fields follow each other in Tab order.
      await tabTo(page, field('login'), 'the login field');
      await page.keyboard.type(PHONE);
      await page.keyboard.press('Tab');
      assert.equal((await focused(page))?.id, 'name', 'Tab from the login goes to the name');
      await page.keyboard.type(NAME);
      await page.keyboard.press('Tab');
      assert.equal((await focused(page))?.id, 'password', 'Tab from the name goes to the password');
      await page.keyboard.type(SHORT_PASSWORD);
      await page.keyboard.press('Tab');
      assert.equal((await focused(page))?.id, 'password_again', 'Tab from the password goes to the repeat');
      await page.keyboard.type(SHORT_PASSWORD);
      await page.keyboard.press('Tab');
      const submit = await focused(page);
      assert.equal(submit?.tag, 'button', 'Tab from the repeat goes to the submit button');
      assert.equal(submit.text, 'Зарегистрироваться');
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/signup');
      await page.keyboard.press('Enter');
      assert.equal((await answered).status(), 400, 'the form is refused');
      await page.locator('#password-error').waitFor();

      // 4. The error is next to the password field and tied to it; the typed values are kept.
      const password = page.locator('#password');
      assert.equal(await password.getAttribute('aria-invalid'), 'true', 'the password is marked invalid');
      assert.ok((await password.getAttribute('aria-describedby')).split(/\s+/).includes('password-error'),
                'the password field is described by its error');
      assert.match((await page.locator('#password-error').textContent()).trim(), /^Пароль должен быть не короче 10 символов/);
      assert.ok(await page.locator('#password-error').isVisible(), 'the message is visible');
      assert.equal(await page.locator('.field:has(#password) #password-error').count(), 1, 'the message sits in the password field\'s block');
      assert.equal(await page.getByRole('alert').count(), 1, 'a summary is announced');
      assert.equal(await page.locator('#login').inputValue(), PHONE, 'the phone is kept as typed');
      assert.equal(await page.locator('#name').inputValue(), NAME, 'the name is kept');
      assert.equal(await page.locator('#login').getAttribute('aria-invalid'), null, 'the phone is not marked invalid');
      assert.equal(await page.locator('#name').getAttribute('aria-invalid'), null, 'the name is not marked invalid');
      assert.equal(await password.inputValue(), '', 'the password is not sent back');
      await expectNoAxeViolations(assert, page, 'signup with errors');

      // 5. Fix the password (keyboard again) and submit.
      await tabTo(page, field('password'), 'the password field');
      await page.keyboard.type(GOOD_PASSWORD);
      await page.keyboard.press('Tab');
      assert.equal((await focused(page))?.id, 'password_again');
      await page.keyboard.type(GOOD_PASSWORD);
      const seen = outboxCount(doma);
      await page.keyboard.press('Enter');

      // 6. The code from the SMS, typed into the one field on the next page.
      await page.getByRole('heading', { name: 'Подтвердите регистрацию', exact: true }).waitFor();
      await expectNoAxeViolations(assert, page, 'signup code');
      const code = await signUpCode(doma, seen);
      await tabTo(page, field('code'), 'the code field');
      await page.keyboard.type(code);
      await Promise.all([page.waitForURL((u) => u.pathname === '/account'), page.keyboard.press('Enter')]);

      // 7. The account shows the normalised number and the name.
      assert.equal((await page.locator('h1').textContent()).trim(), 'Учётная запись');
      const facts = (await page.locator('dl.facts').textContent()).replace(/\s+/g, ' ');
      assert.ok(facts.includes(PHONE_NORMALISED), `the account shows ${PHONE_NORMALISED}: ${facts}`);
      assert.ok(facts.includes(NAME), 'the account shows the name');
      assert.ok(await page.locator('nav.account-nav').getByRole('link', { name: NAME, exact: true }).isVisible(),
                'the header shows the name');
      await expectNoAxeViolations(assert, page, 'account');
    } finally {
      await context.close();
    }
  });
});

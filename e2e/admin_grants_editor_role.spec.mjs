// User story: an administrator makes a resident an editor.
// A resident signs up through the real form (context A) and lands on their
// account as «житель». The admin (created with `doma user add`, context B)
// logs in, opens «Пользователи и роли», grants «редактор» on the resident's
// row, sees the role held and the «выдана роль» entry in the audit log. The
// role change ended the resident's sessions: back in context A they are sent
// to the login page, log in again and see «редактор» among their roles.
// Every page is axe-clean (WCAG 2.1 AA) in normal mode, and /admin/users does
// not scroll sideways on a 360 px phone (only the table wrapper may).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { addUser } from '../tests/service/harness.mjs';
import { newContext, expectNoAxeViolations, expectNoHorizontalScroll, resultsDir, useServerAndBrowser, outboxCount, signUpCode } from './browser.mjs';

const ADMIN = { login: 'admin@doma.test', password: 'admin-password-42' };
const RESIDENT = { login: 'svetlana@example.org', name: 'Светлана Петровна', password: 'липа у дома 2024' };

describe('admin grants the editor role', () => {
  let doma, browser;
  useServerAndBrowser({ prepare: (db) => addUser(db, ADMIN.login, 'admin', ADMIN.password) }, (d, b) => { doma = d; browser = b; });

  const pathOf = (page) => new URL(page.url()).pathname;
  const roleTags = (page) => page.locator('dl.facts .tag').evaluateAll((els) => els.map((e) => e.textContent.trim()));
  const headerLogin = (page) => page.locator('nav.account-nav').getByRole('link', { name: 'Войти', exact: true });

  async function logIn(page, { login, password }, label) {
    assert.equal(pathOf(page), '/login', `${label}: on the login page`);
    assert.equal((await page.locator('h1').textContent()).trim(), 'Вход');
    await expectNoAxeViolations(assert, page, `login ${label}`);
    await page.getByLabel('E-mail или номер телефона', { exact: true }).fill(login);
    await page.getByLabel('Пароль', { exact: true }).fill(password);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/account'),
      page.locator('main').getByRole('button', { name: 'Войти', exact: true }).click(),
    ]);
  }

  test('resident signs up, admin grants «редактор», resident logs in again as an editor', async () => {
    const residentCtx = await newContext(browser, { width: 1280, height: 800 });
    const adminCtx = await newContext(browser, { width: 1280, height: 800 });
    try {
      // --- Context A: the resident signs up through the form.
      const resident = await residentCtx.newPage();
      await resident.goto(doma.base + '/signup');
      assert.equal((await resident.locator('h1').textContent()).trim(), 'Регистрация');
      assert.ok(await headerLogin(resident).isVisible(), 'a visitor sees «Войти» in the header');
      assert.equal(await resident.locator('input[type="hidden"][name="csrf"]').count(), 1, 'the form carries a CSRF token');
      await expectNoAxeViolations(assert, resident, 'signup');

      await resident.getByLabel('E-mail или номер телефона', { exact: true }).fill(RESIDENT.login);
      await resident.getByLabel('Как к вам обращаться', { exact: true }).fill(RESIDENT.name);
      await resident.getByLabel('Пароль', { exact: true }).fill(RESIDENT.password);
      await resident.getByLabel('Пароль ещё раз', { exact: true }).fill(RESIDENT.password);
      const seen = outboxCount(doma);
      await resident.getByRole('button', { name: 'Зарегистрироваться', exact: true }).click();
      // The code that comes by e-mail finishes the sign-up.
      await resident.getByRole('heading', { name: 'Подтвердите регистрацию', exact: true }).waitFor();
      await expectNoAxeViolations(assert, resident, 'signup code');
      await resident.getByLabel('Код из письма или СМС', { exact: true }).fill(await signUpCode(doma, seen));
      await Promise.all([
        resident.waitForURL((u) => u.pathname === '/account'),
        resident.getByRole('button', { name: 'Завершить регистрацию', exact: true }).click(),
      ]);
      assert.equal((await resident.locator('h1').textContent()).trim(), 'Учётная запись');
      assert.equal((await resident.locator('dl.facts dd').first().textContent()).trim(), RESIDENT.name, 'the account shows the name');
      assert.match(await resident.locator('dl.facts').textContent(), new RegExp(RESIDENT.login.replace('.', '\\.')));
      assert.deepEqual(await roleTags(resident), ['житель'], 'a new account is a resident');
      const nav = resident.locator('nav.account-nav');
      assert.ok(await nav.getByRole('link', { name: RESIDENT.name, exact: true }).isVisible(), 'the header shows the name');
      assert.ok(await nav.getByRole('button', { name: 'Выйти', exact: true }).isVisible(), 'the header offers «Выйти»');
      assert.equal(await resident.getByRole('link', { name: 'Пользователи и роли' }).count(), 0, 'no admin links for a resident');
      await expectNoAxeViolations(assert, resident, 'account (resident)');

      // --- Context B: the admin logs in and opens «Пользователи и роли».
      const admin = await adminCtx.newPage();
      await admin.goto(doma.base + '/login');
      await logIn(admin, ADMIN, 'admin');
      await expectNoAxeViolations(assert, admin, 'account (admin)');
      await Promise.all([
        admin.waitForURL((u) => u.pathname === '/admin/users'),
        admin.getByRole('link', { name: 'Пользователи и роли', exact: true }).click(),
      ]);
      assert.equal((await admin.locator('h1').textContent()).trim(), 'Пользователи и роли');
      await expectNoAxeViolations(assert, admin, 'admin users');

      const row = admin.locator('table tbody tr').filter({ hasText: RESIDENT.login });
      assert.equal(await row.count(), 1, 'the resident has one row');
      assert.equal((await row.locator('td').first().textContent()).trim(), RESIDENT.name);
      const heldTags = () => row.locator('.tag.tag-free').evaluateAll((els) => els.map((e) => e.textContent.trim()));
      assert.deepEqual(await heldTags(), ['житель'], 'before: only «житель» is held');

      const grant = admin.getByRole('button', { name: `выдать: редактор — ${RESIDENT.name}`, exact: true });
      assert.equal(await grant.count(), 1, 'one «выдать» button for «редактор» on the resident\'s row');
      assert.equal(await row.getByRole('button', { name: `выдать: редактор — ${RESIDENT.name}`, exact: true }).count(), 1,
                   'the button is on the resident\'s row');
      assert.equal((await grant.textContent()).trim(), 'выдать', 'the visible text starts the accessible name');
      const granted = admin.waitForResponse((r) => r.request().method() === 'POST' && /\/admin\/users\/\d+\/roles$/.test(r.url()));
      await grant.click();
      assert.equal((await granted).status(), 303, 'the grant is answered with a redirect');
      // Back on the list: the role is held now and can be revoked.
      const revoke = admin.getByRole('button', { name: `снять: редактор — ${RESIDENT.name}`, exact: true });
      await revoke.waitFor();
      assert.equal(pathOf(admin), '/admin/users');
      assert.deepEqual((await heldTags()).sort(), ['житель', 'редактор'].sort(), 'after: «редактор» is held');
      assert.equal(await grant.count(), 0, 'no «выдать» for a held role');
      await expectNoAxeViolations(assert, admin, 'admin users after grant');

      // On a 360 px phone the page itself does not scroll sideways; only the table wrapper may.
      await admin.setViewportSize({ width: 360, height: 740 });
      const wrap = await admin.locator('div.table-wrap').evaluate((el) => ({
        overflowX: getComputedStyle(el).overflowX, right: el.getBoundingClientRect().right,
      }));
      assert.equal(wrap.overflowX, 'auto', 'the table wrapper scrolls on its own');
      assert.ok(wrap.right <= 361, `the table wrapper fits the viewport (right=${wrap.right})`);
      await expectNoHorizontalScroll(assert, admin, 'admin users 360px');
      await expectNoAxeViolations(assert, admin, 'admin users 360px');
      await admin.screenshot({ path: path.join(resultsDir(), 'admin-users-360.png'), fullPage: true });
      await admin.setViewportSize({ width: 1280, height: 800 });

      // The audit log records the grant.
      await admin.goto(doma.base + '/admin/audit');
      assert.equal((await admin.locator('h1').textContent()).trim(), 'Журнал действий');
      const entries = await admin.locator('table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
      const grantEntry = entries.find(([, , action, , detail]) => action === 'выдана роль' && detail === 'editor');
      assert.ok(grantEntry, `an audit entry «выдана роль» / editor; got ${JSON.stringify(entries)}`);
      assert.match(grantEntry[3], /^account:\d+$/, 'the target is the resident\'s account');
      assert.ok(grantEntry[1] && !/командная строка/.test(grantEntry[1]), `the actor is the admin, got ${grantEntry[1]}`);
      await expectNoAxeViolations(assert, admin, 'admin audit');

      // --- Context A again: the role change ended the resident's session.
      await resident.goto(doma.base + '/account');
      assert.equal(pathOf(resident), '/login', 'visiting /account redirects to /login');
      assert.equal(new URL(resident.url()).searchParams.get('next'), '/account');
      assert.ok(await headerLogin(resident).isVisible(), 'the header shows «Войти» again');
      await logIn(resident, RESIDENT, 'resident again');
      const roles = await roleTags(resident);
      assert.ok(roles.includes('редактор'), `«редактор» among the roles: ${roles}`);
      assert.ok(roles.includes('житель'), `«житель» kept: ${roles}`);
      await expectNoAxeViolations(assert, resident, 'account (editor)');
    } finally {
      await residentCtx.close();
      await adminCtx.close();
    }
  });
});

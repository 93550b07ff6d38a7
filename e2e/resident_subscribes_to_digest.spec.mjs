// User story: a resident subscribes to the digest of new services.
// From the footer («Рассылка о новых сервисах») the resident opens the form,
// types an e-mail address, ticks «Доставка продуктов и еды», chooses
// Dimitrovgrad, agrees to the address being kept and subscribes. The
// confirmation arrives at the SMTP server on loopback; its link opens a page
// whose button confirms. A week later (doma digest run --now), after an
// editor added a delivery service, the digest arrives with the service and
// a one-click unsubscribe header; the resident follows the unsubscribe link
// and leaves. Every page is axe-clean in both modes; the form fits a phone.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, addUser, Client, dbFlags, secret } from '../tests/service/harness.mjs';
import { startSmtp } from '../tests/service/smtp_server.mjs';
import { newContext, expectNoAxeViolations, expectNoHorizontalScroll, useServerAndBrowser } from './browser.mjs';
import { h1Text } from './editorial_steps.mjs';
import { PHONE_VIEW } from './help_steps.mjs';

const EDITOR = { login: 'digest-story-editor@doma.test', password: 'editor-password-66' };
const ADDRESS = 'babushka.anna@example.org';
const smtp = await startSmtp();

describe('resident subscribes to digest', () => {
  let doma, browser;
  useServerAndBrowser({
    args: ['--smtp', smtp.url, '--mail-from', 'doma@region.test'],
    prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password),
  }, (d, b) => { doma = d; browser = b; });
  before(() => new Promise((r) => setTimeout(r, 1100)));  // times are to the second: not the seed's
  after(() => smtp.close());

  test('subscribe, confirm from the e-mail, get the digest, leave from it', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/digest'),
        page.locator('footer').getByRole('link', { name: 'Рассылка о новых сервисах', exact: true }).click(),
      ]);
      assert.equal(await h1Text(page), 'Рассылка о новых сервисах');
      await expectNoAxeViolations(assert, page, 'digest form');
      await page.getByLabel('Электронная почта или номер мобильного телефона', { exact: true }).fill(ADDRESS);
      await page.getByRole('group', { name: 'Разделы' }).getByLabel('Доставка продуктов и еды', { exact: true }).check();
      await page.getByLabel('Населённый пункт', { exact: true }).selectOption({ label: 'Димитровград' });
      await page.getByLabel(/Я согласен/).check();
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Подписаться', exact: true }).click()]);
      assert.equal(await h1Text(page), 'Подтвердите подписку');
      await expectNoAxeViolations(assert, page, 'check your e-mail');

      const confirmation = await smtp.waitFor(ADDRESS, /digest\/confirm\?t=/);
      assert.ok(confirmation, 'the confirmation e-mail arrived');
      const link = /(http:\/\/127\.0\.0\.1:\d+\/digest\/confirm\?t=[0-9a-f]{32})/.exec(confirmation.body)[1];
      secret(new URL(link).searchParams.get('t'));
      await page.goto(link);
      assert.equal(await h1Text(page), 'Подтверждение подписки');
      await expectNoAxeViolations(assert, page, 'confirmation page');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Подтвердить подписку', exact: true }).click()]);
      assert.equal(await h1Text(page), 'Подписка подтверждена');

      // An editor adds a delivery service; a week later the digest goes out.
      const ed = new Client(doma.base);
      await ed.login(EDITOR.login, EDITOR.password);
      await ed.get('/editor/services/new');
      const created = await ed.post('/editor/services/new', {
        name: 'Соседская доставка продуктов', url: 'https://sosedi-dostavka.example.org/',
        short_description: 'Доставка продуктов соседям', description: 'Соседи приносят продукты тем, кто дома.',
        organization: 'Соседи', scope: 'federal', cost: 'free', categories: 'food-delivery', platforms: 'web',
        audiences: 'elderly', status: 'active',
      });
      assert.equal(created.status, 303);
      const seen = smtp.mails.length;
      const week = new Date(Date.now() + 8 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
      const run = spawnSync(BIN, ['digest', 'run', ...dbFlags(path.join(doma.dir, 'doma.db')), '--now', week, '--public-url', doma.base], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const digest = await smtp.waitFor(ADDRESS, /Соседская доставка продуктов/, { seen });
      assert.ok(digest, 'the digest arrived');
      const unfolded = digest.body.replace(/\n[ \t]+/g, ' ');
      const unsubscribe = /^List-Unsubscribe: <(.*)>$/m.exec(unfolded)[1];
      secret(new URL(unsubscribe).searchParams.get('t'));
      assert.match(unfolded, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

      await page.goto(unsubscribe);
      assert.equal(await h1Text(page), 'Отписаться от рассылки');
      await expectNoAxeViolations(assert, page, 'unsubscribe page');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Отписаться', exact: true }).click()]);
      assert.equal(await h1Text(page), 'Вы отписались');
      await page.goto(unsubscribe);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Отписаться', exact: true }).click()]);
      assert.match(await page.locator('main').innerText(), /уже отписались/);
    } finally {
      await context.close();
    }
  });

  test('the form is clean in the high-contrast mode and fits a phone', async () => {
    const context = await newContext(browser, PHONE_VIEW);
    try {
      const page = await context.newPage();
      await page.goto(`${doma.base}/a11y?mode=on`);
      await page.goto(`${doma.base}/digest`);
      await expectNoAxeViolations(assert, page, 'digest form, high contrast, phone');
      await expectNoHorizontalScroll(assert, page, 'digest form, phone');
      // A refusal names the field and keeps what was typed.
      await page.getByLabel('Электронная почта или номер мобильного телефона', { exact: true }).fill('не адрес');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Подписаться', exact: true }).click()]);
      assert.equal(await page.getByLabel('Электронная почта или номер мобильного телефона', { exact: true }).getAttribute('aria-invalid'), 'true');
      await expectNoAxeViolations(assert, page, 'digest form with an error');
    } finally {
      await context.close();
    }
  });
});

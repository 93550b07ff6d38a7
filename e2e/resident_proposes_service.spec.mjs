// User story: an anonymous resident proposes a service.
// From the home page the resident follows «Предложить сервис» in the footer,
// fills the form by its labels (name, address, short description, a category,
// a platform, an audience, their e-mail as the contact) but types the address
// without https:// — the error stands next to «Адрес сайта» and everything
// typed is kept. They correct the address, send the form and are thanked.
// The proposal waits for an editor: the site search does not find it yet.
// Every page is axe-clean (WCAG 2.1 AA).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, expectNoAxeViolations, useServerAndBrowser } from './browser.mjs';
import {
  uniqueWord, pathOf, h1Text, checkboxIn, openProposeFormFromFooter, fillProposal, submitProposal, searchResultNames,
} from './editorial_steps.mjs';

const WORD = uniqueWord('lavka');
const PROPOSAL = {
  name: `Соседская лавка ${WORD}`,
  url: `${WORD}.example.org`, // no https:// — the form must say so
  short: 'Соседи приносят продукты тем, кто не выходит из дома',
  category: 'Доставка продуктов и еды',
  platform: 'Сайт',
  audience: 'Пожилым',
  contact: `${WORD}@example.org`,
};

describe('resident proposes a service', () => {
  let doma, browser;
  useServerAndBrowser({}, (d, b) => { doma = d; browser = b; });

  test('the form explains a bad address, keeps what was typed, thanks; the proposal is not public yet', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();

      // --- The footer link opens the form.
      await openProposeFormFromFooter(page, doma.base);
      assert.equal(await page.locator('input[type="hidden"][name="csrf"]').count(), 1, 'the form carries a CSRF token');
      assert.equal(await page.locator('p.error').count(), 0, 'a fresh form shows no errors');
      await expectNoAxeViolations(assert, page, 'propose form');

      // --- Filled by the labels, with the address typed without https://.
      await fillProposal(page, PROPOSAL);
      assert.equal(await submitProposal(page), 400, 'the bad address is refused');
      assert.equal(pathOf(page), '/services/propose');
      assert.equal(await h1Text(page), 'Предложить сервис', 'still on the form');
      assert.match(await page.getByRole('alert').first().textContent(), /Исправьте, пожалуйста, отмеченные поля/);

      // The error is in the address field's block and is the input's description.
      const url = page.getByLabel('Адрес сайта', { exact: true });
      assert.equal(await url.getAttribute('aria-invalid'), 'true', 'the address is marked invalid');
      assert.equal(await url.getAttribute('aria-describedby'), 'url-error');
      const urlError = page.locator('#url-error');
      assert.match(await urlError.textContent(), /Адрес сайта должен начинаться с https:\/\//);
      assert.equal(await urlError.evaluate((el) => el.closest('.field')?.querySelector('input')?.id), 'f-url',
        'the error stands in the «Адрес сайта» field block');
      assert.equal(await page.locator('[aria-invalid="true"]').count(), 1, 'only the address is marked');

      // Everything typed is still there.
      assert.equal(await url.inputValue(), PROPOSAL.url);
      assert.equal(await page.getByLabel('Название', { exact: true }).inputValue(), PROPOSAL.name);
      assert.equal(await page.getByLabel('Коротко: чем поможет', { exact: true }).inputValue(), PROPOSAL.short);
      assert.ok(await checkboxIn(page, 'Категории', PROPOSAL.category).isChecked(), 'the category stays ticked');
      assert.ok(await checkboxIn(page, 'Как пользоваться', PROPOSAL.platform).isChecked(), 'the platform stays ticked');
      assert.ok(await checkboxIn(page, 'Для кого', PROPOSAL.audience).isChecked(), 'the audience stays ticked');
      assert.equal(await page.getByLabel('Ваш контакт', { exact: true }).inputValue(), PROPOSAL.contact);
      await expectNoAxeViolations(assert, page, 'propose form with errors');

      // --- The address corrected, the proposal goes through.
      await fillProposal(page, { url: `https://${WORD}.example.org/` });
      assert.equal(await submitProposal(page), 200, 'the corrected proposal is accepted');
      assert.equal(await h1Text(page), 'Спасибо!');
      assert.match(await page.getByRole('status').textContent(),
        /Предложение отправлено редакторам\. Если вы оставили контакт, мы сообщим о решении\./);
      assert.ok(await page.getByRole('link', { name: 'На главную', exact: true }).isVisible(), 'a way back home');
      await expectNoAxeViolations(assert, page, 'propose thank-you');

      // --- Not public until an editor approves it.
      const names = await searchResultNames(page, doma.base, WORD);
      assert.ok(!names.includes(PROPOSAL.name), `the site search must not find the proposal yet; found ${JSON.stringify(names)}`);
      const api = await page.request.get(`${doma.base}/api/v1/services?q=${WORD}`);
      assert.equal((await api.json()).items.length, 0, 'nor does the API');
    } finally {
      await context.close();
    }
  });
});

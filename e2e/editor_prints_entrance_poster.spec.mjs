// User story: an editor prints the poster for a building's entrance.
// The editor logs in, opens the desk from the header, follows «Плакаты и
// листовки», picks Dimitrovgrad for the entrance poster and opens it for
// printing. The poster shows the help line in large type, the door rules and
// eight tear-off strips with the number; printed, it is one A4 page whose QR
// codes lead to asking for help and to the badge check, each marked as coming
// from the entrance poster. The chooser and the poster are axe-clean (WCAG
// 2.1 AA) in the normal and the high-contrast mode, and neither scrolls
// sideways on a 360 px phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../tests/service/harness.mjs';
import { newContext, expectNoAxeViolations, expectNoHorizontalScroll, useServerAndBrowser } from './browser.mjs';
import { h1Text, logInFromHeader, openDeskFromHeader } from './editorial_steps.mjs';
import { HOTLINE, PHONE_VIEW } from './help_steps.mjs';
import { printed, assertOneA4 } from './print_steps.mjs';

const EDITOR = { login: 'poster-editor@doma.test', password: 'editor-password-55' };

describe('editor prints entrance poster', () => {
  let doma, browser;
  useServerAndBrowser({ prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password) }, (d, b) => { doma = d; browser = b; });

  test('the poster for Dimitrovgrad prints on one A4 page with working QR codes', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');
      await logInFromHeader(page, EDITOR, 'editor');
      await openDeskFromHeader(page, 'posters');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/print'),
        page.locator('main').getByRole('link', { name: 'Плакаты и листовки', exact: true }).click(),
      ]);
      assert.equal(await h1Text(page), 'Плакаты и листовки');
      await expectNoAxeViolations(assert, page, 'poster chooser');

      const entrance = page.getByRole('region', { name: 'Плакат для подъезда', exact: true });
      await entrance.getByLabel('Населённый пункт', { exact: true }).selectOption({ label: 'Димитровград' });
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/print/entrance' && u.searchParams.get('place') === 'dimitrovgrad'),
        entrance.getByRole('button', { name: 'Открыть для печати', exact: true }).click(),
      ]);
      assert.equal(await h1Text(page), 'Соседям, которым нужна помощь');
      const call = page.getByRole('region', { name: 'Позвоните', exact: true });
      const phone = call.getByRole('link', { name: HOTLINE.text, exact: true });
      assert.equal(await phone.getAttribute('href'), HOTLINE.href, 'the number can be called from the screen too');
      const size = await phone.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(size >= 40, `the help line is in large type (${size}px)`);
      assert.equal(await page.getByRole('region', { name: 'Когда волонтёр придёт', exact: true }).locator('ol > li').count(), 3);
      const strips = page.getByRole('list', { name: 'Отрывные полоски с телефоном', exact: true }).locator('li');
      assert.equal(await strips.count(), 8);
      for (const text of await strips.allInnerTexts()) assert.match(text.replace(/\s+/g, ' '), /Помощь на дому 8-800-200-34-11/);
      await expectNoAxeViolations(assert, page, 'entrance poster');

      const p = await printed(page);
      assertOneA4(assert, p, 'entrance poster');
      assert.deepEqual(p.codes, [`${doma.base}/check?src=poster-entrance`, `${doma.base}/help/ask?src=poster-entrance`]);
    } finally {
      await context.close();
    }
  });

  test('in the high-contrast mode and on a phone the pages stay clean', async () => {
    for (const view of [PHONE_VIEW, { width: 1280, height: 800 }]) {
      const context = await newContext(browser, view);
      try {
        const page = await context.newPage();
        await page.goto(doma.base + '/a11y?mode=on');
        for (const url of ['/print/entrance', '/print/entrance?place=dimitrovgrad', '/help']) {
          await page.goto(doma.base + url);
          await expectNoAxeViolations(assert, page, `${url} high contrast ${view.width}px`);
          if (view.width <= 360) await expectNoHorizontalScroll(assert, page, `${url} ${view.width}px`);
        }
        // The help page points neighbours at the poster.
        await page.goto(doma.base + '/help');
        assert.equal(await page.locator('main').getByRole('link', { name: 'Объявление для подъезда', exact: true }).getAttribute('href'), '/print/entrance');
      } finally {
        await context.close();
      }
    }
  });
});

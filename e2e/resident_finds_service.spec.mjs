// User story: a resident looks for grocery delivery.
// home → search «доставка продуктов» → first service card → back to the results,
// on a phone (360 px) and a desktop (1280 px), in normal and high-contrast
// («Версия для слабовидящих») mode. Every page must be axe-clean (WCAG 2.1 AA)
// and the phone layout must not scroll sideways.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { newContext, expectNoAxeViolations, expectNoHorizontalScroll, resultsDir, useServerAndBrowser } from './browser.mjs';

const QUERY = 'доставка продуктов';
const VIEWPORTS = [{ width: 360, height: 740 }, { width: 1280, height: 800 }];
const MODES = ['normal', 'high-contrast'];

describe('resident finds a service', () => {
let doma, browser;
useServerAndBrowser({}, (d, b) => { doma = d; browser = b; });

async function checkPage(page, label, { width }) {
  await expectNoAxeViolations(assert, page, label);
  if (width <= 360) await expectNoHorizontalScroll(assert, page, label);
}

const foundCount = async (page) => {
  const text = await page.locator('.results .total').textContent();
  const m = /Найдено:\s*(\d+)/.exec(text);
  assert.ok(m, `no «Найдено: N» on the results page, got ${JSON.stringify(text)}`);
  return Number(m[1]);
};

for (const vp of VIEWPORTS) {
  for (const mode of MODES) {
    const tag = `${vp.width}px ${mode}`;
    test(`resident finds grocery delivery: ${tag}`, async () => {
      const context = await newContext(browser, vp);
      try {
        const page = await context.newPage();
        await page.goto(doma.base + '/');
        await expectNoContrast(page);

        if (mode === 'high-contrast') {
          await page.getByRole('link', { name: 'Версия для слабовидящих', exact: true }).click();
          // /a11y sets the cookie and redirects back to the page we came from.
          await page.locator('body.contrast').waitFor();
          assert.equal(new URL(page.url()).pathname, '/', 'returned to the home page');
          const cookies = await context.cookies(doma.base);
          assert.ok(cookies.some((c) => c.name === 'a11y' && c.value === '1'), 'a11y=1 cookie set');
          assert.ok(await page.getByRole('link', { name: 'Обычная версия', exact: true }).isVisible(),
                    'the header now offers the normal version');
        }
        const contrast = mode === 'high-contrast';
        const bodyClass = async () => (await page.locator('body').getAttribute('class')) || '';
        assert.equal((await bodyClass()).split(/\s+/).includes('contrast'), contrast, 'body.contrast matches the mode');

        // 1. Home page.
        await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor());
        await checkPage(page, `home ${tag}`, vp);

        // 2. Search: type the query and submit (Enter in normal mode, the «Найти» button in high contrast).
        const box = page.getByRole('searchbox', { name: 'Что вы ищете?' });
        await box.fill(QUERY);
        const toResults = page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === QUERY);
        if (contrast) await page.getByRole('button', { name: 'Найти', exact: true }).click();
        else await box.press('Enter');
        await toResults;
        assert.equal(await page.locator('h1').count(), 1);
        const total = await foundCount(page);
        assert.ok(total > 0, 'results found');
        const firstLink = page.locator('.results .cards .card .card-title a').first();
        await firstLink.waitFor();
        assert.equal(await page.locator('#q').inputValue(), QUERY, 'query kept in the box');
        assert.equal((await bodyClass()).includes('contrast'), contrast, 'mode kept on the results page');
        await checkPage(page, `results ${tag}`, vp);
        await page.screenshot({ path: path.join(resultsDir(), `results-${vp.width}-${mode}.png`) });

        // 3. The first result's card.
        const firstName = (await firstLink.textContent()).trim();
        const href = await firstLink.getAttribute('href');
        const id = /^\/services\/([^/?#]+)$/.exec(href)?.[1];
        assert.ok(id, `card link looks like /services/{id}: ${href}`);
        await firstLink.click();
        await page.waitForURL((u) => u.pathname === href);
        assert.equal((await page.locator('h1').textContent()).trim(), firstName, 'card heading is the clicked name');
        const go = page.getByRole('link', { name: 'Перейти на сайт', exact: true });
        assert.ok(await go.isVisible(), '«Перейти на сайт» is visible');
        assert.equal(await go.getAttribute('href'), `/go/${id}`);
        assert.equal((await bodyClass()).includes('contrast'), contrast, 'mode kept on the card');
        await checkPage(page, `card ${tag}`, vp);

        // 4. Back to the results: the list and the query are still there.
        await page.goBack();
        await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === QUERY);
        await page.locator('.results .cards .card').first().waitFor();
        assert.equal(await foundCount(page), total, 'same number of results after going back');
        assert.equal((await page.locator('.results .cards .card .card-title a').first().textContent()).trim(), firstName);
        assert.equal(await page.locator('#q').inputValue(), QUERY, 'query still in the box after going back');
      } finally {
        await context.close();
      }
    });
  }
}

});

// A fresh context starts in normal mode.
async function expectNoContrast(page) {
  assert.equal(await page.locator('body.contrast').count(), 0, 'fresh visit is not in high-contrast mode');
}

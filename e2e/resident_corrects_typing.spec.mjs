// User story: a resident types with the wrong keyboard layout and still finds
// food delivery; then switches the interface to English.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, expectNoAxeViolations, useServerAndBrowser } from './browser.mjs';

describe('resident corrects typing', () => {
  let doma, browser;
  useServerAndBrowser({}, (d, b) => { doma = d; browser = b; });

  const cardIds = (page) => page.locator('.results .cards .card-title a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href').replace(/^\/services\//, '')));

  test('wrong keyboard layout «ljcnfdrf ghjlernjd» is read as «доставка продуктов»', async () => {
    const context = await newContext(browser, { width: 360, height: 740 });
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');
      const box = page.getByRole('searchbox', { name: 'Что вы ищете?' });
      await box.fill('ljcnfdrf ghjlernjd');
      await Promise.all([page.waitForURL((u) => u.pathname === '/search'), box.press('Enter')]);

      const corrected = page.locator('p.corrected');
      assert.equal((await corrected.textContent()).trim(), 'Показаны результаты для «доставка продуктов»');
      assert.equal(await corrected.getAttribute('role'), 'status', 'the correction is announced');
      const fix = corrected.getByRole('link', { name: 'доставка продуктов' });
      assert.equal(new URL(await fix.getAttribute('href'), doma.base).searchParams.get('q'), 'доставка продуктов');

      // The results are food delivery: the top ones are in the food-delivery category.
      const ids = await cardIds(page);
      assert.ok(ids.length > 0, 'results shown');
      for (const id of ids.slice(0, 3)) {
        const s = await (await fetch(`${doma.base}/api/v1/services/${encodeURIComponent(id)}`)).json();
        assert.ok(s.categories.includes('food-delivery'), `${id} is food delivery: ${s.categories}`);
      }
      const filter = page.locator('aside.filters a', { hasText: 'Доставка продуктов и еды' });
      assert.equal(await filter.count(), 1, 'the food-delivery filter is offered');
      await expectNoAxeViolations(assert, page, 'corrected search');

      // Following the suggested spelling gives the same top results.
      await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === 'доставка продуктов'), fix.click()]);
      assert.equal(await page.locator('p.corrected').count(), 0, 'no correction for a correct query');
      assert.deepEqual((await cardIds(page)).slice(0, 3), ids.slice(0, 3));
    } finally {
      await context.close();
    }
  });

  test('the header link «English» switches the interface to English, and it is axe-clean', async () => {
    const context = await newContext(browser, { width: 1280, height: 800 });
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');
      assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
      const english = page.getByRole('link', { name: 'English', exact: true });
      assert.equal(await english.getAttribute('lang'), 'en', 'the link text is marked as English');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'en'), english.click()]);

      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal((await page.locator('h1').textContent()).trim(), 'Everything you need without leaving home');
      assert.ok(await page.getByRole('button', { name: 'Search', exact: true }).isVisible());
      const russian = page.getByRole('link', { name: 'Русский', exact: true });
      assert.equal(await russian.getAttribute('lang'), 'ru');
      await expectNoAxeViolations(assert, page, 'English home');

      // The choice is kept (cookie) for the next pages, and the search page is clean too.
      const box = page.getByRole('searchbox');
      await box.fill('ljcnfdrf ghjlernjd');
      await Promise.all([page.waitForURL((u) => u.pathname === '/search'), box.press('Enter')]);
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.match(await page.locator('p.corrected').textContent(), /^Showing results for «доставка продуктов»/);
      assert.ok(await page.locator('.results .cards .card').count() > 0);
      await expectNoAxeViolations(assert, page, 'English search');
    } finally {
      await context.close();
    }
  });
});

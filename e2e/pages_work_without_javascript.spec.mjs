// The site must work with JavaScript switched off: plain GET forms and links.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, useServerAndBrowser } from './browser.mjs';

describe('pages work without JavaScript', () => {
  let doma, browser;
  useServerAndBrowser({}, (d, b) => { doma = d; browser = b; });

  const found = async (page) => {
    const text = await page.locator('.results .total').textContent();
    const m = /Найдено:\s*(\d+)/.exec(text);
    assert.ok(m, `«Найдено: N» shown, got ${JSON.stringify(text)}`);
    return Number(m[1]);
  };

  test('search form submits and filter links narrow the results', async () => {
    const context = await newContext(browser, { width: 1280, height: 800, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');
      assert.equal(await page.locator('script').count(), 0, 'the page has no scripts anyway');

      // 1. The search form is a plain GET form.
      await page.getByRole('searchbox', { name: 'Что вы ищете?' }).fill('доставка продуктов');
      await Promise.all([page.waitForURL((u) => u.pathname === '/search'),
                         page.getByRole('button', { name: 'Найти', exact: true }).click()]);
      assert.equal(new URL(page.url()).searchParams.get('q'), 'доставка продуктов');
      const total = await found(page);
      assert.ok(total > 1, `several results (${total})`);
      assert.equal(await page.locator('aside.filters a[aria-current="true"]').count(), 0, 'nothing selected yet');

      // 2. Pick a filter value that covers some but not all results.
      const links = page.locator('aside.filters .facet li');
      const options = await links.evaluateAll((lis) => lis.map((li) => ({
        label: li.querySelector('a').textContent.trim(),
        href: li.querySelector('a').getAttribute('href'),
        count: Number(li.querySelector('.count')?.textContent),
      })));
      const pick = options.find((o) => o.count > 0 && o.count < total);
      assert.ok(pick, `a narrowing filter among ${JSON.stringify(options)}`);
      const link = page.locator('aside.filters a', { hasText: pick.label }).first();
      const target = new URL(pick.href, doma.base);
      await Promise.all([page.waitForURL((u) => u.search === target.search), link.click()]);

      const narrowed = await found(page);
      assert.ok(narrowed < total, `filter narrows: ${narrowed} < ${total}`);
      assert.equal(narrowed, pick.count, 'the count next to the filter was right');
      const selected = page.locator('aside.filters a[aria-current="true"]');
      assert.equal(await selected.count(), 1);
      assert.equal((await selected.textContent()).replace(/^✓\s*/, '').trim(), pick.label);
      assert.equal(await page.locator('#q').inputValue(), 'доставка продуктов', 'query kept');

      // 3. Re-submitting the form keeps the filter (hidden input), still without JS.
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Найти', exact: true }).click()]);
      assert.equal(await found(page), narrowed, 'filter kept when the form is submitted again');
      assert.equal(await page.locator('aside.filters a[aria-current="true"]').count(), 1);

      // 4. Clicking the selected filter again removes it.
      await Promise.all([page.waitForNavigation(), page.locator('aside.filters a[aria-current="true"]').click()]);
      assert.equal(await found(page), total, 'unselecting the filter restores all results');
      assert.equal(await page.locator('aside.filters a[aria-current="true"]').count(), 0);
    } finally {
      await context.close();
    }
  });
});

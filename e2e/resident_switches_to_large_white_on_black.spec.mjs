// User story: a resident with poor sight switches to large white-on-black
// text. On a 360 px phone she follows «Версия для слабовидящих» from the home
// page, opens «Настройки» in the panel at the top, picks the largest text
// (А++), «Белым по чёрному», wide letter spacing and no images, and presses
// «Применить» (a plain form: it works without JavaScript too, which
// every_page_fits_every_role checks). The page she came
// from comes back in those settings; the text is white on black at twice the
// size, nothing scrolls sideways and axe finds nothing. The choice holds on
// the next pages (search, a card, help); «Обычная версия» brings the normal
// site back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, expectNoAxeViolations, expectNoHorizontalScroll, useServerAndBrowser } from './browser.mjs';

const PHONE = { width: 360, height: 740 };

describe('resident switches to large white on black', () => {
  let doma, browser;
  useServerAndBrowser({}, (d, b) => { doma = d; browser = b; });

  const looks = (page) => page.evaluate(() => {
    const body = getComputedStyle(document.body);
    return { classes: document.body.className, color: body.color, background: body.backgroundColor,
      rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize), spacing: body.letterSpacing,
      images: [...document.querySelectorAll('main img, main svg')].filter((e) => e.getClientRects().length > 0).length };
  });

  test('home → the mode → А++, white on black, wide, no images → kept on search, card and help → normal again', async () => {
    const context = await newContext(browser, PHONE);
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');
      const normal = await looks(page);
      await Promise.all([page.waitForURL((u) => u.pathname === '/'),
        page.getByRole('link', { name: 'Версия для слабовидящих', exact: true }).click()]);
      const panel = page.getByRole('region', { name: 'Настройки версии для слабовидящих', exact: true });
      await panel.locator('summary').click();
      await panel.getByRole('radio', { name: /А\+\+/ }).check();
      await panel.getByRole('radio', { name: 'Белым по чёрному' }).check();
      await panel.getByRole('group', { name: /интервал/i }).getByRole('radio').last().check();
      await panel.getByRole('group', { name: /изображени/i }).getByRole('radio').last().check();
      await Promise.all([page.waitForURL((u) => u.pathname === '/'),
        panel.getByRole('button', { name: 'Применить', exact: true }).click()]);

      const cookie = (await context.cookies(doma.base)).find((c) => c.name === 'a11y');
      assert.equal(cookie?.value, '3-wb-wide-off', 'the choice is kept in the cookie');
      const big = await looks(page);
      assert.match(big.classes, /\ba11y-size-3\b.*\ba11y-scheme-wb\b.*\ba11y-wide\b.*\ba11y-noimg\b/);
      assert.equal(big.color, 'rgb(255, 255, 255)', 'white text');
      assert.equal(big.background, 'rgb(0, 0, 0)', 'on black');
      assert.equal(big.rootPx, normal.rootPx * 2, 'text twice the size');
      assert.notEqual(big.spacing, 'normal', 'letters spaced out');
      await expectNoHorizontalScroll(assert, page, 'home, large white on black');
      await expectNoAxeViolations(assert, page, 'home, large white on black');

      // The choice holds from page to page.
      for (const path of ['/search?q=' + encodeURIComponent('продукты'), '/help', '/check']) {
        await page.goto(doma.base + path);
        const still = await looks(page);
        assert.match(still.classes, /a11y-size-3 a11y-scheme-wb a11y-wide a11y-noimg/, `${path} keeps the settings`);
        assert.equal(still.images, 0, `${path} shows no images`);
        await expectNoHorizontalScroll(assert, page, `${path}, large white on black`);
        await expectNoAxeViolations(assert, page, `${path}, large white on black`);
      }
      await page.goto(doma.base + '/search?q=' + encodeURIComponent('продукты'));
      await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/services/')),
        page.locator('main a[href^="/services/"]').first().click()]);
      assert.match((await looks(page)).classes, /a11y-size-3 a11y-scheme-wb/, 'the card keeps the settings');
      await expectNoHorizontalScroll(assert, page, 'a card, large white on black');
      await expectNoAxeViolations(assert, page, 'a card, large white on black');

      // And back to the normal site.
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Обычная версия', exact: true }).click()]);
      assert.doesNotMatch((await looks(page)).classes, /contrast/);
    } finally {
      await context.close();
    }
  });
});

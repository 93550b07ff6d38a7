// User story: a school's webmaster puts Doma's widget on the school's site.
// The webmaster follows «Виджет для сайтов» in the footer, chooses «Доставка
// продуктов и еды» for Dimitrovgrad, presses «Показать код» and copies the
// snippet. On the school's site (another loopback origin, which the portal's
// administrator listed with --embed-origin) the frame shows the section's
// services, whose links open the portal in a new tab and say they came from
// the widget. The same snippet on a site nobody listed shows nothing: the
// browser refuses to frame the widget. The webmaster page and the widget are
// axe-clean in the normal and the high-contrast mode.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { freePort } from '../tests/service/harness.mjs';
import { newContext, expectNoAxeViolations, expectNoHorizontalScroll, useServerAndBrowser } from './browser.mjs';
import { h1Text } from './editorial_steps.mjs';
import { PHONE_VIEW } from './help_steps.mjs';

const schoolPort = await freePort();
const strangerPort = await freePort();
const SCHOOL = `http://127.0.0.1:${schoolPort}`;
const STRANGER = `http://127.0.0.1:${strangerPort}`;

// A site that shows `snippet` on its home page.
function site(port, title) {
  let snippet = '';
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><main><h1>${title}</h1>${snippet}</main></body></html>`);
  });
  return {
    start: () => new Promise((resolve) => server.listen(port, '127.0.0.1', resolve)),
    stop: () => new Promise((resolve) => server.close(resolve)),
    show: (s) => { snippet = s; },
  };
}

describe('webmaster embeds widget', () => {
  let doma, browser;
  const school = site(schoolPort, 'Школа № 1');
  const stranger = site(strangerPort, 'Чужой сайт');
  useServerAndBrowser({ args: ['--embed-origin', SCHOOL] }, (d, b) => { doma = d; browser = b; });
  before(async () => { await school.start(); await stranger.start(); });
  after(async () => { await school.stop(); await stranger.stop(); });

  test('the snippet frames the widget on the allowed site and nowhere else', async () => {
    const context = await newContext(browser, { bypassCSP: false });
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/embed'),
        page.locator('footer').getByRole('link', { name: 'Виджет для сайтов', exact: true }).click(),
      ]);
      assert.equal(await h1Text(page), 'Виджет для вашего сайта');
      assert.match(await page.locator('main').innerText(), new RegExp(SCHOOL.replace(/[.]/g, '\\.')), 'the allowed site is named');
      await page.getByLabel('Раздел каталога', { exact: true }).selectOption({ label: 'Доставка продуктов и еды' });
      await page.getByLabel('Населённый пункт', { exact: true }).selectOption({ label: 'Димитровград' });
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/embed' && u.searchParams.get('category') === 'food-delivery'),
        page.getByRole('button', { name: 'Показать код', exact: true }).click(),
      ]);
      const snippet = (await page.locator('pre.snippet code').innerText()).trim();
      assert.match(snippet, new RegExp(`^<iframe src="${doma.base}/embed/categories/food-delivery\\?place=dimitrovgrad" title="Дома"`));

      // On the school's site the widget shows the section.
      school.show(snippet);
      await page.goto(SCHOOL + '/');
      const frame = page.frameLocator('iframe');
      await frame.locator('h1').waitFor();
      assert.equal((await frame.locator('h1').innerText()).trim(), 'Доставка продуктов и еды');
      const links = frame.locator('ul.embed-list a');
      assert.ok(await links.count() >= 3, 'services are listed');
      const href = await links.first().getAttribute('href');
      assert.match(href, new RegExp(`^${doma.base}/services/[a-z0-9-]+\\?src=widget$`), 'the link says it came from the widget');
      assert.equal(await frame.locator('base').getAttribute('target'), '_blank', 'links open the portal in a new tab');

      // On a site nobody listed the browser refuses to frame it.
      stranger.show(snippet);
      const refusals = [];
      page.on('console', (m) => { if (/frame-ancestors/.test(m.text())) refusals.push(m.text()); });
      await page.goto(STRANGER + '/');
      await page.waitForTimeout(500);
      const child = page.frames().find((f) => f !== page.mainFrame());
      assert.ok(child, 'the stranger\'s page has its frame');
      assert.equal(await child.locator('.embed-title, ul.embed-list').count(), 0, 'the widget is not shown on a site that was not allowed');
      assert.match(child.url(), /^chrome-error:/, 'the browser blocked the frame');
      assert.ok(refusals.length >= 1, 'the browser says why (frame-ancestors)');

      // Straight from the portal the widget answers with no cookie.
      const r = await page.request.get(`${doma.base}/embed/categories/food-delivery?place=dimitrovgrad`);
      assert.equal(r.headers()['set-cookie'], undefined);
      assert.match(r.headers()['content-security-policy'], new RegExp(`frame-ancestors 'self' ${SCHOOL.replace(/[.]/g, '\\.')}$`));
      assert.equal(r.headers()['x-frame-options'], undefined);
    } finally {
      await context.close();
    }
  });

  test('the webmaster page and the widget are clean in both modes and on a phone', async () => {
    for (const view of [PHONE_VIEW, { width: 1280, height: 800 }]) {
      for (const mode of ['off', 'on']) {
        const context = await newContext(browser, view);
        try {
          const page = await context.newPage();
          await page.goto(`${doma.base}/a11y?mode=${mode}`);
          for (const url of ['/embed?category=food-delivery&place=dimitrovgrad', '/embed/categories/food-delivery?place=dimitrovgrad',
            '/embed/search?q=%D0%B0%D0%BF%D1%82%D0%B5%D0%BA%D0%B0', '/stats', '/privacy', '/accessibility']) {
            await page.goto(doma.base + url);
            const label = `${url} ${view.width}px contrast ${mode}`;
            await expectNoAxeViolations(assert, page, label);
            if (view.width <= 360) await expectNoHorizontalScroll(assert, page, label);
          }
        } finally {
          await context.close();
        }
      }
    }
  });
});

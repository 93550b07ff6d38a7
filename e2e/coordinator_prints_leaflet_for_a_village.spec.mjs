// User story: a coordinator prints a leaflet for a village.
// The coordinator logs in, opens the dashboard from the header, follows
// «Плакаты и листовки», chooses «Доставка продуктов и еды» and the village of
// Большая Кандала and opens the leaflet. It lists the section's services
// that reach the village (no other settlement's local service), each with
// its web address and a QR code; printed, it is one A4 page, and every QR
// code read from the paper opens exactly one listed service's card on the
// portal (marked as coming from a leaflet), plus one for the whole section.
// The leaflet and the chooser are axe-clean; the chooser does not scroll
// sideways on a phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../tests/service/harness.mjs';
import { newContext, expectNoAxeViolations, expectNoHorizontalScroll, useServerAndBrowser } from './browser.mjs';
import { h1Text, logInFromHeader } from './editorial_steps.mjs';
import { PHONE_VIEW } from './help_steps.mjs';
import { printed, assertOneA4 } from './print_steps.mjs';

const COORDINATOR = { login: 'leaflet-coordinator@doma.test', password: 'coordinator-password-55' };
const VILLAGE = { id: 'bolshaya-kandala', name: 'Большая Кандала' };

describe('coordinator prints leaflet for a village', () => {
  let doma, browser;
  useServerAndBrowser({ prepare: (db) => addUser(db, COORDINATOR.login, 'coordinator', COORDINATOR.password) }, (d, b) => { doma = d; browser = b; });

  test('the leaflet for Большая Кандала: one page, a QR code per listed service', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');
      await logInFromHeader(page, COORDINATOR, 'coordinator');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/coordinator'),
        page.locator('nav.account-nav').getByRole('link', { name: 'Координатор', exact: true }).click(),
      ]);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/print'),
        page.locator('main').getByRole('link', { name: 'Плакаты и листовки', exact: true }).click(),
      ]);
      const leaflet = page.getByRole('region', { name: 'Листовка по теме и месту', exact: true });
      await leaflet.getByLabel('Раздел каталога', { exact: true }).selectOption({ label: 'Доставка продуктов и еды' });
      await leaflet.getByLabel('Населённый пункт', { exact: true }).selectOption({ label: VILLAGE.name });
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/print/leaflet'),
        leaflet.getByRole('button', { name: 'Открыть для печати', exact: true }).click(),
      ]);
      assert.equal(await h1Text(page), 'Доставка продуктов и еды');
      assert.match(await page.locator('.poster-place').innerText(), new RegExp(VILLAGE.name));
      const items = page.locator('li.leaflet-item');
      const ids = await items.evaluateAll((els) => els.map((e) => e.dataset.service));
      assert.ok(ids.length >= 3, `services are listed (${ids.length})`);
      const names = (await items.locator('h2').allInnerTexts()).map((s) => s.trim());
      for (const [i, id] of ids.entries()) {
        const r = await page.request.get(`${doma.base}/api/v1/services/${id}`);
        const s = await r.json();
        assert.equal(s.name, names[i], 'the leaflet names the service');
        assert.ok(s.categories.includes('food-delivery'));
        assert.ok(s.scope !== 'regional' || (!s.settlement && !s.district) ||
          (s.settlement ? s.settlement === VILLAGE.name : s.district === 'Старомайнский район'), `${id} reaches ${VILLAGE.name}`);
        assert.ok(await items.nth(i).locator('svg.qr').count() === 1, `${id} has its QR code`);
      }
      await expectNoAxeViolations(assert, page, 'leaflet');

      const p = await printed(page);
      assertOneA4(assert, p, 'leaflet');
      assert.deepEqual(p.codes, [
        ...ids.map((id) => `${doma.base}/services/${id}?src=poster-leaflet`),
        `${doma.base}/categories/food-delivery?place=${VILLAGE.id}&src=poster-leaflet`,
      ].sort());
      // A code from the paper opens the card, which passes the source on to the click out.
      const first = p.codes.find((u) => u.includes('/services/'));
      await page.goto(first);
      assert.match(await page.locator('main a.button').first().getAttribute('href'), /\?src=poster-leaflet$/);
    } finally {
      await context.close();
    }
  });

  test('every poster page is clean in the normal and the high-contrast mode', async () => {
    for (const mode of ['off', 'on']) {
      const context = await newContext(browser);
      try {
        const page = await context.newPage();
        await page.goto(doma.base + '/');
        await logInFromHeader(page, COORDINATOR, `coordinator, contrast ${mode}`);
        await page.goto(`${doma.base}/a11y?mode=${mode}`);
        for (const url of ['/print', `/print/leaflet?category=food-delivery&place=${VILLAGE.id}`, '/print/services/gosuslugi',
          '/digest/confirm?t=0123456789abcdef0123456789abcdef', '/digest/unsubscribe?t=0123456789abcdef0123456789abcdef']) {
          await page.goto(doma.base + url);
          await expectNoAxeViolations(assert, page, `${url} contrast ${mode}`);
        }
      } finally {
        await context.close();
      }
    }
  });

  test('the chooser fits a phone', async () => {
    const context = await newContext(browser, PHONE_VIEW);
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/');
      await logInFromHeader(page, COORDINATOR, 'coordinator on a phone');
      await page.goto(doma.base + '/print');
      await expectNoAxeViolations(assert, page, 'chooser on a phone');
      await expectNoHorizontalScroll(assert, page, 'chooser on a phone');
    } finally {
      await context.close();
    }
  });
});

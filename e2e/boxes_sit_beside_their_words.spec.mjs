// User story: an old person ticks «Продукты» on the help form and the box is
// where her finger and eyes expect it. On every form with radio buttons or
// checkboxes (asking for help, the hotline call, becoming a volunteer,
// proposing a service), on a phone and on a desktop: each box is at least
// 24 px and at most 12 px from the first word of its label, on the same line
// (issue 18: `.field input { width: 100% }` stretched them to the full width,
// up to 544 px from their words). And a text area being typed into shows it:
// a focus ring of at least 3 px, as every other field has.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './browser.mjs';
import { PHONE_VIEW, DESKTOP_VIEW, helpServer, Sessions } from './help_steps.mjs';

const RESIDENT = { login: 'boxes.resident@example.org', role: 'resident', password: 'ромашки у забора 7' };
const COORDINATOR = { login: 'boxes-coordinator@doma.test', role: 'coordinator', password: 'coordinator-password-77' };

// For each radio and checkbox: its size, and the gap from its right edge to
// the first word of its label when that word is on the box's line.
async function boxes(page) {
  return page.evaluate(() => [...document.querySelectorAll('input[type="checkbox"], input[type="radio"]')]
    .filter((i) => i.offsetParent !== null)
    .map((input) => {
      const box = input.getBoundingClientRect();
      const label = input.closest('label') || (input.id && document.querySelector(`label[for="${input.id}"]`));
      let gap = null, sameLine = false;
      if (label) {
        const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.textContent.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          const r = [...range.getClientRects()].find((x) => x.width > 0);
          if (!r) continue;
          gap = r.left - box.right;
          sameLine = r.top < box.bottom && r.bottom > box.top;
          break;
        }
      }
      return { name: `${input.name}=${input.value}`, width: box.width, height: box.height, gap, sameLine };
    }));
}

describe('boxes sit beside their words', () => {
  let doma, browser;
  useServerAndBrowser(helpServer(RESIDENT, COORDINATOR), (d, b) => { doma = d; browser = b; });

  for (const view of [PHONE_VIEW, DESKTOP_VIEW]) {
    test(`every radio and checkbox is at least 24 px and within 12 px of its label at ${view.width} px`, async () => {
      const sessions = new Sessions(browser, doma.base);
      try {
        const pages = [
          [await sessions.signedIn(RESIDENT, view), ['/help/ask', '/volunteer/signup']],
          [await sessions.signedIn(COORDINATOR, view), ['/coordinator/call']],
          [await sessions.anonymous(view), ['/services/propose']],
        ];
        const bad = [];
        let seen = 0;
        for (const [page, paths] of pages) {
          for (const p of paths) {
            await page.goto(doma.base + p);
            for (const b of await boxes(page)) {
              ++seen;
              if (b.width < 24 || b.height < 24) bad.push(`${p} ${b.name}: ${b.width}×${b.height} px`);
              if (b.gap === null || !b.sameLine || b.gap < 0 || b.gap > 12)
                bad.push(`${p} ${b.name}: ${b.gap === null ? 'no label text' : `${Math.round(b.gap)} px from its words${b.sameLine ? '' : ', not on their line'}`}`);
            }
          }
        }
        assert.ok(seen >= 20, `only ${seen} boxes found`);
        assert.deepEqual(bad, []);
      } finally {
        await sessions.close();
      }
    });
  }

  test('a text area being typed into shows a focus ring of at least 3 px', async () => {
    const sessions = new Sessions(browser, doma.base);
    try {
      const page = await sessions.signedIn(RESIDENT, DESKTOP_VIEW);
      const rings = [];
      for (const p of ['/help/ask', '/volunteer/signup']) {
        await page.goto(doma.base + p);
        // Folded parts (the request's time and note) are opened as a person would.
        for (const more of await page.locator('main details:not([open]) > summary').all()) await more.click();
        for (const area of await page.locator('textarea').all()) {
          await area.click();
          rings.push(await area.evaluate((el) => {
            const s = getComputedStyle(el);
            return { name: el.name, style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
          }));
        }
      }
      assert.ok(rings.length >= 2, `only ${rings.length} text areas found`);
      assert.deepEqual(rings.filter((r) => r.style === 'none' || r.width < 3), []);
    } finally {
      await sessions.close();
    }
  });
});

// Browser helpers for the e2e specs: Debian's Chromium driven by playwright-core,
// and axe-core (WCAG 2.1 A/AA rules) run inside the page.
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { startDoma, outboxOf, waitFor } from '../tests/service/harness.mjs';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = path.join(ROOT, 'test-results');

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// One story's fixtures: a server (startDoma options) and a browser, started
// before its tests and stopped after them. `onReady(doma, browser)` hands them
// to the story and may prepare data.
export function useServerAndBrowser(options, onReady) {
  let doma, browser;
  before(async () => {
    doma = await startDoma(options);
    browser = await launchBrowser();
    await onReady(doma, browser);
  });
  after(async () => {
    if (browser) await browser.close();
    if (doma) await doma.stop();
  });
}

// A fresh context (own cookies) with CSP bypassed so axe can be injected.
export async function newContext(browser, { width = 1280, height = 800, javaScriptEnabled = true, ...rest } = {}) {
  return browser.newContext({
    viewport: { width, height },
    bypassCSP: true,
    javaScriptEnabled,
    locale: 'ru-RU',
    ...rest,
  });
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Runs axe-core on the current document; returns the violations as readable
// strings (empty array = clean).
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const violations = await page.evaluate(async (values) => {
    const res = await window.axe.run(document, { runOnly: { type: 'tag', values } });
    return res.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
  return violations;
}

export function formatViolations(violations, label = '') {
  if (!violations.length) return `${label}: no axe violations`;
  const lines = [`${label}: ${violations.length} axe violation(s)`];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 10)) {
      lines.push(`    - ${n.target}`);
      if (n.summary) lines.push(...n.summary.split('\n').map((s) => `        ${s}`));
    }
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
  }
  return lines.join('\n');
}

// Asserts axe is clean; the assertion message lists every violation.
export async function expectNoAxeViolations(assert, page, label) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, formatViolations(violations, `${label} (${page.url()})`));
}

export async function horizontalOverflow(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // The widest elements sticking out past the viewport, to make failures actionable.
    culprits: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} right=${Math.round(el.getBoundingClientRect().right)}`),
  }));
}

export async function expectNoHorizontalScroll(assert, page, label) {
  const o = await horizontalOverflow(page);
  assert.ok(o.scrollWidth <= o.innerWidth + 1,
    `${label}: horizontal scrolling at ${o.innerWidth}px (scrollWidth ${o.scrollWidth}); overflowing: ${o.culprits.join(', ')}`);
}

export function resultsDir() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return RESULTS_DIR;
}

// How many messages the server's log channel has delivered; and the code of
// the first sign-up message after the first `seen` of them (what a person
// reads in the e-mail or SMS).
export const outboxCount = (doma) => outboxOf(doma.dir).length;
export async function signUpCode(doma, seen) {
  const code = await waitFor(() => {
    const m = outboxOf(doma.dir).slice(seen).find((x) => /регистрац/.test(x.body) && /\b\d{8}\b/.test(x.body));
    return m && /\b(\d{8})\b/.exec(m.body)[1];
  });
  if (!code) throw new Error('no sign-up code arrived');
  return code;
}

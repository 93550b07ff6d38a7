// Every page fits every role (issue 18, «Must show»): each page that an
// anonymous visitor, a resident, a volunteer, a coordinator, an editor and an
// administrator can reach, on a 320, 360 and 1280 px screen in the normal
// site, and at 320 px in the version for the visually impaired at its largest
// text with wide spacing in each colour scheme (cookie a11y=3-bw-wide-on,
// 3-wb-wide-on, 3-blue-wide-on) plus one other combination that changes with
// the day of the year (A11Y_SAMPLE=2-blue-normal-off picks one by hand).
// On each page, with every <details> opened so that what it holds (the
// settings panel, closed on a phone) is checked too:
//   - nothing scrolls sideways (scrollWidth <= innerWidth);
//   - every visible radio and checkbox is at least 24×24 px and at most 12 px
//     from the first word of its label, on the same line;
//   - every element the Tab key reaches shows, while focused, an outline, a
//     box-shadow or a border change of at least 3 px whose colour has at
//     least 3:1 contrast against the background behind it (computed in the
//     page from getComputedStyle, walking up to the first opaque background);
//   - axe-core finds nothing (WCAG 2.1 A/AA, which includes
//     scrollable-region-focusable).
// To keep the time in check (under 3 minutes on 2 cores): the narrow checks
// run in every view; axe at 320 and 1280 px in the normal site and in the
// three fixed views of the version for the visually impaired (360 px has the
// phone's layout and colours, the sample of the day a fixed view's colours);
// the Tab walk once per colour scheme, at 1280 px in the normal site and in
// the three fixed views. Public pages are visited as an anonymous visitor;
// each signed-in role visits /help (its own header) and its own pages. One
// server; one browser context per role. A role's problems are listed
// together at the end of its test. `make test` runs it through specs.test.mjs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, addUser, Client } from '../tests/service/harness.mjs';
import { launchBrowser, newContext, axeViolations, formatViolations, horizontalOverflow, WCAG_TAGS, AXE_PATH } from './browser.mjs';

const USERS = {
  resident: { login: 'fits.resident@example.org', role: 'resident', password: 'сирень под окном 41' },
  volunteer: { login: 'fits.volunteer@example.org', role: 'volunteer', password: 'volunteer-fits-77' },
  coordinator: { login: 'fits.coordinator@doma.test', role: 'coordinator', password: 'coordinator-fits-77' },
  editor: { login: 'fits.editor@doma.test', role: 'editor', password: 'editor-fits-password-7' },
  admin: { login: 'fits.admin@doma.test', role: 'admin', password: 'admin-fits-password-7' },
};

// The views: the normal site at three widths, the largest text with wide
// spacing in each scheme at 320 px, and a sample of the other combinations.
const FIXED_A11Y = ['3-bw-wide-on', '3-wb-wide-on', '3-blue-wide-on'];
function sampleCombination(now = new Date()) {
  if (process.env.A11Y_SAMPLE) return process.env.A11Y_SAMPLE;
  const all = [];
  for (const size of [1, 2, 3]) for (const scheme of ['bw', 'wb', 'blue']) for (const spacing of ['normal', 'wide'])
    if (!(size === 3 && spacing === 'wide')) all.push(`${size}-${scheme}-${spacing}`);
  const day = Math.floor((now - new Date(now.getFullYear(), 0, 0)) / 86400000);
  return `${all[day % all.length]}-${day % 2 ? 'off' : 'on'}`;
}
const SAMPLE = sampleCombination();
const ALL_VIEWS = [
  { name: '320px', width: 320, a11y: null, tab: false, axe: true },
  { name: '360px', width: 360, a11y: null, tab: false, axe: false },
  { name: '1280px', width: 1280, a11y: null, tab: true, axe: true },
  ...FIXED_A11Y.map((c) => ({ name: `320px a11y=${c}`, width: 320, a11y: c, tab: true, axe: true })),
  { name: `320px a11y=${SAMPLE} (sample of the day)`, width: 320, a11y: SAMPLE, tab: false, axe: false },
];
// To look at one part: FITS_ROLES=coordinator FITS_VIEWS=wb FITS_PATHS=/coordinator (substrings).
const only = (name) => (process.env[name] || '').split(',').filter(Boolean);
const pick = (list, name, key) => (only(name).length ? list.filter((x) => only(name).some((w) => key(x).includes(w))) : list);
const VIEWS = pick(ALL_VIEWS, 'FITS_VIEWS', (v) => v.name);
const ROLES = pick(['anonymous', 'resident', 'volunteer', 'coordinator', 'editor', 'admin'], 'FITS_ROLES', (r) => r);
const HEIGHT = 720;

// ---- Checks that run inside the page --------------------------------------

// Each visible radio and checkbox: its size, and the gap from its right edge
// to the first word of its label when that word is on the box's line.
function boxesInPage() {
  return [...document.querySelectorAll('input[type="checkbox"], input[type="radio"]')]
    .filter((i) => i.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }))
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
    });
}

// Installs a focusin listener that judges the focus indicator of whatever
// gets the focus, at the moment it gets it; the Tab walk reads the log.
function installFocusProbe() {
  const canvas = document.createElement('canvas').getContext('2d');
  const rgba = (c) => {
    let m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(c);
    if (!m) { canvas.fillStyle = '#000'; canvas.fillStyle = c; m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(canvas.fillStyle); }
    if (!m) {
      const h = /^#([0-9a-f]{6})$/i.exec(canvas.fillStyle);
      return h ? [0, 2, 4].map((i) => parseInt(h[1].slice(i, i + 2), 16)).concat(1) : [0, 0, 0, 0];
    }
    return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (!a) return [255, 255, 255, 1];
    return [0, 1, 2].map((i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat(a);
  };
  // The colour a ring drawn over `el`'s box is seen against: its background
  // laid over its ancestors' (the canvas is white).
  const backgroundAt = (el) => {
    const layers = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let colour = [255, 255, 255, 1];
    for (const c of layers.reverse()) colour = over(c, colour);
    return colour;
  };
  const unfocused = new WeakMap();
  const borderOf = (s) => ({ width: Math.max(...['Top', 'Right', 'Bottom', 'Left'].map((k) => parseFloat(s[`border${k}Width`]) || 0)), colour: s.borderTopColor });
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex], iframe'))
    unfocused.set(el, borderOf(getComputedStyle(el)));
  const describe = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}${text ? ` «${text}»` : ''}`;
  };
  window.__focusLog = [];
  document.addEventListener('focusin', (e) => {
    const el = e.target;
    if (!(el instanceof Element)) return;
    if (el.tagName === 'IFRAME') { window.__focusLog.push({ el: describe(el), skip: 'frame' }); return; }
    const s = getComputedStyle(el);
    const outside = backgroundAt(el.parentElement || el);
    const inside = backgroundAt(el);
    const tries = [];
    const width = parseFloat(s.outlineWidth) || 0;
    if (s.outlineStyle !== 'none' && width > 0) {
      const offset = parseFloat(s.outlineOffset) || 0;
      const behind = offset > -width / 2 ? outside : inside;
      tries.push({ how: 'outline', width, ratio: ratio(over(rgba(s.outlineColor), behind), behind) });
    }
    if (s.boxShadow && s.boxShadow !== 'none') {
      for (const part of s.boxShadow.split(/,(?![^(]*\))/)) {
        const colour = /rgba?\([^)]*\)/.exec(part)?.[0] ?? 'rgb(0, 0, 0)';
        const lengths = part.replace(/rgba?\([^)]*\)/, '').replace('inset', '').trim().split(/\s+/).map(parseFloat);
        const spread = lengths[3] || 0;
        const inset = /inset/.test(part);
        const behind = inset ? inside : outside;
        if (spread > 0) tries.push({ how: `${inset ? 'inset ' : ''}box-shadow`, width: spread, ratio: ratio(over(rgba(colour), behind), behind) });
      }
    }
    const before = unfocused.get(el);
    const now = borderOf(s);
    if (before && (now.width !== before.width || now.colour !== before.colour) && now.width > 0)
      tries.push({ how: 'border', width: now.width, ratio: ratio(over(rgba(now.colour), outside), outside) });
    const best = tries.find((t) => t.width >= 3 && t.ratio >= 3);
    window.__focusLog.push({
      el: describe(el), ok: Boolean(best), focusVisible: el.matches(':focus-visible'),
      seen: tries.map((t) => `${t.how} ${t.width}px ${t.ratio.toFixed(2)}:1`).join(', ') || 'nothing',
    });
  }, true);
  // Tab stops to expect (radio groups count once; a few more do no harm).
  return [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex], iframe')]
    .filter((el) => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({ visibilityProperty: true })).length;
}

// ---- The walk over one page ---------------------------------------------------

async function tabWalk(page) {
  const expected = await page.evaluate(installFocusProbe);
  await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
  let seen = 0;
  for (let i = 0; i < expected + 2; ++i) {
    await page.keyboard.press('Tab');
    // Every 25 presses: stop once the focus has come round to the start.
    if (i % 25 === 24) {
      const log = await page.evaluate(() => window.__focusLog.map((x) => x.el));
      if (new Set(log).size < log.length) break;
      seen = log.length;
    }
  }
  const log = await page.evaluate(() => window.__focusLog);
  const unique = new Map();
  for (const entry of log) if (!unique.has(entry.el)) unique.set(entry.el, entry);
  return { stops: Math.max(seen, unique.size), bad: [...unique.values()].filter((e) => !e.skip && !e.ok) };
}

async function waitForMaps(page) {
  if (await page.locator('[data-map]').count()) {
    await page.locator('[data-map] .leaflet-container').first().waitFor({ state: 'attached', timeout: 5000 }).catch(() => {});
  }
}

async function checkPage(page, url, view, problems, stats) {
  const label = `${url} at ${view.name}`;
  let t = Date.now();
  const lap = (key) => { const now = Date.now(); stats[key] = (stats[key] ?? 0) + now - t; t = now; };
  const response = await page.goto(url, { waitUntil: 'load' });
  const status = response?.status() ?? 0;
  if (status >= 500) problems.push(`${label}: HTTP ${status}`);
  await waitForMaps(page);
  // Disclosures open (the settings panel of the version for the visually
  // impaired is closed on a phone): what they hold is checked too.
  await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
  lap('load');
  const o = await horizontalOverflow(page);
  if (o.scrollWidth > o.innerWidth) problems.push(`${label}: scrolls sideways (scrollWidth ${o.scrollWidth} > ${o.innerWidth}); overflowing: ${o.culprits.join(', ')}`);
  for (const b of await page.evaluate(boxesInPage)) {
    if (b.width < 24 || b.height < 24) problems.push(`${label}: ${b.name} is ${b.width}×${b.height} px`);
    if (b.gap === null || !b.sameLine || b.gap < 0 || b.gap > 12)
      problems.push(`${label}: ${b.name} ${b.gap === null ? 'has no label text' : `is ${Math.round(b.gap)} px from its words${b.sameLine ? '' : ', not on their line'}`}`);
  }
  lap('narrow');
  if (view.tab) {
    const walk = await tabWalk(page);
    lap('tab');
    stats.stops += walk.stops;
    for (const b of walk.bad) problems.push(`${label}: focus on ${b.el} shows no ring of 3 px at 3:1 (${b.seen}${b.focusVisible ? '' : '; not :focus-visible'})`);
  }
  if (!view.axe) return;
  const violations = await axeViolations(page);
  if (violations.length) problems.push(formatViolations(violations, label));
  stats.axe += 1;
  lap('axeMs');
}

// ---- Fixtures: one server, its people and what their pages show -------------

let doma, browser;
const urls = {};

async function prepareData() {
  const base = doma.base;
  const client = async (who) => { const c = new Client(base); await c.login(USERS[who].login, USERS[who].password); return c; };
  const anon = new Client(base);
  const resident = await client('resident');
  const volunteer = await client('volunteer');
  const coordinator = await client('coordinator');
  const editor = await client('editor');

  const home = await anon.get('/');
  const category = /href="(\/categories\/[^"]+)"/.exec(home.text)?.[1];
  const search = await anon.get('/search?q=' + encodeURIComponent('доставка продуктов'));
  const service = /href="\/services\/([^"/?#]+)"/.exec(search.text)?.[1];

  // A request for help, a volunteer checked by the coordinator near it.
  await resident.get('/help/ask');
  const asked = await resident.post('/help/ask', {
    channel: 'self', kinds: 'medicines', recipient_name: 'Пётр Ильич', phone: '+7 917 000-11-22',
    place_id: 'dimitrovgrad', street: 'улица Гагарина', house: '3', urgency: 'today', consent: 'yes',
  });
  const request = /\/help\/requests\/(\d+)/.exec(asked.headers.get('location') ?? '')?.[1];
  await volunteer.get('/volunteer/signup');
  const signedUp = await volunteer.post('/volunteer/signup', {
    first_name: 'Вера', phone: '+7 917 555-12-34', place_id: 'dimitrovgrad', kinds: 'medicines', max_km: '30',
  });
  const list = await coordinator.get('/coordinator/volunteers');
  const volunteerId = /href="\/coordinator\/volunteers\/(\d+)"/.exec(list.text)?.[1];
  if (volunteerId) await coordinator.post(`/coordinator/volunteers/${volunteerId}/verify`, { id_checked: 'yes', briefed: 'yes' });
  const card = volunteerId ? await coordinator.get(`/coordinator/volunteers/${volunteerId}`) : { text: '' };
  const badge = /\b(\d{2}-\d{4})\b/.exec(card.text)?.[1];

  // A proposal waiting on the desk, and a piece of news.
  await anon.get('/services/propose');
  await anon.post('/services/propose', {
    name: 'Проверка страниц: кружок шахмат для пенсионеров', url: 'https://fits.example.org/', short_description: 'Занятия по вторникам в библиотеке',
    description: 'Описание кружка.', organization: 'Библиотека', scope: 'federal', cost: 'free',
    categories: 'kids-leisure', platforms: 'web', audiences: 'families', contact: '',
  });
  const desk = await editor.get('/editor');
  const submission = /href="\/editor\/submissions\/(\d+)"/.exec(desk.text)?.[1];
  await editor.get('/editor/news');
  await editor.post('/editor/news', { title: 'Новая проверка страниц', body: 'Текст новости с **выделением**.', services: '' });
  const news = /href="\/news\/(\d+)"/.exec((await anon.get('/news')).text)?.[1];
  // An online event tomorrow (the region's time: UTC+4), published by the editor.
  const tomorrow = new Date(Date.now() + (24 + 4) * 3600e3).toISOString();
  await editor.get('/events/propose');
  const proposed = await editor.post('/events/propose', {
    title: 'Проверка страниц: онлайн-лекция о Гончарове для всех, кто дома', organizer: 'Областная библиотека',
    url: 'https://fits.example.org/lecture', start_date: tomorrow.slice(0, 10), start_time: '15:00',
    end_date: tomorrow.slice(0, 10), end_time: '16:30', description: 'Лекция и вопросы в чате.',
    categories: 'culture', audiences: 'elderly', sources: 'https://fits.example.org/afisha',
  });
  const event = /^\/events\/(\d+)$/.exec(proposed.headers.get('location') ?? '')?.[1];

  const missing = Object.entries({ category, service, request, volunteerId, badge, submission, news, event }).filter(([, v]) => !v).map(([k]) => k);
  assert.deepEqual(missing, [], `the fixtures are all there (volunteer sign-up answered ${signedUp.status}, request ${asked.status})`);

  const publicPages = [
    '/', '/search?q=' + encodeURIComponent('доставка продуктов'), category, `/services/${service}`, '/news', `/news/${news}`,
    '/help', '/help/ask', '/help/status', '/check', `/check/${badge}`, '/stats', '/digest', '/embed',
    '/embed/search?q=' + encodeURIComponent('продукты'), '/privacy', '/accessibility', '/design', '/login', '/signup',
    '/password/forgot', '/services/propose', '/no/such/page', '/support', '/events', `/events/${event}`,
    '/events/propose', '/search?q=notion',
  ];
  Object.assign(urls, {
    anonymous: publicPages,
    resident: ['/help', '/account', '/help/ask', '/help/mine', `/help/requests/${request}`, '/volunteer', '/volunteer/signup'],
    volunteer: ['/help', '/volunteer', '/volunteer/signup', `/help/requests/${request}`],
    coordinator: ['/help', '/coordinator', '/coordinator/call', '/coordinator/callbacks', '/coordinator/volunteers',
      `/coordinator/volunteers/${volunteerId}`, '/coordinator/map', `/help/requests/${request}`, '/print'],
    editor: ['/help', '/editor', `/editor/submissions/${submission}`, `/editor/services/${service}/edit`,
      `/editor/services/${service}/history`, '/editor/services/new', '/editor/categories', '/editor/news', '/editor/events',
      '/print'],
    admin: ['/help', '/account', '/admin/users', '/admin/tokens', '/admin/audit'],
  });
}

describe('every page fits every role', { concurrency: 2 }, () => {
  const started = Date.now();
  before(async () => {
    doma = await startDoma({
      args: ['--tile-url', 'http://127.0.0.1:9/{z}/{x}/{y}.png'],
      prepare: async (db) => { for (const u of Object.values(USERS)) await addUser(db, u.login, u.role, u.password); },
    });
    browser = await launchBrowser();
    await prepareData();
  });
  after(async () => {
    if (browser) await browser.close();
    if (doma) await doma.stop();
    console.log(`# every_page_fits_every_role: ${((Date.now() - started) / 1000).toFixed(1)} s (views: ${VIEWS.map((v) => v.name).join('; ')})`);
  });

  test('axe runs scrollable-region-focusable among the WCAG rules', async () => {
    const { createRequire } = await import('node:module');
    const axe = createRequire(import.meta.url)(AXE_PATH);
    assert.ok(axe.getRules(WCAG_TAGS).some((r) => r.ruleId === 'scrollable-region-focusable'));
  });

  test('the settings panel sets size, colours, spacing and images without JavaScript', async () => {
    const context = await newContext(browser, { width: 360, height: HEIGHT, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(doma.base + '/design');
      await Promise.all([page.waitForURL((u) => u.pathname === '/design'),
        page.locator('nav.prefs').getByRole('link', { name: 'Версия для слабовидящих', exact: true }).click()]);
      await page.locator('body.contrast').waitFor();
      const panel = page.getByRole('region', { name: 'Настройки версии для слабовидящих', exact: true });
      await panel.locator('summary').click();
      await panel.getByRole('radio', { name: 'А++ — шрифт 200 %', exact: true }).check();
      await panel.getByRole('group', { name: 'Цвета', exact: true }).getByRole('radio', { name: 'Синим по голубому', exact: true }).check();
      await panel.getByRole('radio', { name: 'Увеличенный', exact: true }).check();
      await panel.getByRole('radio', { name: 'Не показывать', exact: true }).check();
      await Promise.all([page.waitForURL((u) => u.pathname === '/design'), panel.getByRole('button', { name: 'Применить', exact: true }).click()]);
      const cookie = (await context.cookies(doma.base)).find((c) => c.name === 'a11y');
      assert.equal(cookie?.value, '3-blue-wide-off', 'the cookie holds the chosen settings');
      for (const element of ['html', 'body'])
        assert.deepEqual((await page.locator(element).getAttribute('class')).split(/\s+/).sort(),
          ['a11y-noimg', 'a11y-scheme-blue', 'a11y-size-3', 'a11y-wide', 'contrast'], `<${element}> carries the settings`);
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '32px', '200 % of 16 px');
      await panel.locator('summary').click();
      assert.ok(await panel.getByRole('radio', { name: 'Синим по голубому', exact: true }).isChecked(), 'the panel shows what is chosen');
      await Promise.all([page.waitForURL((u) => u.pathname === '/design'), panel.getByRole('link', { name: 'Обычная версия', exact: true }).click()]);
      assert.equal(await page.locator('body.contrast').count(), 0, 'back to the normal site');
      assert.equal(await page.locator('html').getAttribute('class'), null);
    } finally {
      await context.close();
    }
  });

  for (const role of ROLES) {
    test(`${role}: every page at every width and in every colour scheme`, async (t) => {
      const t0 = Date.now();
      const context = await newContext(browser, { width: 1280, height: HEIGHT });
      // Nothing leaves the machine (map tiles, share links).
      await context.route((u) => /^https?:$/.test(u.protocol) && u.hostname !== '127.0.0.1', (r) => r.abort());
      const problems = [];
      const stats = { pages: 0, stops: 0, axe: 0 };
      try {
        const page = await context.newPage();
        if (role !== 'anonymous') {
          const u = USERS[role];
          await page.goto(doma.base + '/login');
          await page.getByLabel('E-mail или номер телефона', { exact: true }).fill(u.login);
          await page.getByLabel('Пароль', { exact: true }).fill(u.password);
          await Promise.all([page.waitForURL((x) => x.pathname !== '/login'), page.locator('main').getByRole('button', { name: 'Войти', exact: true }).click()]);
        }
        for (const view of VIEWS) {
          await page.setViewportSize({ width: view.width, height: HEIGHT });
          await context.clearCookies({ name: 'a11y' });
          if (view.a11y) await context.addCookies([{ name: 'a11y', value: view.a11y, url: doma.base }]);
          for (const url of pick(urls[role], 'FITS_PATHS', (u) => u)) {
            await checkPage(page, doma.base + url, view, problems, stats);
            stats.pages += 1;
          }
        }
      } finally {
        await context.close();
      }
      const sec = (ms) => `${((ms ?? 0) / 1000).toFixed(1)} s`;
      t.diagnostic(`${role}: ${stats.pages} page views (loading ${sec(stats.load)}, narrow checks ${sec(stats.narrow)}), ${stats.stops} tab stops (${sec(stats.tab)}), ${stats.axe} axe runs (${sec(stats.axeMs)}); ${sec(Date.now() - t0)}`);
      assert.deepEqual(problems, [], `${problems.length} problem(s):\n${problems.join('\n')}`);
    });
  }
});

// Steps shared by the "help at home" user stories: a server whose map tiles
// never leave the machine, browser sessions that may not reach the internet,
// signing in, the request form and the request page, the volunteer form, and
// the coordinator's check that turns a volunteer into a verified one.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { addUser, secret } from '../tests/service/harness.mjs';
import { startSmsGateway } from '../tests/service/sms_gateway.mjs';
import { newContext, expectNoAxeViolations, expectNoHorizontalScroll, useServerAndBrowser } from './browser.mjs';
import { h1Text, checkboxIn, logInFromHeader } from './editorial_steps.mjs';

export const PHONE_VIEW = { width: 360, height: 740 };
export const DESKTOP_VIEW = { width: 1280, height: 800 };
export const HOTLINE = { text: '8-800-200-34-11', href: 'tel:+78002003411' };

// useServerAndBrowser options: accounts made with `doma user add`, and map
// tiles from a closed port, so no test fetches a tile from the internet and
// every page with a map must cope with tiles that never load.
export function helpServer(...users) {
  return {
    args: ['--tile-url', 'http://127.0.0.1:9/{z}/{x}/{y}.png'],
    prepare: async (db) => { for (const u of users) await addUser(db, u.login, u.role, u.password); },
  };
}

// useServerAndBrowser for a help server whose SMS go to a stand-in gateway
// started before it; returns the array the texts arrive in ({ to, body }).
export function useHelpServerWithSms(users, onReady) {
  const texts = [];
  const options = helpServer(...users);
  let gateway;
  before(async () => {
    gateway = await startSmsGateway(texts);
    options.args.push('--sms-webhook', gateway.url);
  });
  after(() => gateway?.close());
  useServerAndBrowser(options, onReady);
  return texts;
}

// Personal data a story types into a request: recorded like secrets, so the
// check after all tests (tests/after) finds them in no log and no database.
export function personalData(values) {
  for (const v of Object.values(values)) secret(v);
  return values;
}

// The browser sessions of one story, each with its own cookies. A request
// that would leave 127.0.0.1 is refused and remembered in `external`.
export class Sessions {
  constructor(browser, base) { this.browser = browser; this.base = base; this.contexts = []; this.external = []; }

  async anonymous(view = DESKTOP_VIEW) {
    const context = await newContext(this.browser, view);
    this.contexts.push(context);
    await context.route((u) => /^https?:$/.test(u.protocol) && u.hostname !== '127.0.0.1', (route) => {
      this.external.push(route.request().url());
      return route.abort();
    });
    return context.newPage();
  }

  // «Войти» in the header of /help, the login form; lands on /account.
  async signedIn(user, view = DESKTOP_VIEW) {
    const page = await this.anonymous(view);
    await page.goto(this.base + '/help');
    await logInFromHeader(page, user, user.login);
    return page;
  }

  async close() { await Promise.all(this.contexts.map((c) => c.close())); }
}

// axe-clean (WCAG 2.1 AA), and on a phone no sideways scrolling.
export async function checkPage(page, label) {
  await expectNoAxeViolations(assert, page, label);
  if (page.viewportSize().width <= 360) await expectNoHorizontalScroll(assert, page, label);
}

// Follows a link; `path` is the pathname it must lead to (string or RegExp).
export async function follow(page, link, path) {
  const arrived = (u) => (typeof path === 'string' ? u.pathname === path : path.test(u.pathname));
  await Promise.all([page.waitForURL(arrived), link.click()]);
}

// Submits a form (by clicking `how`, or by calling it, e.g. to press Enter)
// and waits for the page the answer leads to; resolves with the POST's status.
export async function submitWith(page, how) {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest());
  await Promise.all([page.waitForEvent('load'), typeof how === 'function' ? how() : how.click()]);
  return (await posted).status();
}

// An HTML description list as { term: description }.
export async function factsIn(dl) {
  return dl.evaluate((el) => {
    const out = {};
    let term = null;
    for (const child of el.children) {
      if (child.tagName === 'DT') term = child.textContent.trim();
      else if (child.tagName === 'DD' && term) out[term] = child.textContent.replace(/\s+/g, ' ').trim();
    }
    return out;
  });
}

// The cells of the table row that links to `name`, as trimmed texts.
export async function rowCells(page, name) {
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  return (await row.getByRole('cell').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
}

// None of the values appears anywhere in the page's HTML (text or attributes).
export async function expectAbsent(page, values, where) {
  const html = await page.content();
  for (const [what, value] of Object.entries(values)) assert.ok(!html.includes(value), `${where} does not show the ${what} «${value}»`);
}

export const mainText = async (page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
export const statusNotice = async (page) => (await page.locator('main p.notice[role="status"]').textContent()).trim();

// The map of a form or of the map page: drawn by Leaflet, with its stylesheet
// applied (so axe sees the page as people do), although no tile can load; and
// nothing was fetched from outside the machine.
export async function expectMapWithoutTiles(page, sessions, label) {
  await page.locator('[data-map] .leaflet-container').waitFor({ state: 'visible' });
  await page.waitForFunction(() => [...document.styleSheets].some((s) => s.href?.endsWith('/vendor/leaflet/leaflet.css')));
  assert.equal(await page.locator('img.leaflet-tile-loaded').count(), 0, `${label}: no tile loaded (they cannot)`);
  assert.deepEqual(sessions.external, [], `${label}: nothing was fetched from outside the machine`);
  const lang = await page.evaluate(() => document.documentElement.lang);
  const zoomIn = page.locator('[data-map] .leaflet-control-zoom-in');
  assert.equal(await zoomIn.getAttribute('aria-label'), lang === 'en' ? 'Zoom in' : 'Приблизить', `${label}: the zoom buttons speak the page's language`);
  assert.equal(await page.locator('[data-map] .leaflet-control-zoom-out').getAttribute('title'), lang === 'en' ? 'Zoom out' : 'Отдалить');
}

// ---- Asking for help --------------------------------------------------------

// From /help, «Попросить помощь» (or «Попросить для близкого»): the form.
export async function openAskForm(page, sessions, { forOther = false } = {}) {
  await page.goto(sessions.base + '/help');
  assert.equal(await h1Text(page), 'Помощь волонтёров на дому');
  await checkPage(page, 'help landing');
  const link = page.locator('main').getByRole('link', { name: forOther ? 'Попросить для близкого' : 'Попросить помощь', exact: true });
  await follow(page, link, '/help/ask');
  assert.equal(await h1Text(page), 'Попросить о помощи');
  await expectMapWithoutTiles(page, sessions, 'the request form');
  await checkPage(page, 'request form');
}

const radioIn = (page, legend, label) =>
  page.getByRole('group', { name: legend, exact: true }).getByRole('radio', { name: label, exact: true });

// Fills the request form by its labels; only the fields given are touched.
// r.place is a gazetteer id (the value of an option of #f-place_id).
export async function fillRequest(page, r) {
  if (r.forWhom) await radioIn(page, 'Для кого помощь', r.forWhom).check();
  // The time and the note are folded away until opened.
  if (r.notes !== undefined) {
    const more = page.locator('details.more-fields');
    if (!(await more.evaluate((d) => d.open))) await more.locator('summary').click();
  }
  const text = { recipient: 'Как обращаться к человеку', phone: 'Телефон человека', street: 'Улица', house: 'Дом', flat: 'Квартира',
    entrance: 'Подъезд', floor: 'Этаж', intercom: 'Код домофона', details: 'Что нужно', notes: 'Примечание для волонтёра' };
  for (const [key, label] of Object.entries(text))
    if (r[key] !== undefined) await page.getByLabel(label, { exact: true }).fill(r[key]);
  if (r.place) await page.locator('#f-place_id').selectOption(r.place);
  for (const kind of r.kinds ?? []) await checkboxIn(page, 'Какая помощь', kind).check();
  if (r.urgency) await radioIn(page, 'Срочность', r.urgency).check();
  if (r.payment) await radioIn(page, 'Оплата покупок', r.payment).check();
  if (r.consent) await page.locator('#f-consent').check();
}

// The page a new request lands on: its number and code word, shown once more.
export async function readCreatedRequest(page) {
  const url = new URL(page.url());
  const id = /^\/help\/requests\/(\d+)$/.exec(url.pathname)?.[1];
  assert.ok(id && url.searchParams.has('created'), `a new request lands on /help/requests/{id}?created=1, not ${url.pathname}${url.search}`);
  assert.equal(await page.locator('main section.notice[role="status"] h2').textContent(), 'Заявка принята');
  const box = page.getByRole('region', { name: 'Как узнать волонтёра', exact: true });
  const [number, codeWord] = (await box.locator('.code-word strong').allTextContents()).map((s) => s.trim());
  assert.match(number, /^UL-\d{6}$/, 'the request number');
  assert.match(codeWord, /^[а-яё]+ [а-яё]+$/, 'the code word is two Russian words');
  assert.equal(await h1Text(page), `Заявка ${number}`);
  return { id, number, codeWord, path: url.pathname };
}

// The whole happy path of a resident's request, from /help to its page.
export async function askForHelp(page, sessions, r) {
  await openAskForm(page, sessions, { forOther: r.forWhom === 'Для близкого или соседа' });
  await fillRequest(page, { consent: true, ...r });
  const status = await submitWith(page, page.getByRole('button', { name: 'Отправить заявку', exact: true }));
  if (status !== 303) assert.fail(`the request was refused with ${status}: ${await mainText(page)}`);
  const created = await readCreatedRequest(page);
  await checkPage(page, 'new request');
  return created;
}

// ---- The request page -------------------------------------------------------

export const requestStatus = async (page) => (await page.locator('main h1 + p .tag').first().textContent()).trim();
export const requestFacts = (page) => factsIn(page.locator('main > dl.facts'));
export const whoAndWhere = (page) => page.getByRole('region', { name: 'Кому и куда', exact: true });

// Presses a button of the request page (take, done, confirm, cancel, erase…);
// the answer leads back to the page with ?done=<what> and a notice.
export async function actOnRequest(page, button, done) {
  const status = await submitWith(page, page.locator('main').getByRole('button', { name: button, exact: true }));
  const url = new URL(page.url());
  assert.ok(status === 303 && url.searchParams.get('done') === done,
    `«${button}» answered ${status} and led to ${url.pathname}${url.search}: ${await mainText(page)}`);
  return statusNotice(page);
}

// ---- Volunteers -------------------------------------------------------------

// /help → «Стать волонтёром» → the form → saved, waiting for the check.
// v: { firstName, phone, place (gazetteer id), kinds: [labels], car, maxKm }.
export async function signUpAsVolunteer(page, base, v) {
  await page.goto(base + '/help');
  await follow(page, page.locator('main').getByRole('link', { name: 'Стать волонтёром', exact: true }), '/volunteer/signup');
  assert.equal(await h1Text(page), 'Анкета волонтёра');
  await checkPage(page, 'volunteer form');
  await page.getByLabel('Имя', { exact: true }).fill(v.firstName);
  await page.getByLabel('Телефон', { exact: true }).fill(v.phone);
  await page.getByLabel('Где вы живёте', { exact: true }).selectOption(v.place);
  for (const kind of v.kinds) await checkboxIn(page, 'Какая помощь', kind).check();
  if (v.car) await page.getByLabel('Есть автомобиль', { exact: true }).check();
  if (v.maxKm) await page.getByLabel('Насколько далеко готовы ехать, км', { exact: true }).fill(String(v.maxKm));
  const status = await submitWith(page, page.getByRole('button', { name: 'Сохранить анкету', exact: true }));
  if (status !== 303) assert.fail(`the volunteer form was refused with ${status}: ${await mainText(page)}`);
  assert.equal(new URL(page.url()).pathname, '/volunteer');
  assert.equal(await h1Text(page), 'Заявки для волонтёра');
  assert.match(await mainText(page), /Анкета сохранена\..*Анкета ждёт проверки координатором/);
}

// The coordinator: dashboard → «Волонтёры» → the person's card.
export async function openVolunteerCard(page, base, firstName) {
  await page.goto(base + '/coordinator');
  assert.equal(await h1Text(page), 'Панель координатора');
  await follow(page, page.locator('main').getByRole('link', { name: 'Волонтёры', exact: true }), '/coordinator/volunteers');
  assert.equal(await h1Text(page), 'Волонтёры');
  await checkPage(page, 'volunteers list');
  await follow(page, page.getByRole('table').getByRole('link', { name: firstName, exact: true }), /^\/coordinator\/volunteers\/\d+$/);
  assert.equal(await h1Text(page), `Волонтёр ${firstName}`);
  await checkPage(page, `card of ${firstName}`);
}

export const cardFacts = (page) => factsIn(page.locator('main > dl.facts'));

// Sends the checklist of a pending volunteer's card with the boxes given ticked.
export async function sendChecklist(page, { idChecked, briefed }) {
  const checklist = page.getByRole('group', { name: 'Проверка', exact: true });
  if (idChecked) await checklist.getByRole('checkbox', { name: 'Видел(а) документ, удостоверяющий личность', exact: true }).check();
  if (briefed) await checklist.getByRole('checkbox', { name: 'Инструктаж проведён', exact: true }).check();
  assert.equal(await submitWith(page, page.getByRole('button', { name: 'Подтвердить и выдать бейдж', exact: true })), 303);
}

// Both boxes ticked: the card says so and shows the badge; resolves with it.
export async function verifyOnCard(page) {
  await sendChecklist(page, { idChecked: true, briefed: true });
  assert.equal(await statusNotice(page), 'Волонтёр проверен, бейдж выдан.');
  const facts = await cardFacts(page);
  assert.equal(facts['Состояние'], 'проверен');
  assert.match(facts['бейдж'] ?? '', /^73-\d{4}$/, `a badge number on the card: ${JSON.stringify(facts)}`);
  await checkPage(page, 'card of a verified volunteer');
  return facts['бейдж'];
}

// A verified volunteer made through the pages: the person fills in the form,
// the coordinator ticks the checklist on their card. Resolves with the badge.
export async function becomeVerifiedVolunteer(volunteerPage, coordinatorPage, base, v) {
  await signUpAsVolunteer(volunteerPage, base, v);
  await openVolunteerCard(coordinatorPage, base, v.firstName);
  return verifyOnCard(coordinatorPage);
}

// /volunteer as its owner sees it.
export async function openFeed(page, base, label) {
  await page.goto(base + '/volunteer');
  assert.equal(await h1Text(page), 'Заявки для волонтёра');
  await checkPage(page, label);
}

export const nearby = (page) => page.getByRole('region', { name: 'Заявки рядом', exact: true });
export const feedCards = (page) => nearby(page).locator('ul.feed > li');

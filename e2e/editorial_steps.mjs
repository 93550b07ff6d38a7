// Steps shared by the editorial user stories (proposals, moderation, news):
// unique names, the notification outbox, logging in through the header and
// proposing a service through the public form.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expectNoAxeViolations } from './browser.mjs';

// A made-up Latin word (8 letters) no catalogue entry contains, so a search for
// it finds exactly the story's own service and the stories never see each other.
export function uniqueWord(prefix = 'kv') {
  const letters = 'bcdfghjklmnpqrstvwxz';
  return prefix + [...randomBytes(6)].map((b) => letters[b % letters.length]).join('');
}

export const pathOf = (page) => new URL(page.url()).pathname;
export const h1Text = async (page) => (await page.locator('h1').textContent()).trim();

// Delivered notifications: JSON lines {to, subject, body} in <dir>/outbox.log.
export function readOutbox(dir) {
  const p = path.join(dir, 'outbox.log');
  if (!existsSync(p)) return [];
  return readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

// Polls the outbox (delivery is asynchronous) until `pred` matches a message.
export async function waitForMessage(dir, pred, ms = 8000) {
  for (const t0 = Date.now(); ; await new Promise((r) => setTimeout(r, 100))) {
    const m = readOutbox(dir).find(pred);
    if (m) return m;
    if (Date.now() - t0 > ms) return null;
  }
}

// From any page: «Войти» in the header, the login form, lands on /account.
export async function logInFromHeader(page, { login, password }, label) {
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/login'),
    page.locator('nav.account-nav').getByRole('link', { name: 'Войти', exact: true }).click(),
  ]);
  assert.equal(await h1Text(page), 'Вход', `${label}: on the login page`);
  await page.getByLabel('E-mail или номер телефона', { exact: true }).fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/account'),
    page.locator('main').getByRole('button', { name: 'Войти', exact: true }).click(),
  ]);
}

// The signed-in editor opens the desk from the header.
export async function openDeskFromHeader(page, label) {
  const link = page.locator('nav.account-nav').getByRole('link', { name: 'Рабочий стол редактора', exact: true });
  assert.ok(await link.isVisible(), `${label}: the header offers «Рабочий стол редактора» to an editor`);
  await Promise.all([page.waitForURL((u) => u.pathname === '/editor'), link.click()]);
  assert.equal(await h1Text(page), 'Рабочий стол редактора');
  await expectNoAxeViolations(assert, page, `desk ${label}`);
}

// The desk's queue of proposals waiting for an editor.
export const deskQueue = (page) => page.getByRole('region', { name: 'Предложения на проверку', exact: true });

// From the home page: the editor logs in from the header, opens the desk and
// the proposal named `name` in its queue (asserting that it is there once).
export async function openProposalAsEditor(page, base, editor, name) {
  await page.goto(base + '/');
  await logInFromHeader(page, editor, 'editor');
  await openDeskFromHeader(page, 'with the proposal');
  const card = deskQueue(page).getByRole('link', { name, exact: true });
  assert.equal(await card.count(), 1, 'the proposal is in the queue');
  await Promise.all([page.waitForURL((u) => /^\/editor\/submissions\/\d+$/.test(u.pathname)), card.click()]);
  assert.equal(await h1Text(page), name);
}

// The checkbox labelled `label` inside the fieldset whose legend is `legend`.
export const checkboxIn = (page, legend, label) =>
  page.getByRole('group', { name: legend, exact: true }).getByRole('checkbox', { name: label, exact: true });

// From the home page: the footer link «Предложить сервис» opens the form.
export async function openProposeFormFromFooter(page, base) {
  await page.goto(base + '/');
  const link = page.locator('footer.site-footer').getByRole('link', { name: 'Предложить сервис', exact: true });
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/services/propose' && r.request().method() === 'GET');
  await Promise.all([page.waitForURL((u) => u.pathname === '/services/propose'), link.click()]);
  const status = (await answered).status();
  assert.equal(status, 200,
    `GET /services/propose (the footer link «Предложить сервис») answered ${status} «${await h1Text(page)}» instead of the form`);
  assert.equal(await h1Text(page), 'Предложить сервис');
  // Anonymous visitors can only send the form if it carries the CSRF token
  // that matches the cookie the page sets.
  const token = await page.locator('input[type="hidden"][name="csrf"]').getAttribute('value');
  assert.match(token ?? '', /^[0-9a-f]{32}$/, `the proposal form carries a CSRF token for an anonymous visitor, got ${JSON.stringify(token)}`);
}

// Fills the proposal form by its labels. Only the fields given are touched.
export async function fillProposal(page, p) {
  if (p.name !== undefined) await page.getByLabel('Название', { exact: true }).fill(p.name);
  if (p.url !== undefined) await page.getByLabel('Адрес сайта', { exact: true }).fill(p.url);
  if (p.short !== undefined) await page.getByLabel('Коротко: чем поможет', { exact: true }).fill(p.short);
  if (p.description !== undefined) await page.getByLabel('Подробное описание', { exact: true }).fill(p.description);
  if (p.category) await checkboxIn(page, 'Категории', p.category).check();
  if (p.platform) await checkboxIn(page, 'Как пользоваться', p.platform).check();
  if (p.audience) await checkboxIn(page, 'Для кого', p.audience).check();
  if (p.contact !== undefined) await page.getByLabel('Ваш контакт', { exact: true }).fill(p.contact);
}

// Submits the proposal form; resolves with the HTTP status of the answer.
export async function submitProposal(page) {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/services/propose' && r.request().method() === 'POST');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Отправить на проверку', exact: true }).click()]);
  const status = (await answered).status();
  if (status === 403) assert.fail(`the proposal was refused with 403: ${(await page.locator('main').textContent()).replace(/\s+/g, ' ').trim()}`);
  return status;
}

// The whole happy path of a resident's proposal, ending on the thank-you page.
export async function proposeThroughForm(page, base, p) {
  await openProposeFormFromFooter(page, base);
  await fillProposal(page, p);
  assert.equal(await submitProposal(page), 200, 'the proposal is accepted');
  assert.equal(await h1Text(page), 'Спасибо!');
  assert.match(await page.getByRole('status').textContent(), /Предложение отправлено редакторам/);
}

// Titles of the result cards on a /search page.
export async function searchResultNames(page, base, q) {
  await page.goto(`${base}/search?q=${encodeURIComponent(q)}`);
  assert.equal(await h1Text(page), 'Поиск сервисов');
  return page.locator('.results .card-title a').evaluateAll((as) => as.map((a) => a.textContent.trim()));
}

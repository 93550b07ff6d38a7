// User story: an editor publishes news.
// The editor logs in, opens «Опубликовать новость» from the desk, writes a
// title, a Markdown body with **bold** text and a link, and the related
// services "resh gosuslugi", and publishes. The news page shows the bold text,
// the link and the related service cards; the news list and the home page list
// the news, and /news.atom carries it as an <entry>. Every page is axe-clean
// (WCAG 2.1 AA).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../tests/service/harness.mjs';
import { newContext, expectNoAxeViolations, useServerAndBrowser } from './browser.mjs';
import { uniqueWord, pathOf, h1Text, logInFromHeader, openDeskFromHeader } from './editorial_steps.mjs';

const EDITOR = { login: 'news-desk@doma.test', password: 'editor-password-44' };
const WORD = uniqueWord('shkola');
const TITLE = `Уроки дома & онлайн: школа открыта (${WORD})`;
const BOLD = 'Российская электронная школа';
const LINK_TEXT = 'сайте РЭШ';
const BODY = `**${BOLD}** открыла уроки для 1–11 классов.\n\nВсе занятия бесплатны, подробности — на [${LINK_TEXT}](https://resh.edu.ru/).`;
const SERVICES = 'resh gosuslugi';

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('editor publishes news', () => {
  let doma, browser;
  useServerAndBrowser({ prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password) }, (d, b) => { doma = d; browser = b; });

  test('news with Markdown and related services is shown, listed and in the Atom feed', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      // The names of the related services, as the catalogue has them.
      const related = {};
      for (const id of SERVICES.split(' ')) {
        const r = await page.request.get(`${doma.base}/api/v1/services/${id}`);
        assert.equal(r.status(), 200, `the service ${id} exists`);
        related[id] = (await r.json()).name;
      }

      await page.goto(doma.base + '/');
      await logInFromHeader(page, EDITOR, 'editor');
      await openDeskFromHeader(page, 'news');

      // --- «Опубликовать новость» from the desk.
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/editor/news'),
        page.locator('main').getByRole('link', { name: 'Опубликовать новость', exact: true }).click(),
      ]);
      assert.equal(await h1Text(page), 'Опубликовать новость');
      const body = page.getByLabel('Текст', { exact: true });
      assert.equal(await body.getAttribute('aria-describedby'), 'body-hint', 'the Markdown hint describes the body');
      assert.match(await page.locator('#body-hint').textContent(), /Markdown/);
      await expectNoAxeViolations(assert, page, 'news form');

      await page.getByLabel('Заголовок', { exact: true }).fill(TITLE);
      await body.fill(BODY);
      await page.getByLabel('Связанные сервисы', { exact: true }).fill(SERVICES);
      await Promise.all([
        page.waitForURL((u) => /^\/news\/\d+$/.test(u.pathname)),
        page.getByRole('button', { name: 'Опубликовать новость', exact: true }).click(),
      ]);
      const newsPath = pathOf(page);

      // --- The news page: bold text, the link, the related services.
      assert.equal(await h1Text(page), TITLE);
      const article = page.locator('article.news');
      assert.equal((await article.locator('.news-body strong').textContent()).trim(), BOLD, 'the **bold** text is bold');
      const link = article.locator('.news-body').getByRole('link', { name: LINK_TEXT, exact: true });
      assert.equal(await link.getAttribute('href'), 'https://resh.edu.ru/');
      assert.doesNotMatch(await article.locator('.news-body').innerHTML(), /\*\*/, 'no Markdown syntax left over');
      const relatedSection = page.getByRole('region', { name: 'Сервисы из новости', exact: true });
      for (const [id, name] of Object.entries(related)) {
        const card = relatedSection.getByRole('link', { name, exact: true });
        assert.equal(await card.count(), 1, `the related service «${name}» is listed`);
        assert.equal(await card.getAttribute('href'), `/services/${id}`);
      }
      await expectNoAxeViolations(assert, page, 'news page');

      // --- The news list, through the breadcrumbs.
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/news'),
        page.getByRole('navigation', { name: 'Вы здесь' }).getByRole('link', { name: 'Новости', exact: true }).click(),
      ]);
      assert.equal(await h1Text(page), 'Новости');
      const listed = page.locator('main ul.news-list').getByRole('link', { name: TITLE, exact: true });
      assert.equal(await listed.getAttribute('href'), newsPath, 'the list links to the news');
      await expectNoAxeViolations(assert, page, 'news list');

      // --- The Atom feed carries the news as an entry.
      const feed = await page.request.get(`${doma.base}/news.atom`);
      assert.equal(feed.status(), 200);
      assert.match(feed.headers()['content-type'], /application\/atom\+xml/);
      const xml = await feed.text();
      const entries = xml.match(/<entry>[\s\S]*?<\/entry>/g) ?? [];
      const entry = entries.find((e) => e.includes(`<title>${xmlEscape(TITLE)}</title>`));
      assert.ok(entry, `an <entry> titled ${xmlEscape(TITLE)} in /news.atom:\n${xml}`);
      assert.ok(entry.includes(`${newsPath}</id>`) || entry.includes(`href="${doma.base}${newsPath}"`),
        `the entry points to the news page: ${entry}`);

      // --- The home page lists the news.
      await page.goto(doma.base + '/');
      const latest = page.getByRole('region', { name: 'Новости', exact: true });
      const onHome = latest.getByRole('link', { name: TITLE, exact: true });
      assert.equal(await onHome.count(), 1, 'the home page lists the news');
      assert.equal(await onHome.getAttribute('href'), newsPath);
    } finally {
      await context.close();
    }
  });
});

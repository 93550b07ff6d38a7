// User story: a resident checks the badge of the volunteer at the door.
// Two volunteers are made through the pages (the volunteer form, then the
// coordinator's checklist); the coordinator then suspends the second one. An
// anonymous visitor opens /help and types a badge number into «Номер бейджа»:
// the verified volunteer's badge gives the first name and «Проверенный
// волонтёр»; on the check page an unknown badge warns not to open the door
// and gives the coordinators' phone; the suspended volunteer's badge gives
// the name and the same warning. On a phone (360 px) and a desktop, in normal
// and high-contrast («Версия для слабовидящих») mode; every page is axe-clean
// (WCAG 2.1 AA) and the phone pages do not scroll sideways.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './browser.mjs';
import { h1Text } from './editorial_steps.mjs';
import {
  PHONE_VIEW, DESKTOP_VIEW, HOTLINE, helpServer, Sessions, checkPage, follow, submitWith, statusNotice, signUpAsVolunteer, openVolunteerCard,
  verifyOnCard,
} from './help_steps.mjs';

const COORDINATOR = { login: 'badge-coordinator@doma.test', role: 'coordinator', password: 'coordinator-password-44' };
const TRUSTED = { login: 'darya@example.org', role: 'resident', password: 'синяя лейка 2020' };
const SUSPENDED = { login: 'ivan@example.org', role: 'resident', password: 'старый трамвай 1999' };
const TRUSTED_PROFILE = { firstName: 'Дарья', phone: '+7 917 100-20-30', place: 'ulyanovsk-zavolzhsky', kinds: ['продукты'] };
const SUSPENDED_PROFILE = { firstName: 'Иван', phone: '+7 917 100-20-31', place: 'ulyanovsk-zavolzhsky', kinds: ['питомцы'] };
const UNKNOWN_BADGE = '73-0099';
const MODES = ['normal', 'high-contrast'];

describe('resident checks a volunteer badge', () => {
  let doma, browser;
  const badges = {};
  useServerAndBrowser(helpServer(COORDINATOR, TRUSTED, SUSPENDED), (d, b) => { doma = d; browser = b; });

  before(async () => {
    const sessions = new Sessions(browser, doma.base);
    try {
      const [coordinator, trusted, suspended] = await Promise.all([COORDINATOR, TRUSTED, SUSPENDED].map((u) => sessions.signedIn(u)));
      await Promise.all([signUpAsVolunteer(trusted, doma.base, TRUSTED_PROFILE), signUpAsVolunteer(suspended, doma.base, SUSPENDED_PROFILE)]);
      for (const [who, profile] of [['trusted', TRUSTED_PROFILE], ['suspended', SUSPENDED_PROFILE]]) {
        await openVolunteerCard(coordinator, doma.base, profile.firstName);
        badges[who] = await verifyOnCard(coordinator);
      }
      // The coordinator is still on the second card.
      await coordinator.getByLabel('Причина', { exact: true }).fill('жалоба жителя, проверяем');
      assert.equal(await submitWith(coordinator, coordinator.getByRole('button', { name: 'Приостановить', exact: true })), 303);
      assert.match(await statusNotice(coordinator), /^Работа волонтёра приостановлена/);
    } finally {
      await sessions.close();
    }
  });

  // The answer of the check page: its heading and text, and the coordinators' phone.
  async function answer(page, role) {
    const box = page.locator(`main section.notice[role="${role}"]`);
    assert.equal(await box.count(), 1, `one answer with role=${role}`);
    const phone = box.locator('a.phone');
    assert.equal((await phone.textContent()).trim(), HOTLINE.text, 'the coordinators\' phone is given');
    assert.equal(await phone.getAttribute('href'), HOTLINE.href, 'and can be called with a tap');
    return { heading: (await box.locator('h2').textContent()).trim(), text: (await box.innerText()).replace(/\s+/g, ' ') };
  }

  // Types a badge number into the form of the page and sends it.
  async function check(page, typed, badge) {
    await page.getByLabel('Номер бейджа', { exact: true }).fill(typed);
    await follow(page, page.getByRole('button', { name: 'Проверить', exact: true }), `/check/${badge}`);
    assert.equal(await h1Text(page), 'Проверить волонтёра');
  }

  for (const view of [PHONE_VIEW, DESKTOP_VIEW]) {
    for (const mode of MODES) {
      const tag = `${view.width}px ${mode}`;
      test(`verified, unknown and suspended badges: ${tag}`, async () => {
        const sessions = new Sessions(browser, doma.base);
        try {
          const page = await sessions.anonymous(view);
          await page.goto(doma.base + '/help');
          if (mode === 'high-contrast') {
            await follow(page, page.getByRole('link', { name: 'Версия для слабовидящих', exact: true }), '/help');
            await page.locator('body.contrast').waitFor();
          }
          const contrast = async () => (await page.locator('body.contrast').count()) === 1;
          assert.equal(await contrast(), mode === 'high-contrast', 'the mode is as chosen');
          assert.ok(await page.getByRole('heading', { name: 'Как не бояться открыть дверь', exact: true }).isVisible(), 'the safety rules');
          await checkPage(page, `help ${tag}`);

          // The verified volunteer: first name and «Проверенный волонтёр». On a phone the dash is left out.
          await check(page, view === PHONE_VIEW ? badges.trusted.replace('-', ' ') : badges.trusted, badges.trusted);
          const trusted = await answer(page, 'status');
          assert.equal(trusted.heading, `Бейдж ${badges.trusted}: ${TRUSTED_PROFILE.firstName}`);
          assert.match(trusted.text, /Проверенный волонтёр\. Попросите назвать номер заявки и кодовое слово\./);
          assert.equal(await contrast(), mode === 'high-contrast', 'the mode is kept');
          await checkPage(page, `verified badge ${tag}`);

          // An unknown badge: do not open the door, call the coordinator.
          await check(page, UNKNOWN_BADGE, UNKNOWN_BADGE);
          const unknown = await answer(page, 'alert');
          assert.equal(unknown.heading, `Нет волонтёра с бейджем ${UNKNOWN_BADGE}`);
          assert.match(unknown.text, /Не открывайте дверь и позвоните координатору:/);
          assert.ok(!unknown.text.includes(TRUSTED_PROFILE.firstName) && !unknown.text.includes(SUSPENDED_PROFILE.firstName), 'no name');
          await checkPage(page, `unknown badge ${tag}`);

          // The suspended volunteer: the name, and the same warning.
          await check(page, badges.suspended, badges.suspended);
          const suspended = await answer(page, 'alert');
          assert.equal(suspended.heading, `Бейдж ${badges.suspended}: ${SUSPENDED_PROFILE.firstName}`);
          assert.match(suspended.text, /Работа этого волонтёра приостановлена\. Не открывайте дверь\. Позвоните координатору:/);
          assert.doesNotMatch(suspended.text, /Проверенный волонтёр/);
          await checkPage(page, `suspended badge ${tag}`);
        } finally {
          await sessions.close();
        }
      });
    }
  }
});

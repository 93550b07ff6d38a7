// User story: an editor rejects a proposal and says why.
// A resident has proposed a service (sent over HTTP, as the form would, with a
// phone number as the contact). The editor logs in, opens the proposal from
// «Рабочий стол редактора» and clicks «Отклонить» without a reason: the error
// stands next to the reason field. With a reason written, the proposal is
// rejected, the desk says so and no longer lists it, and the proposer's phone
// gets a message that carries the reason. Every page is axe-clean (WCAG 2.1 AA).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, Client } from '../tests/service/harness.mjs';
import { newContext, expectNoAxeViolations, useServerAndBrowser } from './browser.mjs';
import { uniqueWord, pathOf, h1Text, deskQueue, openProposalAsEditor, waitForMessage } from './editorial_steps.mjs';

const EDITOR = { login: 'rejecting-editor@doma.test', password: 'editor-password-43' };
const WORD = uniqueWord('kupon');
const PROPOSAL = {
  name: `Купонный рай ${WORD}`,
  url: `https://${WORD}.example.org/`,
  short_description: 'Скидки и купоны на всё подряд',
  scope: 'federal', cost: 'paid', categories: 'payments', platforms: 'web', audiences: 'everyone',
  contact: '+7 912 555-12-34',
};
const CONTACT_NORMALIZED = '+79125551234';
const REASON = `Это рекламная площадка, а не сервис помощи (${WORD}).`;

describe('editor rejects a submission', () => {
  let doma, browser;
  useServerAndBrowser({ prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password) }, async (d, b) => {
    doma = d;
    browser = b;
    // The proposal itself: what the public form posts (the form is another story).
    const resident = new Client(doma.base);
    await resident.get('/services/propose');
    const r = await resident.post('/services/propose', PROPOSAL);
    assert.equal(r.status, 200, 'the proposal is accepted');
  });

  test('a reason is required; the rejected proposal leaves the desk and the proposer reads the reason', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await openProposalAsEditor(page, doma.base, EDITOR, PROPOSAL.name);
      const reviewPath = pathOf(page);
      await expectNoAxeViolations(assert, page, 'submission review');

      // --- «Отклонить» without a reason.
      const rejectForm = () => page.getByRole('form', { name: 'Отклонить', exact: true });
      const reason = () => rejectForm().getByLabel('Причина (её увидит автор)', { exact: true });
      const rejectButton = () => rejectForm().getByRole('button', { name: 'Отклонить', exact: true });
      assert.equal(await reason().inputValue(), '');
      let answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`${reviewPath}/reject`));
      await Promise.all([page.waitForEvent('load'), rejectButton().click()]);
      assert.equal((await answered).status(), 400, 'an empty reason is refused');
      assert.equal(await h1Text(page), PROPOSAL.name, 'still on the proposal');
      assert.equal(await reason().getAttribute('aria-invalid'), 'true', 'the reason is marked invalid');
      assert.equal(await reason().getAttribute('aria-describedby'), 'reason-error');
      const error = page.locator('#reason-error');
      assert.match(await error.textContent(), /Напишите причину отказа/);
      assert.equal(await error.evaluate((el) => el.closest('.field')?.querySelector('textarea')?.id), 'reason',
        'the error stands in the reason field block');
      await expectNoAxeViolations(assert, page, 'submission review with the reason error');

      // --- With a reason: rejected, back on the desk.
      await reason().fill(REASON);
      answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`${reviewPath}/reject`));
      await Promise.all([page.waitForURL((u) => u.pathname === '/editor'), rejectButton().click()]);
      assert.equal((await answered).status(), 303);
      assert.equal(await h1Text(page), 'Рабочий стол редактора');
      assert.match(await page.getByRole('status').textContent(), /Предложение отклонено, автор получит уведомление/);
      assert.equal(await deskQueue(page).getByRole('link', { name: PROPOSAL.name, exact: true }).count(), 0,
        'the desk no longer lists the proposal');
      await expectNoAxeViolations(assert, page, 'desk after rejection');

      // The decided proposal cannot be decided again from its page.
      await page.goto(doma.base + reviewPath);
      assert.equal((await page.locator('main p.muted').first().textContent()).trim(), 'Отклонено');
      assert.equal(await page.getByRole('button', { name: 'Отклонить', exact: true }).count(), 0, 'no «Отклонить» any more');

      // --- The proposer reads the reason.
      const note = await waitForMessage(doma.dir, (m) => m.to === CONTACT_NORMALIZED);
      assert.ok(note, `a message to ${CONTACT_NORMALIZED} in outbox.log`);
      assert.ok(note.body.includes(REASON), `the message carries the reason: ${note.body}`);
      assert.ok(note.body.includes(`«${PROPOSAL.name}»`), `the message names the proposal: ${note.body}`);
      const search = await page.request.get(`${doma.base}/api/v1/services?q=${WORD}`);
      assert.equal((await search.json()).items.length, 0, 'a rejected proposal is not in the catalogue');
    } finally {
      await context.close();
    }
  });
});

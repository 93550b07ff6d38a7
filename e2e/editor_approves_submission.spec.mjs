// User story: an editor approves a resident's proposal.
// A resident proposes a service through the footer form (context A). The
// editor (created with `doma user add`, context B) logs in, opens «Рабочий стол
// редактора» from the header, opens the proposal, corrects the short
// description and clicks «Опубликовать»; they land on the new service card.
// At once the public search finds the service by a word of its name, and the
// proposer's e-mail gets a message that it is published. The desk no longer
// lists the proposal. Every page is axe-clean (WCAG 2.1 AA).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../tests/service/harness.mjs';
import { newContext, expectNoAxeViolations, useServerAndBrowser } from './browser.mjs';
import {
  uniqueWord, pathOf, h1Text, checkboxIn, deskQueue, openDeskFromHeader, openProposalAsEditor, proposeThroughForm, searchResultNames, waitForMessage,
} from './editorial_steps.mjs';

const EDITOR = { login: 'approving-editor@doma.test', password: 'editor-password-42' };
const WORD = uniqueWord('skaz');
const PROPOSAL = {
  name: `Сказкофон ${WORD}`,
  url: `https://${WORD}.example.org/`,
  short: 'актёры читают сказки по телефону', // the editor will polish this
  category: 'Детям',
  platform: 'По телефону',
  audience: 'Семьям',
  contact: `mama-${WORD}@example.org`,
};
const CORRECTED_SHORT = 'Актёры читают детям сказки по телефону каждый вечер';

describe('editor approves a submission', () => {
  let doma, browser;
  useServerAndBrowser({ prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password) }, (d, b) => { doma = d; browser = b; });

  test('resident proposes, editor corrects and publishes, search finds it, the proposer is told', async () => {
    const residentCtx = await newContext(browser);
    const editorCtx = await newContext(browser);
    try {
      // --- Context A: the resident proposes the service through the form.
      const resident = await residentCtx.newPage();
      await proposeThroughForm(resident, doma.base, PROPOSAL);

      // --- Context B: the editor logs in and opens the desk from the header.
      const editor = await editorCtx.newPage();
      // --- The proposal, as the resident typed it.
      await openProposalAsEditor(editor, doma.base, EDITOR, PROPOSAL.name);
      assert.equal((await editor.locator('main p.muted').first().textContent()).trim(), 'Ждёт проверки');
      const approveForm = editor.getByRole('form', { name: 'Опубликовать', exact: true });
      assert.equal(await approveForm.getByLabel('Название', { exact: true }).inputValue(), PROPOSAL.name);
      assert.equal(await approveForm.getByLabel('Адрес сайта', { exact: true }).inputValue(), PROPOSAL.url);
      const short = approveForm.getByLabel('Коротко: чем поможет', { exact: true });
      assert.equal(await short.inputValue(), PROPOSAL.short);
      assert.ok(await checkboxIn(editor, 'Категории', PROPOSAL.category).isChecked(), 'the proposed category is ticked');
      assert.ok(await checkboxIn(editor, 'Как пользоваться', PROPOSAL.platform).isChecked(), 'the proposed platform is ticked');
      assert.ok(await checkboxIn(editor, 'Для кого', PROPOSAL.audience).isChecked(), 'the proposed audience is ticked');
      await expectNoAxeViolations(assert, editor, 'submission review');

      // --- Corrected and published: the editor lands on the service card.
      await short.fill(CORRECTED_SHORT);
      await Promise.all([
        editor.waitForURL((u) => u.pathname.startsWith('/services/') && u.pathname !== '/services/propose'),
        approveForm.getByRole('button', { name: 'Опубликовать', exact: true }).click(),
      ]);
      const serviceId = pathOf(editor).slice('/services/'.length);
      assert.match(serviceId, new RegExp(`^skazkofon-${WORD}`), 'the id is made from the name');
      assert.equal(await h1Text(editor), PROPOSAL.name);
      assert.equal((await editor.locator('article.service p.lead').textContent()).trim(), CORRECTED_SHORT,
        'the card shows the corrected short description');
      const facts = await editor.locator('dl.facts').textContent();
      assert.match(facts, new RegExp(PROPOSAL.category));
      assert.match(facts, new RegExp(PROPOSAL.platform));
      assert.match(facts, new RegExp(PROPOSAL.audience));
      assert.ok(await editor.getByRole('link', { name: 'Перейти на сайт', exact: true }).isVisible());
      await expectNoAxeViolations(assert, editor, 'service card after approval');

      // The desk no longer lists the proposal.
      await openDeskFromHeader(editor, 'after approval');
      assert.equal(await deskQueue(editor).getByRole('link', { name: PROPOSAL.name, exact: true }).count(), 0,
        'a decided proposal leaves the queue');

      // --- Context A: the public search finds the service at once.
      const names = await searchResultNames(resident, doma.base, WORD);
      assert.ok(names.includes(PROPOSAL.name), `the search for «${WORD}» finds the service; found ${JSON.stringify(names)}`);
      const hit = resident.locator('.results .card').filter({ hasText: PROPOSAL.name });
      assert.match(await hit.textContent(), new RegExp(CORRECTED_SHORT), 'with the corrected description');

      // --- The proposer is told.
      const note = await waitForMessage(doma.dir, (m) => m.to === PROPOSAL.contact);
      assert.ok(note, `a message to ${PROPOSAL.contact} in outbox.log`);
      assert.match(note.subject, /опубликован/);
      assert.match(note.body, /опубликован/);
      assert.ok(note.body.includes(`«${PROPOSAL.name}»`), `the message names the service: ${note.body}`);
      assert.ok(note.body.includes(`/services/${serviceId}`), `the message points to the card: ${note.body}`);
    } finally {
      await residentCtx.close();
      await editorCtx.close();
    }
  });
});

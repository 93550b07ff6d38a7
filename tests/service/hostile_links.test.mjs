// What a link can make a page show or point at (issue 12, item 7): the
// language switch on any page (an error page included) stays on this site,
// and a notice after an action is one of the portal's own texts, never words
// taken from the URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, addUser, Client } from './harness.mjs';

const PASSWORD = 'hostile-links-password-1';
const PLANTED = 'ВАС-ВЗЛОМАЛИ-позвоните-8-900';
let doma, editor, resident, requestId;

before(async () => {
  doma = await startDoma({
    prepare: async (db) => {
      await addUser(db, 'editor@links.test', 'editor', PASSWORD);
      await addUser(db, 'res@links.test', 'resident', PASSWORD);
    },
  });
  editor = new Client(doma.base);
  await editor.login('editor@links.test', PASSWORD);
  resident = new Client(doma.base);
  await resident.login('res@links.test', PASSWORD);
  await resident.get('/help/ask');
  const r = await resident.post('/help/ask', {
    channel: 'self', kinds: 'groceries', details: 'хлеб', recipient_name: 'Анна', phone: '+7 917 000-11-22',
    place_id: 'ulyanovsk-leninsky', street: 'ул. Гончарова', house: '7', urgency: 'this-week', consent: 'yes',
  });
  assert.equal(r.status, 303, r.text);
  requestId = /\/help\/requests\/(\d+)/.exec(r.headers.get('location'))[1];
});
after(async () => { if (doma) await doma.stop(); });

function langSwitch(html) {
  const m = /href="([^"]*lang=(?:en|ru)[^"]*)"/.exec(html);
  assert.ok(m, 'the page has a language switch');
  return m[1].replaceAll('&amp;', '&');
}

test('the language switch of an error page reached by //host stays on this site', async () => {
  for (const target of ['//evil.example/x', '//evil.example', '/\\evil.example/x', '///evil.example']) {
    const r = await fetch(doma.base + target, { redirect: 'manual' });
    assert.ok(r.status === 404 || r.status === 400, `${target}: ${r.status}`);
    if (r.status !== 404) continue;
    const href = langSwitch(await r.text());
    assert.ok(href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\'), `${target}: ${href}`);
  }
  const ok = await fetch(`${doma.base}/search?q=${encodeURIComponent('доставка')}`);
  assert.equal(langSwitch(await ok.text()), '/search?q=%D0%B4%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%B0&lang=en');
});

test('a notice after an action is the portal\'s own text, never the words in ?done=', async () => {
  const desk = await editor.get(`/editor?done=${encodeURIComponent(PLANTED)}`);
  assert.equal(desk.status, 200);
  assert.ok(!desk.text.includes(PLANTED), 'the editors\' desk shows the planted text');
  assert.ok(!desk.text.includes('desk.done.'), 'the desk shows a text key');
  const page = await resident.get(`/help/requests/${requestId}?done=${encodeURIComponent(PLANTED)}`);
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes(PLANTED), 'the request page shows the planted text');
  assert.ok(!page.text.includes('request.done.'), 'the request page shows a text key');
  // A real one is still shown.
  const real = await resident.get(`/help/requests/${requestId}?done=cancelled`);
  assert.match(real.text, /Заявка отменена|Request cancelled/);
});

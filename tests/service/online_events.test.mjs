// Online events as people meet them: proposed, checked by an editor, listed
// by day until they end, on the related service's card, in a calendar feed
// that a real iCalendar parser reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { startDoma, addUser, Client } from './harness.mjs';

const EDITOR = { login: 'events-editor@doma.test', password: 'events-password-1' };
let doma;
before(async () => {
  doma = await startDoma({ prepare: (db) => addUser(db, EDITOR.login, 'editor', EDITOR.password) });
});
after(() => doma?.stop());

// The region's local date and time (UTC+4 in Ulyanovsk) `hours` from now.
function local(hours) {
  const t = new Date(Date.now() + hours * 3600e3 + 4 * 3600e3);
  return { date: t.toISOString().slice(0, 10), time: t.toISOString().slice(11, 16) };
}
const event = (title, start, end, more = {}) => ({
  title, organizer: 'Областная библиотека', url: 'https://library.example.org/events/1',
  start_date: start.date, start_time: start.time, end_date: end.date, end_time: end.time,
  description: 'Чтение вслух, вопросы в чате.', categories: 'culture',
  audiences: 'elderly', sources: 'https://library.example.org/afisha', ...more,
});

test('a proposed event waits for an editor, then is listed, found and in the calendar', async () => {
  const guest = new Client(doma.base);
  await guest.get('/events/propose');
  const bad = await guest.post('/events/propose', event('Чтения', local(5), local(3)));
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Окончание — позже начала/);
  assert.match(bad.text, /value="Чтения"/, 'what was typed is kept');

  const sent = await guest.post('/events/propose', event('Громкие чтения: Гончаров', local(2), local(3), { service_id: 'ul-uonb' }));
  assert.equal(sent.status, 200);
  assert.match(sent.text, /Событие появится в списке, когда редактор его проверит/);
  assert.ok(!(await (await fetch(`${doma.base}/events`)).text()).includes('Громкие чтения'), 'not before an editor checks it');

  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  const queue = await ed.get('/editor/events');
  const id = /action="\/editor\/events\/(\d+)\/publish"/.exec(queue.text)?.[1];
  assert.ok(id, 'the proposal is in the editors\' queue');
  assert.equal((await ed.post(`/editor/events/${id}/publish`)).status, 303);
  assert.equal((await ed.post(`/editor/events/${id}/publish`)).status, 404, 'decided once');

  // «Today» when it starts before the region's midnight (late in the
  // evening it starts tomorrow, and only the whole list has it).
  const today = local(2).date === local(0).date ? '?when=today' : '';
  const list = await (await fetch(`${doma.base}/events${today}`)).text();
  assert.match(list, /Громкие чтения: Гончаров/);
  const found = await (await fetch(`${doma.base}/events?q=${encodeURIComponent('гончаров')}`)).text();
  assert.match(found, /Громкие чтения/);
  const other = await (await fetch(`${doma.base}/events?q=${encodeURIComponent('футбол')}`)).text();
  assert.ok(!other.includes('Громкие чтения'));
  const page = await (await fetch(`${doma.base}/events/${id}`)).text();
  assert.match(page, /href="\/services\/ul-uonb"/, 'linked to its service');
  const card = await (await fetch(`${doma.base}/services/ul-uonb`)).text();
  assert.match(card, new RegExp(`href="/events/${id}">Громкие чтения`), 'on the service\'s card');

  const res = await fetch(`${doma.base}/events.ics`);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  const ics = await res.text();
  assert.ok(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'lines folded at 75 octets');
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vevents = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const mine = vevents.find((v) => v.summary === 'Громкие чтения: Гончаров');
  assert.ok(mine, 'the event is in the feed');
  assert.ok(Math.abs(mine.startDate.toJSDate() - (Date.now() + 2 * 3600e3)) < 120e3, 'at the right time (UTC)');
  assert.ok(Math.abs(mine.endDate.toJSDate() - mine.startDate.toJSDate() - 3600e3) <= 60e3, 'an hour long');
  const byCategory = await (await fetch(`${doma.base}/events.ics?category=sport`)).text();
  assert.ok(!byCategory.includes('Громкие чтения'), 'a category\'s feed has only its events');
  assert.equal((await fetch(`${doma.base}/events.ics?category=nothing`)).status, 404);
});

test('an event that has ended leaves the list and the feed', async () => {
  const ed = new Client(doma.base);
  await ed.login(EDITOR.login, EDITOR.password);
  await ed.get('/events/propose');
  // An editor's own event is published at once; this one ends at the next
  // whole minute (the form's precision).
  const endAt = Math.ceil((Date.now() + 5e3) / 60e3) * 60e3;
  const r = await ed.post('/events/propose', event('Короткая трансляция', local(-1), local((endAt - Date.now()) / 3600e3)));
  assert.equal(r.status, 303);
  const id = r.headers.get('location').replace('/events/', '');
  assert.match(await (await fetch(`${doma.base}/events`)).text(), /Короткая трансляция/);
  assert.match(await (await fetch(`${doma.base}/events`)).text(), /идёт сейчас/);
  await new Promise((done) => setTimeout(done, endAt - Date.now() + 2e3));
  assert.ok(!(await (await fetch(`${doma.base}/events`)).text()).includes('Короткая трансляция'));
  assert.ok(!(await (await fetch(`${doma.base}/events.ics`)).text()).includes('Короткая трансляция'));
  assert.equal((await fetch(`${doma.base}/events/${id}`)).status, 404);
});

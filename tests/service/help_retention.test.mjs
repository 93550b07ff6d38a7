// The retention job run by the real binary with the clock moved forward
// (`doma help jobs --now …`): personal data of requests closed more than 30
// days before is erased, everything else is kept, and each erasure is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, startDoma, addUser, Client, dbFlags } from './harness.mjs';

const PASSWORD = 'retention-password-1';
let doma, resident, db;

function jobs(daysAhead) {
  const now = new Date(Date.now() + daysAhead * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  const r = spawnSync(BIN, ['help', 'jobs', ...dbFlags(db), '--now', now], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

async function ask(street) {
  const r = await resident.post('/help/ask', {
    channel: 'self', kinds: 'medicines', recipient_name: 'Пётр Ильич', phone: '+7 917 000-11-22',
    place_id: 'dimitrovgrad', street, house: '3', urgency: 'today', consent: 'yes',
  });
  assert.equal(r.status, 303, r.text);
  return /\/help\/requests\/(\d+)/.exec(r.headers.get('location'))[1];
}

before(async () => {
  doma = await startDoma({
    prepare: async (file) => { db = file; await addUser(file, 'res@retention.test', 'resident', PASSWORD); },
  });
  resident = new Client(doma.base);
  await resident.login('res@retention.test', PASSWORD);
  await resident.get('/help/ask');
});
after(async () => { if (doma) await doma.stop(); });

test('closed requests lose their personal data 30 days after closing, and nothing else does', async () => {
  const cancelled = await ask('улица Отменённая');
  const open = await ask('улица Открытая');
  assert.equal((await resident.post(`/help/requests/${cancelled}/cancel`, { reason: 'сосед помог' })).status, 303);

  assert.match(jobs(0), /expired 0, .*erased 0/, 'nothing is due today');
  // 31 days on: the cancelled one is past retention; the open one's window
  // has passed, so it expires now — and must keep its data for 30 more days.
  assert.match(jobs(31), /expired 1, .*erased 1/);
  const gone = await resident.get(`/help/requests/${cancelled}`);
  assert.equal(gone.status, 200);
  assert.ok(!gone.text.includes('улица Отменённая'), 'the cancelled request was erased');
  assert.ok(!gone.text.includes('Пётр Ильич'));
  assert.match(gone.text, /удалены/);
  const kept = await resident.get(`/help/requests/${open}`);
  assert.ok(kept.text.includes('улица Открытая'), 'the request that just expired keeps its data');
  assert.match(jobs(32), /erased 0/, 'running again erases nothing more');
  assert.match(jobs(62), /erased 1/, 'the expired one goes 30 days after it closed');
  assert.ok(!(await resident.get(`/help/requests/${open}`)).text.includes('улица Открытая'));
});

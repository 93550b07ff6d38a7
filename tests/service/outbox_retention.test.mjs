// What the log channel wrote (code words, reset codes and phones, in clear)
// does not outlive --outbox-retention-days: the server prunes outbox.log when
// it starts and every hour after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startDoma, Client } from './harness.mjs';

const iso = (msAgo) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');
const line = (at, key, body) => JSON.stringify({ at, key, channel: 'sms', to: '+79170001122', subject: '', body }) + '\n';

test('outbox.log lines older than the retention are gone once the server runs; newer ones stay', async () => {
  let log;
  const doma = await startDoma({
    prepare: (db) => {
      log = path.join(path.dirname(db), 'outbox.log');
      writeFileSync(log, line(iso(30 * 86400000), 'old-1', 'Кодовое слово: самовар') +
                         line(iso(8 * 86400000), 'old-2', 'Код для входа: 48151623') +
                         line(iso(86400000), 'recent', 'Кодовое слово: подсолнух'), { mode: 0o600 });
    },
  });
  try {
    // The retention runs as the sender starts; codes sent now must stay.
    const c = new Client(doma.base);
    await c.signUp('+7 917 000-11-22', 'Нина', 'nina-password-1');
    await c.get('/password/forgot');
    await c.post('/password/forgot', { login: '+79170001122' });
    let text = '';
    for (let i = 0; i < 50 && text.trim().split('\n').length < 3; ++i) {
      await new Promise((r) => setTimeout(r, 100));
      text = readFileSync(log, 'utf8');
    }
    assert.doesNotMatch(text, /самовар/);
    assert.doesNotMatch(text, /48151623/);
    assert.match(text, /подсолнух/);
    assert.equal(text.trim().split('\n').length, 3, 'the recent line, the sign-up code and the new reset code');
    assert.equal(statSync(log).mode & 0o777, 0o600);
  } finally {
    await doma.stop();
  }
});

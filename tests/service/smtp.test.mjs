// E-mail leaves through a real SMTP conversation (a minimal server on
// 127.0.0.1 that records what it is sent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDoma, Client } from './harness.mjs';
import { startSmtp } from './smtp_server.mjs';

let smtp, mails;
let doma;
before(async () => {
  smtp = await startSmtp();
  mails = smtp.mails;
  doma = await startDoma({ args: ['--smtp', smtp.url, '--mail-from', 'doma@region.test'] });
});
after(async () => { if (doma) await doma.stop(); smtp?.close(); });

test('a reset code is e-mailed over SMTP with a Message-ID that makes a repeat recognisable', async () => {
  const c = new Client(doma.base);
  // The sign-up code comes over SMTP too.
  await c.signUp('mail@example.org', 'Почта', 'mail-password-1', {
    code: async () => {
      for (const t0 = Date.now(); Date.now() - t0 < 8000; await new Promise((r) => setTimeout(r, 100))) {
        const m = mails.find((x) => /регистрац/.test(x.body));
        if (m) return /\b(\d{8})\b/.exec(m.body)[1];
      }
      return null;
    },
  });
  mails.length = 0;
  await c.get('/password/forgot');
  await c.post('/password/forgot', { login: 'mail@example.org' });
  const t0 = Date.now();
  while (!mails.length && Date.now() - t0 < 8000) await new Promise((r) => setTimeout(r, 100));
  assert.equal(mails.length, 1);
  const m = mails[0];
  assert.match(m.from, /<doma@region.test>/);
  assert.match(m.rcpt[0], /<mail@example.org>/);
  assert.match(m.body, /^Subject: =\?UTF-8\?B\?/m);
  assert.match(m.body, /^Message-ID: <[0-9a-f]{32}@doma>/m);
  assert.match(m.body, /Ваш код для смены пароля: \d{8}/);
});

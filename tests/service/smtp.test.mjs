// E-mail leaves through a real SMTP conversation (a minimal server on
// 127.0.0.1 that records what it is sent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startDoma, Client } from './harness.mjs';

const mails = [];
let smtp;
let doma;
before(async () => {
  smtp = net.createServer((sock) => {
    let data = false;
    let buf = '';
    let mail = { rcpt: [], body: '' };
    sock.write('220 test ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data) {
          if (line === '.') { data = false; mails.push(mail); mail = { rcpt: [], body: '' }; sock.write('250 queued\r\n'); }
          else mail.body += line + '\n';
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250 test\r\n');
        else if (cmd === 'MAIL') { mail.from = line; sock.write('250 ok\r\n'); }
        else if (cmd === 'RCPT') { mail.rcpt.push(line); sock.write('250 ok\r\n'); }
        else if (cmd === 'DATA') { data = true; sock.write('354 go on\r\n'); }
        else if (cmd === 'QUIT') { sock.write('221 bye\r\n'); sock.end(); }
        else sock.write('250 ok\r\n');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
  doma = await startDoma({ args: ['--smtp', `smtp://127.0.0.1:${smtp.address().port}`, '--mail-from', 'doma@region.test'] });
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

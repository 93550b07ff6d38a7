// A minimal SMTP server on 127.0.0.1 that records what it is sent: what the
// tests read e-mail from (doma serve --smtp smtp://127.0.0.1:PORT).
import net from 'node:net';

export async function startSmtp() {
  const mails = [];
  const server = net.createServer((sock) => {
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
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    mails,
    url: `smtp://127.0.0.1:${server.address().port}`,
    // The first mail to `to` (after the first `seen`) whose text matches `re`.
    async waitFor(to, re, { seen = 0, ms = 8000 } = {}) {
      for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 100))) {
        const m = mails.slice(seen).find((x) => x.rcpt.some((r) => r.includes(`<${to}>`)) && re.test(x.body));
        if (m) return m;
      }
      return null;
    },
    close: () => server.close(),
  };
}

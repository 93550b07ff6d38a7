// Can a stranger tell which e-mails have an account from how sign-up and
// "forgot password" answer? Times both forms for logins that have an account
// and logins that do not, 12 of each, every request from its own address (a
// trusted proxy's X-Forwarded-For) and for its own login, so that no throttle
// or daily cap shortens one side. Prints the medians and whether the status
// and page differ.
//   node bench/account_enumeration.mjs          (DOMA_BIN picks the binary)
import { startDoma, addUser, Client } from '../tests/service/harness.mjs';

const N = 12;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const users = Array.from({ length: N }, (_, i) => `member${i}@bench.test`);

const doma = await startDoma({
  args: ['--trusted-proxy', '127.0.0.1'],
  prepare: async (db) => { for (const u of users) await addUser(db, u, 'resident', 'member-password-1'); },
});
let address = 0;
async function timed(path, fields) {
  const from = { 'x-forwarded-for': `10.77.${Math.floor(address / 250)}.${(address++ % 250) + 1}` };
  const c = new Client(doma.base);
  await c.get(path === '/signup' ? '/signup' : '/password/forgot', from);
  const t0 = process.hrtime.bigint();
  const r = await c.post(path, fields, { headers: from });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const page = r.text.replace(/[0-9a-f]{32}/g, '…').replace(/member\d+@bench\.test|nobody\d+@bench\.test/g, 'LOGIN');
  return { ms, status: r.status, page };
}
try {
  const rows = { forgot: { has: [], none: [] }, signup: { has: [], none: [] } };
  const pages = { forgot: new Set(), signup: new Set() };
  const statuses = { forgot: new Set(), signup: new Set() };
  for (let i = 0; i < N; ++i) {
    for (const [kind, login] of [['has', users[i]], ['none', `nobody${i}@bench.test`]]) {
      const f = await timed('/password/forgot', { login });
      rows.forgot[kind].push(f.ms); pages.forgot.add(f.page); statuses.forgot.add(`${kind}:${f.status}`);
      const s = await timed('/signup', { login, name: 'Проверка', password: 'bench-password-12', password_again: 'bench-password-12' });
      rows.signup[kind].push(s.ms); pages.signup.add(s.page); statuses.signup.add(`${kind}:${s.status}`);
    }
  }
  console.log(`binary ${process.env.DOMA_BIN || 'build/release/doma'}, ${N} logins of each kind`);
  for (const form of ['forgot', 'signup']) {
    const has = median(rows[form].has), none = median(rows[form].none);
    console.log(`${form.padEnd(7)} median ${has.toFixed(1)} ms with an account, ${none.toFixed(1)} ms without ` +
      `(difference ${(has - none).toFixed(1)} ms); statuses ${[...statuses[form]].join(' ')}; ${pages[form].size} distinct page(s)`);
  }
} finally {
  await doma.stop();
}

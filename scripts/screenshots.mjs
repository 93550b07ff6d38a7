// The pictures of docs/screenshots/ (`make screenshots`): starts a throwaway
// doma (a temporary database with the seeded catalogue and the default
// region; map tiles from a closed port), prepares made-up people through the
// pages' own forms — a resident, a verified volunteer, a coordinator and an
// editor (roles granted by an administrator), one open help request and one
// taken by the volunteer, a proposed service for the editor — and takes each
// shot of scripts/screenshots-list.mjs at every width and in every mode with
// Debian's Chromium (playwright-core). Old pictures are overwritten, pictures
// the list no longer names are deleted, and docs/screenshots/README.md is
// written anew. Prints each file with its size, and the total.
// Usage: scripts/screenshots   (DOMA_BIN: the binary, build/release/doma)
// Only 127.0.0.1 is ever reached: the browser refuses anything else.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, EVIDENCE, startDoma, addUser, Client } from '../tests/service/harness.mjs';
import { launchBrowser, newContext } from '../e2e/browser.mjs';
import { DIR, SHOTS, VIEWS, MODES, fileName, allFiles } from './screenshots-list.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const OUT = path.join(ROOT, DIR);
const t0 = performance.now();

if (!existsSync(path.resolve(BIN))) {
  console.error(`screenshots: no ${BIN}; build it first (make build)`);
  process.exit(1);
}

// Made-up people (obviously fictitious names, phones of the +7 900 000-00-xx
// kind). The passwords live only as long as the throwaway server.
const ADMIN = { login: 'admin@screenshots.test', password: 'screenshots-admin-1' };
const PEOPLE = {
  resident: { login: 'maria@example.org', name: 'Мария Иванова', password: 'screenshots-resident-1' },
  volunteer: { login: 'anna@example.org', name: 'Анна Смирнова', password: 'screenshots-volunteer-1', role: null },
  coordinator: { login: 'olga@example.org', name: 'Ольга Петрова', password: 'screenshots-coordinator-1', role: 'coordinator' },
  editor: { login: 'sergey@example.org', name: 'Сергей Кузнецов', password: 'screenshots-editor-1', role: 'editor' },
};

// The default region's place nearest its map's centre (the region is data,
// so no place is named here).
function homePlace() {
  const code = readFileSync('data/regions/default', 'utf8').trim();
  const region = JSON.parse(readFileSync(`data/regions/${code}/region.json`, 'utf8'));
  const { places } = JSON.parse(readFileSync(`data/regions/${code}/gazetteer.json`, 'utf8'));
  const d = (p) => (p.lat - region.map.lat) ** 2 + (p.lon - region.map.lon) ** 2;
  const place = [...places].sort((a, b) => d(a) - d(b))[0];
  return { id: place.id, badgePrefix: region.badge_prefix };
}

// A form with repeated fields (several kinds), sent as Client.post does.
async function postPairs(client, p, pairs) {
  if (!client.csrf) await client.get('/login');
  const res = await fetch(client.base + p, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams([['csrf', client.csrf], ...pairs]),
    headers: { cookie: client.cookieHeader(), origin: client.base, 'content-type': 'application/x-www-form-urlencoded' },
  });
  client.remember(res);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function expect(r, status, what) {
  if (r.status !== status) throw new Error(`${what}: answered ${r.status}, not ${status}\n${r.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600)}`);
  return r;
}

const loggedIn = async (base, who) => { const c = new Client(base); await c.login(who.login, who.password); return c; };

// Everyone and everything the pages show; resolves with the signed-in
// clients and the values the shots' paths name.
async function prepare(base) {
  const place = homePlace();
  for (const who of Object.values(PEOPLE)) await new Client(base).signUp(who.login, who.name, who.password);

  // The administrator grants the staff roles (which ends those people's sessions).
  const admin = await loggedIn(base, ADMIN);
  const users = expect(await admin.get('/admin/users'), 200, 'the list of users').text;
  for (const who of Object.values(PEOPLE).filter((w) => w.role)) {
    const row = users.split('<tr>').find((r) => r.includes(`>${who.login}<`));
    const id = row && /\/admin\/users\/(\d+)\/roles/.exec(row)?.[1];
    if (!id) throw new Error(`${who.login} is not in /admin/users`);
    expect(await admin.post(`/admin/users/${id}/roles`, { role: who.role, action: 'grant' }), 303, `granting ${who.role}`);
  }
  const as = {};
  for (const [key, who] of Object.entries(PEOPLE)) as[key] = await loggedIn(base, who);

  // The volunteer fills in the form; the coordinator checks her.
  expect(await postPairs(as.volunteer, '/volunteer/signup', [
    ['first_name', 'Анна'], ['phone', '+7 900 000-00-02'], ['place_id', place.id],
    ['kinds', 'groceries'], ['kinds', 'medicines'], ['max_km', '10'],
  ]), 303, 'the volunteer form');
  const pending = expect(await as.coordinator.get('/coordinator/volunteers?status=pending'), 200, 'pending volunteers').text;
  const vid = /\/coordinator\/volunteers\/(\d+)"/.exec(pending)?.[1];
  if (!vid) throw new Error('the volunteer is not among the pending ones');
  expect(await as.coordinator.post(`/coordinator/volunteers/${vid}/verify`, { id_checked: 'yes', briefed: 'yes' }), 303, 'verifying the volunteer');
  const feed = expect(await as.volunteer.get('/volunteer'), 200, 'the feed').text;
  const badge = new RegExp(`\\b${place.badgePrefix}-\\d{4}\\b`).exec(feed)?.[0];
  if (!badge) throw new Error('no badge on the verified volunteer\'s feed');

  // Two requests of the resident: one for herself (the volunteer takes it),
  // one for a neighbour (left open, in the feed).
  await as.resident.get('/help/ask');
  const ask = async (pairs) => {
    const r = expect(await postPairs(as.resident, '/help/ask', [...pairs, ['place_id', place.id], ['consent', 'yes']]), 303, 'a request');
    return /\/help\/requests\/(\d+)/.exec(r.headers.get('location'))[1];
  };
  const taken = await ask([
    ['channel', 'self'], ['kinds', 'groceries'], ['details', 'Хлеб, молоко, гречка, яблоки'],
    ['recipient_name', 'Мария Иванова'], ['phone', '+7 900 000-00-01'], ['street', 'улица Примерная'], ['house', '1'],
    ['flat', '1'], ['entrance', '1'], ['floor', '2'], ['urgency', '1-2-days'], ['payment', 'cash-on-receipt'],
  ]);
  await ask([
    ['channel', 'on-behalf'], ['kinds', 'medicines'], ['kinds', 'groceries'], ['details', 'Лекарства по рецепту и продукты на неделю'],
    ['recipient_name', 'Пётр Иванов'], ['phone', '+7 900 000-00-03'], ['street', 'улица Образцовая'], ['house', '2'],
    ['flat', '3'], ['urgency', 'this-week'],
  ]);
  expect(await as.volunteer.post(`/help/requests/${taken}/take`), 303, 'taking the request');

  // A proposed service waits on the editor's desk.
  expect(await new Client(base).post('/services/propose', {
    name: 'Смартфон без страха', url: 'https://example.org/smartphone', short_description: 'Бесплатный онлайн-курс: звонки, сообщения и госуслуги с телефона',
    description: 'Короткие видеоуроки и памятки крупным шрифтом: как позвонить по видеосвязи, отправить фотографию, записаться к врачу.',
    organization: 'Пример', scope: 'federal', cost: 'free', categories: 'kids-leisure', platforms: 'web', audiences: 'families', contact: '',
  }), 200, 'the proposed service');

  // The first result of the search the pictures show.
  const search = SHOTS.find((s) => s.name === 'search').path;
  const found = expect(await new Client(base).get(search), 200, 'the search').text;
  const service = /class="card-title"><a href="(\/services\/[^"]+)"/.exec(found)?.[1];
  if (!service) throw new Error(`no result for ${search}`);
  return { as, values: { service, badge, taken } };
}

// Everything a page loads is in before the picture: no request in flight,
// the fonts and, where there is one, the map drawn (without tiles).
async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.evaluate(() => document.fonts.ready);
  if (await page.locator('[data-map]:not([hidden])').count())
    await page.locator('[data-map] .leaflet-container').first().waitFor({ timeout: 5000 }).catch(() => {});
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function shoot(browser, base, client, values, shots) {
  for (const view of VIEWS) {
    for (const mode of MODES) {
      const context = await newContext(browser, { width: view.width, height: view.height, bypassCSP: false, reducedMotion: 'reduce' });
      try {
        await context.route((u) => u.hostname !== '127.0.0.1' && /^https?:$/.test(u.protocol), (route) => route.abort());
        const cookies = client ? [...client.cookies].map(([name, value]) => ({ name, value })) : [];
        if (mode.cookie) cookies.push({ name: 'a11y', value: mode.cookie });
        if (cookies.length) await context.addCookies(cookies.map((c) => ({ ...c, url: base })));
        const page = await context.newPage();
        for (const shot of shots) {
          const p = shot.path.replace(/\{(\w+)\}/g, (_, k) => values[k]);
          const res = await page.goto(base + p);
          if (res.status() !== 200) throw new Error(`${p} answered ${res.status()}`);
          await settle(page);
          const height = Math.min(view.height * view.screens,
            await page.evaluate(() => document.documentElement.scrollHeight));
          await page.screenshot({
            path: path.join(OUT, fileName(shot, view, mode)), type: 'png', animations: 'disabled', caret: 'hide',
            ...(view.screens > 1 ? { fullPage: true, clip: { x: 0, y: 0, width: view.width, height } } : {}),
          });
        }
      } finally {
        await context.close();
      }
    }
  }
}

function readme() {
  const lines = [
    '# Screenshots',
    '',
    'The key pages of Doma as people see them, on a phone (360 px, the first two screens) and a desktop (1280 px, the first screen), in the normal version and the version for the visually impaired (high contrast). Made-up people and requests, the default region. Made by `make screenshots` (scripts/screenshots); do not edit by hand: the script writes this file and every picture anew, and `node --test tests/tree/` checks that they match its list.',
    '',
    'Ключевые страницы Doma так, как их видят люди: на телефоне (360 px, первые два экрана) и на компьютере (1280 px, первый экран), в обычной версии и в версии для слабовидящих. Люди и заявки вымышлены. Картинки и этот файл делает `make screenshots`.',
    '',
  ];
  for (const shot of SHOTS) {
    lines.push(`## ${shot.name}: \`${shot.path}\`${shot.as ? ` (${shot.as})` : ''}`, '', `${shot.en}  `, shot.ru, '');
    lines.push(`| | ${MODES.map((m) => `${m.label} · ${m.labelRu}`).join(' | ')} |`, `|---|${MODES.map(() => '---').join('|')}|`);
    for (const view of VIEWS)
      lines.push(`| ${view.label} · ${view.labelRu} | ${MODES.map((m) => `![${shot.en} ${view.width} px, ${m.label.toLowerCase()}](${fileName(shot, view, m)})`).join(' | ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

mkdirSync(OUT, { recursive: true });
const doma = await startDoma({
  args: ['--tile-url', 'http://127.0.0.1:9/{z}/{x}/{y}.png'],
  prepare: (db) => addUser(db, ADMIN.login, 'admin', ADMIN.password),
});
let browser;
try {
  const { as, values } = await prepare(doma.base);
  browser = await launchBrowser();
  for (const who of [null, ...Object.keys(PEOPLE)]) {
    const shots = SHOTS.filter((s) => s.as === who);
    if (shots.length) await shoot(browser, doma.base, who && as[who], values, shots);
  }
} finally {
  if (browser) await browser.close();
  await doma.stop();
  // The harness keeps a test server's files as evidence; these are not a test's.
  rmSync(path.join(EVIDENCE, path.basename(doma.dir)), { recursive: true, force: true });
}

const made = allFiles();
for (const f of readdirSync(OUT))
  if (f.endsWith('.png') && !made.includes(f)) { rmSync(path.join(OUT, f)); console.log(`removed ${DIR}/${f} (no longer in the list)`); }
writeFileSync(path.join(OUT, 'README.md'), readme() + '\n');

let total = 0;
for (const f of made) {
  const size = statSync(path.join(OUT, f)).size;
  total += size;
  console.log(`${DIR}/${f}  ${(size / 1024).toFixed(1)} KB`);
}
console.log(`${made.length} pictures, ${(total / 1024).toFixed(0)} KB in all, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

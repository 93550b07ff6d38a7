// What the portal says about itself: the personal-data policy (152-FZ) and
// the accessibility statement, linked from every page's footer. By default
// the policy says what this Doma stores and for how long, from its own
// settings; a region may supply its own texts and name its operator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startDoma } from './harness.mjs';
import { homeWithRegion } from './region_home.mjs';

let doma, own, home;
before(async () => {
  doma = await startDoma({ args: ['--erase-after-days', '14', '--outbox-retention-days', '3'] });
  home = homeWithRegion((r) => ({ ...r, operator: 'ОГКУ «Тестовый оператор портала»' }), {
    'privacy.md': '# Политика оператора\n\nОператор обрабатывает данные **по закону**.\n',
    'accessibility.md': 'Своё заявление о доступности.\n',
  });
  own = await startDoma({ args: ['--home', home] });
});
after(async () => {
  if (doma) await doma.stop();
  if (own) await own.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const page = async (base, path) => {
  const r = await fetch(base + path);
  return { status: r.status, text: await r.text() };
};

test('every page links to the policy and the accessibility statement', async () => {
  for (const path of ['/', '/help', '/services/gosuslugi', '/stats', '/digest', '/privacy', '/news']) {
    const { status, text } = await page(doma.base, path);
    assert.equal(status, 200, path);
    assert.match(text, /<a href="\/privacy">Персональные данные<\/a>/, `${path} links to the policy`);
    assert.match(text, /<a href="\/accessibility">Доступность<\/a>/, `${path} links to the statement`);
  }
});

test('the default policy says how long this Doma keeps what, from its settings', async () => {
  const { text } = await page(doma.base, '/privacy');
  assert.match(text, /<h1>Обработка персональных данных<\/h1>/);
  assert.match(text, /Удаляются через <strong>14<\/strong> дн\. после закрытия заявки/, 'erase-after-days');
  assert.match(text, /<strong>3<\/strong> дн\. после отправки/, 'outbox-retention-days');
  assert.match(text, /администратор портала указывает в настройках региона/, 'no operator named yet: it says so');
  assert.doesNotMatch(text, /HTTPS/, 'not served over HTTPS: not claimed');
  assert.match(text, /href="tel:\+78002003411"/, 'whom to call');
  const en = await page(doma.base, '/privacy?lang=en');
  assert.match(en.text, /Deleted <strong>14<\/strong> days after the request is closed/);
  const statement = await page(doma.base, '/accessibility');
  assert.match(statement.text, /<h1>Заявление о доступности<\/h1>/);
  assert.match(statement.text, /ГОСТ Р 52872-2019/);
  assert.match(statement.text, /href="\/a11y\?mode=on"/);
});

test('a region\'s own texts replace the defaults', async () => {
  const { text } = await page(own.base, '/privacy');
  assert.match(text, /<h1>Политика оператора<\/h1>/);
  assert.match(text, /<strong>по закону<\/strong>/);
  assert.doesNotMatch(text, /Сколько хранится/);
  assert.match((await page(own.base, '/accessibility')).text, /Своё заявление о доступности\./);
});

// The pictures of docs/screenshots/: which pages, as whom, at which widths and
// in which modes. Shared by the script that takes them (scripts/screenshots)
// and the test that keeps the folder current (tests/tree/screenshots.test.mjs).
//
// A shot's path may name what the script prepares: {service} (the first
// result of the search), {badge} (the verified volunteer's badge) and
// {taken} (the request the volunteer took). `as` is the signed-in person
// (null: a visitor).

export const DIR = 'docs/screenshots';

export const SHOTS = [
  { name: 'home', path: '/', as: null,
    en: 'Home page: search, categories and the way to help at home.',
    ru: 'Главная: поиск, разделы каталога и путь к помощи на дому.' },
  { name: 'search', path: '/search?q=продукты', as: null,
    en: 'Search results for «продукты» (groceries).',
    ru: 'Результаты поиска по запросу «продукты».' },
  { name: 'service', path: '{service}', as: null,
    en: 'A service card: the first result of that search.',
    ru: 'Карточка сервиса: первый результат этого поиска.' },
  { name: 'help', path: '/help', as: null,
    en: 'Volunteer help at home: ask, volunteer, check a badge.',
    ru: 'Помощь волонтёров на дому: попросить, стать волонтёром, проверить бейдж.' },
  { name: 'help-ask', path: '/help/ask', as: 'resident',
    en: 'The request form, as a signed-in resident sees it.',
    ru: 'Форма заявки, как её видит вошедший житель.' },
  { name: 'check', path: '/check/{badge}', as: null,
    en: 'Badge check: the answer for a verified volunteer.',
    ru: 'Проверка бейджа: ответ для проверенного волонтёра.' },
  { name: 'volunteer', path: '/volunteer', as: 'volunteer',
    en: 'The volunteer’s feed: an open request nearby and the one she took.',
    ru: 'Лента волонтёра: открытая заявка рядом и взятая ею.' },
  { name: 'request', path: '/help/requests/{taken}', as: 'volunteer',
    en: 'A request page as the volunteer who took it sees it, with the code word.',
    ru: 'Страница заявки у взявшего её волонтёра, с кодовым словом.' },
  { name: 'coordinator', path: '/coordinator', as: 'coordinator',
    en: 'The coordinator’s dashboard.',
    ru: 'Панель координатора.' },
  { name: 'editor', path: '/editor', as: 'editor',
    en: 'The editor’s desk with a proposed service waiting.',
    ru: 'Рабочий стол редактора с предложенным сервисом.' },
  { name: 'stats', path: '/stats', as: null,
    en: 'Public figures of the help service.',
    ru: 'Открытая статистика помощи.' },
];

// A phone shows its first `screens` screens (one picture, clipped), a
// desktop its viewport.
export const VIEWS = [
  { width: 360, height: 740, screens: 2, label: 'Phone, 360 px', labelRu: 'Телефон, 360 px' },
  { width: 1280, height: 800, screens: 1, label: 'Desktop, 1280 px', labelRu: 'Компьютер, 1280 px' },
];

// `cookie`: the a11y cookie's value; "1" is the version for the visually
// impaired with its default settings.
export const MODES = [
  { name: 'normal', cookie: null, label: 'Normal', labelRu: 'Обычная версия' },
  { name: 'contrast', cookie: '1', label: 'High contrast', labelRu: 'Версия для слабовидящих' },
];

export const fileName = (shot, view, mode) => `${shot.name}-${view.width}-${mode.name}.png`;

// Every picture the script makes, in the order it makes them.
export function allFiles() {
  const out = [];
  for (const shot of SHOTS) for (const view of VIEWS) for (const mode of MODES) out.push(fileName(shot, view, mode));
  return out;
}

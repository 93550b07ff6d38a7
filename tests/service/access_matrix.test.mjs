// The access-control matrix: every route × method × (anonymous + each role)
// gets the answer its access level promises. The route list comes from the
// binary itself (`doma routes`), so a route added without an entry here
// fails this test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, startDoma, addUser, Client } from './harness.mjs';

const ROLES = ['resident', 'volunteer', 'coordinator', 'editor', 'admin'];
const PASSWORD = 'matrix-password-1';

// pattern -> [access, concrete path to request]
const EXPECTED = {
  'GET /': ['public', '/'],
  'GET /search': ['public', '/search?q=x'],
  'GET /services/{id}': ['public', '/services/gosuslugi'],
  'GET /support': ['public', '/support'],
  'GET /events': ['public', '/events'],
  'GET /events.ics': ['public', '/events.ics'],
  'GET /events/propose': ['public', '/events/propose'],
  'POST /events/propose': ['public', '/events/propose'],
  'GET /events/{id}': ['public', '/events/1', 'may-404'],
  'GET /editor/events': ['editor', '/editor/events'],
  'POST /editor/events/{id}/publish': ['editor', '/editor/events/999/publish', 'may-404'],
  'POST /editor/events/{id}/reject': ['editor', '/editor/events/999/reject', 'may-404'],
  'GET /go/{id}': ['public', '/go/gosuslugi'],
  'GET /categories/{slug}': ['public', '/categories/health'],
  'GET /a11y': ['public', '/a11y?mode=on'],
  'GET /signup': ['public', '/signup'],
  'POST /signup': ['public', '/signup'],
  'POST /signup/confirm': ['public', '/signup/confirm'],
  'GET /login': ['public', '/login'],
  'POST /login': ['public', '/login'],
  'POST /logout': ['public', '/logout'],
  'GET /password/forgot': ['public', '/password/forgot'],
  'POST /password/forgot': ['public', '/password/forgot'],
  'GET /password/reset': ['public', '/password/reset'],
  'POST /password/reset': ['public', '/password/reset'],
  'GET /account': ['signed-in', '/account'],
  'POST /account/password': ['signed-in', '/account/password'],
  'POST /account/logout-everywhere': ['signed-in', '/account/logout-everywhere'],
  'GET /services/propose': ['public', '/services/propose'],
  'POST /services/propose': ['public', '/services/propose'],
  'GET /editor': ['editor', '/editor'],
  'GET /editor/submissions/{id}': ['editor', '/editor/submissions/999'],
  'POST /editor/submissions/{id}/approve': ['editor', '/editor/submissions/999/approve'],
  'POST /editor/submissions/{id}/reject': ['editor', '/editor/submissions/999/reject'],
  'GET /editor/services/{id}/edit': ['editor', '/editor/services/gosuslugi/edit'],
  'POST /editor/services/{id}/edit': ['editor', '/editor/services/no-such-service/edit'],
  'GET /editor/services/{id}/history': ['editor', '/editor/services/gosuslugi/history'],
  'POST /editor/services/{id}/verify': ['editor', '/editor/services/no-such-service/verify'],
  'GET /editor/services/new': ['editor', '/editor/services/new'],
  'POST /editor/services/new': ['editor', '/editor/services/new'],
  'GET /editor/categories': ['editor', '/editor/categories'],
  'POST /editor/categories': ['editor', '/editor/categories'],
  'GET /news': ['public', '/news'],
  'GET /news/{id}': ['public', '/news/1', 'may-404'],
  'GET /editor/news': ['editor', '/editor/news'],
  'POST /editor/news': ['editor', '/editor/news'],
  'GET /news.atom': ['public', '/news.atom'],
  'GET /services.atom': ['public', '/services.atom'],
  'GET /sitemap.xml': ['public', '/sitemap.xml'],
  'GET /admin/users': ['admin', '/admin/users'],
  'POST /admin/users/{id}/roles': ['admin', '/admin/users/1/roles'],
  'GET /admin/audit': ['admin', '/admin/audit'],
  'GET /admin/tokens': ['admin', '/admin/tokens'],
  'POST /admin/tokens': ['admin', '/admin/tokens'],
  'POST /admin/tokens/{id}/revoke': ['admin', '/admin/tokens/999/revoke'],
  'POST /api/v1/submissions': ['token-or-session', '/api/v1/submissions'],
  'GET /api/v1/services': ['public', '/api/v1/services'],
  'GET /api/v1/services/{id}': ['public', '/api/v1/services/gosuslugi'],
  'GET /api/v1/categories': ['public', '/api/v1/categories'],
  'GET /api/v1/openapi.json': ['public', '/api/v1/openapi.json'],
  'GET /api/hsds/': ['public', '/api/hsds/'],
  'GET /api/hsds/services': ['public', '/api/hsds/services'],
  'GET /api/hsds/services/{id}': ['public', '/api/hsds/services/00000000-0000-4000-8000-000000000000', 'may-404'],
  'GET /api/hsds/organizations': ['public', '/api/hsds/organizations'],
  'GET /api/hsds/organizations/{id}': ['public', '/api/hsds/organizations/00000000-0000-4000-8000-000000000000', 'may-404'],
  'GET /api/hsds/taxonomies': ['public', '/api/hsds/taxonomies'],
  'GET /api/hsds/taxonomies/{id}': ['public', '/api/hsds/taxonomies/00000000-0000-4000-8000-000000000000', 'may-404'],
  'GET /api/hsds/taxonomy_terms': ['public', '/api/hsds/taxonomy_terms'],
  'GET /api/hsds/taxonomy_terms/{id}': ['public', '/api/hsds/taxonomy_terms/00000000-0000-4000-8000-000000000000', 'may-404'],
  'GET /api/hsds/service_at_locations': ['public', '/api/hsds/service_at_locations'],
  'GET /api/hsds/service_at_locations/{id}': ['public', '/api/hsds/service_at_locations/00000000-0000-4000-8000-000000000000', 'may-404'],
  'GET /api/hsds/export.zip': ['public', '/api/hsds/export.zip'],
  'GET /api/hsds/openapi.json': ['public', '/api/hsds/openapi.json'],
  'GET /help': ['public', '/help'],
  'GET /check': ['public', '/check'],
  'GET /check/{badge}': ['public', '/check/73-0001', 'may-404'],
  // Asking needs no account (the phone is confirmed instead).
  'GET /help/ask': ['public', '/help/ask'],
  'POST /help/ask': ['public', '/help/ask'],
  'POST /help/ask/confirm': ['public', '/help/ask/confirm'],
  'GET /help/status': ['public', '/help/status'],
  'POST /help/status': ['public', '/help/status', 'may-404'],
  'POST /help/status/cancel': ['public', '/help/status/cancel', 'may-404'],
  'POST /help/status/confirm': ['public', '/help/status/confirm', 'may-404'],
  'POST /help/status/erase': ['public', '/help/status/erase', 'may-404'],
  'GET /help/mine': ['signed-in', '/help/mine'],
  'GET /help/requests/{id}': ['signed-in', '/help/requests/999'],
  // Taking needs a verified volunteer: the domain answers 403 to others.
  'POST /help/requests/{id}/take': ['signed-in', '/help/requests/999/take', 'may-403'],
  'POST /help/requests/{id}/release': ['signed-in', '/help/requests/999/release'],
  'POST /help/requests/{id}/complete': ['signed-in', '/help/requests/999/complete'],
  'POST /help/requests/{id}/done': ['signed-in', '/help/requests/999/done'],
  'POST /help/requests/{id}/confirm': ['signed-in', '/help/requests/999/confirm'],
  'POST /help/requests/{id}/cancel': ['signed-in', '/help/requests/999/cancel'],
  'POST /help/requests/{id}/erase': ['signed-in', '/help/requests/999/erase'],
  'POST /help/requests/{id}/assign': ['coordinator', '/help/requests/999/assign'],
  'POST /help/requests/{id}/merge': ['coordinator', '/help/requests/999/merge'],
  'GET /volunteer': ['signed-in', '/volunteer'],
  'GET /volunteer/signup': ['signed-in', '/volunteer/signup'],
  'POST /volunteer/signup': ['signed-in', '/volunteer/signup'],
  // Without a volunteer profile there is no point to set: 403 from the domain.
  'POST /volunteer/location': ['signed-in', '/volunteer/location', 'may-403'],
  'GET /coordinator': ['coordinator', '/coordinator'],
  'GET /coordinator/call': ['coordinator', '/coordinator/call'],
  'POST /coordinator/call': ['coordinator', '/coordinator/call'],
  'GET /coordinator/volunteers': ['coordinator', '/coordinator/volunteers'],
  'GET /coordinator/volunteers/{id}': ['coordinator', '/coordinator/volunteers/999'],
  'POST /coordinator/volunteers/{id}/verify': ['coordinator', '/coordinator/volunteers/999/verify'],
  'POST /coordinator/volunteers/{id}/suspend': ['coordinator', '/coordinator/volunteers/999/suspend'],
  'POST /coordinator/volunteers/{id}/reinstate': ['coordinator', '/coordinator/volunteers/999/reinstate'],
  'GET /coordinator/map': ['coordinator', '/coordinator/map'],
  'GET /coordinator/callbacks': ['coordinator', '/coordinator/callbacks'],
  'POST /coordinator/callbacks/{id}/confirm': ['coordinator', '/coordinator/callbacks/999/confirm'],
  'POST /coordinator/callbacks/{id}/drop': ['coordinator', '/coordinator/callbacks/999/drop'],
  'GET /api/v1/help/places': ['public', '/api/v1/help/places'],
  'GET /api/v1/help/badges/{badge}': ['public', '/api/v1/help/badges/73-0001', 'may-404'],
  'POST /api/v1/help/requests': ['session', '/api/v1/help/requests'],
  'GET /api/v1/help/requests': ['session', '/api/v1/help/requests'],
  'GET /api/v1/help/requests/{id}': ['session', '/api/v1/help/requests/999'],
  'POST /api/v1/help/requests/{id}/take': ['session', '/api/v1/help/requests/999/take'],
  'POST /api/v1/help/requests/{id}/release': ['session', '/api/v1/help/requests/999/release'],
  'POST /api/v1/help/requests/{id}/complete': ['session', '/api/v1/help/requests/999/complete'],
  'POST /api/v1/help/requests/{id}/confirm': ['session', '/api/v1/help/requests/999/confirm'],
  'POST /api/v1/help/requests/{id}/cancel': ['session', '/api/v1/help/requests/999/cancel'],
  'POST /api/v1/help/requests/{id}/erase': ['session', '/api/v1/help/requests/999/erase'],
  'POST /api/v1/help/requests/{id}/assign': ['session', '/api/v1/help/requests/999/assign'],
  'POST /api/v1/help/requests/{id}/merge': ['session', '/api/v1/help/requests/999/merge'],
  'GET /api/v1/help/feed': ['session', '/api/v1/help/feed'],
  'GET /api/v1/help/tasks': ['session', '/api/v1/help/tasks'],
  'GET /api/v1/help/volunteer': ['session', '/api/v1/help/volunteer'],
  'POST /api/v1/help/volunteer': ['session', '/api/v1/help/volunteer'],
  'POST /api/v1/help/volunteer/location': ['session', '/api/v1/help/volunteer/location'],
  'GET /api/v1/help/dashboard': ['session', '/api/v1/help/dashboard'],
  'GET /api/v1/help/volunteers': ['session', '/api/v1/help/volunteers'],
  'POST /api/v1/help/volunteers/{id}/verify': ['session', '/api/v1/help/volunteers/999/verify'],
  'POST /api/v1/help/volunteers/{id}/suspend': ['session', '/api/v1/help/volunteers/999/suspend'],
  'POST /api/v1/help/volunteers/{id}/reinstate': ['session', '/api/v1/help/volunteers/999/reinstate'],
  'GET /vendor/leaflet/{path*}': ['public', '/vendor/leaflet/leaflet.css'],
  'GET /static/{path*}': ['public', '/static/style.css'],
  'GET /favicon.ico': ['public', '/favicon.ico'],
  'GET /robots.txt': ['public', '/robots.txt'],
  'GET /healthz': ['public', '/healthz'],
  'GET /readyz': ['public', '/readyz'],
  'GET /metrics': ['public', '/metrics'],
  'GET /print': ['staff', '/print'],
  'GET /print/entrance': ['public', '/print/entrance'],
  'GET /print/leaflet': ['staff', '/print/leaflet?category=food-delivery&place=dimitrovgrad'],
  'GET /print/services/{id}': ['public', '/print/services/gosuslugi'],
  'GET /embed': ['public', '/embed'],
  'GET /embed/search': ['public', '/embed/search?q=x'],
  'GET /embed/categories/{slug}': ['public', '/embed/categories/health'],
  'GET /stats': ['public', '/stats'],
  'GET /stats.csv': ['public', '/stats.csv'],
  'GET /og/{key}': ['public', '/og/food-delivery'],
  'GET /opensearch.xml': ['public', '/opensearch.xml'],
  'GET /digest': ['public', '/digest'],
  'GET /privacy': ['public', '/privacy'],
  'GET /accessibility': ['public', '/accessibility'],
  'GET /design': ['public', '/design'],
  'GET /region/coat-of-arms': ['public', '/region/coat-of-arms', 'may-404'],
  'POST /digest': ['public', '/digest'],
  'GET /digest/confirm': ['public', '/digest/confirm?t=x'],
  'POST /digest/confirm': ['public', '/digest/confirm', 'may-404'],
  'GET /digest/unsubscribe': ['public', '/digest/unsubscribe?t=x'],
  'POST /digest/unsubscribe': ['public', '/digest/unsubscribe?t=x', 'may-404'],
  'POST /api/v1/digest/sms-reply': ['sms-gateway', '/api/v1/digest/sms-reply'],
};

let doma;
let routes;
before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'doma-routes-'));
  const r = spawnSync(BIN, ['routes', '--db', path.join(dir, 'x.db')], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  routes = r.stdout.trim().split('\n').map((l) => l.split(' '));
  doma = await startDoma({
    prepare: async (db) => { for (const role of ROLES) await addUser(db, `${role}@matrix.test`, role, PASSWORD); },
  });
});
after(async () => { if (doma) await doma.stop(); });

test('every route has an expected access level, and the binary declares the same', () => {
  for (const [method, pattern, access] of routes) {
    const key = `${method} ${pattern}`;
    assert.ok(EXPECTED[key], `route ${key} has no entry in the access matrix`);
    assert.equal(access, EXPECTED[key][0], `${key} is declared ${access}`);
  }
  assert.equal(Object.keys(EXPECTED).length, routes.length, 'the matrix lists no route that does not exist');
});

test('each principal gets what the access level promises on every route', async () => {
  const principals = [['anonymous', null], ...ROLES.map((r) => [r, `${r}@matrix.test`])];
  const failures = [];
  for (const [who, login] of principals) {
    for (const [method, pattern] of routes) {
      const [access, target, note] = EXPECTED[`${method} ${pattern}`];
      // A fresh session per request: POST /logout and friends must not end the next check.
      const c = new Client(doma.base);
      if (login) await c.login(login, PASSWORD);
      await c.get('/login');  // a CSRF token, as a page with a form would give
      // Valid forms are not needed: the guard answers before the handler reads them.
      const fields = pattern === '/admin/users/{id}/roles' ? { role: 'volunteer', action: 'grant' } : {};
      const res = method === 'GET' ? await c.get(target) : await c.post(target, fields);
      const toLogin = res.status === 303 && /^\/login/.test(res.headers.get('location') ?? '');
      let ok;
      if (access === 'session') {
        // The help API: a session is needed; a write also needs the X-CSRF-Token
        // header, which a form post does not send. Beyond that the domain decides.
        if (!login) ok = res.status === 401;
        else if (method === 'GET') ok = res.status !== 401 && res.status < 500;
        else ok = res.status === 403;
      } else if (access === 'token-or-session') {
        // A form post carries no API token and no X-CSRF-Token header: refused for everyone.
        ok = res.status === 401;
      } else if (access === 'sms-gateway') {
        // The SMS gateway's own token, which this server was not given: no such route.
        ok = res.status === 404;
      } else if (access === 'public') ok = res.status !== 401 && res.status !== 403 && !toLogin && res.status < 500;
      else if (!login) ok = method === 'GET' ? toLogin : res.status === 401;
      else if (access === 'signed-in') ok = res.status !== 401 && (res.status !== 403 || note === 'may-403') && !toLogin && res.status < 500;
      else if (access === 'coordinator') ok = ['coordinator', 'admin'].includes(who) ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
      else if (access === 'staff') ok = ['coordinator', 'editor', 'admin'].includes(who) ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
      else if (access === 'editor') ok = ['editor', 'admin'].includes(who) ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
      else ok = who === 'admin' ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
      // A public page must exist, not just "not be forbidden".
      if (ok && access === 'public' && method === 'GET' && res.status === 404 && note !== 'may-404') ok = false;
      if (!ok) failures.push(`${who} ${method} ${target} (${access}) → ${res.status}`);
    }
  }
  assert.deepEqual(failures, []);
});

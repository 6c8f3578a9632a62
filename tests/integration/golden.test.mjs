// Golden JSON: the exact shape of every resource and error the API returns, with
// ids, times and tokens replaced by placeholders. A changed field name, type or
// message shows up as a diff against tests/integration/golden/*.json.
// Regenerate after an intended change: UPDATE_GOLDEN=1 node --test tests/integration/golden.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, enrolMfa, PASSWORD } from './lib/server.mjs';

const DIR = join(import.meta.dirname, 'golden');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const TOKEN = /^lk[a-z]_[0-9A-Za-z]{45,}$/;
const REDACTED = /^lk[a-z]_[0-9A-Za-z]{4}\*{10}[0-9A-Za-z]{4}$/;

function normalize(value, key = '') {
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, k)]));
  }
  if (typeof value === 'string') {
    if (UUID.test(value)) return '<uuid>';
    if (TIME.test(value)) return '<time>';
    if (TOKEN.test(value)) return `<${value.slice(0, 3)} token>`;
    if (REDACTED.test(value)) return `<${value.slice(0, 3)} redacted>`;
    if (key === 'email') return '<email>';
    if (/http:\/\/127\.0\.0\.1:\d+/.test(value)) return value.replace(/http:\/\/127\.0\.0\.1:\d+/g, '<base url>');
    if (key === 'secret') return '<base32 secret>';
    if (key === 'otpauth_uri') return value.replace(/secret=[A-Z2-7]+/, 'secret=<base32 secret>').replace(/:[^:?]+@[^?]+\?/, ':<email>?');
    if (key === 'qr_svg') return value.startsWith('<svg ') && value.trimEnd().endsWith('</svg>') ? '<svg>' : value;
    if (/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/.test(value)) return '<recovery code>';
  }
  if (typeof value === 'number' && key === 'expires_in') return value > 0 ? '<seconds>' : value;
  if (typeof value === 'number' && key === 'remaining') return '<count>';
  if (typeof value === 'number' && key === 'total') return '<count>';
  return value;
}

function golden(name, response, status) {
  assert.equal(response.status, status, `${name}: ${response.text}`);
  assert.match(response.headers.get('content-type') || '', /^application\/json/);
  const actual = JSON.stringify(normalize(response.json), null, 2) + '\n';
  const file = join(DIR, `${name}.json`);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    if (!process.env.UPDATE_GOLDEN) assert.fail(`missing golden file ${file}; run with UPDATE_GOLDEN=1`);
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from ${file}`);
}

let server;
let token;
let email = 'golden@example.com';

before(async () => {
  // The shipped default: MFA required.
  server = await startServer({ mfaRequired: true, sets: ['rate_limit.capacity=60', 'throttle.base_delay_s=2', 'throttle.max_delay_s=4'] });
});
after(async () => server?.cleanup());

test('resources', async () => {
  const signup = await server.request('POST', '/account', { body: { email, password: PASSWORD, name: 'Golden' } });
  golden('signup_accepted', signup, 202);
  const minted = await server.request('POST', '/oauth/authorizations', { basic: [email, PASSWORD], body: { description: 'golden', scope: ['read'], expires_in: 3600 } });
  golden('authorization_created', minted, 201);
  token = minted.json.access_token.token;
  const global = await server.request('POST', '/oauth/authorizations', { basic: [email, PASSWORD], body: {} });
  token = global.json.access_token.token;
  golden('error_mfa_enrollment_required', await server.request('GET', '/oauth/sessions', { token }), 403);
  golden('mfa_status_before', await server.request('GET', '/account/mfa', { token }), 200);
  golden('mfa_totp_begin', await server.request('POST', '/account/mfa/totp', { token }), 201);
  const { recoveryCodes } = await enrolMfa(server, { token });
  golden('mfa_status', await server.request('GET', '/account/mfa', { token }), 200);
  golden('recovery_codes', await server.request('GET', '/account/recovery-codes', { token }), 200);
  golden('error_two_factor', await server.request('POST', '/oauth/authorizations', { basic: [email, PASSWORD], body: {} }), 403);
  golden('recovery_codes_regenerated', await server.request('POST', '/account/recovery-codes', { token, headers: { 'heroku-two-factor-code': recoveryCodes[0] } }), 201);
  golden('error_no_enrolment', await server.request('POST', '/account/mfa/totp/confirm', { token, body: { code: '12' } }), 409);
  golden('account', await server.request('GET', '/account', { token }), 200);
  golden('account_updated', await server.request('PATCH', '/account', { token, body: { name: 'Renamed' } }), 200);
  golden('authorization_info', await server.request('GET', `/oauth/authorizations/${minted.json.id}`, { token }), 200);
  golden('api_key', await server.request('GET', '/oauth/authorizations/~', { token }), 200);
  golden('authorization_rotated', await server.request('POST', `/oauth/authorizations/${minted.json.id}/actions/regenerate-tokens`, { token }), 200);
  golden('authorization_deleted', await server.request('DELETE', `/oauth/authorizations/${minted.json.id}`, { token }), 200);
  golden('sessions', await server.request('GET', '/oauth/sessions', { token }), 200);
  golden('rate_limits', await server.request('GET', '/account/rate-limits', { token }), 200);
});

test('errors', async () => {
  golden('error_unauthorized', await server.request('GET', '/account', { token: 'lko_notarealtoken' }), 401);
  golden('error_not_acceptable', await server.request('GET', '/account', { token, accept: 'application/json' }), 406);
  golden('error_not_found', await server.request('GET', '/oauth/authorizations/00000000-0000-0000-0000-000000000000', { token }), 404);
  golden('error_no_session', await server.request('DELETE', '/oauth/sessions/~', { token: (await server.request('POST', '/oauth/authorizations', { token, body: {} })).json.access_token.token }), 404);
  golden('error_no_route', await server.request('GET', '/nope', { token }), 404);
  golden('error_method', await server.request('PUT', '/account/rate-limits', { token, body: {} }), 405);
  golden('error_bad_json', await server.request('PATCH', '/account', { token, raw: '{"name":', headers: { 'Content-Type': 'application/json' } }), 400);
  golden('error_invalid_params', await server.request('POST', '/oauth/authorizations', { token, body: { expires_in: 'soon' } }), 422);
  golden('error_bad_scope', await server.request('POST', '/oauth/authorizations', { token, body: { scope: ['root'] } }), 422);
  golden('error_weak_password', await server.request('POST', '/account', { body: { email: 'weak@example.com', password: 'password' } }), 422);
  golden('error_blocklisted_password', await server.request('POST', '/account', { body: { email: 'weak@example.com', password: 'passwordpassword' } }), 422);
  golden('error_bad_login', await server.request('POST', '/oauth/authorizations', { basic: [email, 'wrong wrong wrong'], body: {} }), 401);
  golden('error_api_key_delete', await server.request('DELETE', '/oauth/authorizations/~', { token }), 403);
  golden('error_too_large', await server.request('PATCH', '/account', { token, raw: JSON.stringify({ name: 'x'.repeat(70000) }), headers: { 'Content-Type': 'application/json' } }), 413);
  let last;
  for (let i = 0; i < 50; i++) {
    last = await server.request('GET', '/account', { token });
    if (last.status === 429) break;
  }
  golden('error_rate_limit', last, 429);
});

// Bad input anywhere gets a clear 4xx — never a 5xx, never a crash — and
// changes nothing: every route is hit with malformed bodies, wrong types,
// odd ids, bad ranges and junk headers (a fixed seed, so failures reproduce).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, userWithToken, enrolMfa, V3 } from './lib/server.mjs';

const ROUTES = [
  ['POST', '/account'], ['GET', '/account'], ['PATCH', '/account'], ['PUT', '/account/password'],
  ['GET', '/account/rate-limits'], ['POST', '/admin/bootstrap'],
  ['GET', '/oauth/authorizations'], ['POST', '/oauth/authorizations'],
  ['GET', '/oauth/authorizations/{id}'], ['PATCH', '/oauth/authorizations/{id}'],
  ['DELETE', '/oauth/authorizations/{id}'], ['POST', '/oauth/authorizations/{id}/actions/regenerate-tokens'],
  ['GET', '/oauth/sessions'], ['GET', '/oauth/sessions/{id}'], ['DELETE', '/oauth/sessions/{id}'],
  ['DELETE', '/account'], ['POST', '/account/api-key/reveal'], ['GET', '/account/mfa'],
  ['POST', '/account/mfa/totp'], ['POST', '/account/mfa/totp/confirm'], ['DELETE', '/account/mfa/totp'],
  ['GET', '/account/recovery-codes'], ['POST', '/account/recovery-codes'],
  ['GET', '/oauth/clients'], ['POST', '/oauth/clients'], ['GET', '/oauth/clients/{id}'],
  ['PATCH', '/oauth/clients/{id}'], ['DELETE', '/oauth/clients/{id}'],
  ['POST', '/oauth/clients/{id}/actions/rotate-credentials'],
];

// Second-factor routes, and what may arrive in Heroku-Two-Factor-Code.
const STEP_UP = [
  ['POST', '/oauth/authorizations'], ['PUT', '/account/password'], ['DELETE', '/account'],
  ['POST', '/account/api-key/reveal'], ['POST', '/account/mfa/totp'], ['DELETE', '/account/mfa/totp'],
  ['POST', '/account/recovery-codes'], ['POST', '/oauth/authorizations/~/actions/regenerate-tokens'],
];
const CODES = ['', ' ', '0', '00000', '1234567', '-123456', Buffer.from('12345\u0661').toString('latin1'), 'abcd-efgh-jkmn-pqrs',
  'ABCD EFGH JKMN PQRS', 'iiii-llll-oooo-0000', 'x'.repeat(4000), '%00', '123456, 654321', '1e5'];

const BODIES = [
  '', '{', '[]', 'null', '"x"', '12', '{"a":', '{"email":5,"password":[1]}', '{"name":{"x":1}}',
  '{"description":null,"scope":"global","expires_in":-1}', '{"expires_in":1e309}', '{"expires_in":"12abc"}',
  '{"scope":[1,2]}', '{"scope":["global","global"]}', '{"description":"' + 'd'.repeat(300) + '"}',
  '{"current_password":"","password":""}', '{"bootstrap_token":"lks_x","email":"a@b.co","password":"p"}',
  '\u0000\u0001\u0002', '{"a":"\ud800"}', '{"a":' + '['.repeat(100) + ']'.repeat(100) + '}',
  '{"email":"' + 'x'.repeat(5000) + '@example.com","password":"y"}',
  '{"name":"x","redirect_uri":"http://127.0.0.1.evil.com/cb"}', '{"name":5,"redirect_uri":[]}', '{"name":"x","redirect_uri":"https://a.example/cb","public":"yes"}',
  '{"code":5}', '{"code":null}', '{"code":"' + '9'.repeat(5000) + '"}', '{"code":"１２３４５６"}', '{"password":null}',
];

const IDS = ['~', 'x', '%00', '..%2F..%2Fetc', '00000000-0000-0000-0000-000000000000', 'a'.repeat(300), '%E2%80%AE', '%ZZ'];
const RANGES = ['id', 'bogus ..', 'id ]..[', 'id ..; max=0', 'id ..; max=-1', 'id ..; order=sideways', 'id ]%zz..', 'id ' + 'x'.repeat(5000) + '..'];
const AUTHS = [undefined, 'Bearer', 'Bearer ', 'Basic', 'Basic !!!', 'Basic ' + Buffer.from('nocolon').toString('base64'), 'Bearer lko_' + 'A'.repeat(49), 'Digest x', 'Bearer ' + 'x'.repeat(4000)];

let server;
let user;

before(async () => {
  server = await startServer({ sets: ['rate_limit.enabled=false', 'throttle.ip_attempts=100000', 'throttle.free_attempts=90'] });
  user = await userWithToken(server);
  // The junk goes out with a token that has no session, so that a well-formed
  // DELETE /oauth/sessions/~ among it cannot legitimately sign it out.
  const plain = await server.request('POST', '/oauth/authorizations', { token: user.token, body: {} });
  user.junkToken = plain.json.access_token.token;
});
after(async () => {
  assert.ok(checked > 1500, `only ${checked} requests checked`);
  await server?.cleanup();
});

function paths(path) {
  return path.includes('{id}') ? IDS.map((id) => path.replace('{id}', id)) : [path];
}

async function call(method, path, { auth, body, range, accept = V3, contentType = 'application/json' }) {
  const headers = { Accept: accept };
  if (auth) headers.Authorization = auth;
  if (range) headers.Range = range;
  if (body !== undefined) headers['Content-Type'] = contentType;
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : body });
  const text = await res.text();
  return { status: res.status, text, type: res.headers.get('content-type') || '' };
}

let checked = 0;
function check(r, what) {
  checked += 1;
  assert.ok(r.status < 500, `${what} → ${r.status} ${r.text.slice(0, 200)}`);
  if (r.status >= 400) {
    assert.match(r.type, /^application\/json/, what);
    const j = JSON.parse(r.text);
    assert.equal(typeof j.id, 'string', what);
    assert.equal(typeof j.message, 'string', what);
  }
}

test('malformed bodies on every route, with and without a valid token', async () => {
  for (const [method, pattern] of ROUTES) {
    for (const path of paths(pattern)) {
      for (const body of method === 'GET' ? [undefined] : BODIES) {
        for (const auth of [`Bearer ${user.junkToken}`, undefined]) {
          check(await call(method, path, { auth, body }), `${method} ${path} body=${JSON.stringify(body)?.slice(0, 40)}`);
        }
      }
    }
  }
});

test('junk credentials, ranges, Accept and content types', async () => {
  for (const [method, pattern] of ROUTES) {
    const path = paths(pattern)[0];
    for (const auth of AUTHS) check(await call(method, path, { auth, body: method === 'GET' ? undefined : '{}' }), `${method} ${path} auth=${auth?.slice(0, 30)}`);
    for (const accept of ['', '*/*', 'application/vnd.heroku+json; version=2', 'application/vnd.heroku+json; version=3; q=0', 'x'.repeat(2000)])
      check(await call(method, path, { auth: `Bearer ${user.junkToken}`, accept }), `${method} ${path} accept=${accept.slice(0, 30)}`);
    if (method !== 'GET') {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''])
        check(await call(method, path, { auth: `Bearer ${user.junkToken}`, body: '{}', contentType }), `${method} ${path} type=${contentType}`);
    }
  }
  for (const range of RANGES) {
    for (const path of ['/oauth/authorizations', '/oauth/sessions']) {
      const r = await call('GET', path, { auth: `Bearer ${user.junkToken}`, range });
      check(r, `GET ${path} range=${range.slice(0, 30)}`);
    }
  }
});

test('junk second-factor codes on every route that asks for one', async () => {
  const victim = await userWithToken(server);
  const { recoveryCodes } = await enrolMfa(server, victim);
  for (const [method, path] of STEP_UP) {
    for (const code of CODES) {
      const basic = path === '/oauth/authorizations' ? 'Basic ' + Buffer.from(`${victim.email}:${victim.password}`).toString('base64') : undefined;
      const headers = { Accept: V3, 'Content-Type': 'application/json', Authorization: basic || `Bearer ${victim.token}`, 'Heroku-Two-Factor-Code': code };
      const body = JSON.stringify({ password: 'not the password, no', current_password: 'nope', code: '000000' });
      const res = await fetch(server.url + path, { method, headers, body });
      check({ status: res.status, text: await res.text(), type: res.headers.get('content-type') || '' }, `${method} ${path} code=${code.slice(0, 20)}`);
    }
  }
  // Nothing changed: the account, its factor and the recovery codes are intact.
  const me = await server.request('GET', '/account', { token: victim.token });
  assert.equal(me.status, 200);
  assert.equal(me.json.two_factor_authentication, true);
  const left = await server.request('GET', '/account/recovery-codes', { token: victim.token });
  assert.deepEqual([left.json.remaining, left.json.total], [10, 10]);
  assert.ok(recoveryCodes.length === 10);
});

test('after all that, the account and its token are intact', async () => {
  const me = await server.request('GET', '/account', { token: user.junkToken });
  assert.equal(me.status, 200);
  assert.equal((await server.request('GET', '/account', { token: user.token })).status, 200);
  assert.equal(me.json.email, user.email);
  const mint = await server.request('POST', '/oauth/authorizations', { basic: [user.email, user.password], body: {} });
  assert.equal(mint.status, 201, 'the password still works');
  assert.equal((await server.request('GET', '/livez')).status, 200);
});

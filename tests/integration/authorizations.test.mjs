// /oauth/authorizations, the API key and /oauth/sessions over real HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, userWithToken } from './lib/server.mjs';

let server, u;
before(async () => { server = await startServer(); u = await userWithToken(server); });
after(async () => { await server.cleanup(); });

const TOKEN_RE = /^lko_[0-9A-Za-z]{49}$/;
const REDACTED_RE = /^lk[ao]_[0-9A-Za-z]{4}\*{10}[0-9A-Za-z]{4}$/;

test('create with {} defaults scope, description and no expiry; token shown once', async () => {
  const r = await server.request('POST', '/oauth/authorizations', { token: u.token, body: {} });
  assert.equal(r.status, 201);
  assert.deepEqual(r.json.scope, ['global']);
  assert.equal(r.json.description, 'Long-lived user authorization');
  assert.equal(r.json.access_token.expires_in, null);
  assert.match(r.json.access_token.token, TOKEN_RE);
  assert.equal(r.json.user.email, u.email);
  const info = await server.request('GET', `/oauth/authorizations/${r.json.id}`, { token: u.token });
  assert.equal(info.status, 200);
  assert.match(info.json.access_token.token, REDACTED_RE);
  assert.ok(r.json.access_token.token.startsWith(info.json.access_token.token.slice(0, 8)));
  assert.ok(r.json.access_token.token.endsWith(info.json.access_token.token.slice(-4)));
  assert.equal((await server.request('GET', '/account', { token: r.json.access_token.token })).status, 200);
});

test('expires_in as integer, numeric string or null; bad values are 422', async () => {
  const a = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { expires_in: 3600 } });
  assert.equal(a.status, 201);
  assert.ok(a.json.access_token.expires_in > 3590 && a.json.access_token.expires_in <= 3600);
  const b = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { expires_in: '120', description: 'str' } });
  assert.equal(b.status, 201);
  assert.ok(b.json.access_token.expires_in <= 120);
  const c = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { expires_in: null } });
  assert.equal(c.status, 201);
  for (const bad of ['soon', -5, 0, 1.5, {}, [1]]) {
    const r = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { expires_in: bad } });
    assert.equal(r.status, 422, JSON.stringify(bad));
    assert.equal(r.json.id, 'invalid_params');
  }
  for (const bad of [['root'], [], 'global', [1]]) {
    const r = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { scope: bad } });
    assert.equal(r.status, 422, JSON.stringify(bad));
  }
});

test('an expired token is refused', async () => {
  const r = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { expires_in: 1 } });
  const t = r.json.access_token.token;
  assert.equal((await server.request('GET', '/account', { token: t })).status, 200);
  await new Promise((res) => setTimeout(res, 2100));
  assert.equal((await server.request('GET', '/account', { token: t })).status, 401);
});

test('identity scope reads /account only', async () => {
  const r = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { scope: ['identity'] } });
  const t = r.json.access_token.token;
  assert.equal((await server.request('GET', '/account', { token: t })).status, 200);
  const list = await server.request('GET', '/oauth/authorizations', { token: t });
  assert.equal(list.status, 403);
  assert.equal(list.json.id, 'forbidden');
  assert.match(list.json.message, /global/);
  assert.equal((await server.request('POST', '/oauth/authorizations', { token: t, body: {} })).status, 403);
});

test('update, rotate, revoke; DELETE returns the object; revocation is immediate', async () => {
  const created = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { description: 'ci' } });
  const id = created.json.id;
  const old = created.json.access_token.token;
  assert.equal((await server.request('GET', '/account', { token: old })).status, 200);  // now cached
  const upd = await server.request('PATCH', `/oauth/authorizations/${id}`, { token: u.token, body: { description: 'ci runner' } });
  assert.equal(upd.status, 200);
  assert.equal(upd.json.description, 'ci runner');
  const rot = await server.request('POST', `/oauth/authorizations/${id}/actions/regenerate-tokens`, { token: u.token });
  assert.equal(rot.status, 200);
  const fresh = rot.json.access_token.token;
  assert.match(fresh, TOKEN_RE);
  assert.notEqual(fresh, old);
  assert.equal((await server.request('GET', '/account', { token: old })).status, 401, 'old token dies at once');
  assert.equal((await server.request('GET', '/account', { token: fresh })).status, 200);
  const del = await server.request('DELETE', `/oauth/authorizations/${id}`, { token: u.token });
  assert.equal(del.status, 200);
  assert.equal(del.json.description, 'ci runner');
  assert.equal((await server.request('GET', '/account', { token: fresh })).status, 401, 'revoked token dies at once');
  const gone = await server.request('GET', `/oauth/authorizations/${id}`, { token: u.token });
  assert.equal(gone.status, 404);
  assert.equal(gone.json.resource, 'authorization');
});

test('another account cannot see or touch my authorizations', async () => {
  const other = await userWithToken(server);
  const mine = await server.request('POST', '/oauth/authorizations', { token: u.token, body: {} });
  for (const [m, p] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/actions/regenerate-tokens']]) {
    const r = await server.request(m, `/oauth/authorizations/${mine.json.id}${p}`, { token: other.token, body: m === 'PATCH' ? { description: 'x' } : undefined });
    assert.equal(r.status, 404, `${m} ${p}`);
  }
  assert.equal((await server.request('GET', '/account', { token: mine.json.access_token.token })).status, 200);
});

test('the API key is ~: listed, never expires, not deletable, regenerable', async () => {
  const key = await server.request('GET', '/oauth/authorizations/~', { token: u.token });
  assert.equal(key.status, 200);
  assert.equal(key.json.api_key, true);
  assert.equal(key.json.access_token.expires_in, null);
  assert.match(key.json.access_token.token, /^lka_[0-9A-Za-z]{4}\*{10}/);
  const del = await server.request('DELETE', '/oauth/authorizations/~', { token: u.token });
  assert.equal(del.status, 403);
  const list = await server.request('GET', '/oauth/authorizations', { token: u.token });
  assert.ok(list.json.some((a) => a.id === key.json.id));
  const regen = await server.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: u.token });
  assert.match(regen.json.access_token.token, /^lka_[0-9A-Za-z]{49}$/);
  assert.equal((await server.request('GET', '/account', { token: regen.json.access_token.token })).status, 200);
});

test('Basic with any user and a token as password authenticates', async () => {
  const r = await server.request('GET', '/account', { basic: ['heroku', u.token] });
  assert.equal(r.status, 200);
  assert.equal(r.json.email, u.email);
  const wrongUser = await server.request('POST', '/oauth/authorizations', { basic: ['someone@else.com', u.token], body: {} });
  assert.equal(wrongUser.status, 401);
});

test('last use is recorded with the IP', async () => {
  const r = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { description: 'lastuse' } });
  await server.request('GET', '/account', { token: r.json.access_token.token });
  const info = await server.request('GET', `/oauth/authorizations/${r.json.id}`, { token: u.token });
  assert.equal(info.json.last_used_ip, '127.0.0.1');
  assert.ok(info.json.last_used_at);
  assert.equal(info.json.created_from_ip, '127.0.0.1');
});

test('Range pagination: 206 with Next-Range until the last page, which has none', async () => {
  const p = await userWithToken(server);
  for (let i = 0; i < 6; i++) await server.request('POST', '/oauth/authorizations', { token: p.token, body: { description: `page ${i}` } });
  const all = (await server.request('GET', '/oauth/authorizations', { token: p.token })).json;
  assert.equal(all.length, 8);  // 6 + login + API key
  const seen = [];
  let range = 'id ..; max=3';
  let pages = 0;
  for (;;) {
    const r = await server.request('GET', '/oauth/authorizations', { token: p.token, headers: { Range: range } });
    pages += 1;
    seen.push(...r.json.map((a) => a.id));
    const next = r.headers.get('next-range');
    if (!next) { assert.equal(r.status, 200); break; }
    assert.equal(r.status, 206);
    assert.ok(r.headers.get('accept-ranges').includes('id'));
    range = next;
  }
  assert.equal(pages, 3);
  assert.deepEqual(seen, all.map((a) => a.id).sort());
  const desc = await server.request('GET', '/oauth/authorizations', { token: p.token, headers: { Range: 'id ..; order=desc,max=2' } });
  assert.equal(desc.status, 206);
  assert.ok(desc.json[0].id > desc.json[1].id);
  for (const bad of ['bogus ..', 'id ..; max=zero', 'id ..; order=sideways']) {
    const r = await server.request('GET', '/oauth/authorizations', { token: p.token, headers: { Range: bad } });
    assert.equal(r.status, 416, bad);
    assert.equal(r.json.id, 'requested_range_not_satisfiable');
  }
});

test('sessions: a Basic login gets one; DELETE /oauth/sessions/~ ends it', async () => {
  const login = await server.request('POST', '/oauth/authorizations', { basic: [u.email, u.password], body: { description: 'Heroku CLI login from box', expires_in: 2592000 } });
  assert.equal(login.status, 201);
  assert.ok(login.json.session?.id);
  const t = login.json.access_token.token;
  const list = await server.request('GET', '/oauth/sessions', { token: t });
  assert.ok(list.json.some((s) => s.id === login.json.session.id && s.description === 'Heroku CLI login from box'));
  const mine = await server.request('GET', '/oauth/sessions/~', { token: t });
  assert.equal(mine.json.id, login.json.session.id);
  const end = await server.request('DELETE', '/oauth/sessions/~', { token: t });
  assert.equal(end.status, 200);
  assert.equal((await server.request('GET', '/account', { token: t })).status, 401);
  // A token without a session: 404 with resource "session" (the heroku CLI relies on it).
  const plain = await server.request('POST', '/oauth/authorizations', { token: u.token, body: {} });
  const none = await server.request('DELETE', '/oauth/sessions/~', { token: plain.json.access_token.token });
  assert.equal(none.status, 404);
  assert.equal(none.json.id, 'not_found');
  assert.equal(none.json.resource, 'session');
});

test('revoking a login authorization ends its session', async () => {
  const login = await server.request('POST', '/oauth/authorizations', { basic: [u.email, u.password], body: { description: 'laptop' } });
  assert.equal(login.status, 201);
  const sid = login.json.session.id;
  assert.ok((await server.request('GET', '/oauth/sessions', { token: u.token })).json.some((s) => s.id === sid));
  const del = await server.request('DELETE', `/oauth/authorizations/${login.json.id}`, { token: u.token });
  assert.equal(del.status, 200);
  assert.equal(del.json.session.id, sid);
  assert.ok(!(await server.request('GET', '/oauth/sessions', { token: u.token })).json.some((s) => s.id === sid));
  assert.equal((await server.request('GET', `/oauth/sessions/${sid}`, { token: u.token })).status, 404);
  assert.equal((await server.request('GET', '/account', { token: login.json.access_token.token })).status, 401);
});

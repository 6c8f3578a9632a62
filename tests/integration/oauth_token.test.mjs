// The token-side OAuth endpoints (security checklist S40, S42–S46): single-use
// codes whose replay revokes what they produced, rotating refresh tokens with
// family revocation and an absolute lifetime, only the grants a client is
// registered for, client authentication, introspection that reveals nothing to
// other clients, truthful metadata, client_credentials, RFC 7009 revocation and
// userinfo. Races use 20 concurrent requests; expiry runs on a fast-TTL server.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, userWithToken, FAST, LATCHKEYD } from './lib/server.mjs';
import { Browser } from './lib/browser.mjs';
import {
  REDIRECT, registerClient, signedIn, authorize, getCode, oauthPost, redeem, refresh, tokensFor, accountStatus,
  wellFormedToken,
} from './lib/oauth.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

// A signed-in user with a confidential client and a second client of another account.
async function setup(clientBody = {}) {
  const { user, browser } = await signedIn(server);
  const client = await registerClient(server, user, clientBody);
  const other = await registerClient(server, await userWithToken(server), { name: 'Other App' });
  return { user, browser, client, other };
}

function audit(s, accountId) {
  const r = spawnSync('sqlite3', [join(s.dataDir, 'latchkey.db'),
    `SELECT action FROM audit_events WHERE account_id = '${accountId}' ORDER BY seq`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean);
}

function assertInvalidGrant(r, what = '') {
  assert.equal(r.status, 400, `${what} ${r.text}`);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.json.error, 'invalid_grant', what);
}

describe('S40 authorization codes', () => {
  test('a second redemption is 400 invalid_grant and revokes AT1 and RT1', async () => {
    const { user, browser, client } = await setup();
    const code = await getCode(browser, client);
    const first = await redeem(server, client, code);
    assert.equal(first.status, 200, first.text);
    const { access_token: at1, refresh_token: rt1 } = first.json;
    assert.ok(at1 && rt1);
    assert.equal(first.headers.get('cache-control'), 'no-store');
    assert.equal(await accountStatus(server, at1), 200);
    assertInvalidGrant(await redeem(server, client, code), 'replay');
    assert.equal(await accountStatus(server, at1), 401, 'AT1 revoked');
    assertInvalidGrant(await refresh(server, client, rt1), 'RT1 revoked');
    assert.ok(audit(server, user.account.id).includes('oauth.code_reuse_detected'));
  });

  test("another client's credentials or a redirect_uri off by one character are invalid_grant", async () => {
    const { browser, client, other } = await setup();
    const code = await getCode(browser, client);
    assertInvalidGrant(await redeem(server, other, code), 'other client (Basic)');
    assertInvalidGrant(await redeem(server, other, code, {}, { basic: false }), 'other client (body)');
    const code2 = await getCode(browser, client);
    for (const uri of [REDIRECT + '/', REDIRECT.slice(0, -1), 'https://app.example/cB', REDIRECT + '?']) {
      const c = await getCode(browser, client);
      assertInvalidGrant(await redeem(server, client, c, { redirect_uri: uri }), uri);
    }
    // The redirect_uri that was used in the request must be sent again.
    assertInvalidGrant(await redeem(server, client, code2, { redirect_uri: undefined }), 'redirect_uri omitted');
    const code3 = await getCode(browser, client);
    assert.equal((await redeem(server, client, code3)).status, 200);
  });

  test('20 concurrent redemptions of one code: exactly one 200', async () => {
    const { browser, client } = await setup();
    const code = await getCode(browser, client);
    const results = await Promise.all(Array.from({ length: 20 }, () => redeem(server, client, code)));
    const ok = results.filter((r) => r.status === 200);
    assert.equal(ok.length, 1, results.map((r) => r.status).join(','));
    for (const r of results) if (r.status !== 200) assert.equal(r.json.error, 'invalid_grant');
  });

  test('garbage and unknown codes are invalid_grant; a missing code is invalid_request', async () => {
    const { client } = await setup();
    assertInvalidGrant(await redeem(server, client, 'not-a-code'));
    assertInvalidGrant(await redeem(server, client, wellFormedToken('lkg_')));
    const r = await redeem(server, client, undefined);
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'invalid_request');
  });
});

describe('S42 refresh tokens', () => {
  test('rotation; reuse of RT1 revokes the family (RT2 and AT2 die)', async () => {
    const { user, browser, client } = await setup();
    const t1 = await tokensFor(server, browser, client);
    const r2 = await refresh(server, client, t1.refresh_token);
    assert.equal(r2.status, 200, r2.text);
    const { access_token: at2, refresh_token: rt2 } = r2.json;
    assert.ok(rt2 && rt2 !== t1.refresh_token && at2 !== t1.access_token);
    assert.equal(await accountStatus(server, at2), 200);
    assert.equal(await accountStatus(server, t1.access_token), 401, 'the old access token is replaced');
    assertInvalidGrant(await refresh(server, client, t1.refresh_token), 'RT1 replayed');
    assert.equal(await accountStatus(server, at2), 401, 'AT2 revoked with the family');
    assertInvalidGrant(await refresh(server, client, rt2), 'RT2 revoked with the family');
    assert.ok(audit(server, user.account.id).includes('oauth.refresh_reuse_detected'));
  });

  test("another client's credentials are invalid_grant (and do not burn the token)", async () => {
    const { browser, client, other } = await setup();
    const t1 = await tokensFor(server, browser, client);
    assertInvalidGrant(await refresh(server, other, t1.refresh_token), 'other client');
    const noSecret = await refresh(server, { id: other.id }, t1.refresh_token, {}, { basic: false });
    assert.equal(noSecret.status, 401, noSecret.text);
    assert.equal(noSecret.json.error, 'invalid_client');
    const r = await refresh(server, client, t1.refresh_token);
    assert.equal(r.status, 200, r.text);
  });

  test('a refresh may narrow the scope but not widen it', async () => {
    const { browser, client } = await setup();
    const t1 = await tokensFor(server, browser, client, { scope: 'identity read' });
    const wide = await refresh(server, client, t1.refresh_token, { scope: 'identity read write' });
    assert.equal(wide.status, 400);
    assert.equal(wide.json.error, 'invalid_scope');
  });

  test('20 concurrent refreshes of one token: exactly one 200', async () => {
    const { browser, client } = await setup();
    const t1 = await tokensFor(server, browser, client);
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(server, client, t1.refresh_token)));
    const ok = results.filter((r) => r.status === 200);
    assert.equal(ok.length, 1, results.map((r) => r.status).join(','));
    for (const r of results) if (r.status !== 200) assert.equal(r.json.error, 'invalid_grant');
  });
});

describe('S40/S42/S45 lifetimes (fast TTL server)', () => {
  let fast;
  before(async () => {
    fast = await startServer({ sets: [...FAST, 'tokens.auth_code_ttl_s=2', 'tokens.access_ttl_s=3', 'tokens.refresh_family_ttl_s=7', 'tokens.cache_ttl_s=1'] });
  });
  after(async () => { await fast?.cleanup(); });

  test('codes expire; access tokens expire (401, introspection inactive); the refresh family has an absolute lifetime', async () => {
    const { user, browser } = await signedIn(fast);
    const client = await registerClient(fast, user);
    const stale = await getCode(browser, client);
    const t0 = Date.now();
    const tokens = await tokensFor(fast, browser, client);
    const replayLater = await getCode(browser, client);
    const replayed = await redeem(fast, client, replayLater);
    assert.equal(replayed.status, 200);
    await sleep(3200 - (Date.now() - t0));
    assertInvalidGrant(await redeem(fast, client, stale), 'expired code');
    // A replay after the code expired still revokes what it produced.
    assertInvalidGrant(await redeem(fast, client, replayLater), 'late replay');
    assert.equal(await accountStatus(fast, tokens.access_token), 401, 'expired access token');
    const intro = await oauthPost(fast, '/oauth/introspect', { token: tokens.access_token }, { client });
    assert.equal(intro.status, 200);
    assert.deepEqual(intro.json, { active: false });
    // Keep rotating: each refresh token is fresh, but the family (7 s, whole
    // seconds on the server) ends between t0 + 6 s and t0 + 7.5 s.
    let rt = tokens.refresh_token;
    let lastOk = 0;
    for (;;) {
      const elapsed = Date.now() - t0;
      const r = await refresh(fast, client, rt);
      if (elapsed < 5500) {
        assert.equal(r.status, 200, `${elapsed} ms: ${r.text}`);
      } else if (elapsed > 7600) {
        assertInvalidGrant(r, `past the family lifetime (${elapsed} ms)`);
        break;
      } else if (r.status !== 200) {
        assertInvalidGrant(r, `${elapsed} ms`);
        break;
      }
      rt = r.json.refresh_token;
      lastOk = elapsed;
      await sleep(900);
    }
    assert.ok(lastOk >= 4500, `rotation kept working until the lifetime (last 200 at ${lastOk} ms)`);
  });

  test('S20/S42 an admin disabling the account kills its OAuth access and refresh tokens', async () => {
    const { user, browser } = await signedIn(fast);
    const client = await registerClient(fast, user);
    const t = await tokensFor(fast, browser, client);
    assert.equal(await accountStatus(fast, t.access_token), 200);
    const r = spawnSync(LATCHKEYD, ['admin', 'disable-user', '--email', user.email, '--data-dir', fast.dataDir], { encoding: 'utf8', timeout: 30000 });
    assert.equal(r.status, 0, r.stderr);
    assertInvalidGrant(await refresh(fast, client, t.refresh_token), 'refresh after disable');
    await sleep(1200);  // another process changed the account: the token cache backstop is 1 s here
    assert.equal(await accountStatus(fast, t.access_token), 401);
    const intro = await oauthPost(fast, '/oauth/introspect', { token: t.access_token }, { client });
    assert.deepEqual(intro.json, { active: false });
  });
});

describe('S43 only the grants a client needs', () => {
  test('response_type=token is unsupported_response_type', async () => {
    const { browser, client } = await setup();
    const { url } = await authorize(browser, client, { response_type: 'token' });
    assert.equal(url.searchParams.get('error'), 'unsupported_response_type');
    assert.equal(url.searchParams.get('access_token'), null);
    assert.equal(url.hash, '');
  });

  test('grant_type=password (and implicit, unknown) is 400 unsupported_grant_type', async () => {
    const { user, client } = await setup();
    for (const grant_type of ['password', 'implicit', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'PASSWORD']) {
      const r = await oauthPost(server, '/oauth/token', { grant_type, username: user.email, password: user.password }, { client });
      assert.equal(r.status, 400, grant_type);
      assert.equal(r.json.error, 'unsupported_grant_type', grant_type);
      assert.equal(r.json.access_token, undefined);
    }
  });

  test('a client registered for authorization_code only cannot use device_code, refresh or client_credentials', async () => {
    const { browser, client } = await setup({ grant_types: ['authorization_code'] });
    const start = await oauthPost(server, '/oauth/device_authorization', {}, { client });
    assert.equal(start.status, 400, start.text);
    assert.equal(start.json.error, 'unauthorized_client');
    const poll = await oauthPost(server, '/oauth/token', { grant_type: DEVICE_GRANT, device_code: wellFormedToken('lkd_') }, { client });
    assert.equal(poll.status, 400, poll.text);
    assert.equal(poll.json.error, 'unauthorized_client');
    const cc = await oauthPost(server, '/oauth/token', { grant_type: 'client_credentials' }, { client });
    assert.equal(cc.json.error, 'unauthorized_client');
    const t = await tokensFor(server, browser, client);
    assert.equal(t.refresh_token, undefined, 'no refresh token without the refresh_token grant');
  });

  test('a client without authorization_code is refused at the authorization endpoint', async () => {
    const { browser, client } = await setup({ grant_types: ['client_credentials'] });
    const { url } = await authorize(browser, client);
    assert.equal(url.searchParams.get('error'), 'unauthorized_client');
  });
});

describe('S44 client authentication', () => {
  test('wrong or missing secret: 401 invalid_client, WWW-Authenticate: Basic when Basic was used', async () => {
    const { client, other } = await setup();
    for (const path of ['/oauth/token', '/oauth/revoke', '/oauth/introspect']) {
      const form = path === '/oauth/token' ? { grant_type: 'client_credentials' } : { token: 'x' };
      for (const secret of [other.secret, client.secret.slice(0, -1) + (client.secret.endsWith('a') ? 'b' : 'a'), '', 'lkc_']) {
        const r = await oauthPost(server, path, form, { client: { id: client.id, secret }, basic: true });
        assert.equal(r.status, 401, `${path} ${secret}: ${r.text}`);
        assert.equal(r.json.error, 'invalid_client');
        assert.match(r.headers.get('www-authenticate') ?? '', /^Basic/, path);
      }
      const body = await oauthPost(server, path, form, { client: { id: client.id, secret: other.secret }, basic: false });
      assert.equal(body.status, 401, path);
      assert.equal(body.json.error, 'invalid_client');
      const missing = await oauthPost(server, path, form, { client: { id: client.id }, basic: false });
      assert.equal(missing.status, 401, `${path} no secret: ${missing.text}`);
      assert.equal(missing.json.error, 'invalid_client');
      const unknown = await oauthPost(server, path, form, { client: { id: '00000000-0000-4000-8000-000000000000', secret: client.secret } });
      assert.equal(unknown.status, 401, path);
    }
  });

  test('rotating the secret: the old one is refused at once', async () => {
    const { user, client } = await setup({ grant_types: ['client_credentials'], scopes: ['read'] });
    assert.equal((await oauthPost(server, '/oauth/token', { grant_type: 'client_credentials' }, { client })).status, 200);
    const rot = await server.request('POST', `/oauth/clients/${client.id}/actions/rotate-credentials`, { token: user.token });
    assert.equal(rot.status, 200, rot.text);
    const old = await oauthPost(server, '/oauth/token', { grant_type: 'client_credentials' }, { client });
    assert.equal(old.status, 401);
    assert.equal(old.json.error, 'invalid_client');
    const fresh = await oauthPost(server, '/oauth/token', { grant_type: 'client_credentials' }, { client: { id: client.id, secret: rot.json.secret } });
    assert.equal(fresh.status, 200, fresh.text);
  });
});

describe('S45 introspection', () => {
  test('no client authentication: 401', async () => {
    const { browser, client } = await setup();
    const t = await tokensFor(server, browser, client);
    const r = await oauthPost(server, '/oauth/introspect', { token: t.access_token });
    assert.equal(r.status, 401, r.text);
    assert.equal(r.json.active, undefined);
    const bearer = await oauthPost(server, '/oauth/introspect', { token: t.access_token }, { headers: { Authorization: `Bearer ${t.access_token}` } });
    assert.equal(bearer.status, 401);
  });

  test("another client's token, a revoked or a garbage token: exactly {\"active\":false}", async () => {
    const { user, browser, client, other } = await setup();
    const t = await tokensFor(server, browser, client);
    for (const token of [t.access_token, t.refresh_token]) {
      const r = await oauthPost(server, '/oauth/introspect', { token }, { client: other });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { active: false });
    }
    for (const token of ['garbage', '', user.token, wellFormedToken('lko_')]) {
      const r = await oauthPost(server, '/oauth/introspect', { token }, { client });
      assert.equal(r.status, 200, token);
      assert.deepEqual(r.json, { active: false }, token);
    }
    assert.equal((await oauthPost(server, '/oauth/revoke', { token: t.access_token }, { client })).status, 200);
    const revoked = await oauthPost(server, '/oauth/introspect', { token: t.access_token }, { client });
    assert.deepEqual(revoked.json, { active: false });
  });

  test('an active token: active, scope, client_id, sub, exp, iat, iss, token_type; no-store', async () => {
    const { user, browser, client } = await setup();
    const t = await tokensFor(server, browser, client, { scope: 'identity read' });
    const r = await oauthPost(server, '/oauth/introspect', { token: t.access_token }, { client });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.active, true);
    assert.equal(r.json.scope, 'identity read');
    assert.equal(r.json.client_id, client.id);
    assert.equal(r.json.sub, user.account.id);
    assert.equal(r.json.iss, server.url);
    assert.equal(r.json.token_type, 'Bearer');
    assert.ok(Number.isInteger(r.json.exp) && Number.isInteger(r.json.iat) && r.json.exp > r.json.iat);
    assert.ok(r.json.exp > Date.now() / 1000);
    assert.match(r.headers.get('cache-control') ?? '', /no-store/);
  });
});

describe('S46 metadata', () => {
  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
    test(`${path} tells the truth`, async () => {
      const r = await server.request('GET', path, { accept: null });
      assert.equal(r.status, 200);
      const m = r.json;
      assert.equal(m.issuer, server.url);
      assert.ok(!m.issuer.endsWith('/') && !/[?#]/.test(m.issuer));
      assert.deepEqual(m.code_challenge_methods_supported, ['S256']);
      assert.deepEqual(m.response_types_supported, ['code']);
      const allowed = ['authorization_code', 'refresh_token', DEVICE_GRANT, 'client_credentials'];
      for (const g of m.grant_types_supported) assert.ok(allowed.includes(g), g);
      assert.ok(!m.grant_types_supported.includes('implicit') && !m.grant_types_supported.includes('password'));
      assert.equal(m.authorization_response_iss_parameter_supported, true);
      for (const k of ['authorization_endpoint', 'token_endpoint', 'revocation_endpoint', 'introspection_endpoint',
        'device_authorization_endpoint', 'jwks_uri', 'userinfo_endpoint']) {
        assert.ok(m[k]?.startsWith(m.issuer + '/'), k);
      }
      // Reachable: the POST endpoints answer OAuth JSON (not 404), the GET ones 200.
      for (const k of ['token_endpoint', 'revocation_endpoint', 'introspection_endpoint', 'device_authorization_endpoint']) {
        const res = await fetch(m[k], { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
        assert.ok([400, 401].includes(res.status), `${k} ${res.status}`);
        assert.ok((await res.json()).error, k);
      }
      assert.equal((await fetch(m.jwks_uri)).status, 200);
      const authz = await fetch(m.authorization_endpoint, { redirect: 'manual' });
      assert.equal(authz.status, 400, 'the authorization endpoint exists (no client_id: error page)');
      assert.ok(m.id_token_signing_alg_values_supported.every((a) => a !== 'none'));
    });
  }
});

describe('client_credentials, the Heroku form variant, RFC 7009 revocation, userinfo', () => {
  test("client_credentials acts as the owner with the client's scopes only", async () => {
    const { user, client } = await setup({ grant_types: ['client_credentials'], scopes: ['read'] });
    const r = await oauthPost(server, '/oauth/token', { grant_type: 'client_credentials' }, { client });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.scope, 'read');
    assert.equal(r.json.refresh_token, undefined);
    const me = await server.request('GET', '/account', { token: r.json.access_token });
    assert.equal(me.status, 200);
    assert.equal(me.json.id, user.account.id);
    const globalOnly = await server.request('GET', '/oauth/authorizations', { token: r.json.access_token });
    assert.equal(globalOnly.status, 403);
    const wider = await oauthPost(server, '/oauth/token', { grant_type: 'client_credentials', scope: 'global' }, { client });
    assert.equal(wider.status, 400);
    assert.equal(wider.json.error, 'invalid_scope');
    const withBody = await oauthPost(server, '/oauth/token', { grant_type: 'client_credentials', scope: 'read' }, { client, basic: false });
    assert.equal(withBody.status, 200, withBody.text);
    // A public client cannot be registered for it.
    const pub = await server.request('POST', '/oauth/clients', { token: user.token,
      body: { name: 'p', redirect_uri: REDIRECT, public: true, grant_types: ['client_credentials'] } });
    assert.equal(pub.status, 422);
  });

  test('Heroku variant: client_secret without client_id on the authorization_code grant', async () => {
    const { browser, client } = await setup();
    const code = await getCode(browser, client, { redirect_uri: undefined, code_challenge: undefined, code_challenge_method: undefined, scope: 'global' });
    const r = await oauthPost(server, '/oauth/token', { grant_type: 'authorization_code', code, client_secret: client.secret });
    assert.equal(r.status, 200, r.text);
    assert.equal(await accountStatus(server, r.json.access_token), 200);
    // ...but not with another client's secret.
    const other = await registerClient(server, await userWithToken(server));
    const code2 = await getCode(browser, client, { redirect_uri: undefined, code_challenge: undefined, code_challenge_method: undefined, scope: 'global' });
    const bad = await oauthPost(server, '/oauth/token', { grant_type: 'authorization_code', code: code2, client_secret: other.secret });
    assert.equal(bad.status, 401, bad.text);
  });

  test("RFC 7009: revoking one's own token kills it; another client's token stays alive", async () => {
    const { browser, client, other } = await setup();
    const t = await tokensFor(server, browser, client);
    const foreign = await oauthPost(server, '/oauth/revoke', { token: t.access_token }, { client: other });
    assert.equal(foreign.status, 200);
    const foreignRt = await oauthPost(server, '/oauth/revoke', { token: t.refresh_token, token_type_hint: 'refresh_token' }, { client: other });
    assert.equal(foreignRt.status, 200);
    assert.equal(await accountStatus(server, t.access_token), 200, "another client's revoke did nothing");
    const own = await oauthPost(server, '/oauth/revoke', { token: t.access_token }, { client });
    assert.equal(own.status, 200);
    assert.equal(await accountStatus(server, t.access_token), 401);
    assertInvalidGrant(await refresh(server, client, t.refresh_token), 'the grant is gone');
    // Revoking a refresh token ends the family; garbage is 200 too.
    const t2 = await tokensFor(server, browser, client);
    assert.equal((await oauthPost(server, '/oauth/revoke', { token: t2.refresh_token }, { client })).status, 200);
    assert.equal(await accountStatus(server, t2.access_token), 401);
    assert.equal((await oauthPost(server, '/oauth/revoke', { token: 'garbage' }, { client })).status, 200);
  });

  test('userinfo needs a token with the openid scope', async () => {
    const { user, browser, client } = await setup();
    const plain = await tokensFor(server, browser, client, { scope: 'identity' });
    let r = await fetch(server.url + '/oauth/userinfo', { headers: { Authorization: `Bearer ${plain.access_token}` } });
    assert.equal(r.status, 403);
    assert.match(r.headers.get('www-authenticate'), /insufficient_scope/);
    r = await fetch(server.url + '/oauth/userinfo');
    assert.equal(r.status, 401);
    assert.match(r.headers.get('www-authenticate'), /^Bearer/);
    const oidc = await tokensFor(server, browser, client, { scope: 'openid email' });
    r = await fetch(server.url + '/oauth/userinfo', { headers: { Authorization: `Bearer ${oidc.access_token}` } });
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body.sub, user.account.id);
    assert.equal(body.email, user.email);
  });
});

// An off-the-shelf relying party against latchkeyd: panva's `openid-client`
// (pinned in e2e/package.json), the certified OpenID RP library for Node. It
// does its own discovery, PKCE, state/nonce/iss checks, ID token validation
// (iss, aud, exp, iat, nonce; signature against /oauth/jwks via
// enableNonRepudiationChecks) and RFC 7009 / RFC 7662 / RFC 8628 calls, so a
// server that drifts from the specs fails here even where our own tests agree
// with our own reading of them. The consent and device pages are approved by
// the scripted Browser; the client's callback is never served, the RP reads
// the authorization response from the Location header.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, userWithToken, FAST } from '../tests/integration/lib/server.mjs';
import { Browser, field } from '../tests/integration/lib/browser.mjs';

const OPENID_CLIENT = join(import.meta.dirname, 'node_modules/openid-client/package.json');
const CALLBACK = 'https://rp.example/cb';
const SCOPE = 'openid email identity';

let client; // the openid-client module, imported once installed
let server;
let user;
let browser;
let rp; // { id, secret } of the confidential code-flow client
let config; // openid-client Configuration for it (client_secret_basic)

// Plain http on loopback: the library is https-only unless told otherwise.
function discover(clientId, metadata, auth, extra = []) {
  return client.discovery(new URL(server.url), clientId, metadata, auth, {
    execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks, ...extra],
  });
}

async function registerClient(body) {
  const r = await server.request('POST', '/oauth/clients', { token: user.token, body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// Runs the browser half of the code flow: authorize URL → consent → approve.
// Returns the URL the server redirected the user agent to (the callback).
// Consent is remembered per client and scope set, so after the first
// approval the server may redirect at once; `consent: true` insists on the page.
async function approveConsent(authorizeUrl, { consent = false } = {}) {
  assert.ok(authorizeUrl.href.startsWith(server.url + '/oauth/authorize?'), authorizeUrl.href);
  const page = await browser.get(authorizeUrl.href);
  let res = page;
  if (page.status === 200) {
    res = await browser.post('/oauth/authorize', {
      csrf: field(page.text, 'csrf'),
      request_id: field(page.text, 'request_id'),
      decision: 'approve',
    });
  } else {
    assert.ok(!consent, `expected the consent page, got ${page.status} ${page.location ?? ''}`);
  }
  assert.ok(res.status === 302 || res.status === 303, `authorize: ${res.status}`);
  assert.ok(res.location.startsWith(CALLBACK + '?'), res.location);
  return new URL(res.location);
}

// One full authorization code + PKCE flow through the library.
async function codeFlow(cfg = config, { consent = false } = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: CALLBACK,
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const callback = await approveConsent(url, { consent });
  const tokens = await client.authorizationCodeGrant(cfg, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  return { tokens, nonce, callback };
}

// A token endpoint response with `id_token`'s signature bytes altered.
function tamperingFetch(url, options) {
  return fetch(url, options).then(async (res) => {
    if (!new URL(url).pathname.endsWith('/oauth/token') || !res.ok) return res;
    const body = await res.json();
    if (body.id_token) {
      const [h, p, s] = body.id_token.split('.');
      const sig = Buffer.from(s, 'base64url');
      sig[sig.length - 1] ^= 1;
      body.id_token = [h, p, sig.toString('base64url')].join('.');
    }
    return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
  });
}

before(async () => {
  assert.ok(existsSync(OPENID_CLIENT), 'e2e/node_modules lacks openid-client: run `cd e2e && npm ci`');
  client = await import('openid-client');
  server = await startServer({ sets: [...FAST, 'tokens.device_poll_interval_s=1'] });
  user = await userWithToken(server);
  browser = new Browser(server);
  await browser.signIn(user.email, user.password);
  rp = await registerClient({ name: 'openid-client RP', redirect_uri: CALLBACK });
  config = await discover(rp.id, rp.secret, client.ClientSecretBasic(rp.secret));
});

after(async () => {
  await server?.cleanup();
});

describe('openid-client as a relying party', () => {
  let first; // tokens from the first code flow

  test('discovery: issuer and endpoints the library accepts', () => {
    const m = config.serverMetadata();
    assert.equal(m.issuer, server.url);
    for (const [k, path] of [
      ['authorization_endpoint', '/oauth/authorize'],
      ['token_endpoint', '/oauth/token'],
      ['jwks_uri', '/oauth/jwks'],
      ['userinfo_endpoint', '/oauth/userinfo'],
      ['revocation_endpoint', '/oauth/revoke'],
      ['introspection_endpoint', '/oauth/introspect'],
      ['device_authorization_endpoint', '/oauth/device_authorization'],
    ]) assert.equal(m[k], server.url + path, k);
    assert.ok(m.supportsPKCE('S256'));
    assert.equal(m.authorization_response_iss_parameter_supported, true);
  });

  test('authorization code + PKCE with consent; the ID token is validated by the library', async () => {
    const { tokens, nonce, callback } = await codeFlow(config, { consent: true });
    first = tokens;
    // The library checked iss in the response (RFC 9207) against the issuer.
    assert.equal(callback.searchParams.get('iss'), server.url);
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.ok(tokens.access_token);
    assert.ok(tokens.refresh_token);
    assert.ok(tokens.expiresIn() > 0);
    // claims() is the ID token after the library's checks (signature via
    // JWKS, iss, aud, exp/iat, nonce); we restate the ones the user sees.
    const claims = tokens.claims();
    assert.equal(claims.iss, server.url);
    assert.equal(claims.sub, user.account.id);
    assert.ok(claims.aud === rp.id || (Array.isArray(claims.aud) && claims.aud.includes(rp.id)), String(claims.aud));
    assert.equal(claims.nonce, nonce);
    assert.ok(claims.exp > claims.iat);
  });

  test('a wrong nonce, a reused code and a forged ID token signature are all refused', async () => {
    // Wrong nonce: the library rejects the ID token.
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK, scope: SCOPE, state, nonce: 'the-real-nonce',
      code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const callback = await approveConsent(url);
    await assert.rejects(
      client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier, expectedState: state, expectedNonce: 'another-nonce',
      }),
      (err) => /"nonce"/.test(err.cause?.message),
    );
    // The code was redeemed by that attempt (the server issued tokens); a second redemption is invalid_grant.
    await assert.rejects(
      client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state }),
      (err) => err.error === 'invalid_grant',
    );
    // A forged signature: the same flow through a fetch that flips one bit of the ID token's signature.
    const forged = await discover(rp.id, rp.secret, client.ClientSecretBasic(rp.secret));
    forged[client.customFetch] = tamperingFetch;
    await assert.rejects(codeFlow(forged), (err) => /signature verification failed/.test(err.cause?.message));
  });

  test('userinfo returns the subject of the ID token', async () => {
    const info = await client.fetchUserInfo(config, first.access_token, first.claims().sub);
    assert.equal(info.sub, user.account.id);
    assert.equal(info.email, user.email);
  });

  test('introspection with the client credentials', async () => {
    const active = await client.tokenIntrospection(config, first.access_token);
    assert.equal(active.active, true);
    assert.equal(active.client_id, rp.id);
    assert.equal(active.sub, user.account.id);
    assert.ok(active.scope.split(' ').includes('openid'), active.scope);
    assert.ok(active.exp > Date.now() / 1000);
    const rt = await client.tokenIntrospection(config, first.refresh_token, { token_type_hint: 'refresh_token' });
    assert.equal(rt.active, true);
    const junk = await client.tokenIntrospection(config, 'not-a-token');
    assert.deepEqual(junk, { active: false });
    const wrong = await discover(rp.id, rp.secret, client.ClientSecretBasic('lkc_wrong'));
    // With a wrong secret the server answers 401 with a Basic challenge (RFC 6749 §5.2), which
    // the library surfaces as a WWW-Authenticate challenge error.
    await assert.rejects(client.tokenIntrospection(wrong, first.access_token), (err) =>
      err.status === 401 && err.cause?.[0]?.scheme === 'basic');
  });

  test('refresh rotates; the old refresh token is then refused', async () => {
    const old = first.refresh_token;
    const next = await client.refreshTokenGrant(config, old);
    assert.ok(next.access_token);
    assert.notEqual(next.access_token, first.access_token);
    assert.ok(next.refresh_token);
    assert.notEqual(next.refresh_token, old);
    if (next.id_token) assert.equal(next.claims().sub, user.account.id);
    // The new access token works at userinfo.
    const info = await client.fetchUserInfo(config, next.access_token, user.account.id);
    assert.equal(info.sub, user.account.id);
    // Reusing the rotated-out token is refused (and revokes the family: RFC 9700 §4.14.2).
    await assert.rejects(client.refreshTokenGrant(config, old), (err) => err.error === 'invalid_grant');
    const after = await client.tokenIntrospection(config, next.access_token);
    assert.equal(after.active, false, 'reuse of a rotated refresh token revokes the family');
  });

  test('revocation (RFC 7009) ends the access token and its refresh token', async () => {
    const { tokens } = await codeFlow();
    assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, true);
    await client.tokenRevocation(config, tokens.access_token, { token_type_hint: 'access_token' });
    assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, false);
    await assert.rejects(client.fetchUserInfo(config, tokens.access_token, user.account.id), (err) => err.status === 401);
    await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token), (err) => err.error === 'invalid_grant');
    // Revoking by refresh token works too, and an unknown token is a 200 no-op.
    const second = await codeFlow();
    await client.tokenRevocation(config, second.tokens.refresh_token, { token_type_hint: 'refresh_token' });
    assert.equal((await client.tokenIntrospection(config, second.tokens.access_token)).active, false);
    await client.tokenRevocation(config, 'lka_unknown');
  });

  test('device authorization grant (RFC 8628) with a public client, approved on /device', async () => {
    const device = await registerClient({
      name: 'openid-client device', redirect_uri: 'http://127.0.0.1/cb', public: true,
      grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
    });
    assert.equal(device.secret ?? null, null, 'a public client has no secret');
    const dcfg = await discover(device.id, undefined, client.None());
    const start = await client.initiateDeviceAuthorization(dcfg, { scope: SCOPE });
    assert.match(start.user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-?[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.ok(start.verification_uri.startsWith(server.url + '/device'), start.verification_uri);
    // Poll first (authorization_pending while the user decides), approve, then the grant completes.
    const polled = client.pollDeviceAuthorizationGrant(dcfg, start, undefined, { signal: AbortSignal.timeout(30000) });
    let page = await browser.get(start.verification_uri_complete ?? `/device?user_code=${start.user_code}`);
    assert.equal(page.status, 200);
    page = await browser.post('/device', { csrf: field(page.text, 'csrf'), user_code: start.user_code });
    assert.equal(page.status, 200);
    const decided = await browser.post('/device/decision', {
      csrf: field(page.text, 'csrf'), request_id: field(page.text, 'request_id'), decision: 'approve',
    });
    assert.ok(decided.status < 400, `device decision: ${decided.status}`);
    const tokens = await polled;
    assert.ok(tokens.access_token);
    if (tokens.id_token) {
      assert.equal(tokens.claims().sub, user.account.id);
      assert.equal(tokens.claims().aud, device.id);
    }
    const info = await client.fetchUserInfo(dcfg, tokens.access_token, user.account.id);
    assert.equal(info.sub, user.account.id);
    // A device code is single-use.
    await assert.rejects(client.pollDeviceAuthorizationGrant(dcfg, start), (err) => ['invalid_grant', 'expired_token'].includes(err.error));
  });
});

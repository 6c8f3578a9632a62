// The authorization endpoint, driven by a scripted browser (security checklist
// S25, S37–S39, S41, S47): exact redirect_uri matching with an error page and
// never a redirect on mismatch, no open redirects, PKCE (S256 only, downgrade
// blocked, verifier checked), state and iss round-trips, the ID token, consent
// CSRF bound to the session and the request, and remembered/withdrawn consent.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { startServer, userWithToken } from './lib/server.mjs';
import { Browser, field } from './lib/browser.mjs';
import {
  CHALLENGE, VERIFIER, REDIRECT, registerClient, signedIn, authorizeQuery, authorize, getCode,
  redeem, refresh, tokensFor, accountStatus,
} from './lib/oauth.mjs';

let server;
let issuer;
before(async () => {
  server = await startServer();
  issuer = (await server.request('GET', '/.well-known/oauth-authorization-server', { accept: null })).json.issuer;
});
after(async () => { await server?.cleanup(); });

const s256 = (v) => createHash('sha256').update(v).digest('base64url');

function codesFor(clientId) {
  const r = spawnSync('sqlite3', [join(server.dataDir, 'latchkey.db'),
    `SELECT count(*) FROM oauth_codes WHERE client_id = '${clientId}'`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

// An HTML error page: 400, no Location, no code anywhere.
function assertErrorPage(res, what) {
  assert.equal(res.status, 400, `${what}: ${res.status} ${res.location}`);
  assert.equal(res.location, null, what);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/, what);
  assert.ok(!/[?&]code=/.test(res.text), what);
}

describe('S37 redirect_uri matches the registered string exactly', () => {
  test('every near miss is a 400 error page with no Location and no code, signed in with consent given', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    await getCode(browser, client);  // consent recorded: an exact match now redirects at once
    const before = codesFor(client.id);
    const variants = [
      `${REDIRECT}/x`, `${REDIRECT}/`, `${REDIRECT}?x=1`, `${REDIRECT}#f`, 'https://app.example/CB',
      'https://APP.example/cb', 'https://app.example:443/cb', 'http://app.example/cb',
      'https://app.example.evil.com/cb', 'https://app.example@evil.com/cb', 'https://app.example%2F@evil.com/cb',
      'https://app.example/cb/../evil', 'https:app.example/cb', '//evil.com/cb', `${REDIRECT}\u0000`, `${REDIRECT} `,
      `${REDIRECT}%00`, ' https://app.example/cb', 'https://app.example/c%62', '',
    ];
    for (const uri of variants) {
      const res = await browser.get('/oauth/authorize?' + authorizeQuery(client, { redirect_uri: uri }));
      assertErrorPage(res, JSON.stringify(uri));
    }
    // Anonymous too: the check comes before the sign-in redirect.
    const anon = await new Browser(server).get('/oauth/authorize?' + authorizeQuery(client, { redirect_uri: `${REDIRECT}/x` }));
    assertErrorPage(anon, 'anonymous');
    assert.equal(codesFor(client.id), before, 'no code was minted');
    // Only the exact string redirects, to exactly it.
    const { res, url } = await authorize(browser, client);
    assert.ok([302, 303].includes(res.status), `${res.status}`);
    assert.equal(url.origin + url.pathname, REDIRECT);
    assert.ok(res.location.startsWith(REDIRECT + '?'), res.location);
    assert.ok(url.searchParams.get('code'));
    assert.equal(codesFor(client.id), before + 1);
  });

  test('a loopback native client (http://127.0.0.1/cb) may use any port; nothing else varies', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user, { name: 'CLI', redirect_uri: 'http://127.0.0.1/cb', public: true });
    for (const port of [1024, 49152, 65535]) {
      const uri = `http://127.0.0.1:${port}/cb`;
      const { res, url } = await authorize(browser, client, { redirect_uri: uri });
      assert.ok([302, 303].includes(res.status), `${uri}: ${res.status} ${res.text.slice(0, 200)}`);
      assert.ok(res.location.startsWith(uri + '?'), res.location);
      const code = url.searchParams.get('code');
      const t = await redeem(server, client, code, { redirect_uri: uri });
      assert.equal(t.status, 200, t.text);
    }
    // The registered string itself (no port) works as well.
    const plain = await authorize(browser, client, { redirect_uri: 'http://127.0.0.1/cb' });
    assert.ok(plain.res.location.startsWith('http://127.0.0.1/cb?'), plain.res.location);
    for (const uri of ['http://127.0.0.1:8080/cb/', 'http://127.0.0.1:8080/cb2', 'http://127.0.0.1:8080/CB',
      'http://127.0.0.1:8080/cb?x=1', 'http://localhost:8080/cb', 'http://[::1]:8080/cb', 'https://127.0.0.1:8080/cb',
      'http://127.0.0.1:0/cb', 'http://127.0.0.1:65536/cb', 'http://127.0.0.1:08080/cb', 'http://127.0.0.1:/cb',
      'http://127.0.0.1:8080@evil.com/cb', 'http://127.0.0.1.evil.com/cb', 'http://127.0.0.2:8080/cb']) {
      const res = await browser.get('/oauth/authorize?' + authorizeQuery(client, { redirect_uri: uri }));
      assertErrorPage(res, uri);
    }
  });

  test('registering an http: URI on a non-loopback host is refused (422)', async () => {
    const u = await userWithToken(server);
    for (const uri of ['http://app.example/cb', 'http://10.0.0.1/cb', 'http://127.0.0.1.nip.io/cb']) {
      const r = await server.request('POST', '/oauth/clients', { token: u.token, body: { name: 'x', redirect_uri: uri } });
      assert.equal(r.status, 422, uri);
    }
  });
});

describe('S38 the authorization server is not an open redirector', () => {
  test('an unknown client_id is an error page whatever the redirect_uri', async () => {
    const { browser } = await signedIn(server);
    for (const client_id of ['00000000-0000-4000-8000-000000000000', 'nope', 'x'.repeat(65)]) {
      const res = await browser.get('/oauth/authorize?' + authorizeQuery({ id: client_id }, { redirect_uri: 'https://evil.example/cb' }));
      assertErrorPage(res, client_id);
    }
    const missing = await browser.get('/oauth/authorize?' + authorizeQuery({ id: undefined }, { redirect_uri: 'https://evil.example/cb' }));
    assertErrorPage(missing, 'no client_id');
  });

  test('response_type=token or a bad scope: sign in first, then error= and iss= to the exact URI', async () => {
    const u = await userWithToken(server);
    const client = await registerClient(server, u, { scopes: ['read', 'identity'] });
    const anon = new Browser(server);
    for (const extra of [{ response_type: 'token' }, { scope: 'bogus' }, { scope: 'global' }, { response_type: undefined }]) {
      const first = await anon.get('/oauth/authorize?' + authorizeQuery(client, extra));
      assert.equal(first.status, 303, JSON.stringify(extra));
      assert.ok(first.location.startsWith('/login?'), `signed-out user goes to sign in first: ${first.location}`);
    }
    await anon.signIn(u.email, u.password);
    const cases = [[{ response_type: 'token' }, 'unsupported_response_type'], [{ scope: 'bogus' }, 'invalid_scope'],
      [{ scope: 'global' }, 'invalid_scope'], [{ response_type: undefined }, 'invalid_request']];
    for (const [extra, error] of cases) {
      const { res, url } = await authorize(anon, client, { ...extra, state: 's-9' });
      assert.ok([302, 303].includes(res.status), `${JSON.stringify(extra)} ${res.status}`);
      assert.ok(res.location.startsWith(REDIRECT + '?'), res.location);
      assert.equal(url.searchParams.get('error'), error);
      assert.equal(url.searchParams.get('iss'), issuer);
      assert.equal(url.searchParams.get('state'), 's-9');
      assert.equal(url.searchParams.get('code'), null);
    }
  });

  test('/login?next= only honours relative same-origin paths', async () => {
    const u = await userWithToken(server);
    const evil = ['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'https:evil.example',
      '/%2F%2Fevil.example', ' //evil.example', 'javascript:alert(1)', '/\t/evil.example'];
    const offSite = (loc) => !loc.startsWith('/') || loc.startsWith('//') || loc.startsWith('/\\');
    for (const next of evil) {
      const b = new Browser(server);
      const page = await b.get('/login?next=' + encodeURIComponent(next));
      assert.equal(page.status, 200);
      const res = await b.post('/login', { csrf: field(page.text, 'csrf'), next, email: u.email, password: u.password });
      assert.equal(res.status, 303, next);
      assert.ok(!offSite(res.location), `${JSON.stringify(next)} → ${res.location}`);
      // Signed in, GET /login?next= redirects at once: same rule.
      const again = await b.get('/login?next=' + encodeURIComponent(next));
      assert.equal(again.status, 303);
      assert.ok(!offSite(again.location), `${JSON.stringify(next)} → ${again.location}`);
    }
    const b = new Browser(server);
    const res = await b.signIn(u.email, u.password, { next: '/device?user_code=ABCD-EFGH' });
    assert.equal(res.location, '/device?user_code=ABCD-EFGH', 'a relative path is honoured');
  });
});

describe('S39 PKCE', () => {
  test('a public client without code_challenge gets error=invalid_request', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user, { redirect_uri: 'http://127.0.0.1/cb', public: true });
    const { url } = await authorize(browser, client, { code_challenge: undefined, code_challenge_method: undefined });
    assert.equal(url?.searchParams.get('error'), 'invalid_request');
    assert.equal(url.searchParams.get('code'), null);
    assert.equal(url.origin + url.pathname, 'http://127.0.0.1/cb');
  });

  test('code_challenge_method=plain (or anything but S256) is invalid_request', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    for (const method of ['plain', 's256', 'S512', '']) {
      const { url } = await authorize(browser, client, { code_challenge: method === 'plain' ? VERIFIER : CHALLENGE, code_challenge_method: method });
      assert.equal(url?.searchParams.get('error'), 'invalid_request', method);
      assert.equal(url.searchParams.get('code'), null);
    }
    // A malformed challenge too.
    for (const challenge of ['short', CHALLENGE + 'A', CHALLENGE.slice(0, 42) + '+']) {
      const { url } = await authorize(browser, client, { code_challenge: challenge });
      assert.equal(url?.searchParams.get('error'), 'invalid_request', challenge);
    }
  });

  test('the RFC 7636 vector works; a missing method means S256 (documented choice)', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user, { redirect_uri: 'http://127.0.0.1/cb', public: true });
    let code = await getCode(browser, client);
    let t = await redeem(server, client, code);
    assert.equal(t.status, 200, t.text);
    assert.match(t.json.access_token, /^\S+$/);
    code = await getCode(browser, client, { code_challenge_method: undefined });
    t = await redeem(server, client, code);
    assert.equal(t.status, 200, t.text);
  });

  test('a wrong verifier is 400 invalid_grant and burns the code', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    const code = await getCode(browser, client);
    const wrong = await redeem(server, client, code, { code_verifier: VERIFIER.slice(0, -1) + 'j' });
    assert.equal(wrong.status, 400, wrong.text);
    assert.equal(wrong.json.error, 'invalid_grant');
    const right = await redeem(server, client, code);
    assert.equal(right.status, 400, 'the code is burned');
    assert.equal(right.json.error, 'invalid_grant');
    // No verifier at all is also refused (and burns).
    const code2 = await getCode(browser, client);
    const none = await redeem(server, client, code2, { code_verifier: undefined });
    assert.equal(none.status, 400);
    assert.equal(none.json.error, 'invalid_grant');
    assert.equal((await redeem(server, client, code2)).status, 400);
  });

  test('downgrade: a code issued without a challenge, redeemed with a verifier, is invalid_grant', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    const code = await getCode(browser, client, { code_challenge: undefined, code_challenge_method: undefined });
    const r = await redeem(server, client, code);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error, 'invalid_grant');
    // The same client without a verifier succeeds (confidential, no PKCE): the refusal above is the downgrade.
    const code2 = await getCode(browser, client, { code_challenge: undefined, code_challenge_method: undefined });
    assert.equal((await redeem(server, client, code2, { code_verifier: undefined })).status, 200);
  });

  test('verifiers shorter than 43, longer than 128 or with other characters are 400, even when they hash right', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    for (const bad of ['a'.repeat(42), 'a'.repeat(129), 'a'.repeat(42) + '/', 'a'.repeat(42) + '+', 'a'.repeat(42) + '=',
      'a'.repeat(42) + ' ', 'a'.repeat(42) + 'é']) {
      // The challenge is the S256 of the bad verifier itself: only a format check refuses it.
      const code = await getCode(browser, client, { code_challenge: s256(bad) });
      const r = await redeem(server, client, code, { code_verifier: bad });
      assert.equal(r.status, 400, `${JSON.stringify(bad)}: ${r.text}`);
    }
    // Boundary lengths are accepted.
    for (const ok of ['a'.repeat(43), 'b'.repeat(128), 'A-._~'.repeat(9)]) {
      const code = await getCode(browser, client, { code_challenge: s256(ok) });
      const r = await redeem(server, client, code, { code_verifier: ok });
      assert.equal(r.status, 200, `${ok.length}: ${r.text}`);
    }
  });
});

describe('S41 state, iss and the ID token', () => {
  test('state round-trips byte for byte, with iss = the metadata issuer', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    const raw = authorizeQuery(client, { state: undefined }) + '&state=%F0%9F%94%91%20a+b';
    for (let round = 0; round < 2; round++) {  // through consent, then remembered consent
      const { res, url, consent } = await authorize(browser, client, {}, { rawQuery: raw });
      assert.equal(!!consent, round === 0);
      assert.ok(res.location.startsWith(REDIRECT + '?'), res.location);
      assert.equal(url.searchParams.get('state'), '\u{1F511} a b');
      assert.equal(url.searchParams.get('iss'), issuer);
      assert.ok(url.searchParams.get('code'));
    }
    // No state sent: none returned.
    const { url } = await authorize(browser, client, { state: undefined });
    assert.equal(url.searchParams.has('state'), false);
    assert.equal(url.searchParams.get('iss'), issuer);
  });

  test('ID token: nonce, aud, iss, exp > iat, ES256 signature verifiable with the jwks key', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    const t = await tokensFor(server, browser, client, { scope: 'openid email', nonce: 'n-0S6_WzA2Mj' });
    assert.ok(t.id_token, JSON.stringify(t));
    const [h, p, sig] = t.id_token.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url'));
    const claims = JSON.parse(Buffer.from(p, 'base64url'));
    assert.equal(header.alg, 'ES256');
    assert.ok(header.kid);
    assert.equal(claims.nonce, 'n-0S6_WzA2Mj');
    assert.equal(claims.aud, client.id);
    assert.equal(claims.iss, issuer);
    assert.equal(claims.sub, user.account.id);
    assert.ok(Number.isInteger(claims.exp) && Number.isInteger(claims.iat) && claims.exp > claims.iat);
    assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 60);
    assert.equal(claims.email, user.email);
    const meta = (await server.request('GET', '/.well-known/openid-configuration', { accept: null })).json;
    const jwks = await (await fetch(meta.jwks_uri)).json();
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    assert.ok(jwk, 'kid is in jwks_uri');
    assert.equal(jwk.d, undefined, 'no private part published');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const input = Buffer.from(`${h}.${p}`);
    assert.equal(verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url')), true);
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    assert.equal(verify('sha256', Buffer.from(`${h}.${forged}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url')), false);
    // Without a nonce the flow still succeeds and the token carries none.
    const t2 = await tokensFor(server, browser, client, { scope: 'openid' });
    const c2 = JSON.parse(Buffer.from(t2.id_token.split('.')[1], 'base64url'));
    assert.equal(c2.nonce, undefined);
    assert.equal(c2.email, undefined, 'no email claim without the email scope');
    // No openid scope, no ID token.
    const t3 = await tokensFor(server, browser, client, { scope: 'identity' });
    assert.equal(t3.id_token, undefined);
  });
});

describe('S25 consent: CSRF bound to session and request, no bypass, deny', () => {
  test("the attacker's csrf and request id, posted with the victim's cookies, are refused (403)", async () => {
    const attacker = await signedIn(server);
    const victim = await signedIn(server);
    const client = await registerClient(server, attacker.user);
    const attackerPage = await attacker.browser.get('/oauth/authorize?' + authorizeQuery(client));
    assert.equal(attackerPage.status, 200);
    const forged = { csrf: field(attackerPage.text, 'csrf'), request_id: field(attackerPage.text, 'request_id'), decision: 'approve' };
    const r = await victim.browser.post('/oauth/authorize', forged);
    assert.equal(r.status, 403);
    assert.equal(r.location, null);
    // The victim's own token for one request does not approve another request.
    const victimPage = await victim.browser.get('/oauth/authorize?' + authorizeQuery(client, { state: 'mine' }));
    const swapped = await victim.browser.post('/oauth/authorize', {
      csrf: field(victimPage.text, 'csrf'), request_id: authorizeQuery(client, { state: 'other', scope: 'global' }), decision: 'approve',
    });
    assert.equal(swapped.status, 403);
    // No token at all; a cross-site POST with the right token.
    assert.equal((await victim.browser.post('/oauth/authorize', { request_id: field(victimPage.text, 'request_id'), decision: 'approve' })).status, 403);
    const cross = await victim.browser.post('/oauth/authorize', {
      csrf: field(victimPage.text, 'csrf'), request_id: field(victimPage.text, 'request_id'), decision: 'approve',
    }, { Origin: 'https://evil.example' });
    assert.equal(cross.status, 403);
    // Nothing was granted: the victim still sees the consent page.
    const still = await victim.browser.get('/oauth/authorize?' + authorizeQuery(client));
    assert.equal(still.status, 200);
    assert.ok(field(still.text, 'request_id'));
    // The genuine approval works.
    const ok = await victim.browser.post('/oauth/authorize', {
      csrf: field(victimPage.text, 'csrf'), request_id: field(victimPage.text, 'request_id'), decision: 'approve',
    });
    assert.equal(ok.status, 303);
    assert.ok(new URL(ok.location).searchParams.get('code'));
  });

  test('prompt / bypass parameters are ignored: the consent page is still shown', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    for (const extra of [{ prompt: 'consent_skipped' }, { bypass_approval_prompt: 'true' }, { prompt: 'none' },
      { approval_prompt: 'auto', skip_consent: '1', trusted: 'true', consent: 'granted' }]) {
      const res = await browser.get('/oauth/authorize?' + authorizeQuery(client, extra));
      assert.equal(res.status, 200, JSON.stringify(extra));
      assert.equal(res.location, null);
      assert.ok(field(res.text, 'request_id'), 'consent form shown');
    }
  });

  test('the consent page names the client, each scope in words and the lifetime; frame-ancestors none, form-action the client origin', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user, { name: 'Acme Deployer' });
    const res = await browser.get('/oauth/authorize?' + authorizeQuery(client, { scope: 'read write' }));
    assert.equal(res.status, 200);
    assert.match(res.text, /Acme Deployer/);
    assert.match(res.text, /Read your apps/);
    assert.match(res.text, /Change your apps/);
    assert.match(res.text, /Access tokens last \d+ hours|Access lasts/);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /frame-ancestors 'none'/);
    const formAction = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('form-action'));
    assert.ok(formAction.split(' ').includes('https://app.example'), csp);
    assert.ok(!formAction.includes('*'), csp);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  });

  test('deny redirects with error=access_denied to the exact registered URI', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    const { res, url } = await authorize(browser, client, { state: 'd-1' }, { decision: 'deny' });
    assert.equal(res.status, 303);
    assert.ok(res.location.startsWith(REDIRECT + '?'), res.location);
    assert.equal(url.searchParams.get('error'), 'access_denied');
    assert.equal(url.searchParams.get('state'), 'd-1');
    assert.equal(url.searchParams.get('iss'), issuer);
    assert.equal(url.searchParams.get('code'), null);
    // Denying records nothing: the next request asks again.
    const again = await browser.get('/oauth/authorize?' + authorizeQuery(client));
    assert.equal(again.status, 200);
    assert.ok(field(again.text, 'request_id'));
  });
});

describe('S47 consent is remembered and can be withdrawn', () => {
  test('second authorize skips consent; revoking the grant kills its tokens and brings consent back', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user, { name: 'Grant Viewer' });
    const first = await authorize(browser, client);
    assert.ok(first.consent, 'first time: consent page');
    const t = await redeem(server, client, first.url.searchParams.get('code'));
    assert.equal(t.status, 200, t.text);
    const second = await authorize(browser, client);
    assert.equal(second.consent, null, 'remembered');
    assert.ok([302, 303].includes(second.res.status));
    assert.ok(second.url.searchParams.get('code'));
    // A wider scope than consented asks again.
    const wider = await browser.get('/oauth/authorize?' + authorizeQuery(client, { scope: 'identity read' }));
    assert.equal(wider.status, 200);
    assert.ok(field(wider.text, 'request_id'));

    assert.equal(await accountStatus(server, t.json.access_token), 200);
    const list = await server.request('GET', '/oauth/authorizations', { token: user.token });
    assert.equal(list.status, 200);
    const grant = list.json.find((a) => a.description === 'Grant Viewer');
    assert.ok(grant, list.text);
    const del = await server.request('DELETE', `/oauth/authorizations/${grant.id}`, { token: user.token });
    assert.equal(del.status, 200, del.text);
    assert.equal(await accountStatus(server, t.json.access_token), 401);
    const r = await refresh(server, client, t.json.refresh_token);
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'invalid_grant');
    const third = await browser.get('/oauth/authorize?' + authorizeQuery(client));
    assert.equal(third.status, 200, 'consent is asked again');
    assert.ok(field(third.text, 'request_id'));
  });

  test('GET /oauth/authorizations lists the third-party grant with its client', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user, { name: 'Listed App' });
    await tokensFor(server, browser, client, { scope: 'read' });
    const list = await server.request('GET', '/oauth/authorizations', { token: user.token });
    const grant = list.json.find((a) => a.client?.id === client.id);
    assert.ok(grant, `a grant with client.id = ${client.id}: ${list.text}`);
    assert.equal(grant.client.name, 'Listed App');
    assert.deepEqual(grant.scope, ['read']);
  });
});

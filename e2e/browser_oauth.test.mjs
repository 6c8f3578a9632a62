// The server's browser pages in a real Chromium (Debian's `chromium`, driven by
// playwright-core, pinned in package.json): sign-in with a password and then a
// TOTP code, the OAuth consent page (Approve must really land on the client's
// callback — Chrome checks the consent page's CSP form-action against the 303
// that follows the POST, which a scripted fetch browser never does — and Deny
// must bring back error=access_denied), and device approval through
// verification_uri_complete. Every page is watched for CSP violations and
// script errors: a page that works in fetch() but that Chrome refuses fails here.
//
// The client's redirect_uri is a loopback registration (http://127.0.0.1/cb,
// any port) and its callback a small HTTP server of the test on 127.0.0.1.
// Skipped only when /usr/bin/chromium is absent (scripts/install-deps installs it).
import { test, describe, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { pageWaits } from './lib/page.mjs';
import { startServer, userWithToken, enrolMfa } from '../tests/integration/lib/server.mjs';
import { freshCode } from '../tests/integration/lib/totp.mjs';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false
  : `${CHROMIUM} is absent: install Debian's chromium (scripts/install-deps does) to run the real-browser tests`;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const TEST_TIMEOUT = 90_000;

let server;
let user;
let mfa; // { secret, usedStep }: the last TOTP step used for this account
let issuer;
let client; // { id, secret, name } registered with the loopback redirect_uri
let denied; // a second such client (consent is remembered per client and scope set)
let callback; // { url, hits: [URL] }: the client's redirect endpoint
let browser;
let page;
const problems = []; // CSP violations and script errors seen on any page

// The client's callback: records every request to /cb and answers a plain page.
async function startCallback() {
  const hits = [];
  const http = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/cb') hits.push(url);
    res.writeHead(url.pathname === '/cb' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><title>Client callback</title><h1>Client callback</h1>');
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return { http, url: `http://127.0.0.1:${http.address().port}/cb`, hits };
}

// Records CSP violations (Chrome's console message and the DOM event, which the
// init script turns into a console message) and uncaught script errors.
function watch(p) {
  p.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|securitypolicyviolation|Refused to/i.test(text)) problems.push(`${p.url()}: ${text}`);
  });
  p.on('pageerror', (err) => problems.push(`${p.url()}: script error: ${err.message}`));
}

function assertNoProblems() {
  assert.deepEqual(problems.splice(0), [], 'pages reported CSP violations or script errors');
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

async function registerClient(name) {
  const r = await server.request('POST', '/oauth/clients', {
    token: user.token, body: { name, redirect_uri: 'http://127.0.0.1/cb' },
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

function authorizeUrl(forClient, { state, challenge }) {
  const q = new URLSearchParams({
    response_type: 'code', client_id: forClient.id, redirect_uri: callback.url, scope: 'openid email identity',
    state, nonce: randomBytes(8).toString('hex'), code_challenge: challenge, code_challenge_method: 'S256',
  });
  return `${server.url}/oauth/authorize?${q}`;
}

const { reached, heading } = pageWaits(() => page, () => server.url);

// Waits until the browser is on the client's callback and returns its query.
async function landedOnCallback() {
  try {
    await page.waitForURL((u) => u.href.startsWith(callback.url + '?'), { timeout: 10_000 });
  } catch {
    assert.fail(`the browser never reached the client's callback (it is on ${page.url()}); ` +
      `page problems: ${JSON.stringify(problems)}`);
  }
  const landed = new URL(page.url());
  assert.equal(await page.locator('h1').textContent(), 'Client callback', 'the callback page itself loaded');
  assert.ok(callback.hits.some((h) => h.search === landed.search), 'the client server received the redirect');
  return landed.searchParams;
}

const tokenRequest = (params) => fetch(`${server.url}/oauth/token`, {
  method: 'POST', headers: FORM, body: new URLSearchParams(params),
});

describe('real browser (Chromium): sign-in with MFA, consent, device approval', { skip: SKIP }, () => {
  before(async () => {
    server = await startServer({ mfaRequired: true });
    user = await userWithToken(server);
    mfa = await enrolMfa(server, user);
    callback = await startCallback();
    client = await registerClient('Browser Test App');
    denied = await registerClient('Denied Test App');
    issuer = (await server.request('GET', '/.well-known/openid-configuration', { accept: null })).json.issuer;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    // Runs before any page script (and outside the page's CSP).
    await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`securitypolicyviolation: ${e.effectiveDirective} blocked ${e.blockedURI}`)));
    page = await context.newPage();
    watch(page);
  });

  beforeEach(() => { problems.length = 0; });

  after(async () => {
    await browser?.close();
    callback?.http.close();
    await server?.cleanup();
  });

  test('signs in with the password page, then the TOTP page', { timeout: TEST_TIMEOUT }, async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await reached(/^\/login\/second-factor/);
    await heading('Two-factor authentication');

    // Each step is accepted once per account: enrolment used one.
    const fresh = await freshCode(mfa.secret, mfa.usedStep);
    mfa.usedStep = fresh.step;
    await page.getByLabel('Authentication code').fill(fresh.code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await reached(/^\/$/);
    await heading('Signed in');
    assert.equal(await page.locator('.account-email').textContent(), user.email);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lk_session');
    assert.ok(cookie, 'the lk_session cookie is set');
    assert.equal(cookie.httpOnly, true);
    assertNoProblems();
  });

  test('Approve on the consent page reaches the client callback; the code redeems with PKCE',
    { timeout: TEST_TIMEOUT }, async () => {
      const { verifier, challenge } = pkce();
      const state = randomBytes(12).toString('base64url');
      await page.goto(authorizeUrl(client, { state, challenge }));
      await heading('Authorize Browser Test App');
      await page.getByRole('button', { name: 'Approve' }).click();

      const params = await landedOnCallback();
      assert.equal(params.get('state'), state);
      assert.equal(params.get('iss'), issuer);
      const code = params.get('code');
      assert.ok(code, 'the callback carries a code');

      const res = await tokenRequest({
        grant_type: 'authorization_code', code, redirect_uri: callback.url, code_verifier: verifier,
        client_id: client.id, client_secret: client.secret,
      });
      const tokens = await res.json();
      assert.equal(res.status, 200, JSON.stringify(tokens));
      assert.equal(tokens.token_type, 'Bearer');
      assert.ok(tokens.id_token, 'scope openid returns an ID token');
      const info = await fetch(`${server.url}/oauth/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
      assert.equal(info.status, 200);
      assert.equal((await info.json()).email, user.email);
      assertNoProblems();
    });

  test('Deny on the consent page returns error=access_denied to the callback', { timeout: TEST_TIMEOUT }, async () => {
    const state = randomBytes(12).toString('base64url');
    await page.goto(authorizeUrl(denied, { state, challenge: pkce().challenge }));
    await heading('Authorize Denied Test App');
    await page.getByRole('button', { name: 'Deny' }).click();

    const params = await landedOnCallback();
    assert.equal(params.get('error'), 'access_denied');
    assert.equal(params.get('state'), state);
    assert.equal(params.get('iss'), issuer, 'RFC 9207: iss is in error responses too');
    assert.equal(params.get('code'), null);
    assertNoProblems();
  });

  test('device approval through verification_uri_complete; the device poll then returns tokens',
    { timeout: TEST_TIMEOUT }, async () => {
      const started = await fetch(`${server.url}/oauth/device_authorization`, {
        method: 'POST', headers: FORM, body: new URLSearchParams({ client_id: 'latchkey-cli' }),
      });
      const device = await started.json();
      assert.equal(started.status, 200, JSON.stringify(device));
      const poll = () => tokenRequest({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code, client_id: 'latchkey-cli',
      });
      const pending = await poll();
      const polledAt = Date.now();
      assert.equal(pending.status, 400);
      assert.equal((await pending.json()).error, 'authorization_pending');

      await page.goto(device.verification_uri_complete);
      await heading('Connect a device');
      assert.equal(await page.getByLabel('Code shown on your device').inputValue(), device.user_code);
      await page.getByRole('button', { name: 'Continue' }).click();
      await heading('Approve device sign-in?');
      assert.equal(await page.locator('code.secret').textContent(), device.user_code);
      await page.getByRole('button', { name: 'Approve' }).click();
      await heading('Device connected');

      // RFC 8628 §3.5: wait the interval since the last poll.
      const wait = device.interval * 1000 + 500 - (Date.now() - polledAt);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const done = await poll();
      const tokens = await done.json();
      assert.equal(done.status, 200, JSON.stringify(tokens));
      const account = await server.request('GET', '/account', { token: tokens.access_token });
      assert.equal(account.status, 200);
      assert.equal(account.json.email, user.email);
      assertNoProblems();
    });
});

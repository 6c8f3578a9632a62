// The dashboard in a real Chromium (Debian's `chromium`, driven by playwright-core):
// the seed scenario of a new user, end to end, on a server with the product
// default mfa.required=true:
//   sign up → forced second-factor enrolment (codes computed from the secret the
//   page shows) → create an authorization with a description and a 1-day expiry
//   → copy the token with the Copy button → use it against the API and as the
//   password of `latchkey login -i` and the stock `heroku login -i` → reveal the
//   API key (the re-authentication prompt appears) and regenerate it → revoke
//   the authorization (the token stops working) → register an API client →
//   create an app, add a collaborator and copy its git URL → sign out every
//   other session (the CLI logins stop working).
// Plus: a forged cross-site POST is refused and changes nothing, every page
// carries the security headers, no page reports a CSP violation or script
// error, and secrets are gone after a reload.
//
// Screenshots of the main pages go to $LATCHKEY_SCREENSHOTS (default: a temp
// dir); `LATCHKEY_SCREENSHOTS=docs/screenshots make integration` refreshes the
// committed ones.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { pageWaits } from './lib/page.mjs';
import { startServer, uniqueEmail, PASSWORD, LATCHKEY, FAST, sanitizerEnv } from '../tests/integration/lib/server.mjs';
import { freshCode } from '../tests/integration/lib/totp.mjs';
import { HEROKU, PTY, plain, herokuEnv } from './lib/heroku.mjs';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false
  : `${CHROMIUM} is absent: install Debian's chromium (scripts/install-deps does) to run the real-browser tests`;
const REAUTH_WINDOW_S = 15;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const KEEP_SHOTS = Boolean(process.env.LATCHKEY_SCREENSHOTS);
const SHOTS = resolve(process.env.LATCHKEY_SCREENSHOTS || mkdtempSync(join(tmpdir(), 'latchkey-shots-')));

let server;
let browser;
let context;
let page;
let home; // HOME of the CLIs
let evil; // a page on another origin that posts a form to the server
const problems = [];
const email = uniqueEmail('dash');
let totpSecret;
let usedStep = 0;
let token; // the authorization created in the browser
let authorizationId;

const bearer = (t, path = '/account') => fetch(server.url + path, {
  headers: { Authorization: `Bearer ${t}`, Accept: 'application/vnd.heroku+json; version=3' },
});
const { reached, heading } = pageWaits(() => page, () => server.url);

async function flash(text) {
  await page.locator('.flash', { hasText: text }).waitFor({ timeout: 10_000 });
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// The next TOTP code this account has not used yet (each step works once).
async function nextCode() {
  const fresh = await freshCode(totpSecret, usedStep);
  usedStep = fresh.step;
  return fresh.code;
}

function assertNoProblems() {
  assert.deepEqual(problems.splice(0), [], 'pages reported CSP violations or script errors');
}

async function startEvil() {
  const http = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><title>Free prizes</title><h1>Free prizes</h1>
<form method="post" action="${server.url}/dashboard/authorizations">
<input name="description" value="planted by evil"><button>Claim</button></form>`);
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  // Same site as the server (SameSite ignores the port), so the browser does
  // send the session cookie: what stops the POST is the Origin check and the
  // missing CSRF token, not SameSite.
  return { http, url: `http://127.0.0.1:${http.address().port}/` };
}

const cliEnv = () => ({ PATH: process.env.PATH, HOME: home, LATCHKEY_API_URL: server.url, ...sanitizerEnv() });

describe('dashboard in a real browser (Chromium): the seed scenario', { skip: SKIP }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // A short re-authentication window, so the prompt appears in the scenario.
    server = await startServer({ mfaRequired: true, sets: [...FAST, `sessions.reauth_window_s=${REAUTH_WINDOW_S}`] });
    home = mkdtempSync(join(tmpdir(), 'latchkey-dash-home-'));
    evil = await startEvil();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    context.setDefaultTimeout(15_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`securitypolicyviolation: ${e.effectiveDirective} blocked ${e.blockedURI}`)));
    page = await context.newPage();
    page.on('console', (msg) => {
      if (/Content Security Policy|securitypolicyviolation|Refused to/i.test(msg.text())) problems.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`${page.url()}: script error: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
    evil?.http.close();
    await server?.cleanup();
    if (home) rmSync(home, { recursive: true, force: true });
    if (!KEEP_SHOTS) rmSync(SHOTS, { recursive: true, force: true });
  });

  test('sign up, then the second factor is set up before anything else', async () => {
    await page.goto(server.url + '/signup');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await reached(/^\/login/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await reached(/^\/dashboard\/mfa$/);
    await heading('Two-factor authentication');
    await page.getByText('Two-factor authentication is off').waitFor();
    // Every other page sends an account without a second factor back here.
    await page.goto(server.url + '/dashboard/authorizations');
    await reached(/^\/dashboard\/mfa$/);

    await page.getByRole('button', { name: 'Set up authenticator app' }).click();
    await reached(/^\/dashboard\/mfa\/setup$/);
    assert.ok(await page.locator('svg[role="img"]').isVisible(), 'a QR code is shown');
    totpSecret = (await page.locator('#totp-secret').textContent()).replace(/\s+/g, '');
    assert.match(totpSecret, /^[A-Z2-7]{32}$/);
    await shot('mfa-setup');
    await page.getByLabel('Authentication code').fill(await nextCode());
    await page.getByRole('button', { name: 'Turn on' }).click();
    await reached(/^\/dashboard\/mfa\/recovery-codes$/);
    await heading('Save your recovery codes');
    const codes = await page.locator('#recovery-codes li').allTextContents();
    assert.ok(codes.length >= 8, `recovery codes shown: ${codes.length}`);
    await page.reload();
    assert.equal(await page.locator('#recovery-codes li').count(), 0, 'shown once: gone after a reload');
    await page.goto(server.url + '/dashboard/mfa');
    await page.getByText('Two-factor authentication is on').waitFor();
    assertNoProblems();
  });

  test('create an authorization with a description and a 1-day expiry; copy the token once', async () => {
    await page.getByRole('link', { name: 'Applications', exact: true }).click();
    await reached(/^\/dashboard\/authorizations$/);
    await heading('Authorizations');
    await page.getByLabel('Description').fill('Deploy bot');
    await page.getByLabel('Expires').selectOption({ label: '1 day' });
    await page.getByRole('button', { name: 'Create authorization' }).click();
    await reached(/^\/dashboard\/authorizations$/);
    const shown = page.locator('#new-token');
    token = (await shown.textContent()).trim();
    assert.match(token, /^lko_/);
    assert.ok(!page.url().includes(token), 'the token is not in the URL');
    await page.getByText('Copy it now.').waitFor();
    await shot('authorizations-created');

    // The Copy button (progressive enhancement) puts exactly the token on the clipboard.
    await page.locator('button[data-copy-target="new-token"]').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, token);

    await page.reload();
    assert.equal(await page.locator('#new-token').count(), 0, 'shown once: gone after a reload');
    assert.ok(!(await page.content()).includes(token), 'nowhere on the page after a reload');
    await page.getByRole('cell', { name: 'Deploy bot' }).waitFor();

    // The API sees the same authorization, expiring in a day.
    const me = await bearer(token);
    assert.equal(me.status, 200);
    assert.equal((await me.json()).email, email);
    const list = await (await bearer(token, '/oauth/authorizations')).json();
    const created = list.find((a) => a.description === 'Deploy bot');
    assert.ok(created, JSON.stringify(list));
    authorizationId = created.id;
    const expiresIn = created.access_token.expires_in;
    assert.ok(expiresIn > 86_000 && expiresIn <= 86_400, `expires in ${expiresIn} s`);
    assertNoProblems();
  });

  test('the token logs in `latchkey login -i` and the stock `heroku login -i` as the password', () => {
    const r = spawnSync(LATCHKEY, ['login', '-i'], { input: `${email}\n${token}\n`, encoding: 'utf8', timeout: 30_000, env: cliEnv() });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const who = spawnSync(LATCHKEY, ['auth:whoami'], { encoding: 'utf8', timeout: 30_000, env: cliEnv() });
    assert.equal(who.stdout.trim(), email, who.stderr);

    const env = herokuEnv(server.url, home);
    const login = spawnSync('python3', [PTY, '--timeout', '40', '--expect', 'Email', '--send', email,
      '--expect', 'Password', '--send', token, '--', HEROKU, 'login', '-i'], { env, encoding: 'utf8', timeout: 90_000 });
    assert.equal(login.status, 0, plain(login.stdout));
    const hwho = spawnSync(HEROKU, ['auth:whoami'], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(plain(hwho.stdout).trim(), email, hwho.stderr);
    assert.match(readFileSync(join(home, '.netrc'), 'utf8'), /password lko_/);
  });

  test('reveal the API key after re-authentication, then regenerate it', async () => {
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await reached(/^\/dashboard\/account$/);
    await heading('Account');
    assert.equal(await page.locator('#api-key').count(), 0, 'hidden by default');
    // Let the password proof of the sign-in age past the re-authentication window.
    await sleep((REAUTH_WINDOW_S + 1) * 1000);
    const reveal = async () => {
      await page.getByRole('button', { name: 'Reveal' }).click();
      await reached(/^\/reauth/);
      await heading('Confirm it’s you');
      await shot('reauth');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByLabel('Authentication code').fill(await nextCode());
      await page.getByRole('button', { name: 'Confirm' }).click();
      await reached(/^\/dashboard\/account$/);
      await page.getByRole('button', { name: 'Reveal' }).click();
      await page.locator('#api-key').waitFor();
      return (await page.locator('#api-key').textContent()).trim();
    };
    const key = await reveal();
    assert.match(key, /^lka_/);
    assert.equal((await bearer(key)).status, 200);
    await page.reload();
    assert.equal(await page.locator('#api-key').count(), 0, 'shown once: gone after a reload');

    await page.getByLabel('I understand the current key stops working').check();
    await page.getByRole('button', { name: 'Regenerate API Key' }).click();
    await reached(/^\/dashboard\/account$/);
    const fresh = (await page.locator('#api-key').textContent()).trim();
    assert.notEqual(fresh, key);
    await shot('account');
    assert.equal((await bearer(key)).status, 401, 'the old key stops working');
    assert.equal((await bearer(fresh)).status, 200, 'the new key works');
    assertNoProblems();
  });

  test('revoke the authorization: the token stops working', async () => {
    await page.goto(server.url + '/dashboard/authorizations');
    const row = page.getByRole('row', { name: /Deploy bot/ });
    await row.getByRole('link', { name: 'Revoke' }).click();
    await heading('Revoke authorization?');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await reached(/^\/dashboard\/authorizations$/);
    await flash('Authorization revoked.');
    assert.equal(await page.getByRole('cell', { name: 'Deploy bot' }).count(), 0);
    assert.equal((await bearer(token)).status, 401);
    assertNoProblems();
  });

  test('register an API client: id and secret shown once', async () => {
    await page.getByRole('link', { name: 'API clients', exact: true }).click();
    await reached(/^\/dashboard\/clients$/);
    await heading('API clients');
    await page.getByLabel('Name').fill('Status Board');
    await page.getByLabel('Redirect URI').fill('https://status.example/callback');
    await page.getByRole('button', { name: 'Register client' }).click();
    await reached(/^\/dashboard\/clients$/);
    const id = (await page.locator('#client-id').textContent()).trim();
    const secret = (await page.locator('#client-secret').textContent()).trim();
    assert.ok(id.length > 0);
    assert.ok(secret.length >= 32);
    await shot('clients');
    await page.reload();
    assert.equal(await page.locator('#client-secret').count(), 0, 'shown once');
    await page.getByRole('cell', { name: 'Status Board' }).waitFor();
    assertNoProblems();
  });

  test('apps: create an app, add a collaborator, copy the git URL', async () => {
    const friend = uniqueEmail('friend');
    const signup = await fetch(server.url + '/account', { method: 'POST', body: JSON.stringify({ email: friend, password: PASSWORD }),
      headers: { 'Content-Type': 'application/json', Accept: 'application/vnd.heroku+json; version=3' } });
    assert.equal(signup.status, 202);
    const name = `shop-${process.pid}`;
    await page.getByRole('link', { name: 'Apps', exact: true }).click();
    await reached(/^\/dashboard\/apps$/);
    await heading('Apps');
    await page.getByText('You have no apps yet.').waitFor();
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create app' }).click();
    await reached(new RegExp(`^/dashboard/apps/${name}$`));
    await flash(`App ${name} created.`);
    await page.getByLabel('Email').fill(friend);
    await page.getByRole('button', { name: 'Add collaborator' }).click();
    await reached(new RegExp(`^/dashboard/apps/${name}$`));
    await flash(`Added ${friend} as a collaborator.`);
    await page.getByRole('rowheader', { name: friend }).waitFor();
    await shot('apps');
    await page.locator('button[data-copy-target="git-url"]').click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `https://${new URL(server.url).host}/${name}.git`);
    assertNoProblems();
  });

  test('a forged cross-site POST is refused and changes nothing', async () => {
    const before = await (await bearer(readFileSync(join(home, '.netrc'), 'utf8').match(/password (lko_\S+)/)[1],
      '/oauth/authorizations')).json();
    const attacker = await context.newPage();
    await attacker.goto(evil.url);
    await attacker.getByRole('button', { name: 'Claim' }).click();
    await attacker.waitForURL((u) => u.href.startsWith(server.url));
    await attacker.locator('h1', { hasText: 'Request refused' }).waitFor();
    await attacker.close();
    const after = await (await bearer(readFileSync(join(home, '.netrc'), 'utf8').match(/password (lko_\S+)/)[1],
      '/oauth/authorizations')).json();
    assert.equal(after.length, before.length, 'no authorization was planted');
    assert.ok(!after.some((a) => a.description === 'planted by evil'));
  });

  test('every dashboard page carries the security headers', async () => {
    for (const path of ['/dashboard/account', '/dashboard/mfa', '/dashboard/authorizations',
      '/dashboard/authorized-applications', '/dashboard/clients', '/dashboard/apps', '/dashboard/sessions',
      '/dashboard/activity']) {
      const res = await page.goto(server.url + path);
      assert.equal(res.status(), 200, path);
      const h = res.headers();
      assert.match(h['content-security-policy'], /default-src 'self'/, path);
      assert.match(h['content-security-policy'], /frame-ancestors 'none'/, path);
      assert.equal(h['x-frame-options'], 'DENY', path);
      assert.equal(h['x-content-type-options'], 'nosniff', path);
      assert.equal(h['referrer-policy'], 'no-referrer', path);
      assert.equal(h['cache-control'], 'no-store', path);
    }
    await page.goto(server.url + '/dashboard/activity');
    await heading('Activity');
    await shot('activity');
    assertNoProblems();
  });

  test('sign out every other session: the CLI logins stop working', async () => {
    const cliToken = readFileSync(join(home, '.netrc'), 'utf8').match(/password (lko_\S+)/)[1];
    assert.equal((await bearer(cliToken)).status, 200);
    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    await reached(/^\/dashboard\/sessions$/);
    await heading('Sessions');
    await page.getByText('This browser').waitFor();
    await shot('sessions');
    await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await reached(/^\/dashboard\/sessions$/);
    assert.equal((await bearer(cliToken)).status, 401, 'the CLI login ended');
    // This browser is still signed in.
    await page.goto(server.url + '/dashboard/account');
    await heading('Account');
    assertNoProblems();
  });
});

// The stock `heroku login` (browser flow, no -i; pinned in package.json) against
// latchkeyd, as docs/heroku-cli.md and the compatibility notes (B.2, B.3)
// describe it: under a pseudo-terminal the CLI asks for a key, POSTs /auth,
// opens {login host}{browser_url} and long-polls cli_url. BROWSER is a script
// that records the URL it is given (the CLI's `open` runs it through xdg-open);
// the scripted Browser then signs in and approves or denies on that page.
// Checked: the token lands in ~/.netrc, auth:whoami, logout ending the CLI
// session, a denial reaching the CLI as an error, and the poll timing (a pending
// poll is answered 504 well inside the CLI's 60 s request timeout, so it polls
// again and a late approval still logs in).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, userWithToken } from '../tests/integration/lib/server.mjs';
import { Browser, field } from '../tests/integration/lib/browser.mjs';
import { HEROKU, PTY, plain, herokuEnv } from './lib/heroku.mjs';

const BROWSER_PATH = /^\/auth\/cli\/browser\/[^/?#]+$/;
const POLL_PATH = /^\/auth\/cli\/poll\//;

let server;
let user; // { email, password, token (an API key of the account) }
let home;
let browser; // the scripted Browser, signed in on the first approval
let cliSession; // the session id of the CLI login

const env = () => ({ ...herokuEnv(server.url, home), BROWSER: join(home, 'browser.sh') });
const openedFile = () => join(home, 'opened-urls');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Joins the CLI's wrapped warning/error lines (" ›   …") into one line of text.
const flat = (s) => s.replace(/\r/g, '').replace(/\n\s*›?/g, ' ').replace(/[ \t]+/g, ' ');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function heroku(...args) {
  const r = spawnSync(HEROKU, args, { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  return { code: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) };
}

function netrc() {
  const path = join(home, '.netrc');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function storedToken() {
  const m = netrc().match(/password (\S+)/);
  return m ? m[1] : null;
}

// Starts `heroku login` under a pty, pressing Enter at "Press any key". Returns
// { url, done }: the URL the CLI opened (as BROWSER received it) and the exit.
async function startLogin(timeoutS = 40) {
  rmSync(openedFile(), { force: true });
  const child = spawn('python3', [PTY, '--timeout', String(timeoutS),
    '--expect', 'Press any key to open up the browser', '--send', '',
    '--', HEROKU, 'login'], { env: env(), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const done = new Promise((r) => child.on('exit', (code) => r({ code, out: plain(out) })));
  let exited = null;
  done.then((r) => { exited = r; });
  for (let i = 0; i < 150 && !existsSync(openedFile()) && !exited; i++) await sleep(100);
  assert.ok(existsSync(openedFile()), `heroku login opened no browser: ${JSON.stringify(exited ?? 'still running')}`);
  const url = readFileSync(openedFile(), 'utf8').trim();
  assert.ok(url.startsWith(server.url), `the CLI opened ${url}, not a page of ${server.url}`);
  assert.match(new URL(url).pathname, BROWSER_PATH);
  return { url, done };
}

// The approval page at `url` for the signed-in scripted browser.
async function approvalPage(url) {
  const page = await browser.get(url);
  assert.equal(page.status, 200, page.text);
  assert.match(page.text, /Log in to the command line\?/);
  assert.ok(page.text.includes(`Heroku CLI login from ${hostname()}`), 'the page names the CLI host');
  return page;
}

// Clicks Approve or Deny; the answer is a page saying what happened.
async function decide(url, page, decision, title) {
  const r = await browser.post(url, { csrf: field(page.text, 'csrf'), request_id: field(page.text, 'request_id'), decision });
  assert.equal(r.status, 200, `${decision}: ${r.status} ${r.location ?? ''}`);
  assert.ok(r.text.includes(`<title>${title} ·`), `${decision} shows "${title}"`);
  return r;
}

// The access-log lines of the server (one JSON object per request).
function accessLog() {
  return server.stderr.split('\n').flatMap((line) => {
    try {
      const m = JSON.parse(line).msg;
      return typeof m === 'object' && m.path ? [m] : [];
    } catch { return []; }
  });
}

before(async () => {
  assert.ok(existsSync(HEROKU), 'e2e/node_modules is missing: run scripts/install-deps');
  server = await startServer();
  user = await userWithToken(server);
  home = mkdtempSync(join(tmpdir(), 'latchkey-heroku-browser-'));
  writeFileSync(join(home, 'browser.sh'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${openedFile()}'\n`);
  chmodSync(join(home, 'browser.sh'), 0o755);
  browser = new Browser(server);
});

after(async () => {
  await server?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('heroku login (browser flow)', () => {
  test('the opened page asks to sign in, then to approve; approving logs the CLI in', { timeout: 90_000 }, async () => {
    const { url, done } = await startLogin();
    const path = new URL(url).pathname;
    const anonymous = await browser.get(url);
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.location, '/login?next=' + encodeURIComponent(path));
    const signedIn = await browser.signIn(user.email, user.password, { next: path });
    assert.equal(signedIn.location, path, 'sign-in returns to the approval page');

    await decide(url, await approvalPage(url), 'approve', 'Logged in');

    const r = await done;
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`Logged in as ${escape(user.email)}`));
    const host = new URL(server.url).host;
    assert.match(netrc(), new RegExp(`machine ${escape(host)}\\s+login ${escape(user.email)}\\s+password \\S+`));
    const token = storedToken();
    assert.notEqual(token, user.token, 'a new token, not the API key');
    const account = await server.request('GET', '/account', { token });
    assert.equal(account.status, 200);
    assert.equal(account.json.email, user.email);
    const session = await server.request('GET', '/oauth/sessions/~', { token });
    assert.equal(session.status, 200, 'the CLI token carries a session (so logout can end it)');
    cliSession = session.json.id;
  });

  test('auth:whoami prints the email', () => {
    const r = heroku('auth:whoami');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), user.email);
  });

  test('logout ends the CLI session and its token', async () => {
    const token = storedToken();
    const before = await server.request('GET', '/oauth/sessions', { token: user.token });
    assert.ok(before.json.some((s) => s.id === cliSession), 'the CLI session is listed before logout');

    const r = heroku('logout');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(storedToken(), null, 'netrc no longer holds the token');
    const after = await server.request('GET', '/oauth/sessions', { token: user.token });
    assert.equal(after.status, 200);
    assert.ok(!after.json.some((s) => s.id === cliSession), 'the CLI session is gone');
    const use = await server.request('GET', '/account', { token });
    assert.equal(use.status, 401, 'the CLI token is revoked');
  });

  test('Deny on the page reaches the CLI as an error (exit 2), nothing stored', { timeout: 90_000 }, async () => {
    const { url, done } = await startLogin();
    await decide(url, await approvalPage(url), 'deny', 'Login denied');
    const r = await done;
    assert.equal(r.code, 2, r.out);
    assert.match(flat(r.out), /Error: The login was denied in the browser\./);
    assert.doesNotMatch(r.out, /Logged in as/);
    assert.equal(storedToken(), null);
  });

  test('a pending poll is answered 504 within the hold; the CLI polls again and a late approval logs in',
    { timeout: 90_000 }, async () => {
      const earlier = accessLog().length;
      const polls = () => accessLog().slice(earlier).filter((l) => POLL_PATH.test(l.path));
      const { url, done } = await startLogin(85);
      const page = await approvalPage(url);
      const started = Date.now();
      let pending;
      while (!pending && Date.now() - started < 55_000) {
        pending = polls().find((l) => l.status === 504);
        if (!pending) await sleep(250);
      }
      assert.ok(pending, 'no poll was answered 504 within 55 s (the CLI gives up on a request after 60 s)');
      assert.ok(pending.duration_ms <= 50_000, `the poll was held ${pending.duration_ms} ms (> 50 s)`);

      assert.deepEqual(polls().map((l) => l.status), [504], 'one poll so far, answered 504');
      await decide(url, page, 'approve', 'Logged in');
      const r = await done;
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, new RegExp(`Logged in as ${escape(user.email)}`));
      assert.equal((await server.request('GET', '/account', { token: storedToken() })).status, 200);
    });
});

// Dashboard: account settings (/dashboard/account) and two-factor
// authentication (/dashboard/mfa), black-box over HTTP with the scripted
// Browser: setting up an authenticator app from the QR page, recovery codes
// shown once, the API key revealed and regenerated behind a fresh
// re-authentication (never in a URL, gone on reload), name and password
// changes, CSRF on every form, and turning the second factor off (refused
// while the server requires it).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, uniqueEmail, PASSWORD, FAST, V3 } from './lib/server.mjs';
import { Browser, field } from './lib/browser.mjs';
import { codeAtStep, freshCode, step } from './lib/totp.mjs';

// Sensitive actions need a password proof younger than this; short, so the
// suite can also see what happens once it is stale.
const REAUTH_WINDOW_S = 6;
const SETS = [...FAST, `sessions.reauth_window_s=${REAUTH_WINDOW_S}`];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The CSRF token of the page's form that posts to `action`.
function csrfFor(html, action) {
  const m = html.match(new RegExp(`<form method="post" action="${action}">\\s*<input type="hidden" name="csrf" value="([^"]*)"`));
  assert.ok(m, `no form for ${action}`);
  return m[1];
}

const apiKeyShown = (html) => html.match(/<code id="api-key"[^>]*>([^<]+)<\/code>/)?.[1];
const totpSecretShown = (html) => html.match(/<code id="totp-secret"[^>]*>([A-Z2-7]+)<\/code>/)?.[1];
const recoveryCodesShown = (html) => {
  const list = html.match(/<ol id="recovery-codes">([\s\S]*?)<\/ol>/)?.[1];
  return list ? [...list.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]) : [];
};
const flash = (html) => html.match(/<div class="flash flash-(?:notice|error)" role="\w+">([^<]*)<\/div>/)?.[1];
const nameField = (html) => html.match(/<input id="name" name="name" type="text" value="([^"]*)"/)?.[1];

// A person with a browser: signs up and in through the pages.
class Person {
  constructor(server) {
    this.server = server;
    this.email = uniqueEmail('dash');
    this.password = PASSWORD;
    this.browser = new Browser(server);
    this.recoveryCodes = [];
    this.authenticatedAt = 0;
  }

  async signUp() {
    const page = await this.browser.get('/signup');
    const res = await this.browser.post('/signup', { csrf: field(page.text, 'csrf'), next: '/', email: this.email, password: this.password, name: '' });
    assert.equal(res.status, 303);
  }

  // A fresh browser signed in with the password and, when asked, `code`
  // (default: an unused recovery code).
  async signIn({ password = this.password, code } = {}) {
    const b = new Browser(this.server);
    const page = await b.get('/login');
    let res = await b.post('/login', { csrf: field(page.text, 'csrf'), next: '/', email: this.email, password });
    if (res.status === 303 && res.location.startsWith('/login/second-factor')) {
      const sf = await b.get(res.location);
      res = await b.post('/login/second-factor', { csrf: field(sf.text, 'csrf'), next: '/', code: code ?? this.recoveryCodes.shift() });
    }
    return { browser: b, res };
  }

  async useBrowser(b) {
    this.browser = b;
    this.authenticatedAt = Date.now();
  }

  // The next TOTP code (each step is accepted once per account).
  async totp() {
    const { code, step: used } = await freshCode(this.secret, this.usedStep ?? -1);
    this.usedStep = used;
    return code;
  }

  // Confirms it's them on /reauth (password + a recovery code when MFA is on).
  async reauth(next) {
    const page = await this.browser.get('/reauth?next=' + encodeURIComponent(next));
    assert.equal(page.status, 200);
    const form = { csrf: field(page.text, 'csrf'), next, password: this.password };
    if (this.secret) form.code = this.recoveryCodes.shift();
    const res = await this.browser.post('/reauth', form);
    assert.equal(res.status, 303, flash(res.text));
    assert.equal(res.location, next);
    this.authenticatedAt = Date.now();
  }

  async waitUntilAuthStale() {
    const left = this.authenticatedAt + (REAUTH_WINDOW_S + 1) * 1000 - Date.now();
    if (left > 0) await sleep(left);
  }

  async apiAccount(token) {
    return this.server.request('GET', '/account', { token });
  }
}

// Sets up the authenticator app through /dashboard/mfa; returns the page
// after the confirm redirect.
async function enrol(person) {
  const b = person.browser;
  const mfa = await b.get('/dashboard/mfa');
  const begun = await b.post('/dashboard/mfa/setup', { csrf: csrfFor(mfa.text, '/dashboard/mfa/setup') });
  assert.equal(begun.status, 303);
  assert.equal(begun.location, '/dashboard/mfa/setup');
  const setup = await b.get('/dashboard/mfa/setup');
  assert.equal(setup.status, 200);
  person.secret = totpSecretShown(setup.text);
  assert.ok(person.secret, 'secret shown for manual entry');
  const confirmed = await b.post('/dashboard/mfa/confirm', {
    csrf: csrfFor(setup.text, '/dashboard/mfa/confirm'), code: codeAtStep(person.secret, step()),
  });
  person.usedStep = step();
  assert.equal(confirmed.status, 303);
  assert.equal(confirmed.location, '/dashboard/mfa/recovery-codes');
  const codes = await b.get('/dashboard/mfa/recovery-codes');
  person.recoveryCodes = recoveryCodesShown(codes.text);
  return { setup, codes };
}

async function signedUpAndIn(server) {
  const p = new Person(server);
  await p.signUp();
  const { browser, res } = await p.signIn();
  assert.equal(res.status, 303);
  await p.useBrowser(browser);
  return p;
}

describe('dashboard under mfa.required', () => {
  let server;
  let person;
  before(async () => {
    server = await startServer({ sets: SETS, mfaRequired: true });
    person = new Person(server);
  });
  after(async () => { await server?.cleanup(); });

  test('a new account lands on the security page and sets up its authenticator app there', async () => {
    await person.signUp();
    const { browser, res } = await person.signIn();
    await person.useBrowser(browser);
    const b = person.browser;
    assert.equal((await b.follow(res)).status, 200);
    const account = await b.get('/dashboard/account');
    assert.equal(account.status, 303);
    assert.equal(account.location, '/dashboard/mfa');
    let mfa = await b.get('/dashboard/mfa');
    assert.equal(mfa.status, 200);
    assert.match(mfa.text, /<h1>Two-factor authentication<\/h1>/);
    assert.match(mfa.text, /Two-factor authentication is off/);
    assert.match(flash(mfa.text), /Set up two-factor authentication to continue/);

    const begun = await b.post('/dashboard/mfa/setup', { csrf: csrfFor(mfa.text, '/dashboard/mfa/setup') });
    assert.equal(begun.location, '/dashboard/mfa/setup');
    const setup = await b.get('/dashboard/mfa/setup');
    assert.equal(setup.status, 200);
    assert.match(setup.text, /<svg[^>]*role="img"[^>]*aria-label="QR code for your authenticator app"/);
    const secret = totpSecretShown(setup.text);
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.match(setup.text, /<label for="code">Authentication code<\/label>/);

    // A reload does not show the secret again; the setup can be started over.
    const reload = await b.get('/dashboard/mfa/setup');
    assert.equal(totpSecretShown(reload.text), undefined);
    assert.match(flash(reload.text), /shown only once/);
    assert.match(reload.text, /Set up authenticator app/);

    // A mistyped code: the same setup page again, saying so; still off.
    const wrong = String((Number(codeAtStep(secret, step())) + 1) % 1_000_000).padStart(6, '0');
    const refused = await b.post('/dashboard/mfa/confirm', { csrf: csrfFor(setup.text, '/dashboard/mfa/confirm'), code: wrong });
    assert.equal(refused.status, 422);
    assert.match(flash(refused.text), /not correct/);
    assert.equal(totpSecretShown(refused.text), secret);
    mfa = await b.get('/dashboard/mfa');
    assert.match(mfa.text, /Two-factor authentication is off/);

    const confirmed = await b.post('/dashboard/mfa/confirm', {
      csrf: csrfFor(refused.text, '/dashboard/mfa/confirm'), code: codeAtStep(secret, step()),
    });
    person.secret = secret;
    person.usedStep = step();
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.location, '/dashboard/mfa/recovery-codes');
    const shown = await b.get('/dashboard/mfa/recovery-codes');
    assert.match(shown.text, /<h1>Save your recovery codes<\/h1>/);
    person.recoveryCodes = recoveryCodesShown(shown.text);
    assert.equal(person.recoveryCodes.length, 10);
    assert.match(shown.text, /href="\/dashboard\/mfa">Continue</);
    const again = await b.get('/dashboard/mfa/recovery-codes');
    assert.deepEqual(recoveryCodesShown(again.text), []);
    assert.match(again.text, /shown only once/);

    mfa = await b.get('/dashboard/mfa');
    assert.match(mfa.text, /Two-factor authentication is on/);
    assert.match(mfa.text, /10 of 10 recovery codes left/);
    assert.equal((await b.get('/dashboard/account')).status, 200);
  });

  test('signing in now asks for the second factor', async () => {
    const page = await new Browser(server).get('/login');
    assert.equal(page.status, 200);
    const { res } = await person.signIn({ code: 'not-a-code' });
    assert.equal(res.status, 401);
    const ok = await person.signIn();
    assert.equal(ok.res.status, 303);
    assert.equal(ok.res.location, '/');
    const mfa = await ok.browser.get('/dashboard/mfa');
    assert.match(mfa.text, /9 of 10 recovery codes left/);
  });

  test('the API key: hidden, revealed once after re-authentication, never in a URL', async () => {
    const b = person.browser;
    const locations = [];
    const post = async (path, form) => { const r = await b.post(path, form); locations.push(r.location ?? ''); return r; };
    let page = await b.get('/dashboard/account');
    assert.match(page.text, /<h1>Account<\/h1>/);
    assert.match(page.text, new RegExp(person.email.replace(/[.+]/g, '\\$&')));
    assert.match(page.text, /<h2>API Key<\/h2>/);
    assert.match(page.text, /Hidden/);
    assert.equal(apiKeyShown(page.text), undefined);

    await person.waitUntilAuthStale();
    let res = await post('/dashboard/account/api-key/reveal', { csrf: csrfFor(page.text, '/dashboard/account/api-key/reveal') });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/reauth?next=/dashboard/account');

    await person.reauth('/dashboard/account');
    page = await b.get('/dashboard/account');
    res = await post('/dashboard/account/api-key/reveal', { csrf: csrfFor(page.text, '/dashboard/account/api-key/reveal') });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/dashboard/account');
    page = await b.get('/dashboard/account');
    const key = apiKeyShown(page.text);
    assert.ok(key, 'key shown');
    assert.match(page.text, /data-copy-target="api-key"/);
    assert.match(page.text, /shown only now/);
    const me = await person.apiAccount(key);
    assert.equal(me.status, 200);
    assert.equal(me.json.email, person.email);
    const reload = await b.get('/dashboard/account');
    assert.equal(apiKeyShown(reload.text), undefined);

    // Regenerate: the box must be ticked; then a new key, and the old one stops.
    res = await post('/dashboard/account/api-key/regenerate', { csrf: csrfFor(page.text, '/dashboard/account/api-key/regenerate') });
    assert.equal(res.status, 400);
    assert.match(flash(res.text), /I understand the current key stops working/);
    assert.equal((await person.apiAccount(key)).status, 200);
    res = await post('/dashboard/account/api-key/regenerate', { csrf: csrfFor(page.text, '/dashboard/account/api-key/regenerate'), confirm: 'yes' });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/dashboard/account');
    page = await b.get('/dashboard/account');
    const fresh = apiKeyShown(page.text);
    assert.ok(fresh && fresh !== key);
    assert.equal((await person.apiAccount(fresh)).status, 200);
    assert.equal((await person.apiAccount(key)).status, 401);
    for (const l of locations) {
      assert.ok(!l.includes(key) && !l.includes(fresh), `key in Location ${l}`);
    }
    person.apiKey = fresh;
  });

  test('forms without the right CSRF token change nothing', async () => {
    const b = person.browser;
    const page = await b.get('/dashboard/account');
    const codesLeft = async () => (await b.get('/dashboard/mfa')).text.match(/(\d+) of 10 recovery codes left/)[1];
    const before = await codesLeft();
    const attempts = [
      {},
      { csrf: 'x'.repeat(43) },
      { csrf: csrfFor(page.text, '/dashboard/account/password') },  // another form's token
    ];
    for (const extra of attempts) {
      const res = await b.post('/dashboard/account/name', { name: 'Mallory', ...extra });
      assert.equal(res.status, 403);
      assert.match(res.text, /Request refused/);
    }
    const foreign = await b.post('/dashboard/account/name', { name: 'Mallory', csrf: csrfFor(page.text, '/dashboard/account/name') },
      { Origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    const disable = await b.post('/dashboard/mfa/disable', {});
    assert.equal(disable.status, 403);
    const mfaPage = (await b.get('/dashboard/mfa')).text;
    const setupToken = await b.post('/dashboard/mfa/disable', { csrf: csrfFor(mfaPage, '/dashboard/mfa/setup') });
    assert.equal(setupToken.status, 403, 'another MFA form\'s token');
    const regenerate = await b.post('/dashboard/mfa/recovery-codes/regenerate', { csrf: csrfFor(page.text, '/dashboard/account/name') });
    assert.equal(regenerate.status, 403);
    assert.equal(await codesLeft(), before);
    assert.match((await b.get('/dashboard/mfa')).text, /Two-factor authentication is on/);
    assert.equal(nameField((await b.get('/dashboard/account')).text), '');
    assert.equal((await person.apiAccount(person.apiKey)).json.name ?? '', '');
  });

  test('the name can be changed; a name that is not allowed is refused', async () => {
    const b = person.browser;
    let page = await b.get('/dashboard/account');
    let res = await b.post('/dashboard/account/name', { csrf: csrfFor(page.text, '/dashboard/account/name'), name: 'Ada\u0001Lovelace' });
    assert.equal(res.status, 422);
    assert.match(flash(res.text), /control characters/);
    assert.equal((await person.apiAccount(person.apiKey)).json.name ?? '', '');
    res = await b.post('/dashboard/account/name', { csrf: csrfFor(page.text, '/dashboard/account/name'), name: 'Ada Lovelace' });
    assert.equal(res.status, 303);
    page = await b.follow(res);
    assert.equal(flash(page.text), 'Your name was saved.');
    assert.equal(nameField(page.text), 'Ada Lovelace');
    assert.equal((await person.apiAccount(person.apiKey)).json.name, 'Ada Lovelace');
  });

  test('recovery codes can be replaced after re-authentication', async () => {
    const b = person.browser;
    let page = await b.get('/dashboard/mfa');
    await person.waitUntilAuthStale();
    let res = await b.post('/dashboard/mfa/recovery-codes/regenerate', { csrf: csrfFor(page.text, '/dashboard/mfa/recovery-codes/regenerate') });
    assert.equal(res.location, '/reauth?next=/dashboard/mfa');
    await person.reauth('/dashboard/mfa');
    const oldCode = person.recoveryCodes.shift();
    page = await b.get('/dashboard/mfa');
    res = await b.post('/dashboard/mfa/recovery-codes/regenerate', { csrf: csrfFor(page.text, '/dashboard/mfa/recovery-codes/regenerate') });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/dashboard/mfa/recovery-codes');
    page = await b.get('/dashboard/mfa/recovery-codes');
    const codes = recoveryCodesShown(page.text);
    assert.equal(codes.length, 10);
    assert.ok(!codes.includes(oldCode));
    assert.deepEqual(recoveryCodesShown((await b.get('/dashboard/mfa/recovery-codes')).text), []);
    person.recoveryCodes = codes;
    assert.equal((await person.signIn({ code: oldCode })).res.status, 401);
    assert.equal((await person.signIn()).res.status, 303);
  });

  test('turning it off is refused while the server requires it', async () => {
    const b = person.browser;
    const page = await b.get('/dashboard/mfa');
    const res = await b.post('/dashboard/mfa/disable', { csrf: csrfFor(page.text, '/dashboard/mfa/disable') });
    assert.equal(res.status, 409);
    assert.match(res.text, /requires two-factor authentication/);
    assert.match((await b.get('/dashboard/mfa')).text, /Two-factor authentication is on/);
  });

  test('moving to a new authenticator app needs re-authentication and gives new recovery codes', async () => {
    const b = person.browser;
    assert.equal((await b.get('/dashboard/account/mfa')).location, '/dashboard/mfa', 'the API hint\'s address');
    let page = await b.get('/dashboard/mfa');
    assert.match(page.text, /Move to a new authenticator app/);
    await person.waitUntilAuthStale();
    let res = await b.post('/dashboard/mfa/setup', { csrf: csrfFor(page.text, '/dashboard/mfa/setup') });
    assert.equal(res.location, '/reauth?next=/dashboard/mfa');
    await person.reauth('/dashboard/mfa');
    page = await b.get('/dashboard/mfa');
    res = await b.post('/dashboard/mfa/setup', { csrf: csrfFor(page.text, '/dashboard/mfa/setup') });
    assert.equal(res.location, '/dashboard/mfa/setup');
    const setup = await b.get('/dashboard/mfa/setup');
    const secret = totpSecretShown(setup.text);
    assert.ok(secret && secret !== person.secret);
    res = await b.post('/dashboard/mfa/confirm', { csrf: csrfFor(setup.text, '/dashboard/mfa/confirm'), code: codeAtStep(secret, step()) });
    assert.equal(res.location, '/dashboard/mfa/recovery-codes');
    const codes = recoveryCodesShown((await b.get('/dashboard/mfa/recovery-codes')).text);
    assert.equal(codes.length, 10);
    const old = person.recoveryCodes.shift();
    assert.equal((await person.signIn({ code: old })).res.status, 401, 'the old recovery codes are gone');
    person.secret = secret;
    person.usedStep = step();
    person.recoveryCodes = codes;
    assert.equal((await person.signIn()).res.status, 303);
    assert.match((await b.get('/dashboard/mfa')).text, /Two-factor authentication is on/);
  });

  test('the password: a wrong current one changes nothing; a right one signs every browser out', async () => {
    const b = person.browser;
    let page = await b.get('/dashboard/account');
    assert.match(page.text, /<label for="current_password">Current password<\/label>/);
    assert.match(page.text, /<label for="code">Authentication code<\/label>/);
    const csrf = csrfFor(page.text, '/dashboard/account/password');
    const newPassword = 'a different long passphrase 77';
    let res = await b.post('/dashboard/account/password', { csrf, current_password: 'not my password at all 1', password: newPassword, code: person.recoveryCodes.shift() });
    assert.equal(res.status, 403);
    assert.match(flash(res.text), /current password is not correct/);
    res = await b.post('/dashboard/account/password', { csrf, current_password: person.password, password: newPassword, code: '000000' });
    assert.equal(res.status, 403);
    assert.equal((await b.get('/dashboard/account')).status, 200, 'still signed in');
    assert.equal((await person.signIn({ password: newPassword })).res.status, 401);

    const other = await person.signIn();
    assert.equal(other.res.status, 303);
    res = await b.post('/dashboard/account/password', { csrf, current_password: person.password, password: newPassword, code: await person.totp() });
    assert.equal(res.status, 303);
    assert.match(res.location, /^\/login\?password_changed=1/);
    page = await b.follow(res);
    assert.match(page.text, /Your password was changed/);
    assert.equal((await b.get('/dashboard/account')).status, 303, 'this browser is signed out');
    assert.equal((await other.browser.get('/dashboard/account')).location.startsWith('/login'), true, 'and every other one');
    assert.equal((await person.signIn()).res.status, 401, 'old password');
    person.password = newPassword;
    assert.equal((await person.signIn()).res.status, 303, 'new password');
  });
});

describe('dashboard without mfa.required', () => {
  let server;
  before(async () => { server = await startServer({ sets: SETS, mfaRequired: false }); });
  after(async () => { await server?.cleanup(); });

  test('an account without a second factor: no code asked, and the password change takes the password only', async () => {
    const person = await signedUpAndIn(server);
    const page = await person.browser.get('/dashboard/account');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Authentication code/);
    const res = await person.browser.post('/dashboard/account/password', {
      csrf: csrfFor(page.text, '/dashboard/account/password'), current_password: person.password, password: 'short',
    });
    assert.equal(res.status, 422);
    assert.ok(flash(res.text));
    assert.equal((await person.browser.get('/dashboard/account')).status, 200, 'still signed in');
  });

  test('the second factor can be turned off after re-authentication', async () => {
    const person = await signedUpAndIn(server);
    const b = person.browser;
    await enrol(person);
    let page = await b.get('/dashboard/mfa');
    assert.match(page.text, /Two-factor authentication is on/);
    await person.waitUntilAuthStale();
    let res = await b.post('/dashboard/mfa/disable', { csrf: csrfFor(page.text, '/dashboard/mfa/disable') });
    assert.equal(res.location, '/reauth?next=/dashboard/mfa');
    await person.reauth('/dashboard/mfa');
    page = await b.get('/dashboard/mfa');
    res = await b.post('/dashboard/mfa/disable', { csrf: csrfFor(page.text, '/dashboard/mfa/disable') });
    assert.equal(res.status, 303);
    page = await b.follow(res);
    assert.match(page.text, /Two-factor authentication is off/);
    const again = await person.signIn({ code: 'unused' });
    assert.equal(again.res.status, 303);
    assert.equal(again.res.location, '/', 'no second factor asked');
  });

  test('unknown pages and methods', async () => {
    const person = await signedUpAndIn(server);
    assert.equal((await person.browser.get('/dashboard/account/nope')).status, 404);
    assert.equal((await person.browser.get('/dashboard/mfa/disable')).status, 405);
    const r = await fetch(server.url + '/account', { headers: { Accept: V3 } });
    assert.equal(r.status, 401);
  });
});

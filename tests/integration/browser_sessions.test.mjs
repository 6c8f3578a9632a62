// Browser sign-in sessions and the HTML pages (security checklist S17–S21,
// S23, S24, S26): opaque high-entropy cookies stored only hashed, a new ID at
// every authentication step, cookie flags, sign-out and termination that take
// effect at once, idle and absolute timeouts, CSRF on every form, security
// headers on every page, no CORS on the authorization endpoint, and the second
// factor (TOTP or a recovery code).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, userWithToken, enrolMfa, uniqueEmail, PASSWORD, FAST, LATCHKEYD } from './lib/server.mjs';
import { Browser, field, assertPageHeaders } from './lib/browser.mjs';
import { codeAtStep, freshCode } from './lib/totp.mjs';
import { registerClient, authorizeQuery, wellFormedToken } from './lib/oauth.mjs';

const SESSION = 'lk_session';
const PRE = 'lk_csrf';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

// Who a session cookie value signs in, by hand (no jar): the email or null.
async function whoIs(s, cookie) {
  const res = await fetch(s.url + '/', { headers: { Cookie: `${SESSION}=${cookie}` }, redirect: 'manual' });
  const text = await res.text();
  if (res.status === 303) return null;
  assert.equal(res.status, 200, text.slice(0, 200));
  return text.match(/signed in as ([^<\s]+)\./)?.[1] ?? '?';
}

function dbBytes(dir) {
  return Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('latchkey.db')).map((f) => readFileSync(join(dir, f))));
}

// Password step of an MFA account: returns { browser, res } on the second-factor page.
async function passwordStep(s, user) {
  const b = new Browser(s);
  const page = await b.get('/login');
  const res = await b.post('/login', { csrf: field(page.text, 'csrf'), next: '/', email: user.email, password: user.password });
  assert.equal(res.status, 303);
  assert.match(res.location, /^\/login\/second-factor/);
  return { browser: b, res };
}

async function secondFactor(b, code) {
  const page = await b.get('/login/second-factor?next=%2F');
  assert.equal(page.status, 200);
  return b.post('/login/second-factor', { csrf: field(page.text, 'csrf'), next: '/', code });
}

function setCookies(res) { return res.headers.getSetCookie(); }

describe('S17 session IDs', () => {
  test('50 logins: distinct opaque values ≥ 22 chars, none in the database, a flipped char is signed out', async () => {
    const u = await userWithToken(server);
    const values = [];
    for (let i = 0; i < 50; i++) {
      const b = new Browser(server);
      await b.signIn(u.email, u.password);
      const v = b.cookies.get(SESSION);
      assert.ok(v, 'session cookie set');
      values.push(v);
    }
    assert.equal(new Set(values).size, 50);
    for (const v of values) {
      assert.ok(v.length >= 22, v);
      assert.match(v, /^[A-Za-z0-9_-]+$/);
      assert.ok(!v.includes(u.account.id) && !v.toLowerCase().includes(u.email.split('@')[0].toLowerCase()), 'opaque');
    }
    const bytes = dbBytes(server.dataDir);
    for (const v of values) {
      assert.equal(bytes.indexOf(Buffer.from(v)), -1, 'cookie value stored in the clear');
      assert.equal(bytes.indexOf(Buffer.from(v.slice(4, 30))), -1, 'part of a cookie value stored');
    }
    const v = values[values.length - 1];
    assert.equal(await whoIs(server, v), u.email);
    for (const i of [4, 20, v.length - 1]) {
      const c = v[i] === 'a' ? 'b' : 'a';
      assert.equal(await whoIs(server, v.slice(0, i) + c + v.slice(i + 1)), null, `flipped at ${i}`);
    }
    assert.equal(await whoIs(server, wellFormedToken('lks_')), null, 'well-formed but unknown');
    assert.equal(await whoIs(server, v + 'x'), null);
    assert.equal(await whoIs(server, v.toLowerCase()), null);
  });
});

describe('S18 no session fixation', () => {
  test('pre-session cookie ≠ session cookie; a new ID after the second factor; old values anonymous', async () => {
    const u = await userWithToken(server);
    const { recoveryCodes } = await enrolMfa(server, u);
    const b = new Browser(server);
    const page = await b.get('/login');
    const p = b.cookies.get(PRE);
    assert.ok(p, 'pre-session cookie');
    const res = await b.post('/login', { csrf: field(page.text, 'csrf'), next: '/', email: u.email, password: u.password });
    assert.equal(res.status, 303);
    const q1 = b.cookies.get(SESSION);
    assert.ok(q1 && q1 !== p);
    assert.equal(await whoIs(server, p), null, 'the pre-session value is no session');
    assert.equal(await whoIs(server, q1), null, 'half-way (password only) is not signed in');
    const done = await secondFactor(b, recoveryCodes[0]);
    assert.equal(done.status, 303, done.text.slice(0, 300));
    const q2 = b.cookies.get(SESSION);
    assert.ok(q2 && q2 !== q1 && q2 !== p);
    assert.equal(await whoIs(server, q2), u.email);
    assert.equal(await whoIs(server, q1), null, 'the password-step value died');
    // The old value cannot finish a second factor either.
    const replay = await fetch(server.url + '/login/second-factor', { headers: { Cookie: `${SESSION}=${q1}` }, redirect: 'manual' });
    assert.equal(replay.status, 303);
    assert.equal(replay.headers.get('location'), '/login');
  });

  test('the ID rotates after /reauth; the old value is anonymous', async () => {
    const u = await userWithToken(server);
    const b = new Browser(server);
    await b.signIn(u.email, u.password);
    const before = b.cookies.get(SESSION);
    const page = await b.get('/reauth');
    assert.equal(page.status, 200);
    const res = await b.post('/reauth', { csrf: field(page.text, 'csrf'), next: '/', password: u.password });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const after = b.cookies.get(SESSION);
    assert.ok(after && after !== before);
    assert.equal(await whoIs(server, after), u.email);
    assert.equal(await whoIs(server, before), null);
    // A wrong password does not rotate (nor sign out).
    const page2 = await b.get('/reauth');
    const bad = await b.post('/reauth', { csrf: field(page2.text, 'csrf'), next: '/', password: 'wrong password here 1' });
    assert.equal(bad.status, 401);
    assert.equal(b.cookies.get(SESSION), after);
  });

  test('an injected value (chosen, unknown, or a signed-out ID) is still anonymous after the victim signs in', async () => {
    const victim = await userWithToken(server);
    const attacker = await userWithToken(server);
    const ab = new Browser(server);
    await ab.signIn(attacker.email, attacker.password);
    const ended = ab.cookies.get(SESSION);
    const home = await ab.get('/');
    assert.equal((await ab.post('/logout', { csrf: field(home.text, 'csrf') })).status, 303);
    for (const planted of [wellFormedToken('lks_'), 'attacker-chosen-value-0123456789', ended]) {
      const b = new Browser(server);
      b.cookies.set(SESSION, planted);
      await b.signIn(victim.email, victim.password);
      const mine = b.cookies.get(SESSION);
      assert.notEqual(mine, planted);
      assert.equal(await whoIs(server, mine), victim.email);
      assert.equal(await whoIs(server, planted), null);
    }
  });
});

describe('S19 cookie flags (plain HTTP)', () => {
  test('every Set-Cookie from the CSRF bootstrap, login and second factor: HttpOnly, Path=/, SameSite, no Domain', async () => {
    const u = await userWithToken(server);
    const { recoveryCodes } = await enrolMfa(server, u);
    const b = new Browser(server);
    const page = await b.get('/login');
    const seen = [...setCookies(page)];
    const login = await b.post('/login', { csrf: field(page.text, 'csrf'), next: '/', email: u.email, password: u.password });
    seen.push(...setCookies(login));
    const sf = await secondFactor(b, recoveryCodes[0]);
    seen.push(...setCookies(sf));
    const names = seen.map((c) => c.split('=')[0]);
    assert.ok(names.includes(PRE) && names.filter((n) => n === SESSION).length >= 2, names.join(','));
    for (const c of seen) {
      const attrs = c.split(';').slice(1).map((a) => a.trim().toLowerCase());
      assert.ok(attrs.includes('httponly'), c);
      assert.ok(attrs.includes('path=/'), c);
      assert.ok(attrs.some((a) => a === 'samesite=lax' || a === 'samesite=strict'), c);
      assert.ok(!attrs.some((a) => a.startsWith('domain')), c);
      assert.ok(c.length <= 4096, c);
      // Over plain HTTP the __Host- prefix and Secure are impossible; the TLS names are checked below.
      assert.ok(!c.startsWith('__Host-'), c);
      assert.ok(!attrs.includes('secure'), c);
    }
  });

  test('over TLS: __Host- names, Secure, HttpOnly, Path=/, no Domain; HSTS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-tls-'));
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const ca = readFileSync(join(dir, 'cert.pem'));
    const tls = await startServer({ sets: [...FAST, `server.tls_cert=${join(dir, 'cert.pem')}`, `server.tls_key=${join(dir, 'key.pem')}`] });
    try {
      assert.match(tls.url, /^https:/);
      const req = (method, path, { headers = {}, body } = {}) => new Promise((resolve, reject) => {
        const r = httpsRequest(tls.url + path, { method, headers, ca }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => { text += d; });
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
        });
        r.on('error', reject);
        r.end(body);
      });
      const email = uniqueEmail('tls');
      const signup = await req('POST', '/account', { headers: { 'Content-Type': 'application/json', Accept: 'application/vnd.heroku+json; version=3' },
        body: JSON.stringify({ email, password: PASSWORD }) });
      assert.equal(signup.status, 202, signup.text);
      const page = await req('GET', '/login');
      assert.equal(page.status, 200);
      assert.match(page.headers['strict-transport-security'] ?? '', /max-age=(\d+)/);
      assert.ok(Number(page.headers['strict-transport-security'].match(/max-age=(\d+)/)[1]) >= 31536000);
      const pre = page.headers['set-cookie'];
      const preCookie = pre[0].split(';')[0];
      const login = await req('POST', '/login', {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: preCookie, Origin: tls.url },
        body: new URLSearchParams({ csrf: field(page.text, 'csrf'), next: '/', email, password: PASSWORD }).toString(),
      });
      assert.equal(login.status, 303, login.text.slice(0, 300));
      const all = [...pre, ...login.headers['set-cookie']];
      assert.ok(all.some((c) => c.startsWith('__Host-lk_session=')), all.join(' | '));
      assert.ok(all.some((c) => c.startsWith('__Host-lk_csrf=')), all.join(' | '));
      for (const c of all) {
        const attrs = c.split(';').slice(1).map((a) => a.trim().toLowerCase());
        assert.ok(c.startsWith('__Host-'), c);
        for (const a of ['secure', 'httponly', 'path=/']) assert.ok(attrs.includes(a), `${c}: ${a}`);
        assert.ok(attrs.some((a) => a === 'samesite=lax' || a === 'samesite=strict'), c);
        assert.ok(!attrs.some((a) => a.startsWith('domain')), c);
      }
      // The plain name is not honoured over TLS.
      const session = login.headers['set-cookie'].find((c) => c.startsWith('__Host-lk_session=')).split(';')[0].split('=')[1];
      const home = await req('GET', '/', { headers: { Cookie: `__Host-lk_session=${session}` } });
      assert.equal(home.status, 200);
      const plainName = await req('GET', '/', { headers: { Cookie: `lk_session=${session}` } });
      assert.equal(plainName.status, 303);
    } finally {
      await tls.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('S20 sign-out and termination take effect at once', () => {
  test('POST /logout with the CSRF token: the old cookie is anonymous', async () => {
    const u = await userWithToken(server);
    const b = new Browser(server);
    await b.signIn(u.email, u.password);
    const old = b.cookies.get(SESSION);
    const home = await b.get('/');
    assert.equal(home.status, 200);
    const res = await b.post('/logout', { csrf: field(home.text, 'csrf') });
    assert.equal(res.status, 303);
    assert.match(res.location, /^\/login/);
    assert.equal(b.cookies.get(SESSION), undefined, 'the cookie is cleared');
    assert.equal(await whoIs(server, old), null);
  });

  test('two instances on one database: sign-out on A, the cookie is anonymous on B at once', async () => {
    const b2 = await startServer({ dataDir: server.dataDir });
    try {
      const u = await userWithToken(server);
      const b = new Browser(server);
      await b.signIn(u.email, u.password);
      const cookie = b.cookies.get(SESSION);
      assert.equal(await whoIs(b2, cookie), u.email, 'B knows the session');
      const home = await b.get('/');
      assert.equal((await b.post('/logout', { csrf: field(home.text, 'csrf') })).status, 303);
      assert.equal(await whoIs(b2, cookie), null, 'B: signed out');
      assert.equal(await whoIs(server, cookie), null, 'A: signed out');
    } finally {
      await b2.stop();
    }
  });

  test('GET /oauth/sessions lists the browser session; DELETE ends it', async () => {
    const u = await userWithToken(server);
    const b = new Browser(server);
    await b.signIn(u.email, u.password);
    const cookie = b.cookies.get(SESSION);
    const list = await server.request('GET', '/oauth/sessions', { token: u.token });
    assert.equal(list.status, 200, list.text);
    const browserSessions = list.json.filter((s) => s.kind === 'browser');
    assert.equal(browserSessions.length, 1, list.text);
    assert.ok(!list.text.includes(cookie));
    const del = await server.request('DELETE', `/oauth/sessions/${browserSessions[0].id}`, { token: u.token });
    assert.equal(del.status, 200, del.text);
    assert.equal(await whoIs(server, cookie), null);
    const page = await b.get('/');
    assert.equal(page.status, 303);
  });

  test('an admin disabling the account signs its browser sessions out', async () => {
    const u = await userWithToken(server);
    const b = new Browser(server);
    await b.signIn(u.email, u.password);
    const cookie = b.cookies.get(SESSION);
    assert.equal(await whoIs(server, cookie), u.email);
    const r = spawnSync(LATCHKEYD, ['admin', 'disable-user', '--email', u.email, '--data-dir', server.dataDir], { encoding: 'utf8', timeout: 30000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(await whoIs(server, cookie), null);
  });
});

describe('S21 idle and absolute timeouts (fast server)', { concurrency: true }, () => {
  let fast;
  before(async () => {
    fast = await startServer({ sets: [...FAST, 'sessions.idle_timeout_s=4', 'sessions.absolute_timeout_s=9'] });
  });
  after(async () => { await fast?.cleanup(); });

  test('active every 2 s: signed in until the absolute timeout, then out (also by hand)', async () => {
    const u = await userWithToken(fast);
    const b = new Browser(fast);
    await b.signIn(u.email, u.password);
    const t0 = Date.now();
    const cookie = b.cookies.get(SESSION);
    for (;;) {
      const elapsed = Date.now() - t0;
      const who = await whoIs(fast, cookie);
      if (elapsed < 7500) assert.equal(who, u.email, `at ${elapsed} ms`);
      if (elapsed > 10000) { assert.equal(who, null, `at ${elapsed} ms`); break; }
      await sleep(1500);
    }
    assert.equal(await whoIs(fast, cookie), null, 'sent again by hand');
  });

  test('idle longer than idle_timeout_s: signed out', async () => {
    const u = await userWithToken(fast);
    const b = new Browser(fast);
    await b.signIn(u.email, u.password);
    const cookie = b.cookies.get(SESSION);
    await sleep(2000);
    assert.equal(await whoIs(fast, cookie), u.email, 'activity within the idle window');
    await sleep(5200);
    assert.equal(await whoIs(fast, cookie), null);
    assert.equal(await whoIs(fast, cookie), null);
  });

  test('TOTP second factor; a wrong code is a 401 page; a recovery code works once', async () => {
    const u = await userWithToken(fast);
    const mfa = await enrolMfa(fast, u);
    let { browser } = await passwordStep(fast, u);
    const wrong = await secondFactor(browser, codeAtStep(mfa.secret, 1));  // a code from 1970
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get('content-type'), /^text\/html/);
    assert.equal(await whoIs(fast, browser.cookies.get(SESSION)), null);
    ({ browser } = await passwordStep(fast, u));
    const rc = await secondFactor(browser, mfa.recoveryCodes[1]);
    assert.equal(rc.status, 303);
    assert.equal(await whoIs(fast, browser.cookies.get(SESSION)), u.email);
    ({ browser } = await passwordStep(fast, u));
    const again = await secondFactor(browser, mfa.recoveryCodes[1]);
    assert.equal(again.status, 401, 'a recovery code is single-use');
    const { code } = await freshCode(mfa.secret, mfa.usedStep);
    ({ browser } = await passwordStep(fast, u));
    const ok = await secondFactor(browser, code);
    assert.equal(ok.status, 303, ok.text.slice(0, 300));
    assert.equal(await whoIs(fast, browser.cookies.get(SESSION)), u.email);
  });
});

// --- S23 CSRF on every form -----------------------------------------------------

// Posts `fields` (which carry a valid csrf) four bad ways, each ⇒ 403; then
// `valid` (default: once as given) must not be 403, proving the token was good.
async function assertCsrfGuarded(b, path, fields, otherCsrf, what) {
  const { csrf, ...rest } = fields;
  assert.ok(csrf, `${what}: the page has a csrf field`);
  assert.ok(otherCsrf && otherCsrf !== csrf, `${what}: a different session's token`);
  const bad = [
    ['no token', rest, {}],
    ['empty token', { ...rest, csrf: '' }, {}],
    ["another session's token", { ...rest, csrf: otherCsrf }, {}],
    ['Origin evil', fields, { Origin: 'https://evil.example' }],
    ['Origin null', fields, { Origin: 'null' }],
    ['Sec-Fetch-Site cross-site', fields, { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', fields, { 'Sec-Fetch-Site': 'same-site' }],
  ];
  for (const [why, form, headers] of bad) {
    const r = await b.post(path, form, headers);
    assert.equal(r.status, 403, `${what}: ${why} → ${r.status} ${r.location ?? ''}`);
    assert.match(r.headers.get('content-type'), /^text\/html/);
  }
  const good = await b.post(path, fields);
  assert.notEqual(good.status, 403, `${what}: the genuine form`);
  return good;
}

describe('S23 CSRF on every form', () => {
  test('login and signup', async () => {
    const u = await userWithToken(server);
    const b = new Browser(server);
    const other = new Browser(server);
    const page = await b.get('/login');
    const otherPage = await other.get('/login');
    const good = await assertCsrfGuarded(b, '/login', { csrf: field(page.text, 'csrf'), next: '/', email: u.email, password: u.password },
      field(otherPage.text, 'csrf'), 'login');
    assert.equal(good.status, 303);
    const s = new Browser(server);
    const sp = await s.get('/signup');
    const osp = await other.get('/signup');
    const signed = await assertCsrfGuarded(s, '/signup', { csrf: field(sp.text, 'csrf'), next: '/', email: uniqueEmail('csrf'), password: PASSWORD },
      field(osp.text, 'csrf'), 'signup');
    assert.equal(signed.status, 303);
    // Without any cookie at all (no pre-session cookie) the login form is refused too.
    const bare = new Browser(server);
    const r = await bare.post('/login', { csrf: field(page.text, 'csrf'), next: '/', email: u.email, password: u.password });
    assert.equal(r.status, 403);
  });

  test('logout, reauth, device, consent and CLI login', async () => {
    const u = await userWithToken(server);
    const o = await userWithToken(server);
    const b = new Browser(server);
    const other = new Browser(server);
    await b.signIn(u.email, u.password);
    await other.signIn(o.email, o.password);

    // reauth
    let mine = await b.get('/reauth');
    let theirs = await other.get('/reauth');
    let good = await assertCsrfGuarded(b, '/reauth', { csrf: field(mine.text, 'csrf'), next: '/', password: u.password }, field(theirs.text, 'csrf'), 'reauth');
    assert.equal(good.status, 303);

    // device: enter the code, then approve
    const dv = await fetch(server.url + '/oauth/device_authorization', { method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'client_id=latchkey-cli' });
    const dj = await dv.json();
    assert.equal(dv.status, 200, JSON.stringify(dj));
    mine = await b.get('/device?user_code=' + dj.user_code);
    theirs = await other.get('/device?user_code=' + dj.user_code);
    const confirm = await assertCsrfGuarded(b, '/device', { csrf: field(mine.text, 'csrf'), user_code: dj.user_code }, field(theirs.text, 'csrf'), 'device');
    assert.equal(confirm.status, 200);
    const theirConfirm = await other.post('/device', { csrf: field(theirs.text, 'csrf'), user_code: dj.user_code });
    assert.equal(theirConfirm.status, 200);
    good = await assertCsrfGuarded(b, '/device/decision', { csrf: field(confirm.text, 'csrf'), request_id: field(confirm.text, 'request_id'), decision: 'deny' },
      field(theirConfirm.text, 'csrf'), 'device decision');
    assert.equal(good.status, 200);

    // consent
    const client = await registerClient(server, u);
    const q = authorizeQuery(client);
    mine = await b.get('/oauth/authorize?' + q);
    theirs = await other.get('/oauth/authorize?' + q);
    good = await assertCsrfGuarded(b, '/oauth/authorize', { csrf: field(mine.text, 'csrf'), request_id: field(mine.text, 'request_id'), decision: 'deny' },
      field(theirs.text, 'csrf'), 'consent');
    assert.equal(good.status, 303);

    // CLI browser login (Heroku /auth)
    const auth = await fetch(server.url + '/auth', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"description":"csrf test"}' });
    const aj = await auth.json();
    mine = await b.get(aj.browser_url);
    theirs = await other.get(aj.browser_url);
    assert.equal(mine.status, 200);
    good = await assertCsrfGuarded(b, aj.browser_url, { csrf: field(mine.text, 'csrf'), request_id: field(mine.text, 'request_id'), decision: 'deny' },
      field(theirs.text, 'csrf'), 'cli login');
    assert.equal(good.status, 200);

    // logout last: it ends the session
    mine = await b.get('/');
    theirs = await other.get('/');
    good = await assertCsrfGuarded(b, '/logout', { csrf: field(mine.text, 'csrf') }, field(theirs.text, 'csrf'), 'logout');
    assert.equal(good.status, 303);
  });

  test('second factor', async () => {
    const u = await userWithToken(server);
    const { recoveryCodes } = await enrolMfa(server, u);
    const { browser } = await passwordStep(server, u);
    const { browser: other } = await passwordStep(server, u);
    const mine = await browser.get('/login/second-factor');
    const theirs = await other.get('/login/second-factor');
    const good = await assertCsrfGuarded(browser, '/login/second-factor', { csrf: field(mine.text, 'csrf'), next: '/', code: recoveryCodes[2] },
      field(theirs.text, 'csrf'), 'second factor');
    assert.equal(good.status, 303);
  });

  test('state-changing paths refuse other methods (405); a GET with form fields changes nothing', async () => {
    const u = await userWithToken(server);
    const b = new Browser(server);
    await b.signIn(u.email, u.password);
    for (const path of ['/logout', '/device/decision']) {
      const r = await b.get(path);
      assert.equal(r.status, 405, `GET ${path}`);
    }
    for (const path of ['/login', '/login/second-factor', '/logout', '/signup', '/reauth', '/oauth/authorize', '/device', '/device/decision', '/auth/cli/browser/x']) {
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const r = await b.go(method, path);
        assert.equal(r.status, 405, `${method} ${path}`);
      }
    }
    const home = await b.get('/');
    const cookie = b.cookies.get(SESSION);
    const r = await b.get('/logout?csrf=' + encodeURIComponent(field(home.text, 'csrf')));
    assert.equal(r.status, 405);
    assert.equal(await whoIs(server, cookie), u.email, 'still signed in');
    const anon = new Browser(server);
    const lp = await anon.get('/login');
    const viaGet = await anon.get(`/login?${new URLSearchParams({ csrf: field(lp.text, 'csrf'), email: u.email, password: u.password })}`);
    assert.equal(viaGet.status, 200);
    assert.equal(anon.cookies.get(SESSION), undefined, 'GET /login never signs in');
  });

  test('forms must be form-encoded (415 otherwise)', async () => {
    const u = await userWithToken(server);
    const b = new Browser(server);
    await b.signIn(u.email, u.password);
    const home = await b.get('/');
    const res = await fetch(server.url + '/logout', { method: 'POST', redirect: 'manual',
      headers: { Cookie: b.cookieHeader(), 'Content-Type': 'text/plain', Origin: server.url }, body: `csrf=${field(home.text, 'csrf')}` });
    assert.equal(res.status, 415);
    assert.equal(await whoIs(server, b.cookies.get(SESSION)), u.email);
  });
});

// --- S24 headers ------------------------------------------------------------------


describe('S24 security headers on every page', () => {
  test('login, signup, consent, device, CLI login, redirects, 4xx error pages', async () => {
    const u = await userWithToken(server);
    const anon = new Browser(server);
    assertPageHeaders(await anon.get('/login'), 'login');
    assertPageHeaders(await anon.get('/signup'), 'signup');
    assertPageHeaders(await anon.get('/device'), 'device (redirect to login)');
    assertPageHeaders(await anon.get('/oauth/authorize'), 'authorize error page');
    assertPageHeaders(await anon.get('/logout'), '405 page');
    const b = new Browser(server);
    const signedIn = await b.signIn(u.email, u.password);
    assertPageHeaders(signedIn, 'login redirect');
    assertPageHeaders(await b.get('/'), 'home');
    assertPageHeaders(await b.get('/device'), 'device');
    assertPageHeaders(await b.get('/reauth'), 'reauth');
    const client = await registerClient(server, u);
    const consent = await b.get('/oauth/authorize?' + authorizeQuery(client));
    assert.equal(consent.status, 200);
    assertPageHeaders(consent, 'consent');
    const approved = await b.post('/oauth/authorize', { csrf: field(consent.text, 'csrf'), request_id: field(consent.text, 'request_id'), decision: 'approve' });
    assert.equal(approved.status, 303);
    assertPageHeaders(approved, 'redirect carrying a code');
    assertPageHeaders(await b.get('/oauth/authorize?' + authorizeQuery(client, { redirect_uri: 'https://evil.example/cb' })), 'bad redirect_uri page');
    const missing = await b.get('/auth/cli/browser/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assertPageHeaders(missing, 'CLI login 404 page');
    const forbidden = await b.post('/logout', {});
    assert.equal(forbidden.status, 403);
    assertPageHeaders(forbidden, '403 page');
    const unsupported = await b.go('POST', '/login', undefined, { 'Content-Type': 'text/plain' });
    assertPageHeaders(unsupported, '415 page');
  });

  test('the API 404 and JSON responses carry nosniff and a charset', async () => {
    for (const path of ['/no-such-page', '/oauth/no-such', '/.well-known/oauth-authorization-server', '/oauth/jwks']) {
      const r = await fetch(server.url + path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
      assert.match(r.headers.get('content-type') ?? '', /charset=utf-8/i, path);
    }
  });
});

describe('S26 CORS is locked down', () => {
  test('OPTIONS /oauth/authorize from another origin: no Access-Control-Allow-*', async () => {
    for (const method of ['OPTIONS', 'GET']) {
      const r = await fetch(server.url + '/oauth/authorize?client_id=x', { method, redirect: 'manual',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
      for (const [k] of r.headers) assert.ok(!k.startsWith('access-control-allow'), `${method}: ${k}`);
    }
  });

  test('no endpoint reflects an arbitrary Origin with credentials', async () => {
    const u = await userWithToken(server);
    for (const [method, path] of [['GET', '/account'], ['OPTIONS', '/account'], ['OPTIONS', '/oauth/token'], ['POST', '/oauth/token'],
      ['GET', '/.well-known/openid-configuration'], ['GET', '/login'], ['OPTIONS', '/login']]) {
      const r = await fetch(server.url + path, { method, redirect: 'manual',
        headers: { Origin: 'https://evil.example', Authorization: `Bearer ${u.token}`, 'Access-Control-Request-Method': 'POST' } });
      const acao = r.headers.get('access-control-allow-origin');
      assert.ok(acao === null || acao === '*', `${method} ${path}: ${acao}`);
      assert.notEqual(r.headers.get('access-control-allow-credentials'), 'true', `${method} ${path}`);
    }
  });
});

// S19: with an https public URL, a page asked for over plain HTTP is sent to
// https with no cookie; the JSON API never redirects (ASVS 4.1.2).
test('S19 plain-HTTP page requests redirect to https without a cookie; the API does not', async () => {
  const s = await startServer({ sets: [...FAST, 'server.public_url=https://auth.example'] });
  try {
    for (const path of ['/login?next=%2F', '/oauth/authorize?client_id=x', '/device']) {
      const res = await fetch(s.url + path, { redirect: 'manual' });
      assert.equal(res.status, 301, path);
      assert.equal(res.headers.get('location'), 'https://auth.example' + path);
      assert.deepEqual(res.headers.getSetCookie(), [], path);
    }
    const api = await s.request('GET', '/account');
    assert.equal(api.status, 401);
    assert.equal(api.headers.get('location'), null);
    const meta = await s.request('GET', '/.well-known/oauth-authorization-server', { accept: null });
    assert.equal(meta.json.issuer, 'https://auth.example');
  } finally {
    await s.cleanup();
  }
});

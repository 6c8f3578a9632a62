// Logins approved in a browser for another device, black-box over real HTTP:
// the RFC 8628 device authorization grant (security checklist S48–S51, R2)
// and the Heroku CLI's browser login (compat spec B.2: POST /auth, long poll).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, userWithToken, enrolMfa, FAST } from './lib/server.mjs';
import { Browser, field } from './lib/browser.mjs';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;
const DEVICE_UA = 'SmartFridge/2.1 (device-flow-test)';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function form(server, path, fields, headers = {}) {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': DEVICE_UA, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, json, text, headers: res.headers };
}

function startDevice(server, fields = { client_id: 'latchkey-cli' }, headers) {
  return form(server, '/oauth/device_authorization', fields, headers);
}

function pollToken(server, deviceCode, fields = { client_id: 'latchkey-cli' }, headers) {
  return form(server, '/oauth/token', { grant_type: DEVICE_GRANT, device_code: deviceCode, ...fields }, headers);
}

// A browser signed in as a fresh user.
async function signedIn(server, user) {
  const u = user || await userWithToken(server);
  const b = new Browser(server);
  await b.signIn(u.email, u.password);
  return { u, b };
}

// Enters `typed` on the verification page; returns the answer to the POST.
async function enterCode(b, typed) {
  const page = await b.get('/device');
  assert.equal(page.status, 200);
  return b.post('/device', { csrf: field(page.text, 'csrf'), user_code: typed });
}

async function decide(b, confirm, decision) {
  return b.post('/device/decision', {
    csrf: field(confirm.text, 'csrf'), request_id: field(confirm.text, 'request_id'), decision,
  });
}

async function approveCode(b, userCode, decision = 'approve') {
  const confirm = await enterCode(b, userCode);
  assert.equal(confirm.status, 200, confirm.text.slice(0, 300));
  const done = await decide(b, confirm, decision);
  assert.equal(done.status, 200, done.text.slice(0, 300));
  return done;
}

function auditActions(dataDir, accountId) {
  const r = spawnSync('sqlite3', [join(dataDir, 'latchkey.db'),
    `SELECT action FROM audit_events WHERE account_id = '${accountId}' ORDER BY seq`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

describe('S48 device authorization: codes', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.cleanup(); });

  test('the reply has a short user code, a long device code, a short lifetime and an interval', async () => {
    const r = await startDevice(server);
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.user_code, USER_CODE);
    assert.match(r.json.device_code, /^lkd_[0-9A-Za-z]+$/);
    assert.ok(r.json.device_code.slice(4).length >= 43, r.json.device_code);
    assert.ok(Number.isInteger(r.json.expires_in) && r.json.expires_in > 0 && r.json.expires_in <= 900);
    assert.ok(Number.isInteger(r.json.interval) && r.json.interval >= 5);
    assert.equal(r.json.verification_uri, server.url + '/device');
    assert.equal(r.json.verification_uri_complete, server.url + '/device?user_code=' + r.json.user_code);
    assert.match(r.headers.get('cache-control') || '', /no-store/);
  });

  test('the code is found typed in lower case, with a space, or without the dash', async () => {
    const r = await startDevice(server);
    const code = r.json.user_code;
    const { b } = await signedIn(server);
    const ids = [];
    for (const typed of [code, code.toLowerCase().replace('-', ' '), code.replace('-', ''),
      code.toLowerCase(), ` ${code.slice(0, 2)} ${code.slice(2).toLowerCase()} `]) {
      const confirm = await enterCode(b, typed);
      assert.equal(confirm.status, 200, `typed ${JSON.stringify(typed)}: ${confirm.status}`);
      ids.push(field(confirm.text, 'request_id'));
    }
    assert.ok(ids[0]);
    assert.deepEqual(new Set(ids), new Set([ids[0]]));
  });

  test('1,000 requests give 1,000 different user codes', async () => {
    const codes = new Set();
    const deviceCodes = new Set();
    for (let batch = 0; batch < 50; batch++) {
      const replies = await Promise.all(Array.from({ length: 20 }, () => startDevice(server)));
      for (const r of replies) {
        assert.equal(r.status, 200, r.text);
        assert.match(r.json.user_code, USER_CODE);
        codes.add(r.json.user_code);
        deviceCodes.add(r.json.device_code);
      }
    }
    assert.equal(codes.size, 1000);
    assert.equal(deviceCodes.size, 1000);
  });

  test('unknown clients and clients without the device grant are refused', async () => {
    let r = await startDevice(server, { client_id: 'no-such-client' });
    assert.equal(r.status, 401, r.text);
    assert.equal(r.json.error, 'invalid_client');
    const u = await userWithToken(server);
    const c = await server.request('POST', '/oauth/clients', {
      token: u.token, body: { name: 'Web Only', redirect_uri: 'https://app.example/cb' },
    });
    assert.equal(c.status, 201, c.text);
    r = await startDevice(server, { client_id: c.json.id, client_secret: c.json.secret });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error, 'unauthorized_client');
  });
});

describe('S49 user-code guessing is limited', () => {
  test('5 wrong codes in one session: the 6th lookup is 429 even with the right code; audited', async () => {
    const server = await startServer();
    try {
      const { u, b } = await signedIn(server);
      const right = (await startDevice(server)).json.user_code;
      for (let i = 0; i < 5; i++) {
        const r = await enterCode(b, 'BBBB-BBB' + 'CDFGH'[i]);
        assert.equal(r.status, 400, `wrong code ${i + 1}: ${r.status}`);
      }
      const sixth = await enterCode(b, right);
      assert.equal(sixth.status, 429);
      assert.ok(Number(sixth.headers.get('retry-after')) > 0);
      assert.equal(await enterCode(b, right).then((r) => r.status), 429, 'still limited');
      // The session limit is the session's: another session of the same user still works.
      const other = new Browser(server);
      await other.signIn(u.email, u.password);
      assert.equal((await enterCode(other, right)).status, 200);
      const events = auditActions(server.dataDir, u.account.id);
      assert.equal(events.filter((a) => a === 'device.user_code_failed').length, 5, events.join(','));
    } finally { await server.cleanup(); }
  });

  test('wrong codes from 3 sessions on one IP trip the IP limit (10)', async () => {
    const server = await startServer();
    try {
      const right = (await startDevice(server)).json.user_code;
      const sessions = [];
      for (let i = 0; i < 3; i++) sessions.push((await signedIn(server)).b);
      const wrong = ['BBBB-BBBC', 'BBBB-BBBD', 'BBBB-BBBF', 'BBBB-BBBG'];
      // 4 + 4 + 2 = 10 wrong codes; no session reaches its own limit of 5.
      for (const [i, n] of [[0, 4], [1, 4], [2, 2]]) {
        for (let k = 0; k < n; k++) assert.equal((await enterCode(sessions[i], wrong[k])).status, 400);
      }
      for (const b of sessions) {
        const r = await enterCode(b, right);
        assert.equal(r.status, 429, 'the IP limit applies to every session on that IP');
      }
      const fresh = (await signedIn(server)).b;
      assert.equal((await enterCode(fresh, right)).status, 429, 'and to new sessions');
    } finally { await server.cleanup(); }
  });
});

describe('S50 polling rules', { concurrency: true }, () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.cleanup(); });

  test('pending, at the interval and faster (slow_down +5 s, sticky)', { timeout: 60_000 }, async () => {
    // Three independent device codes, polled concurrently, to keep the wall time ~21 s.
    const pending = async () => {
      const d = (await startDevice(server)).json;
      let r = await pollToken(server, d.device_code);
      assert.equal(r.status, 400);
      assert.equal(r.json.error, 'authorization_pending');
      await sleep(d.interval * 1000 + 100);
      r = await pollToken(server, d.device_code);
      assert.equal(r.json.error, 'authorization_pending', 'polling at the interval is fine');
    };
    const tooFast = async () => {
      const d = (await startDevice(server)).json;
      const interval = d.interval;
      assert.equal((await pollToken(server, d.device_code)).json.error, 'authorization_pending');
      await sleep(1000);
      let r = await pollToken(server, d.device_code);
      assert.equal(r.status, 400);
      assert.equal(r.json.error, 'slow_down', 'polling 1 s apart');
      await sleep(interval * 1000 + 100);
      r = await pollToken(server, d.device_code);
      assert.equal(r.json.error, 'slow_down', 'the old interval is too fast now');
      // The checklist's sequence: the interval grew by 5 s for good at the first
      // slow_down; keeping to the old interval is refused but not punished again.
      await sleep((interval + 5) * 1000 + 100);
      r = await pollToken(server, d.device_code);
      assert.equal(r.json.error, 'authorization_pending', 'at interval + 5');
      await sleep(1000);
      r = await pollToken(server, d.device_code);
      assert.equal(r.json.error, 'slow_down', 'hammering again');
      await sleep((interval + 5) * 1000 + 100);
      r = await pollToken(server, d.device_code);
      assert.equal(r.json.error, 'slow_down', 'interval + 5 is too fast after the second increase');
    };
    await Promise.all([pending(), tooFast()]);
  });

  test('denied: access_denied, and the code stays dead', async () => {
    const d = (await startDevice(server)).json;
    const { b } = await signedIn(server);
    const done = await approveCode(b, d.user_code, 'deny');
    assert.match(done.text, /denied/i);
    let r = await pollToken(server, d.device_code);
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'access_denied');
    // The request cannot be found (and approved) again afterwards.
    r = await enterCode(b, d.user_code);
    assert.equal(r.status, 400);
  });

  test('approved: the first poll gets a token, the next invalid_grant', async () => {
    const d = (await startDevice(server)).json;
    const { u, b } = await signedIn(server);
    await approveCode(b, d.user_code);
    const first = await pollToken(server, d.device_code);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.token_type, 'Bearer');
    assert.match(first.json.access_token, /^lk[a-z]_/);
    const account = await server.request('GET', '/account', { token: first.json.access_token });
    assert.equal(account.status, 200);
    assert.equal(account.json.email, u.email);
    const second = await pollToken(server, d.device_code);
    assert.equal(second.status, 400);
    assert.equal(second.json.error, 'invalid_grant');
  });

  test('R2: 10 concurrent polls right after approval: exactly one 200', async () => {
    const d = (await startDevice(server)).json;
    const { u, b } = await signedIn(server);
    await approveCode(b, d.user_code);
    const before_ = (await server.request('GET', '/oauth/sessions', { token: u.token })).json.length;
    const replies = await Promise.all(Array.from({ length: 10 }, () => pollToken(server, d.device_code)));
    const statuses = replies.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
    for (const r of replies.filter((x) => x.status !== 200)) {
      assert.equal(r.status, 400);
      assert.equal(r.json.error, 'invalid_grant');
    }
    const after_ = (await server.request('GET', '/oauth/sessions', { token: u.token })).json.length;
    assert.equal(after_, before_ + 1, 'exactly one new CLI session');
  });

  test('device codes are bound to their client and malformed ones are invalid_grant', async () => {
    let r = await pollToken(server, 'lkd_' + 'A'.repeat(43));
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'invalid_grant');
    r = await pollToken(server, 'not-a-device-code');
    assert.equal(r.json.error, 'invalid_grant');
  });
});

test('S50 after the lifetime: expired_token', async () => {
  const server = await startServer({ sets: [...FAST, 'tokens.device_code_ttl_s=2'] });
  try {
    const d = (await startDevice(server)).json;
    assert.equal(d.expires_in, 2);
    await sleep(3100);
    const r = await pollToken(server, d.device_code);
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'expired_token');
    // The expired code cannot be entered and approved any more.
    const { b } = await signedIn(server);
    assert.equal((await enterCode(b, d.user_code)).status, 400);
  } finally { await server.cleanup(); }
});

describe('S51 the verification page resists phishing', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.cleanup(); });

  test('verification_uri_complete only prefills: no token until an explicit Approve with CSRF', async () => {
    const d = (await startDevice(server)).json;
    const { b } = await signedIn(server);
    const prefilled = await b.get(new URL(d.verification_uri_complete).pathname + new URL(d.verification_uri_complete).search);
    assert.equal(prefilled.status, 200);
    assert.equal(field(prefilled.text, 'user_code'), d.user_code);
    assert.equal((await pollToken(server, d.device_code)).json.error, 'authorization_pending');

    const confirm = await b.post('/device', { csrf: field(prefilled.text, 'csrf'), user_code: d.user_code });
    assert.equal(confirm.status, 200);
    await sleep(d.interval * 1000 + 100);
    assert.equal((await pollToken(server, d.device_code)).json.error, 'authorization_pending',
      'seeing the confirm page is not approving');

    const requestId = field(confirm.text, 'request_id');
    let r = await b.post('/device/decision', { request_id: requestId, decision: 'approve' });
    assert.equal(r.status, 403, 'no CSRF token');
    r = await b.post('/device/decision', { csrf: field(prefilled.text, 'csrf'), request_id: requestId, decision: 'approve' });
    assert.equal(r.status, 403, 'the code form\'s token is not the decision\'s');
    r = await b.post('/device/decision', { csrf: field(confirm.text, 'csrf'), request_id: requestId, decision: 'approve' },
      { Origin: 'https://evil.example' });
    assert.equal(r.status, 403, 'cross-site POST');
    const anonymous = new Browser(server);
    r = await anonymous.post('/device/decision', { csrf: field(confirm.text, 'csrf'), request_id: requestId, decision: 'approve' });
    assert.notEqual(r.status, 200, 'not signed in');
    await sleep(d.interval * 1000 + 100);
    assert.equal((await pollToken(server, d.device_code)).json.error, 'authorization_pending');

    r = await decide(b, confirm, 'approve');
    assert.equal(r.status, 200);
    await sleep(d.interval * 1000 + 100);
    assert.equal((await pollToken(server, d.device_code)).status, 200);
  });

  test('the entry page needs a signed-in browser', async () => {
    const d = (await startDevice(server)).json;
    const anonymous = new Browser(server);
    const r = await anonymous.get('/device?user_code=' + d.user_code);
    assert.ok(r.status === 302 || r.status === 303, String(r.status));
    assert.match(r.location, /^\/login/);
  });

  test('the confirm page shows client, scopes, IP, user agent, time and a warning', async () => {
    const d = (await startDevice(server)).json;
    const { b } = await signedIn(server);
    const confirm = await enterCode(b, d.user_code);
    assert.equal(confirm.status, 200);
    const t = confirm.text;
    assert.match(t, /Latchkey CLI/, 'client name');
    assert.match(t, /<code>global<\/code>/, 'scope');
    assert.match(t, /127\.0\.0\.1/, 'requesting IP');
    assert.ok(t.includes(DEVICE_UA.replace(/&/g, '&amp;')), 'user agent');
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    assert.match(t, new RegExp(`${day} \\d\\d:\\d\\d UTC`), 'when it was requested');
    assert.match(t, /Only approve if you started this on a device you control/);
    assert.ok(t.includes(d.user_code), 'the code, to compare with the device');
  });

  test('the confirm page shows the approximate location (loopback: this computer)', async () => {
    const d = (await startDevice(server)).json;
    const { b } = await signedIn(server);
    const confirm = await enterCode(b, d.user_code);
    assert.match(confirm.text, /<th scope="row">Approximate location<\/th><td>This computer<\/td>/);
  });

  test('after approval the CLI session is listed with its origin IP and ends with logout', async () => {
    const d = (await startDevice(server)).json;
    const { u, b } = await signedIn(server);
    await approveCode(b, d.user_code);
    const tok = await pollToken(server, d.device_code);
    assert.equal(tok.status, 200);
    assert.ok(tok.json.expires_in > 300 * 86400, 'a CLI login lasts about a year');
    const sessions = await server.request('GET', '/oauth/sessions', { token: u.token });
    assert.equal(sessions.status, 200);
    // (userWithToken's own password login is a CLI session too, "test".)
    const cli = sessions.json.filter((s) => s.kind === 'cli' && s.description === 'Latchkey CLI login');
    assert.equal(cli.length, 1, JSON.stringify(sessions.json));
    assert.equal(cli[0].ip, '127.0.0.1');
    assert.equal(cli[0].user_agent, DEVICE_UA, 'the requesting device, not the approving browser');
    const ended = await server.request('DELETE', '/oauth/sessions/~', { token: tok.json.access_token });
    assert.equal(ended.status, 200, ended.text);
    assert.equal((await server.request('GET', '/account', { token: tok.json.access_token })).status, 401);
  });

  test('a registered device client: its grant appears in GET /oauth/authorizations', async () => {
    const owner = await userWithToken(server);
    const c = await server.request('POST', '/oauth/clients', {
      token: owner.token,
      body: { name: 'TV App', redirect_uri: 'https://tv.example/cb', grant_types: [DEVICE_GRANT, 'refresh_token'] },
    });
    assert.equal(c.status, 201, c.text);
    const creds = { client_id: c.json.id, client_secret: c.json.secret };
    const d = (await startDevice(server, { ...creds, scope: 'identity' })).json;
    assert.match(d.user_code, USER_CODE);

    const { u, b } = await signedIn(server);
    const confirm = await enterCode(b, d.user_code);
    assert.match(confirm.text, /TV App/);
    assert.match(confirm.text, /<code>identity<\/code>/);
    // The CLI's client_id cannot redeem another client's device code.
    assert.equal((await decide(b, confirm, 'approve')).status, 200);
    let r = await pollToken(server, d.device_code);
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'invalid_grant');
    r = await pollToken(server, d.device_code, creds);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.scope, 'identity');
    assert.ok(r.json.refresh_token);

    const list = await server.request('GET', '/oauth/authorizations', { token: u.token });
    assert.equal(list.status, 200);
    const grant = list.json.find((a) => a.client && a.client.id === c.json.id);
    assert.ok(grant, JSON.stringify(list.json));
    assert.deepEqual(grant.scope, ['identity']);
    assert.equal(grant.created_from_ip, '127.0.0.1');
  });
});

test('S51 approximate location of a device behind a trusted proxy (GeoIP country)', async () => {
  const server = await startServer({ sets: [...FAST, 'server.trusted_proxies=127.0.0.1'] });
  try {
    const location = async (forwardedFor) => {
      const d = (await startDevice(server, undefined, { 'X-Forwarded-For': forwardedFor })).json;
      const { b } = await signedIn(server);
      const confirm = await enterCode(b, d.user_code);
      assert.equal(confirm.status, 200);
      assert.ok(confirm.text.includes(`<td>${forwardedFor}</td>`), 'the forwarded IP is the requester');
      return confirm.text.match(/<th scope="row">Approximate location<\/th><td>([^<]*)<\/td>/)[1];
    };
    assert.equal(await location('8.8.8.8'), 'United States');
    assert.equal(await location('2001:4860:4860::8888'), 'United States');
    assert.equal(await location('193.99.144.80'), 'Germany');
    assert.equal(await location('192.168.10.20'), 'A private network');
    assert.equal(await location('240.0.0.1'), 'Unknown');

    // The Heroku CLI browser-login page shows it too.
    const started = await fetch(server.url + '/auth', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'heroku-cli/10.0.0', 'X-Forwarded-For': '8.8.8.8' },
      body: JSON.stringify({ description: 'Heroku CLI login from abroad' }),
    });
    assert.equal(started.status, 201);
    const { b } = await signedIn(server);
    const page = await b.get((await started.json()).browser_url);
    assert.match(page.text, /<th scope="row">Approximate location<\/th><td>United States<\/td>/);
  } finally { await server.cleanup(); }
});

test('S51 with mfa.required: only an MFA-complete session can approve', async () => {
  const server = await startServer({ mfaRequired: true });
  try {
    const plain = await userWithToken(server);
    const d = (await startDevice(server)).json;
    const b = new Browser(server);
    await b.signIn(plain.email, plain.password);
    const confirm = await enterCode(b, d.user_code);
    assert.equal(confirm.status, 200);
    const refused = await decide(b, confirm, 'approve');
    assert.equal(refused.status, 403, 'approve without a second factor');
    assert.match(refused.text, /multi-factor/i);
    assert.equal((await pollToken(server, d.device_code)).json.error, 'authorization_pending');

    const enrolled = await userWithToken(server);
    const mfa = await enrolMfa(server, enrolled);
    // Signs in with password + a recovery code (the enrolment used up the current TOTP step).
    const b2 = new Browser(server);
    const login = await b2.get('/login?next=/');
    let r = await b2.post('/login', { csrf: field(login.text, 'csrf'), next: '/', email: enrolled.email, password: enrolled.password });
    assert.match(r.location, /^\/login\/second-factor/);
    const sf = await b2.get(r.location);
    r = await b2.post('/login/second-factor', { csrf: field(sf.text, 'csrf'), next: '/', code: mfa.recoveryCodes[0] });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const confirm2 = await enterCode(b2, d.user_code);
    assert.equal(confirm2.status, 200);
    assert.equal((await decide(b2, confirm2, 'approve')).status, 200);
    await sleep(d.interval * 1000 + 100);
    const tok = await pollToken(server, d.device_code);
    assert.equal(tok.status, 200, tok.text);
    assert.equal((await server.request('GET', '/account', { token: tok.json.access_token })).json.email, enrolled.email);
  } finally { await server.cleanup(); }
});

describe('Heroku CLI browser login (POST /auth, long poll)', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.cleanup(); });

  async function startAuth(description = 'Heroku CLI login from testhost') {
    const r = await fetch(server.url + '/auth', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': 'heroku-cli/10.0.0' },
      body: JSON.stringify({ description }),
    });
    return { status: r.status, json: await r.json() };
  }
  async function pollCli(a) {
    const r = await fetch(server.url + a.cli_url, { headers: { Authorization: 'Bearer ' + a.token } });
    return { status: r.status, json: await r.json() };
  }
  async function answer(b, a, decision) {
    const page = await b.get(a.browser_url);
    assert.equal(page.status, 200, page.text.slice(0, 200));
    return b.post(a.browser_url, { csrf: field(page.text, 'csrf'), request_id: field(page.text, 'request_id'), decision });
  }

  test('browser_url and cli_url are paths; the poll is held until approval', async () => {
    const started = await startAuth();
    assert.equal(started.status, 201);
    const a = started.json;
    assert.match(a.browser_url, /^\/[^/]/);
    assert.match(a.cli_url, /^\/[^/]/);
    assert.ok(a.token.length >= 32);

    const { u, b } = await signedIn(server);
    const page = await b.get(a.browser_url);
    assert.match(page.text, /Heroku CLI login from testhost/);
    assert.match(page.text, /Only approve if you started this on a device you control/);
    assert.match(page.text, /heroku-cli\/10\.0\.0/);

    const t0 = Date.now();
    const poll = pollCli(a);
    await sleep(1500);
    const approved = await b.post(a.browser_url, { csrf: field(page.text, 'csrf'), request_id: field(page.text, 'request_id'), decision: 'approve' });
    assert.equal(approved.status, 200);
    const p = await poll;
    assert.ok(Date.now() - t0 >= 1400, 'the poll was held, not answered at once');
    assert.equal(p.status, 200);
    const token = p.json.access_token;
    assert.ok(token);

    const account = await server.request('GET', '/account', { token });
    assert.equal(account.status, 200);
    assert.equal(account.json.email, u.email);
    const sessions = await server.request('GET', '/oauth/sessions', { token: u.token });
    const cli = sessions.json.filter((s) => s.kind === 'cli' && s.description === 'Heroku CLI login from testhost');
    assert.equal(cli.length, 1, JSON.stringify(sessions.json));
    assert.equal(cli[0].ip, '127.0.0.1');
    assert.equal(cli[0].user_agent, 'heroku-cli/10.0.0');

    const again = await pollCli(a);
    assert.equal(again.status, 200);
    assert.ok(again.json.error, 'a second poll after success is an error');
    assert.equal(again.json.access_token, undefined);
  });

  test('denied: 200 {"error"}', async () => {
    const a = (await startAuth()).json;
    const { b } = await signedIn(server);
    const poll = pollCli(a);
    await sleep(300);
    const r = await answer(b, a, 'deny');
    assert.equal(r.status, 200);
    const p = await poll;
    assert.equal(p.status, 200);
    assert.equal(typeof p.json.error, 'string');
    assert.match(p.json.error, /denied/i);
    assert.equal(p.json.access_token, undefined);
  });

  test('a wrong poll secret is 401; a device request is not a browser login', async () => {
    const a = (await startAuth()).json;
    let r = await pollCli({ ...a, token: 'lks_' + 'x'.repeat(43) });
    assert.equal(r.status, 401);
    r = await fetch(server.url + a.cli_url);
    assert.equal(r.status, 401);
    const d = (await startDevice(server)).json;
    const { b } = await signedIn(server);
    const page = await b.get('/auth/cli/browser/' + '0'.repeat(8) + '-0000-0000-0000-' + '0'.repeat(12));
    assert.equal(page.status, 404);
    assert.ok(d.user_code);
  });
});

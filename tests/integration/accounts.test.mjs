// Accounts, password policy, sign-in throttling, bootstrap (S01–S04, S06–S08, S10).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, uniqueEmail, userWithToken, PASSWORD } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const signup = (email, password, extra = {}) =>
  server.request('POST', '/account', { body: { email, password, ...extra } });
const mint = (email, password, body = {}) =>
  server.request('POST', '/oauth/authorizations', { basic: [email, password], body });

describe('sign-up and the password policy', () => {
  test('S01 too short is 422 password_too_short and creates nothing', async () => {
    const email = uniqueEmail('short');
    const r = await signup(email, 'abc12de');
    assert.equal(r.status, 422);
    assert.equal(r.json.id, 'password_too_short');
    // 15 here: this suite runs with mfa.required = false (NIST 800-63B-4 single
    // factor); the shipped default (12 with MFA) is checked in mfa.test.mjs.
    assert.match(r.json.message, /at least 15/);
    const again = await signup(email, PASSWORD);
    assert.equal(again.status, 202, 'the email is still free');
  });

  test('S01 long passwords are accepted and log in; 5000 chars is refused fast', async () => {
    for (const len of [64, 256]) {
      const email = uniqueEmail('long');
      const pw = Array.from({ length: len }, (_, i) => 'qwxzvbnmkj'[(i * 7 + len) % 10] + (i % 10)).join('').slice(0, len);
      const r = await signup(email, pw);
      assert.equal(r.status, 202, r.text);
      assert.equal((await mint(email, pw)).status, 201);
    }
    const t0 = Date.now();
    const r = await signup(uniqueEmail('huge'), 'k'.repeat(5000));
    assert.equal(r.status, 422);
    assert.equal(r.json.id, 'password_too_long');
    assert.ok(Date.now() - t0 < 1000);
  });

  test('S01 code points, not bytes, are counted', async () => {
    const r = await signup(uniqueEmail('emoji'), '🔑'.repeat(11) + 'zq9!');  // 15 code points
    assert.notEqual(r.json?.id, 'password_too_short', r.text);
  });

  test('S02 no truncation; NFKC-normalised', async () => {
    const email = uniqueEmail('nfkc');
    const pw = 'Ångström marmalade xylophone';
    assert.equal((await signup(email, pw)).status, 202);
    assert.equal((await mint(email, pw.slice(0, -1))).status, 401);
    assert.equal((await mint(email, pw + 'x')).status, 401);
    const decomposed = pw.replace('Å', 'A\u030A');
    assert.equal((await mint(email, decomposed)).status, 201);
  });

  test('S03 blocklisted and context passwords are refused with a reason', async () => {
    const email = uniqueEmail('block');
    for (const pw of ['password12345678', 'qwertyuiop123456', 'latchkey123456789', email.split('@')[0].repeat(2)]) {
      const r = await signup(email, pw);
      assert.equal(r.status, 422, pw);
      assert.match(r.json.id, /^password_(blocklisted|weak)$/, pw);
      assert.ok(r.json.message.length > 20, 'the reason is stated');
    }
    assert.equal((await signup(email, 'password-ferret-canyon-42')).status, 202);
  });

  test('bad emails and bad bodies get 422/400, never 5xx', async () => {
    for (const body of [{ email: 'nope', password: PASSWORD }, { email: 'a@b.c' }, { password: PASSWORD }, { email: 5, password: PASSWORD }]) {
      const r = await server.request('POST', '/account', { body });
      assert.equal(r.status, 422, JSON.stringify(body));
      assert.equal(typeof r.json.message, 'string');
    }
  });

  test('S09 sign-up does not reveal whether an email is registered', async () => {
    const email = uniqueEmail('s09');
    const first = await signup(email, PASSWORD);
    const second = await signup(email.toUpperCase(), 'another strong passphrase 77');
    const fresh = await signup(uniqueEmail('s09'), PASSWORD);
    for (const r of [first, second, fresh]) assert.equal(r.status, 202);
    assert.equal(second.text, first.text, 'same body for a taken email');
    assert.equal(fresh.text, first.text);
    assert.equal((await mint(email, PASSWORD)).status, 201, 'the owner keeps the account');
    assert.equal((await mint(email, 'another strong passphrase 77')).status, 401, 'no takeover, no second account');
    const closed = await startServer({ sets: ['accounts.signup=closed'] });
    try {
      const r = await closed.request('POST', '/account', { body: { email, password: PASSWORD } });
      assert.equal(r.status, 403);
      assert.equal(r.json.id, 'signup_closed');
    } finally {
      await closed.cleanup();
    }
  });

  test('account JSON has Heroku fields', async () => {
    const u = await userWithToken(server);
    const r = await server.request('GET', '/account', { token: u.token });
    assert.equal(r.status, 200);
    for (const k of ['id', 'email', 'name', 'two_factor_authentication', 'created_at', 'updated_at', 'last_login'])
      assert.ok(k in r.json, k);
    assert.equal(r.json.email, u.email);
    const patched = await server.request('PATCH', '/account', { token: u.token, body: { name: 'Ada L' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.name, 'Ada L');
    assert.equal((await server.request('GET', '/account', { token: u.token })).json.name, 'Ada L');
  });
});

describe('sign-in throttling (S06, S08)', () => {
  test('wrong passwords, back-off that also refuses the right one, reset on success', async () => {
    const email = uniqueEmail('throttle');
    assert.equal((await signup(email, PASSWORD)).status, 202);
    for (let i = 0; i < 5; i++) assert.equal((await mint(email, 'wrong password ' + i)).status, 401);
    const sixth = await mint(email, 'wrong again');
    assert.equal(sixth.status, 429);
    assert.ok(Number(sixth.headers.get('retry-after')) >= 1);
    const right = await mint(email, PASSWORD);
    assert.equal(right.status, 429, 'the correct password inside the window is refused too');
    assert.deepEqual(right.json, sixth.json);
    await new Promise((r) => setTimeout(r, (Number(right.headers.get('retry-after')) + 0.2) * 1000));
    assert.equal((await mint(email, PASSWORD)).status, 201);
    assert.equal((await mint(email, 'wrong after reset')).status, 401, 'count was reset');
  });

  test('unknown email and wrong password look the same', async () => {
    const email = uniqueEmail('known');
    assert.equal((await signup(email, PASSWORD)).status, 202);
    const a = await mint(email, 'not the password');
    const b = await mint(uniqueEmail('ghost'), 'not the password');
    assert.equal(a.status, b.status);
    assert.equal(a.text, b.text);
    const names = (r) => [...r.headers.keys()].filter((k) => !['date', 'request-id', 'ratelimit-remaining'].includes(k)).sort();
    assert.deepEqual(names(a), names(b));
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) await mint(ghost, 'x' + i);
    assert.equal((await mint(ghost, 'x')).status, 429, 'unknown emails are throttled the same way');
  });
});

describe('first admin (S10)', () => {
  test('no default accounts; the bootstrap secret works once', async () => {
    const fresh = await startServer();
    try {
      assert.equal((await fresh.request('POST', '/oauth/authorizations', { basic: ['admin', 'admin'] })).status, 401);
      assert.equal((await fresh.request('POST', '/oauth/authorizations', { basic: ['admin@localhost', 'password'] })).status, 401);
      const token = fresh.bootstrapToken;
      assert.ok(token, 'the console shows a bootstrap secret');
      const body = { bootstrap_token: token, email: 'root@example.com', password: PASSWORD };
      const weak = await fresh.request('POST', '/admin/bootstrap', { body: { ...body, password: 'short' } });
      assert.equal(weak.status, 422, 'a bad password does not burn the secret');
      const first = await fresh.request('POST', '/admin/bootstrap', { body });
      assert.equal(first.status, 201, first.text);
      assert.equal(first.json.admin, true);
      const second = await fresh.request('POST', '/admin/bootstrap', { body: { ...body, email: 'x@example.com' } });
      assert.equal(second.status, 410);
      assert.equal((await fresh.request('POST', '/oauth/authorizations', { basic: ['root@example.com', PASSWORD] })).status, 201);
    } finally {
      await fresh.cleanup();
    }
  });
});

describe('password change (S05)', () => {
  test('needs the current password; rotates the API key; other tokens keep working', async () => {
    const u = await userWithToken(server);
    const key = await server.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: u.token });
    assert.equal(key.status, 200);
    const apiKey = key.json.access_token.token;
    assert.match(apiKey, /^lka_/);
    assert.equal((await server.request('GET', '/account', { token: apiKey })).status, 200);
    const missing = await server.request('PUT', '/account/password', { token: u.token, body: { password: 'new horse battery staple 43' } });
    assert.equal(missing.status, 422);
    const wrong = await server.request('PUT', '/account/password', { token: u.token, body: { current_password: 'nope nope nope', password: 'new horse battery staple 43' } });
    assert.equal(wrong.status, 403);
    const ok = await server.request('PUT', '/account/password', { token: u.token, body: { current_password: PASSWORD, password: 'new horse battery staple 43' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await server.request('GET', '/account', { token: apiKey })).status, 401, 'old API key is dead');
    assert.equal((await mint(u.email, PASSWORD)).status, 401);
    assert.equal((await mint(u.email, 'new horse battery staple 43')).status, 201);
  });
});

test('S07 one IP spraying many accounts is cut off', async () => {
  const spray = await startServer({ sets: ['throttle.ip_attempts=10', 'throttle.ip_window_s=60'] });
  try {
    const statuses = [];
    for (let i = 0; i < 14; i++) statuses.push((await spray.request('POST', '/oauth/authorizations', { basic: [uniqueEmail('spray'), 'Winter2026!Winter'] })).status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.ok(statuses.slice(10).every((s) => s === 429), statuses.join(','));
    // X-Forwarded-For from an untrusted peer does not reset the counter.
    const spoof = await spray.request('POST', '/oauth/authorizations', { basic: [uniqueEmail('spray'), 'x'], headers: { 'X-Forwarded-For': '203.0.113.9' } });
    assert.equal(spoof.status, 429);
  } finally {
    await spray.cleanup();
  }
});

test('429 rate_limit when the account bucket is empty', async () => {
  const small = await startServer({ sets: ['rate_limit.capacity=3', 'rate_limit.refill_per_minute=1'] });
  try {
    const u = await userWithToken(small);
    let last;
    for (let i = 0; i < 5; i++) last = await small.request('GET', '/account', { token: u.token });
    assert.equal(last.status, 429);
    assert.equal(last.json.id, 'rate_limit');
    assert.equal(last.headers.get('ratelimit-remaining'), '0');
    assert.equal((await small.request('GET', '/account/rate-limits', { token: u.token })).status, 200);
  } finally {
    await small.cleanup();
  }
});

test('a full hashing queue answers 503 with Retry-After, never queues without bound', async () => {
  const busy = await startServer({ sets: ['passwords.hash_threads=1', 'passwords.hash_queue=1'] });
  try {
    const email = uniqueEmail('busy');
    assert.equal((await busy.request('POST', '/account', { body: { email, password: PASSWORD } })).status, 202);
    const results = await Promise.all(Array.from({ length: 24 }, () =>
      busy.request('POST', '/oauth/authorizations', { basic: [email, PASSWORD], body: {} })));
    const statuses = results.map((r) => r.status);
    assert.ok(statuses.includes(201), statuses.join(','));
    const refused = results.filter((r) => r.status === 503);
    assert.ok(refused.length > 0, `expected some 503s: ${statuses}`);
    for (const r of refused) {
      assert.equal(r.json.id, 'service_unavailable');
      assert.equal(r.headers.get('retry-after'), '1');
    }
    assert.ok(statuses.every((s) => s === 201 || s === 503), statuses.join(','));
  } finally {
    await busy.cleanup();
  }
});

test('R2 the bootstrap secret has exactly one winner under concurrency', async () => {
  const fresh = await startServer();
  try {
    const token = fresh.bootstrapToken;
    const emails = Array.from({ length: 16 }, (_, i) => `root${i}@example.com`);
    const results = await Promise.all(emails.map((email) =>
      fresh.request('POST', '/admin/bootstrap', { body: { bootstrap_token: token, email, password: PASSWORD } })));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    assert.ok(statuses.every((s) => s === 201 || s === 410), statuses.join(','));
    const minted = await Promise.all(emails.map((email) =>
      fresh.request('POST', '/oauth/authorizations', { basic: [email, PASSWORD], body: {} })));
    assert.equal(minted.filter((r) => r.status === 201).length, 1, 'exactly one admin account exists');
  } finally {
    await fresh.cleanup();
  }
});

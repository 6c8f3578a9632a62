// Multi-factor authentication over the API, on the shipped default
// mfa.required=true (security checklist S11–S16): enrolment with a proof code,
// password logins that need a second factor, single-use TOTP steps (also across
// two instances on one database) and recovery codes (also under 20-way races),
// the shared code throttle, step-up on sensitive actions, and what a dump shows.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, userWithToken, enrolMfa, PASSWORD, FAST, LATCHKEYD } from './lib/server.mjs';
import { base32Decode, codeAtStep, step, freshCode } from './lib/totp.mjs';

let server;
before(async () => { server = await startServer({ mfaRequired: true }); });
after(async () => { await server?.cleanup(); });

const TWO_FACTOR = 'heroku-two-factor-code';
const login = (user, code, password = user.password) => server.request('POST', '/oauth/authorizations', {
  basic: [user.email, password], body: { description: 'mfa test' },
  headers: code === undefined ? {} : { [TWO_FACTOR]: code },
});

// Repeats `attempt` while it answers 429 (the S14 code throttle), after its Retry-After.
async function unthrottled(attempt) {
  for (;;) {
    const r = await attempt();
    if (r.status !== 429) return r;
    await new Promise((res) => setTimeout(res, (Number(r.headers.get('retry-after')) + 0.2) * 1000));
  }
}

function audit(dataDir, accountId) {
  const r = spawnSync('sqlite3', [join(dataDir, 'latchkey.db'),
    `SELECT action FROM audit_events WHERE account_id = '${accountId}' ORDER BY seq`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean);
}

describe('S11 enrolment required (mfa.required = true)', () => {
  test('an account without MFA signs in but reaches only /account, enrolment and sign-out', async () => {
    const u = await userWithToken(server);  // Basic email:password is a sign-in: allowed
    const account = await server.request('GET', '/account', { token: u.token });
    assert.equal(account.status, 200);
    assert.equal(account.json.two_factor_authentication, false);
    assert.match(account.headers.get('warning-message'), /latchkey mfa:enable/);
    for (const [method, path] of [['GET', '/oauth/authorizations'], ['GET', '/oauth/sessions'],
      ['PATCH', '/account'], ['GET', '/account/recovery-codes'], ['GET', '/oauth/authorizations/~']]) {
      const r = await server.request(method, path, { token: u.token, body: method === 'PATCH' ? { name: 'x' } : undefined });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.json.id, 'mfa_enrollment_required');
      assert.match(r.json.message, /latchkey mfa:enable/);
      assert.match(r.json.message, /\/dashboard\/account\/mfa/);
    }
    // Minting with a Bearer token is not a sign-in.
    const minted = await server.request('POST', '/oauth/authorizations', { token: u.token, body: {} });
    assert.equal(minted.status, 403);
    assert.equal(minted.json.id, 'mfa_enrollment_required');
    const status = await server.request('GET', '/account/mfa', { token: u.token });
    assert.equal(status.status, 200);
    assert.deepEqual([status.json.two_factor_authentication, status.json.required], [false, true]);
    const out = await server.request('DELETE', '/oauth/sessions/~', { token: u.token });
    assert.equal(out.status, 200);
  });
});

test('S01 the shipped default: passwords of 12 characters suffice when MFA is required', async () => {
  const short = await server.request('POST', '/account', { body: { email: 'short-default@example.com', password: 'abc12de' } });
  assert.equal(short.status, 422);
  assert.match(short.json.message, /at least 12/);
  const ok = await server.request('POST', '/account', { body: { email: 'twelve@example.com', password: 'mqzx7 vkwp3j' } });
  assert.equal(ok.status, 202, ok.text);
});

describe('S12 TOTP enrolment', () => {
  test('secret ≥ 160 bits, otpauth URI, SVG QR code; nothing changes until confirmed', async () => {
    const u = await userWithToken(server);
    const r = await server.request('POST', '/account/mfa/totp', { token: u.token });
    assert.equal(r.status, 201, r.text);
    assert.ok(base32Decode(r.json.secret).length >= 20);
    assert.equal(r.json.otpauth_uri,
      `otpauth://totp/Latchkey:${u.email}?secret=${r.json.secret}&issuer=Latchkey&algorithm=SHA1&digits=6&period=30`);
    assert.match(r.json.qr_svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.doesNotMatch(r.json.qr_svg, /<script|href=/);
    // Pending only: a password login still needs no code.
    assert.equal((await login(u)).status, 201);
    assert.equal((await server.request('GET', '/account', { token: u.token })).json.two_factor_authentication, false);
    const status = await server.request('GET', '/account/mfa', { token: u.token });
    assert.equal(status.json.totp.pending, true);
    assert.equal(status.json.totp.enabled, false);
  });

  test('200 enrolments never repeat a secret', async () => {
    const u = await userWithToken(server);
    const seen = new Set();
    for (let i = 0; i < 200; i++) {
      const r = await server.request('POST', '/account/mfa/totp', { token: u.token });
      assert.equal(r.status, 201);
      seen.add(r.json.secret);
    }
    assert.equal(seen.size, 200);
  });

  test('a wrong proof code is 422; the fifth discards the enrolment; confirm then yields 10 codes', async () => {
    const u = await userWithToken(server);
    let r = await server.request('POST', '/account/mfa/totp', { token: u.token });
    const secret = r.json.secret;
    const wrong = String((Number(codeAtStep(secret, step())) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 1; i <= 5; i++) {
      r = await server.request('POST', '/account/mfa/totp/confirm', { token: u.token, body: { code: wrong } });
      assert.equal(r.status, 422);
      assert.equal(r.json.id, 'invalid_code');
    }
    assert.match(r.json.message, /discarded/);
    r = await server.request('POST', '/account/mfa/totp/confirm', { token: u.token, body: { code: codeAtStep(secret, step()) } });
    assert.equal(r.status, 409, 'the discarded secret no longer confirms');
    assert.match(r.json.message, /Start again/);

    r = await server.request('POST', '/account/mfa/totp', { token: u.token });
    const fresh = r.json.secret;
    r = await server.request('POST', '/account/mfa/totp/confirm', { token: u.token, body: { code: codeAtStep(fresh, step()) } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.two_factor_authentication, true);
    const codes = r.json.recovery_codes;
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const c of codes) assert.match(c, /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);  // 16 × 5 = 80 bits
    assert.equal((await server.request('GET', '/account', { token: u.token })).json.two_factor_authentication, true);
    // No endpoint shows the secret again.
    for (const path of ['/account', '/account/mfa', '/account/recovery-codes', '/oauth/authorizations']) {
      const g = await server.request('GET', path, { token: u.token });
      assert.equal(g.status, 200, path);
      assert.ok(!g.text.includes(fresh), path);
      for (const c of codes) assert.ok(!g.text.includes(c), path);
    }
    const audit_ = audit(server.dataDir, u.account.id);
    assert.ok(audit_.includes('mfa.enabled'));
    assert.equal(audit_.filter((a) => a === 'mfa.failed').length, 5);
    assert.ok(audit_.includes('mfa.enrolment_discarded'));
  });
});

describe('S11/S13 password logins with MFA on', () => {
  let u;
  let mfa;
  before(async () => {
    u = await userWithToken(server);
    mfa = await enrolMfa(server, u);
  });

  test('password only ⇒ 403 two_factor; a current code ⇒ 201; the same code again ⇒ refused', async () => {
    let r = await login(u);
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
    const { code, step: used } = await freshCode(mfa.secret, mfa.usedStep);
    r = await login(u, code);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.user.email, u.email);
    r = await login(u, code);
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
    assert.match(r.json.message, /already used/);
    // T−1 is not newer than the accepted step; T−2 and T+2 are outside the window.
    for (const t of [used - 1, used - 2, used + 2]) {
      r = await login(u, codeAtStep(mfa.secret, t));
      assert.equal(r.status, 403, `step ${t - used}`);
    }
    mfa.usedStep = used;
  });

  test('a wrong password with a right code is 401, and the code is not spent', async () => {
    const r = await login(u, '000000', 'not the password at all');
    assert.equal(r.status, 401);
  });

  test('a token of the account in place of the password needs no second factor', async () => {
    const r = await server.request('POST', '/oauth/authorizations', { basic: [u.email, u.token], body: {} });
    assert.equal(r.status, 201, r.text);
    // Another account's token with this email is refused.
    const other = await userWithToken(server);
    const bad = await server.request('POST', '/oauth/authorizations', { basic: [u.email, other.token], body: {} });
    assert.equal(bad.status, 401);
  });

  test('S13.6 a step used on instance A is refused by instance B on the same database', async () => {
    const b = await startServer({ dataDir: server.dataDir, mfaRequired: true });
    try {
      const { code, step: used } = await freshCode(mfa.secret, mfa.usedStep);
      assert.equal((await login(u, code)).status, 201);
      const r = await b.request('POST', '/oauth/authorizations', {
        basic: [u.email, u.password], body: {}, headers: { [TWO_FACTOR]: code },
      });
      assert.equal(r.status, 403);
      assert.match(r.json.message, /already used/);
      mfa.usedStep = used;
    } finally {
      await b.stop();
    }
  });
});

test('a sensitive action on instance B asks for the code right after enrolment on instance A', async () => {
  // B without the enrolment gate: the gate reads the cached token (it may lag by
  // tokens.cache_ttl_s on another instance); the step-up must not.
  const b = await startServer({ dataDir: server.dataDir, mfaRequired: false });
  try {
    const u = await userWithToken(server);
    assert.equal((await b.request('GET', '/account', { token: u.token })).status, 200);  // B caches the token
    await enrolMfa(server, u);
    const r = await b.request('PUT', '/account/password', { token: u.token, body: { current_password: u.password, password: 'yet another passphrase 9' } });
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
  } finally {
    await b.stop();
  }
});

describe('S15 recovery codes', () => {
  test('20 parallel logins with one code: exactly one succeeds; then it is spent', async () => {
    const u = await userWithToken(server);
    const { recoveryCodes } = await enrolMfa(server, u);
    const code = recoveryCodes[3];
    const results = await Promise.all(Array.from({ length: 20 }, () => login(u, code)));
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
    // The 19 losers are failures: 403, or 429 once they add up to the S14 throttle.
    assert.equal(statuses.filter((s) => s === 403 || s === 429).length, 19, JSON.stringify(statuses));
    assert.equal((await unthrottled(() => login(u, code))).status, 403);
    // Typed sloppily (upper case, spaces instead of dashes) another code still works.
    const sloppy = recoveryCodes[4].toUpperCase().replace(/-/g, ' ');
    assert.equal((await unthrottled(() => login(u, sloppy))).status, 201);
    const left = await server.request('GET', '/account/recovery-codes', { token: u.token });
    assert.deepEqual([left.json.remaining, left.json.total], [8, 10]);
    assert.ok(audit(server.dataDir, u.account.id).filter((a) => a === 'mfa.recovery_code_used').length === 2);
  });

  test('regenerating needs a second factor and kills every old code', async () => {
    const u = await userWithToken(server);
    const { recoveryCodes } = await enrolMfa(server, u);
    let r = await server.request('POST', '/account/recovery-codes', { token: u.token });
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
    r = await server.request('POST', '/account/recovery-codes', { token: u.token, headers: { [TWO_FACTOR]: recoveryCodes[0] } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.recovery_codes.length, 10);
    for (const old of recoveryCodes.slice(1, 4)) assert.equal((await login(u, old)).status, 403);
    assert.equal((await login(u, r.json.recovery_codes[0])).status, 201);
  });
});

describe('S14 wrong codes are throttled per account across flows', () => {
  test('10 wrong codes ⇒ 429 even for a correct code until the delay passes', async () => {
    const u = await userWithToken(server);
    const { recoveryCodes } = await enrolMfa(server, u);
    // Five on the login path, five on a step-up path: one count.
    for (let i = 0; i < 5; i++) assert.equal((await login(u, '999999')).status, 403);
    for (let i = 0; i < 5; i++) {
      const r = await server.request('POST', '/account/recovery-codes', { token: u.token, headers: { [TWO_FACTOR]: 'zzzz-zzzz-zzzz-zzzz' } });
      assert.equal(r.status, 403);
    }
    let r = await login(u, recoveryCodes[0]);
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    // The refused correct code was not spent: after the delay it works.
    await new Promise((res) => setTimeout(res, (Number(r.headers.get('retry-after')) + 0.5) * 1000));
    r = await login(u, recoveryCodes[0]);
    assert.equal(r.status, 201, r.text);
    const events = audit(server.dataDir, u.account.id);
    assert.equal(events.filter((a) => a === 'mfa.failed').length, 10);
    assert.ok(events.includes('mfa.throttled'));
  });
});

describe('S16/S22 sensitive actions need the second factor', () => {
  let u;
  let mfa;
  before(async () => {
    u = await userWithToken(server);
    mfa = await enrolMfa(server, u);
  });
  const code = () => mfa.recoveryCodes.shift();

  test('password change: 403 two_factor, then 200 with the header', async () => {
    const body = { current_password: PASSWORD, password: 'another fine passphrase 77' };
    let r = await server.request('PUT', '/account/password', { token: u.token, body });
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
    r = await server.request('PUT', '/account/password', { token: u.token, body, headers: { [TWO_FACTOR]: code() } });
    assert.equal(r.status, 200, r.text);
    u.password = 'another fine passphrase 77';
  });

  test('API key: reveal and regenerate need the header; other authorizations rotate without', async () => {
    let r = await server.request('POST', '/account/api-key/reveal', { token: u.token, body: { password: u.password } });
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
    r = await server.request('POST', '/account/api-key/reveal', { token: u.token, body: { password: 'wrong password here' }, headers: { [TWO_FACTOR]: code() } });
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'forbidden');
    r = await server.request('POST', '/account/api-key/reveal', { token: u.token, body: { password: u.password }, headers: { [TWO_FACTOR]: code() } });
    assert.equal(r.status, 200, r.text);
    const key = r.json.access_token.token;
    assert.match(key, /^lka_/);
    assert.equal((await server.request('GET', '/account', { token: key })).status, 200);

    r = await server.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: u.token });
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
    r = await server.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: u.token, headers: { [TWO_FACTOR]: code() } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await server.request('GET', '/account', { token: key })).status, 401, 'the old key is dead');

    const other = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { description: 'ci' } });
    r = await server.request('POST', `/oauth/authorizations/${other.json.id}/actions/regenerate-tokens`, { token: u.token });
    assert.equal(r.status, 200, r.text);
    const events = audit(server.dataDir, u.account.id);
    assert.ok(events.includes('api_key.revealed'));
  });

  test('replacing the authenticator needs a current factor; the old app works until confirmed', async () => {
    let r = await server.request('POST', '/account/mfa/totp', { token: u.token });
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
    r = await server.request('POST', '/account/mfa/totp', { token: u.token, headers: { [TWO_FACTOR]: code() } });
    assert.equal(r.status, 201);
    const next = r.json.secret;
    const { code: oldCode, step: used } = await freshCode(mfa.secret, mfa.usedStep);
    assert.equal((await login(u, oldCode)).status, 201, 'old factor still active');
    r = await server.request('POST', '/account/mfa/totp/confirm', { token: u.token, body: { code: codeAtStep(next, used) } });
    assert.equal(r.status, 200, r.text);
    assert.ok(audit(server.dataDir, u.account.id).includes('mfa.replaced'));
  });

  test('deleting the account needs password and second factor; then every token is dead', async () => {
    const v = await userWithToken(server);
    const { recoveryCodes } = await enrolMfa(server, v);
    let r = await server.request('DELETE', '/account', { token: v.token, body: { password: v.password } });
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
    r = await server.request('DELETE', '/account', { token: v.token, body: { password: 'not the password at all' }, headers: { [TWO_FACTOR]: recoveryCodes[0] } });
    assert.equal(r.status, 403);
    assert.equal((await server.request('GET', '/account', { token: v.token })).status, 200, 'still there');
    r = await server.request('DELETE', '/account', { token: v.token, body: { password: v.password }, headers: { [TWO_FACTOR]: recoveryCodes[1] } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.email, v.email);
    assert.equal((await server.request('GET', '/account', { token: v.token })).status, 401);
    assert.equal((await login(v, recoveryCodes[2])).status, 401);
    // A user who never enrolled may still leave while MFA is required.
    const w = await userWithToken(server);
    r = await server.request('DELETE', '/account', { token: w.token, body: { password: w.password } });
    assert.equal(r.status, 200, r.text);
  });

  test('the last factor cannot be removed while MFA is required (409)', async () => {
    const r = await server.request('DELETE', '/account/mfa/totp', { token: u.token, body: { password: u.password }, headers: { [TWO_FACTOR]: code() } });
    assert.equal(r.status, 409);
    assert.match(r.json.message, /required/);
  });
});

test('S16 with mfa.required = false: disabling needs password and a second factor', async () => {
  const open = await startServer({ sets: FAST });
  try {
    const u = await userWithToken(open);
    const { recoveryCodes } = await enrolMfa(open, u);
    const del = (headers, password = u.password) => open.request('DELETE', '/account/mfa/totp', { token: u.token, body: { password }, headers });
    let r = await del({});
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'two_factor');
    r = await del({ [TWO_FACTOR]: recoveryCodes[0] }, 'a wrong password entirely');
    assert.equal(r.status, 403);
    assert.equal(r.json.id, 'forbidden');
    r = await del({ [TWO_FACTOR]: recoveryCodes[1] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.two_factor_authentication, false);
    assert.equal((await open.request('GET', '/account', { token: u.token })).json.two_factor_authentication, false);
    r = await open.request('POST', '/oauth/authorizations', { basic: [u.email, u.password], body: {} });
    assert.equal(r.status, 201, 'no second factor any more');
    assert.equal((await open.request('GET', '/account/recovery-codes', { token: u.token })).json.total, 0);
    assert.ok(audit(open.dataDir, u.account.id).includes('mfa.disabled'));
  } finally {
    await open.cleanup();
  }
});

test('an operator removes a lost factor with latchkeyd admin reset-mfa', async () => {
  const u = await userWithToken(server);
  await enrolMfa(server, u);
  assert.equal((await login(u)).status, 403);
  const r = spawnSync(LATCHKEYD, ['admin', 'reset-mfa', '--email', u.email.toUpperCase(), '--data-dir', server.dataDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /removed the second factor/);
  const minted = await login(u);  // password logins read the account afresh
  assert.equal(minted.status, 201, minted.text);
  const fresh = minted.json.access_token.token;
  assert.equal((await server.request('GET', '/account', { token: fresh })).json.two_factor_authentication, false);
  assert.equal((await server.request('GET', '/oauth/sessions', { token: fresh })).json.id, 'mfa_enrollment_required');
  assert.ok(audit(server.dataDir, u.account.id).includes('mfa.reset_by_operator'));
  const unknown = spawnSync(LATCHKEYD, ['admin', 'reset-mfa', '--email', 'nobody@example.com', '--data-dir', server.dataDir], { encoding: 'utf8' });
  assert.equal(unknown.status, 2, unknown.stderr);
});

test('S12.4/S15.2 a dump holds no TOTP secret and no recovery code, in any form', async () => {
  const u = await userWithToken(server);
  const { secret, recoveryCodes } = await enrolMfa(server, u);
  const bytes = Buffer.concat(readdirSync(server.dataDir).filter((f) => f.startsWith('latchkey.db'))
    .map((f) => readFileSync(join(server.dataDir, f))));
  const raw = base32Decode(secret);
  const needles = [secret, secret.toLowerCase(), raw.toString('hex'), raw.toString('base64')];
  for (const c of recoveryCodes) {
    const bare = c.replace(/-/g, '');
    needles.push(c, c.toUpperCase(), bare, bare.toUpperCase());
  }
  for (const n of needles) assert.equal(bytes.indexOf(Buffer.from(n)), -1, `found ${n.slice(0, 4)}… in the dump`);
  assert.equal(bytes.indexOf(raw), -1, 'raw secret bytes');
});

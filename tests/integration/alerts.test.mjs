// Security alerts end to end (docs/alerts.md): the real latchkeyd with a local
// webhook receiver and a tiny SMTP server. For each kind the signed webhook and
// the e-mail arrive within seconds; a receiver answering 500 twice then 200
// gets it on the third attempt; a hanging receiver does not slow the request
// that raised the alert; a restart does not resend what was delivered.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, userWithToken, enrolMfa, FAST } from './lib/server.mjs';
import { signedIn, registerClient, tokensFor, refresh } from './lib/oauth.mjs';
import { startWebhookReceiver, startSmtpReceiver, alertSets, waitFor, verifySignature } from './lib/alert_receivers.mjs';

const SECRET = 'whsec_it_0123456789';
const TWO_FACTOR = 'Heroku-Two-Factor-Code';

let server, hook, smtp;
before(async () => {
  hook = await startWebhookReceiver(SECRET);
  smtp = await startSmtpReceiver();
  server = await startServer({
    sets: [...FAST, ...alertSets(hook, smtp, SECRET, [
      'server.trusted_proxies=127.0.0.1', 'alerts.expiring_scan_s=1', 'alerts.expiring_days=7',
      'throttle.lock_after=3', 'throttle.free_attempts=2',
    ])],
  });
});
after(async () => {
  await server?.cleanup();
  await hook?.close();
  await smtp?.close();
});

// The webhook of `kind` for `email`, checked like a receiver would; and its e-mail.
async function expectAlert(kind, email, check = () => {}) {
  const hit = await waitFor(() => hook.received.find((e) => e.json?.kind === kind && e.json?.account?.email === email),
    8000, `${kind} webhook for ${email}`);
  assert.ok(hit.valid, 'Latchkey-Signature verifies with the shared secret');
  assert.equal(hit.headers['content-type'], 'application/json');
  assert.equal(hit.headers['latchkey-alert-kind'], kind);
  for (const k of ['id', 'kind', 'title', 'created_at', 'account', 'event']) assert.ok(k in hit.json, k);
  assert.match(hit.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(hit.json.event.subject.id, hit.json.account.id);
  assert.ok(['success', 'failure'].includes(hit.json.event.outcome), hit.json.event.outcome);
  check(hit.json);
  const mail = await waitFor(() => smtp.messages.find((m) => m.to.some((t) => t.includes(email)) &&
      m.data.includes(`(alert ${kind},`)), 8000, `${kind} e-mail to ${email}`);
  assert.match(mail.from, /alerts@example\.com/);
  assert.match(mail.data, /^Subject: \[Latchkey\] /m);
  assert.match(mail.data, /Content-Type: text\/plain; charset=utf-8/);
  return { hit, mail };
}

function assertNoSecrets(alert, ...secrets) {
  const text = alert.hit.body + alert.mail.data;
  for (const s of secrets) assert.ok(!text.includes(s), 'no secret in the alert');
}

describe('alert kinds', () => {
  test('new_sign_in: a sign-in from a device the account never used', async () => {
    const user = await userWithToken(server);  // first sign-in: nothing to compare with
    const minted = await server.request('POST', '/oauth/authorizations', {
      basic: [user.email, user.password], body: { description: 'laptop' }, headers: { 'User-Agent': 'NewDevice/1.0' },
    });
    assert.equal(minted.status, 201);
    const alert = await expectAlert('new_sign_in', user.email, (j) => {
      assert.equal(j.event.user_agent, 'NewDevice/1.0');
      assert.equal(j.event.ip, '127.0.0.1');
    });
    assertNoSecrets(alert, user.password, user.token, minted.json.access_token.token);
    // The first sign-in (at signup) raised nothing.
    assert.equal(hook.received.filter((e) => e.json?.kind === 'new_sign_in' && e.json.account.email === user.email).length, 1);
  });

  test('mfa_disabled', async () => {
    const user = await userWithToken(server);
    const { recoveryCodes } = await enrolMfa(server, user);
    const r = await server.request('DELETE', '/account/mfa/totp', {
      token: user.token, body: { password: user.password }, headers: { [TWO_FACTOR]: recoveryCodes[0] },
    });
    assert.equal(r.status, 200, r.text);
    const alert = await expectAlert('mfa_disabled', user.email, (j) => assert.equal(j.event.action, 'mfa.disabled'));
    assertNoSecrets(alert, user.password, user.token, recoveryCodes[0]);
  });

  test('api_key_revealed and api_key_regenerated', async () => {
    const user = await userWithToken(server);
    const shown = await server.request('POST', '/account/api-key/reveal', { token: user.token, body: { password: user.password } });
    assert.equal(shown.status, 200, shown.text);
    const revealed = await expectAlert('api_key_revealed', user.email);
    const again = await server.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: user.token });
    assert.equal(again.status, 200, again.text);
    const regenerated = await expectAlert('api_key_regenerated', user.email);
    assertNoSecrets(revealed, shown.json.access_token.token);
    assertNoSecrets(regenerated, again.json.access_token.token);
  });

  test('token_new_ip: first use of a token from another IP, once', async () => {
    const user = await userWithToken(server);
    const from = (ip) => server.request('GET', '/account', { token: user.token, headers: { 'X-Forwarded-For': ip } });
    assert.equal((await from('203.0.113.7')).status, 200);
    assert.equal((await from('203.0.113.7')).status, 200);
    await expectAlert('token_new_ip', user.email, (j) => {
      assert.equal(j.event.ip, '203.0.113.7');
      assert.equal(j.event.authorization.id, user.authorization.id);
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(hook.received.filter((e) => e.json?.kind === 'token_new_ip' && e.json.account.email === user.email).length, 1);
  });

  test('authorization_expiring: an authorization that expires within alerts.expiring_days', async () => {
    const user = await userWithToken(server);
    const r = await server.request('POST', '/oauth/authorizations', {
      token: user.token, body: { description: 'short-lived', expires_in: 3 * 86400 },
    });
    assert.equal(r.status, 201);
    await expectAlert('authorization_expiring', user.email, (j) => {
      assert.equal(j.event.authorization.id, r.json.id);
      assert.equal(j.event.detail.description, 'short-lived');
    });
  });

  test('account_locked: the throttle locks the account after lock_after failures', async () => {
    const user = await userWithToken(server);
    // Three wrong passwords (waiting out the back-off after the free ones) lock it.
    let failures = 0;
    for (let i = 0; i < 10 && failures < 3; i++) {
      const r = await server.request('POST', '/oauth/authorizations', { basic: [user.email, 'not the password at all'], body: {} });
      if (r.status === 401) failures += 1;
      else if (r.status === 429) await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get('retry-after') || 1)));
      else assert.fail(`unexpected ${r.status} ${r.text}`);
    }
    assert.equal(failures, 3);
    const alert = await expectAlert('account_locked', user.email, (j) => assert.equal(j.event.action, 'account.locked'));
    assertNoSecrets(alert, 'not the password at all', user.password);
  });

  test('refresh_token_reuse', async () => {
    const { user, browser } = await signedIn(server);
    const client = await registerClient(server, user);
    const t1 = await tokensFor(server, browser, client);
    assert.equal((await refresh(server, client, t1.refresh_token)).status, 200);
    assert.equal((await refresh(server, client, t1.refresh_token)).status, 400, 'replayed');
    await expectAlert('refresh_token_reuse', user.email);
  });
});

test('a receiver answering 500 twice then 200 gets the alert on the third attempt', async () => {
  const secret = 'whsec_retry';
  let calls = 0;
  const flaky = await startWebhookReceiver(secret, () => (++calls <= 2 ? 500 : 200));
  const s = await startServer({ sets: [...FAST, ...alertSets(flaky, null, secret)] });
  try {
    const user = await userWithToken(s);
    const r = await s.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: user.token });
    assert.equal(r.status, 200);
    await waitFor(() => flaky.received.find((e) => e.status === 200), 10000, 'the third attempt');
    const tries = flaky.received.filter((e) => e.json?.kind === 'api_key_regenerated');
    assert.deepEqual(tries.map((e) => e.status), [500, 500, 200]);
    assert.ok(tries.every((e) => e.valid));
    assert.equal(new Set(tries.map((e) => e.headers['latchkey-delivery'])).size, 1, 'one delivery, three attempts');
    assert.ok(tries[2].at - tries[0].at >= 1000, 'with back-off between attempts (1 s, then 2 s)');
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal(flaky.received.length, 3, 'delivered: no more attempts');
  } finally {
    await s.cleanup();
    await flaky.close();
  }
});

test('a hanging receiver does not slow the request that raised the alert', async () => {
  const secret = 'whsec_hang';
  const stuck = await startWebhookReceiver(secret, () => 'hang');
  const s = await startServer({ sets: [...FAST, ...alertSets(stuck, null, secret)] });
  try {
    const user = await userWithToken(s);
    const regen = () => s.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: user.token });
    assert.equal((await regen()).status, 200);
    await waitFor(() => stuck.received.length > 0, 5000, 'the first (hanging) delivery');
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) assert.equal((await regen()).status, 200);
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `5 alert-raising requests took ${ms.toFixed(0)} ms while the receiver hangs`);
  } finally {
    await stuck.close();  // first, so the attempt in flight ends and the server stops at once
    await s.cleanup();
  }
});

test('a restart does not resend delivered alerts, and new ones still arrive', async () => {
  const secret = 'whsec_restart';
  const rec = await startWebhookReceiver(secret);
  const sets = [...FAST, ...alertSets(rec, null, secret)];
  let s = await startServer({ sets });
  const dataDir = s.dataDir;
  try {
    const user = await userWithToken(s);
    assert.equal((await s.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: user.token })).status, 200);
    await waitFor(() => rec.ofKind('api_key_regenerated').length === 1, 8000, 'first alert');
    await s.stop();
    s = await startServer({ sets, dataDir });
    const minted = await s.request('POST', '/oauth/authorizations', { basic: [user.email, user.password], body: {} });
    assert.equal(minted.status, 201);
    assert.equal((await s.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: minted.json.access_token.token })).status, 200);
    await waitFor(() => rec.ofKind('api_key_regenerated').length === 2, 8000, 'second alert');
    await new Promise((r) => setTimeout(r, 1000));
    const ids = rec.ofKind('api_key_regenerated').map((e) => e.json.id);
    assert.equal(ids.length, 2, 'the first alert was not sent again');
    assert.notEqual(ids[0], ids[1]);
  } finally {
    await s.cleanup();
    await rec.close();
  }
});

test('signature verification as documented rejects a tampered body', () => {
  const body = '{"kind":"mfa_disabled"}';
  const t = Math.floor(Date.now() / 1000);
  const header = `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;
  assert.ok(verifySignature(SECRET, header, body));
  assert.ok(!verifySignature(SECRET, header, body.replace('mfa', 'MFA')));
  assert.ok(!verifySignature('other', header, body));
});

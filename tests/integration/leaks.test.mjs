// Leaked-token reports (POST /token-leaks, docs/api.md): each token kind is
// revoked (API key regenerated, access token and refresh family revoked,
// client secret rotated, browser session ended), garbage is "invalid" without a
// lookup, unknown tokens are "unknown"; only operators (admin token) or a
// partner with a valid signature may report; the owner's token_leaked alert
// arrives; the audit trail records the report URL but never the token.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, userWithToken, uniqueEmail, PASSWORD, FAST } from './lib/server.mjs';
import { signedIn, registerClient, tokensFor, refresh, accountStatus, wellFormedToken } from './lib/oauth.mjs';
import { startWebhookReceiver, alertSets, waitFor } from './lib/alert_receivers.mjs';

const HOOK_SECRET = 'whsec_leaks';
const PARTNER_SECRET = 'partner-shared-secret-0123456789';

let server, hook, operator;
before(async () => {
  hook = await startWebhookReceiver(HOOK_SECRET);
  server = await startServer({ sets: [...FAST, ...alertSets(hook, null, HOOK_SECRET), `leaks.partner_secret=${PARTNER_SECRET}`] });
  const email = uniqueEmail('operator');
  const boot = await server.request('POST', '/admin/bootstrap', {
    body: { bootstrap_token: server.bootstrapToken, email, password: PASSWORD },
  });
  assert.ok(boot.status < 300, boot.text);
  const minted = await server.request('POST', '/oauth/authorizations', { basic: [email, PASSWORD], body: {} });
  assert.equal(minted.status, 201, minted.text);
  operator = minted.json.access_token.token;
});
after(async () => {
  await server?.cleanup();
  await hook?.close();
});

const report = (entries, { token = operator, headers = {}, raw } = {}) =>
  server.request('POST', '/token-leaks', { token, body: raw === undefined ? entries : undefined, raw, headers, accept: null });
const entry = (token) => ({ token, type: 'latchkey', url: 'https://github.com/someone/repo/blob/main/.env', source: 'content' });

function auditRows(accountId) {
  const r = spawnSync('sqlite3', [join(server.dataDir, 'latchkey.db'),
    `SELECT action || ' ' || detail FROM audit_events WHERE account_id = '${accountId}' ORDER BY seq`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

async function whoIs(cookie) {
  const res = await fetch(server.url + '/', { headers: { Cookie: `lk_session=${cookie}` }, redirect: 'manual' });
  await res.text();
  return res.status === 200;
}

describe('an operator reports each kind', () => {
  test('access token, API key, refresh token, client secret, session: revoked and dead', async () => {
    const { user, browser } = await signedIn(server);
    const key = (await server.request('POST', '/account/api-key/reveal', { token: user.token, body: { password: user.password } })).json.access_token.token;
    const client = await registerClient(server, user);
    const tokens = await tokensFor(server, browser, client);
    const other = await registerClient(server, user, { name: 'Leaky App' });
    const cookie = browser.cookies.get('lk_session');
    assert.ok(key.startsWith('lka_') && other.secret.startsWith('lkc_') && cookie.startsWith('lks_'));
    assert.equal(await accountStatus(server, key), 200);
    assert.ok(await whoIs(cookie));

    const leaked = [user.token, key, tokens.refresh_token, other.secret, cookie];
    const r = await report(leaked.map(entry));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.map((e) => e.status), ['revoked', 'revoked', 'revoked', 'revoked', 'revoked']);
    assert.deepEqual(r.json.map((e) => e.type), ['access_token', 'api_key', 'refresh_token', 'client_secret', 'session']);
    for (const [i, e] of r.json.entries()) assert.equal(e.token, leaked[i].slice(0, 8) + '**********' + leaked[i].slice(-4));

    assert.equal(await accountStatus(server, user.token), 401, 'access token revoked');
    assert.equal(await accountStatus(server, key), 401, 'old API key dead (regenerated)');
    assert.equal(await accountStatus(server, tokens.access_token), 401, 'the refresh family is revoked');
    assert.equal((await refresh(server, client, tokens.refresh_token)).status, 400);
    const old = await refresh(server, { id: other.id, secret: other.secret }, 'lkr_x');
    assert.equal(old.status, 401, 'the old client secret no longer authenticates');
    assert.equal(await whoIs(cookie), false, 'the browser session ended');

    // Reported again: nothing left to revoke.
    const again = await report(leaked.map(entry));
    assert.ok(again.json.every((e) => e.status === 'unknown' || e.status === 'already_inactive'), again.text);

    // Audited with the report URL, never the token; the owner is alerted.
    const rows = auditRows(user.account.id).filter((l) => l.startsWith('token.leaked_revoked'));
    assert.equal(rows.length, 5);
    for (const row of rows) {
      assert.match(row, /github\.com\/someone\/repo/);
      for (const t of leaked) assert.ok(!row.includes(t));
    }
    const alerts = await waitFor(() => {
      const got = hook.ofKind('token_leaked').filter((e) => e.json.account.email === user.email);
      return got.length >= 4 ? got : null;  // the session's event is written as it ends
    }, 8000, 'token_leaked alerts');
    assert.ok(alerts.every((a) => a.valid));
    for (const a of alerts) for (const t of leaked) assert.ok(!a.body.includes(t), 'no token in the alert');
  });

  test('garbage is invalid, a well-formed unknown token is unknown', async () => {
    const r = await report([entry('not-a-token'), entry('lka_' + 'a'.repeat(49)), entry(wellFormedToken('lko_')), entry(wellFormedToken('lkr_'))]);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.map((e) => e.status), ['invalid', 'invalid', 'unknown', 'unknown']);
    assert.equal(r.json[0].message, 'not a Latchkey token');
    assert.equal(r.json[0].token, '**********');
  });

  test('malformed bodies and oversized reports are refused Heroku-style', async () => {
    let r = await report(undefined, { raw: '{"token":"x"}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400);
    assert.ok(r.json.id && r.json.message);
    r = await report([{ type: 'no token' }]);
    assert.equal(r.status, 422);
    r = await report(Array.from({ length: 1001 }, () => ({ token: 'x' })));
    assert.equal(r.status, 413);
  });
});

describe('who may report', () => {
  test('no credentials: 401; a non-admin token: 403', async () => {
    let r = await report([entry('x')], { token: null });
    assert.equal(r.status, 401);
    assert.equal(r.json.id, 'unauthorized');
    const user = await userWithToken(server);
    r = await report([entry(user.token)], { token: user.token });
    assert.equal(r.status, 403);
    assert.equal(await accountStatus(server, user.token), 200, 'nothing was revoked');
  });

  test('a partner with a valid signature; a bad signature is 401', async () => {
    const user = await userWithToken(server);
    const body = JSON.stringify([entry(user.token)]);
    const sign = (secret, text) => 'sha256=' + createHmac('sha256', secret).update(text).digest('hex');
    const send = (sig, text = body) => server.request('POST', '/token-leaks', {
      raw: text, accept: null, headers: { 'Content-Type': 'application/json', 'Latchkey-Leak-Signature': sig },
    });
    let r = await send(sign('wrong secret', body));
    assert.equal(r.status, 401);
    r = await send(sign(PARTNER_SECRET, body), body.replace('content', 'commit'));
    assert.equal(r.status, 401, 'signature over another body');
    r = await send('sha256=');
    assert.equal(r.status, 401);
    assert.equal(await accountStatus(server, user.token), 200);
    r = await send(sign(PARTNER_SECRET, body));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json[0].status, 'revoked');
    assert.equal(await accountStatus(server, user.token), 401);
    assert.ok(auditRows(user.account.id).some((l) => l.startsWith('token.leaked_revoked') && l.includes('"reporter":"partner"')));
    await waitFor(() => hook.ofKind('token_leaked').find((e) => e.json.account.email === user.email), 8000, 'owner alert');
  });
});

// The audit trail (checklist S57, docs/audit.md) through the real server:
// each driven action leaves exactly one event per action with every field
// (UTC time, actor, subject, IP, the user agent as sent, outcome, the
// response's Request-Id, sha256(token)[:8] when a token was used) and no secret;
// Range paging walks every event once; team admins see team events and members
// do not; operators read everything (/admin/events and `latchkeyd admin
// events`, JSON lines); retention prunes old rows; failed git authentications
// are audited and throttled per IP like passwords (S59, S07).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { startServer, userWithToken, uniqueEmail, LATCHKEYD, PASSWORD, FAST } from './lib/server.mjs';
import { query as sql, lit } from './lib/sqlite.mjs';

const sha8 = (token) => createHash('sha256').update(token).digest('hex').slice(0, 8);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function adminCli(dataDir, args, input = '') {
  const r = spawnSync(LATCHKEYD, ['admin', ...args, '--data-dir', dataDir], { input, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Every event of the caller, walking Range pages of `max`.
async function allEvents(s, token, max = 1000, path = '/account/events') {
  const out = [];
  let range = `seq ..; max=${max}`;
  for (let i = 0; i < 500; i++) {
    const r = await s.request('GET', path, { token, headers: { Range: range } });
    assert.ok(r.status === 200 || r.status === 206, `${r.status} ${r.text}`);
    out.push(...r.json);
    const next = r.headers.get('next-range');
    if (r.status === 200) { assert.equal(next, null); return out; }
    assert.ok(next, '206 carries Next-Range');
    range = next;
  }
  throw new Error('paging did not end');
}

let s;
let operator;          // bootstrapped admin account
const secrets = [];    // every secret issued or typed during the suite

before(async () => {
  s = await startServer();
  const opEmail = uniqueEmail('op');
  const boot = await s.request('POST', '/admin/bootstrap', {
    body: { bootstrap_token: s.bootstrapToken, email: opEmail, password: PASSWORD },
  });
  assert.equal(boot.status, 201, boot.text);
  const minted = await s.request('POST', '/oauth/authorizations', { basic: [opEmail, PASSWORD], body: {} });
  assert.equal(minted.status, 201, minted.text);
  operator = { email: opEmail, token: minted.json.access_token.token };
  secrets.push(s.bootstrapToken, operator.token, PASSWORD);
});

after(async () => { await s?.cleanup(); });

test('each action leaves exactly its events, with every S57 field and no secret', async () => {
  const user = await userWithToken(s);
  secrets.push(user.token);
  const other = await userWithToken(s);
  secrets.push(other.token);
  const expected = [];  // { requestId, ua, actions, actor, subject, token, outcome }
  let n = 0;
  async function drive(method, path, opts, want) {
    const ua = `audit-suite/${++n} (x; "quoted") {json}`;
    const r = await s.request(method, path, { ...opts, headers: { ...(opts.headers || {}), 'User-Agent': ua } });
    assert.equal(r.status, want.status, `${method} ${path}: ${r.text}`);
    const requestId = r.headers.get('request-id');
    assert.ok(requestId, 'every response has a Request-Id');
    expected.push({ requestId, ua, ...want });
    return r;
  }
  const me = user.account.id;
  // login ok (API password sign-in) + the authorization it creates
  const login = await drive('POST', '/oauth/authorizations', { basic: [user.email, PASSWORD], body: { description: 'second login' } },
    { status: 201, actions: ['login.succeeded', 'authorization.created'], actor: me, subject: me });
  secrets.push(login.json.access_token.token);
  // login failed (anonymous actor)
  await drive('POST', '/oauth/authorizations', { basic: [user.email, 'wrong password entirely 1'], body: {} },
    { status: 401, actions: ['login.failed'], actor: null, subject: me, outcome: 'failure' });
  secrets.push('wrong password entirely 1');
  // authorization create / rotate / revoke with a token
  const created = await drive('POST', '/oauth/authorizations', { token: user.token, body: { description: 'ci' } },
    { status: 201, actions: ['authorization.created'], actor: me, subject: me, token: user.token });
  secrets.push(created.json.access_token.token);
  const rotated = await drive('POST', `/oauth/authorizations/${created.json.id}/actions/regenerate-tokens`, { token: user.token },
    { status: 200, actions: ['authorization.rotated'], actor: me, subject: me, token: user.token });
  secrets.push(rotated.json.access_token?.token ?? '');
  await drive('DELETE', `/oauth/authorizations/${created.json.id}`, { token: user.token },
    { status: 200, actions: ['authorization.revoked'], actor: me, subject: me, token: user.token });
  // reauth failure (wrong password on a sensitive action)
  await drive('POST', '/account/api-key/reveal', { token: user.token, body: { password: 'not my password at all 9' } },
    { status: 403, actions: ['reauthentication.failed'], actor: me, subject: me, token: user.token, outcome: 'failure' });
  secrets.push('not my password at all 9');
  // reauth success + API key reveal
  const reveal = await drive('POST', '/account/api-key/reveal', { token: user.token, body: { password: PASSWORD } },
    { status: 200, actions: ['reauthentication.succeeded', 'api_key.revealed'], actor: me, subject: me, token: user.token });
  if (reveal.json?.access_token?.token) secrets.push(reveal.json.access_token.token);
  // API key regenerate
  const regen = await drive('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: user.token },
    { status: 200, actions: ['api_key.regenerated'], actor: me, subject: me, token: user.token });
  if (regen.json?.access_token?.token) secrets.push(regen.json.access_token.token);
  // client create / rotate / delete
  const client = await drive('POST', '/oauth/clients', { token: user.token, body: { name: 'audit app', redirect_uri: 'https://example.com/cb' } },
    { status: 201, actions: ['client.created'], actor: me, subject: me, token: user.token });
  secrets.push(client.json.secret);
  const rot = await drive('POST', `/oauth/clients/${client.json.id}/actions/rotate-credentials`, { token: user.token },
    { status: 200, actions: ['client.rotated'], actor: me, subject: me, token: user.token });
  if (rot.json?.secret) secrets.push(rot.json.secret);
  await drive('DELETE', `/oauth/clients/${client.json.id}`, { token: user.token },
    { status: 200, actions: ['client.deleted'], actor: me, subject: me, token: user.token });
  // collaborator add / remove: subject is the collaborator, actor the caller
  const app = await s.request('POST', '/apps', { token: user.token, body: {} });
  assert.equal(app.status, 201, app.text);
  await drive('POST', `/apps/${app.json.name}/collaborators`, { token: user.token, body: { user: other.email } },
    { status: 201, actions: ['collaborator.added'], actor: me, subject: other.account.id, token: user.token, app: app.json.id });
  await drive('DELETE', `/apps/${app.json.name}/collaborators/${encodeURIComponent(other.email)}`, { token: user.token },
    { status: 200, actions: ['collaborator.removed'], actor: me, subject: other.account.id, token: user.token, app: app.json.id });
  // authz denied: the other user may not see the app (404, audited)
  await drive('GET', `/apps/${app.json.name}/config-vars`, { token: other.token },
    { status: 404, actions: ['authz.denied'], actor: other.account.id, subject: other.account.id, token: other.token, outcome: 'failure' });
  // password change
  const newPassword = 'a brand new passphrase 77';
  await drive('PUT', '/account/password', { token: user.token, body: { current_password: PASSWORD, password: newPassword } },
    { status: 200, actions: ['password.changed'], actor: me, subject: me, token: user.token, extra: true });
  secrets.push(newPassword);

  const mine = await allEvents(s, user.token);
  const others = await allEvents(s, other.token);
  const everything = [...new Map([...mine, ...others].map((e) => [e.id, e])).values()];
  const now = Date.now() / 1000;
  for (const want of expected) {
    const got = everything.filter((e) => e.request_id === want.requestId);
    const actions = [...new Set(got.map((e) => e.action))];
    for (const a of want.actions) {
      assert.equal(got.filter((e) => e.action === a).length, 1, `exactly one ${a} for ${want.ua}: ${JSON.stringify(got)}`);
    }
    if (!want.extra) assert.deepEqual(actions.sort(), [...want.actions].sort(), `events of ${want.ua}`);
    for (const e of got.filter((x) => want.actions.includes(x.action))) {
      assert.match(e.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(Math.abs(Date.parse(e.created_at) / 1000 - now) < 120, e.created_at);
      assert.equal(e.user_agent, want.ua);
      assert.equal(e.ip, '127.0.0.1');
      assert.equal(e.outcome, want.outcome ?? 'success', `${e.action} outcome`);
      assert.deepEqual(e.actor, want.actor ? { id: want.actor } : null, `${e.action} actor`);
      assert.deepEqual(e.subject, want.subject ? { id: want.subject } : null, `${e.action} subject`);
      assert.ok(Number.isInteger(e.seq) && e.seq > 0);
      assert.equal(typeof e.detail, 'object');
      if (want.token) {
        assert.equal(e.token_prefix, sha8(want.token), `${e.action} token_prefix`);
        assert.ok(e.authorization?.id, `${e.action} authorization`);
      }
      if (want.app) assert.deepEqual(e.app, { id: want.app });
    }
  }
  const dump = JSON.stringify(everything);
  for (const secret of secrets.filter(Boolean)) assert.ok(!dump.includes(secret), 'an event holds a secret');
  // Identity-scoped tokens cannot read the trail.
  const narrow = await s.request('POST', '/oauth/authorizations', { token: user.token, body: { scope: ['identity'] } });
  assert.equal(narrow.status, 201);
  secrets.push(narrow.json.access_token.token);
  assert.equal((await s.request('GET', '/account/events', { token: narrow.json.access_token.token })).status, 403);
});

test('Range paging walks every event exactly once, newest first, and oldest first on request', async () => {
  const user = await userWithToken(s);
  secrets.push(user.token);
  for (let i = 0; i < 7; i++) {
    const r = await s.request('POST', '/oauth/authorizations', { token: user.token, body: { description: `p${i}` } });
    secrets.push(r.json.access_token.token);
  }
  const whole = await allEvents(s, user.token, 1000);
  assert.ok(whole.length >= 9, `${whole.length} events`);
  const paged = await allEvents(s, user.token, 2);
  assert.deepEqual(paged.map((e) => e.id), whole.map((e) => e.id));
  const seqs = paged.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
  const first = await s.request('GET', '/account/events', { token: user.token, headers: { Range: 'seq ..; max=3, order=asc' } });
  assert.equal(first.status, 206);
  assert.deepEqual(first.json.map((e) => e.id), whole.slice(-3).reverse().map((e) => e.id));
  assert.match(first.headers.get('next-range'), /^seq \]\d+\.\.; max=3, order=asc$/);
  assert.equal(first.headers.get('accept-ranges'), 'seq');
  const bad = await s.request('GET', '/account/events', { token: user.token, headers: { Range: 'seq ]abc..' } });
  assert.equal(bad.status, 416);
  const filtered = await s.request('GET', '/account/events?action=authorization.', { token: user.token });
  assert.equal(filtered.status, 200);
  assert.ok(filtered.json.length >= 8 && filtered.json.every((e) => e.action.startsWith('authorization.')));
  const unknown = await s.request('GET', '/account/events?bogus=1', { token: user.token });
  assert.equal(unknown.status, 422);
});

test('team admins read the team events, members and outsiders do not', async () => {
  const admin = await userWithToken(s);
  const member = await userWithToken(s);
  const outsider = await userWithToken(s);
  secrets.push(admin.token, member.token, outsider.token);
  const team = `audit-${process.pid % 100000}`;
  assert.equal((await s.request('POST', '/teams', { token: admin.token, body: { name: team } })).status, 201);
  const put = await s.request('PUT', `/teams/${team}/members`, { token: admin.token, body: { email: member.email, role: 'member' } });
  assert.ok([200, 201].includes(put.status), put.text);
  const events = await s.request('GET', `/teams/${team}/events`, { token: admin.token });
  assert.equal(events.status, 200, events.text);
  const actions = events.json.map((e) => e.action);
  assert.ok(actions.includes('team.created') && actions.includes('team.member_set'), actions.join());
  const roleChange = events.json.find((e) => e.action === 'team.member_set');
  assert.deepEqual(roleChange.subject, { id: member.account.id });
  assert.deepEqual(roleChange.actor, { id: admin.account.id });
  assert.ok(roleChange.team?.id);
  // The member sees its own role change on /account/events, but not the team's trail.
  assert.ok((await allEvents(s, member.token)).some((e) => e.id === roleChange.id));
  const refused = await s.request('GET', `/teams/${team}/events`, { token: member.token });
  assert.equal(refused.status, 403, refused.text);
  assert.equal((await s.request('GET', `/teams/${team}/events`, { token: outsider.token })).status, 404);
  // Operators read everything; others may not.
  assert.equal((await s.request('GET', '/admin/events', { token: admin.token })).status, 403);
  const all = await s.request('GET', `/admin/events?account=${encodeURIComponent(member.email)}`, { token: operator.token });
  assert.equal(all.status, 200, all.text);
  assert.ok(all.json.some((e) => e.id === roleChange.id));
  const since = await s.request('GET', '/admin/audit?since=2999-01-01', { token: operator.token });
  assert.equal(since.status, 200);
  assert.deepEqual(since.json, []);
});

test('a failed sign-in for an unknown email is recorded for operators, without a subject; a password typed as the email is not kept', async () => {
  const ghost = uniqueEmail('nobody-here');
  const typedPassword = 'my secret passphrase 77';
  for (const email of [ghost, typedPassword]) {
    const r = await s.request('POST', '/oauth/authorizations', { basic: [email, 'whatever it is 123'], body: {} });
    assert.equal(r.status, 401, r.text);
  }
  const r = await s.request('GET', '/admin/events?action=login.failed', { token: operator.token, headers: { Range: 'seq ..; max=200' } });
  assert.ok(r.status === 200 || r.status === 206, r.text);
  const unknown = r.json.filter((e) => e.detail?.reason === 'unknown_account');
  const mine = unknown.find((e) => e.detail.email === ghost);
  assert.ok(mine, `the unknown email's attempt is there: ${JSON.stringify(unknown.slice(0, 3))}`);
  assert.equal(mine.subject, null);
  assert.equal(mine.actor, null);
  assert.equal(mine.outcome, 'failure');
  assert.ok(mine.ip, 'with the IP');
  assert.ok(unknown.some((e) => e.detail.email === '(not an email address)'), 'the other attempt is recorded');
  assert.ok(!r.text.includes(typedPassword), 'the password typed as the email is not stored');
  // A known account's failure says why, and its owner sees it.
  const user = await userWithToken(s);
  secrets.push(user.token);
  await s.request('POST', '/oauth/authorizations', { basic: [user.email, 'wrong password entirely 2'], body: {} });
  const own = await allEvents(s, user.token);
  assert.ok(own.some((e) => e.action === 'login.failed' && e.detail.reason === 'wrong_password'), JSON.stringify(own.map((e) => e.action)));
  assert.ok(!own.some((e) => e.detail?.reason === 'unknown_account'), 'others\' unknown-email attempts are not in an account\'s trail');
});

test('latchkeyd admin events prints JSON lines oldest first; hostile input stays one record', async () => {
  const user = await userWithToken(s);
  secrets.push(user.token);
  // A hostile email in a failed sign-in, and a hostile description (refused).
  const evil = 'x\n{"event":"admin"}@example.com';
  await s.request('POST', '/oauth/authorizations', { basic: [evil, 'whatever it is 123'], body: {} });
  const r = adminCli(s.dataDir, ['events', '--email', user.email]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const parsed = lines.map((l) => JSON.parse(l));
  assert.ok(parsed.length >= 2);
  const seqs = parsed.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  assert.deepEqual(Object.keys(parsed[0]), ['id', 'seq', 'created_at', 'action', 'outcome', 'actor', 'subject', 'ip',
    'user_agent', 'request_id', 'authorization', 'token_prefix', 'app', 'team', 'detail']);
  assert.equal(adminCli(s.dataDir, ['events', '--since', 'yesterday']).code, 2);
  const all = adminCli(s.dataDir, ['events', '--days', '1']);
  assert.equal(all.code, 0, all.stderr);
  for (const line of all.stdout.trim().split('\n')) {
    const e = JSON.parse(line);
    assert.notEqual(e.event, 'admin');
  }
  // The server's log: JSON, one object per line, no secret.
  const log = s.stderr;
  for (const line of log.split('\n').filter(Boolean)) {
    const o = JSON.parse(line);
    assert.notEqual(o.event, 'admin', 'a forged log record');
  }
  for (const secret of secrets.filter(Boolean)) assert.ok(!log.includes(secret), 'the log holds a secret');
});

test('retention: prune-events and the server at start-up delete old events only', async () => {
  const dir = s.dataDir;
  const old = Math.floor(Date.now() / 1000) - 500 * 86400;
  spawnSync('sqlite3', [`${dir}/latchkey.db`,
    `INSERT INTO audit_events (id, account_id, action, created_at) VALUES ('old-1', 'nobody', 'login.failed', ${old}), ('old-2', 'nobody', 'login.failed', ${old + 1})`]);
  const before = sql(dir, 'SELECT count(*) AS n FROM audit_events')[0].n;
  const r = adminCli(dir, ['prune-events']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /deleted 2 audit events older than 400 days/);
  assert.equal(sql(dir, `SELECT count(*) AS n FROM audit_events WHERE id IN ('old-1','old-2')`)[0].n, 0);
  assert.equal(sql(dir, 'SELECT count(*) AS n FROM audit_events')[0].n, before - 2);

  // A server with 1-day retention prunes at start-up.
  const s2 = await startServer({ sets: [...FAST, 'audit.retention_days=1'] });
  try {
    const user = await userWithToken(s2);
    spawnSync('sqlite3', [`${s2.dataDir}/latchkey.db`,
      `INSERT INTO audit_events (id, account_id, action, created_at) VALUES ('old-3', ${lit(user.account.id)}, 'login.failed', ${old})`]);
    await s2.stop();
    const s3 = await startServer({ sets: [...FAST, 'audit.retention_days=1'], dataDir: s2.dataDir });
    try {
      let left = 1;
      for (let i = 0; i < 50 && left; i++) {
        left = sql(s3.dataDir, `SELECT count(*) AS n FROM audit_events WHERE id = 'old-3'`)[0].n;
        if (left) await sleep(100);
      }
      assert.equal(left, 0, 'the old event was pruned at start-up');
      assert.ok((await allEvents(s3, user.token)).length >= 1, 'recent events stay');
    } finally { await s3.cleanup(); }
  } finally { await s2.stop(); }
});

test('failed git authentication is audited and throttled per IP like passwords', async () => {
  const g = await startServer({ sets: [...FAST, 'throttle.ip_attempts=3', 'throttle.ip_window_s=300'] });
  try {
    const user = await userWithToken(g);
    const app = await g.request('POST', '/apps', { token: user.token, body: {} });
    assert.equal(app.status, 201, app.text);
    // A revoked token (well-formed, no longer stored) and a made-up one.
    const extra = await g.request('POST', '/oauth/authorizations', { token: user.token, body: {} });
    const revokedToken = extra.json.access_token.token;
    assert.equal((await g.request('DELETE', `/oauth/authorizations/${extra.json.id}`, { token: user.token })).status, 200);
    const path = `/${app.json.name}.git/info/refs?service=git-upload-pack`;
    const gitAuth = (token) => g.request('GET', path, { basic: ['git', token], accept: null, headers: { 'User-Agent': 'git/2.39' } });
    // git's credential-less first request does not count.
    const anon = await g.request('GET', path, { accept: null });
    assert.equal(anon.status, 401);
    assert.match(anon.headers.get('www-authenticate') ?? '', /^Basic/);
    for (const t of [revokedToken, 'lka_notAToken', revokedToken]) {
      const r = await gitAuth(t);
      assert.equal(r.status, 401, r.text);
      assert.ok(!r.text.includes(t));
    }
    const throttled = await gitAuth(user.token);
    assert.equal(throttled.status, 429, throttled.text);
    assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
    const password = await g.request('POST', '/oauth/authorizations', { basic: [user.email, PASSWORD], body: {} });
    assert.equal(password.status, 429, 'a password sign-in from that IP is throttled too');
    // Three git.auth_failed events, none holding the token; no subject for a revoked one.
    const out = adminCli(g.dataDir, ['events', '--action', 'git.auth_failed']);
    assert.equal(out.code, 0, out.stderr);
    const events = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(events.length, 3);
    for (const e of events) {
      assert.equal(e.outcome, 'failure');
      assert.equal(e.subject, null);
      assert.equal(e.user_agent, 'git/2.39');
      assert.ok(!JSON.stringify(e).includes(revokedToken));
    }
    assert.equal(events[0].token_prefix, sha8(revokedToken));
    assert.equal(events[1].token_prefix, '', 'a malformed token is not hashed or looked up');
    assert.ok(!g.stderr.includes(revokedToken));
  } finally { await g.cleanup(); }
});

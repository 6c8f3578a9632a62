// The workers of the R1 crash test (crash.test.mjs). Each owns its accounts, so
// their expectations never mix. A worker keeps a journal: `pending` is set before
// a request goes out and cleared when a complete response arrives (a 2xx is
// journalled as acknowledged; any other answer means "not applied"). When the
// server is killed, the request in flight stays pending: after the restart,
// reconcile() checks the acknowledged state and that the pending change was
// either fully applied (with its audit row) or not at all, then continues from
// whichever state it finds.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Browser } from './browser.mjs';
import { registerClient, tokensFor, refresh } from './oauth.mjs';
import { userWithToken, enrolMfa, uniqueEmail, PASSWORD } from './server.mjs';
import { query, scalar, lit, tokenHash } from './sqlite.mjs';

// Answers that may come back under load without having changed anything.
const RETRYABLE = new Set([429, 503]);

function settle(w, r, ok) {
  if (ok.includes(r.status)) return true;
  w.pending = null;
  if (!RETRYABLE.has(r.status)) throw new Error(`${w.name}: unexpected ${r.status} ${r.text.slice(0, 200)}`);
  return false;
}

const auditCount = (dir, accountId, action, extra = '') => scalar(dir,
  `SELECT count(*) FROM audit_events WHERE account_id = ${lit(accountId)} AND action = ${lit(action)} ${extra}`);
const strongPassword = () => `crash ${randomBytes(9).toString('base64url')} lantern`;
const status = async (s, token) => (await s.request('GET', '/account', { token })).status;

// Creates authorizations: every acknowledged one is stored and authenticates,
// and each stored one has exactly one authorization.created row.
export class CreateWorker {
  constructor(name) { this.name = name; this.desc = `crash-${name}`; }
  async setup(s) { this.user = await userWithToken(s); this.base = 0; this.acked = []; this.pending = null; }
  async step(s) {
    this.pending = true;
    const r = await s.request('POST', '/oauth/authorizations', { token: this.user.token, body: { description: this.desc } });
    if (settle(this, r, [201])) { this.pending = null; this.acked.push(r.json.access_token.token); }
  }
  async reconcile(s, dir) {
    const acct = lit(this.user.account.id);
    const rows = scalar(dir, `SELECT count(*) FROM authorizations WHERE account_id = ${acct} AND description = ${lit(this.desc)}`);
    const audits = auditCount(dir, this.user.account.id, 'authorization.created', `AND json_extract(detail, '$.description') = ${lit(this.desc)}`);
    assert.equal(audits, rows, `${this.name}: one authorization.created row per stored authorization`);
    const min = this.base + this.acked.length;
    assert.ok(rows >= min && rows <= min + (this.pending ? 1 : 0), `${this.name}: ${rows} stored, ${min} acknowledged, pending ${!!this.pending}`);
    if (this.acked.length) {
      const hashes = this.acked.map((t) => lit(tokenHash(t))).join(',');
      assert.equal(scalar(dir, `SELECT count(*) FROM authorizations WHERE token_hash IN (${hashes})`), this.acked.length,
        `${this.name}: every acknowledged create is stored`);
      for (const t of this.acked.slice(-10)) assert.equal(await status(s, t), 200, `${this.name}: acknowledged token authenticates`);
    }
    this.base = rows; this.acked = []; this.pending = null;
  }
}

// Creates an authorization, then revokes it. A revoked one is gone with exactly
// one authorization.revoked row and its token is dead; one whose revoke was in
// flight is either that or entirely alive.
export class RevokeWorker {
  constructor() { this.name = 'revoke'; this.desc = 'crash-revoke'; }
  async setup(s) { this.user = await userWithToken(s); this.live = []; this.revoked = []; this.pending = null; }
  async step(s) {
    if (!this.live.length) {
      this.pending = { kind: 'create' };
      const r = await s.request('POST', '/oauth/authorizations', { token: this.user.token, body: { description: this.desc } });
      if (settle(this, r, [201])) { this.pending = null; this.live.push({ id: r.json.id, token: r.json.access_token.token }); }
      return;
    }
    const a = this.live[0];
    this.pending = { kind: 'revoke', a };
    const r = await s.request('DELETE', `/oauth/authorizations/${a.id}`, { token: this.user.token });
    if (settle(this, r, [200])) { this.pending = null; this.live.shift(); this.revoked.push(a); }
  }
  async reconcile(s, dir) {
    const id = this.user.account.id;
    const state = async (a) => ({
      row: scalar(dir, `SELECT count(*) FROM authorizations WHERE id = ${lit(a.id)}`),
      audit: auditCount(dir, id, 'authorization.revoked', `AND json_extract(detail, '$.authorization_id') = ${lit(a.id)}`),
      status: await status(s, a.token),
    });
    for (const a of this.revoked) assert.deepEqual(await state(a), { row: 0, audit: 1, status: 401 }, `${this.name}: acknowledged revoke`);
    for (const a of [...this.live]) {
      const st = await state(a);
      if (this.pending?.a === a && st.row === 0) {
        assert.deepEqual(st, { row: 0, audit: 1, status: 401 }, `${this.name}: in-flight revoke applied fully`);
        this.live = this.live.filter((x) => x !== a);
      } else {
        assert.deepEqual(st, { row: 1, audit: 0, status: 200 }, `${this.name}: unrevoked authorization intact`);
      }
    }
    const created = auditCount(dir, id, 'authorization.created', `AND json_extract(detail, '$.description') = ${lit(this.desc)}`);
    const rows = scalar(dir, `SELECT count(*) FROM authorizations WHERE account_id = ${lit(id)} AND description = ${lit(this.desc)}`);
    const revokedRows = auditCount(dir, id, 'authorization.revoked');
    assert.equal(created, rows + revokedRows, `${this.name}: created = stored + revoked (no half-applied create or revoke)`);
    this.revoked = []; this.pending = null;
  }
}

// Regenerates one authorization's token again and again: after each
// acknowledged rotation the old token is dead and the new one alive.
export class RotateWorker {
  constructor() { this.name = 'rotate'; }
  async setup(s) { this.user = await userWithToken(s); await this.fresh(s); }
  async fresh(s) {
    const r = await s.request('POST', '/oauth/authorizations', { token: this.user.token, body: { description: 'crash-rotate' } });
    assert.equal(r.status, 201, r.text);
    this.id = r.json.id; this.tokens = [r.json.access_token.token]; this.rotations = 0; this.pending = null;
  }
  async step(s) {
    this.pending = true;
    const r = await s.request('POST', `/oauth/authorizations/${this.id}/actions/regenerate-tokens`, { token: this.user.token });
    if (settle(this, r, [200, 201])) { this.pending = null; this.rotations += 1; this.tokens.push(r.json.access_token.token); }
  }
  async reconcile(s, dir) {
    const audits = auditCount(dir, this.user.account.id, 'authorization.rotated', `AND json_extract(detail, '$.authorization_id') = ${lit(this.id)}`);
    const stored = scalar(dir, `SELECT token_hash FROM authorizations WHERE id = ${lit(this.id)}`);
    const last = this.tokens.at(-1);
    if (this.pending && audits === this.rotations + 1) {
      assert.notEqual(stored, tokenHash(last), `${this.name}: in-flight rotation audited but token not replaced`);
      assert.equal(await status(s, last), 401, `${this.name}: token replaced by the in-flight rotation is dead`);
      return this.fresh(s);
    }
    assert.equal(audits, this.rotations, `${this.name}: one authorization.rotated row per acknowledged rotation`);
    assert.equal(stored, tokenHash(last), `${this.name}: the newest acknowledged token is the stored one`);
    assert.equal(await status(s, last), 200, `${this.name}: newest token alive`);
    if (this.tokens.length > 1) assert.equal(await status(s, this.tokens.at(-2)), 401, `${this.name}: previous token dead`);
    this.tokens = [last]; this.pending = null;
  }
}

// OAuth refresh-token rotation (RFC 6749 §6, RFC 9700 §4.14.2).
export class RefreshWorker {
  constructor() { this.name = 'refresh'; }
  async setup(s) {
    this.user = await userWithToken(s);
    this.client = await registerClient(s, this.user);
    await this.fresh(s);
  }
  async fresh(s) {
    const browser = new Browser(s);
    await browser.signIn(this.user.email, this.user.password);
    const t = await tokensFor(s, browser, this.client);
    this.at = t.access_token; this.rt = t.refresh_token; this.pending = null;
  }
  async step(s) {
    this.pending = true;
    const r = await refresh(s, this.client, this.rt);
    if (settle(this, r, [200])) { this.pending = null; this.at = r.json.access_token; this.rt = r.json.refresh_token; }
  }
  async reconcile(s, dir) {
    const acct = lit(this.user.account.id);
    const used = scalar(dir, `SELECT count(*) FROM oauth_refresh_tokens WHERE account_id = ${acct} AND used_at IS NOT NULL`);
    const audits = auditCount(dir, this.user.account.id, 'oauth.token_refreshed');
    assert.equal(audits, used, `${this.name}: one oauth.token_refreshed row per used refresh token`);
    const row = query(dir, `SELECT used_at FROM oauth_refresh_tokens WHERE token_hash = ${lit(tokenHash(this.rt))}`);
    assert.equal(row.length, 1, `${this.name}: acknowledged refresh token stored`);
    const live = scalar(dir, `SELECT count(*) FROM authorizations WHERE token_hash = ${lit(tokenHash(this.at))}`);
    if (row[0].used_at !== null) {
      assert.ok(this.pending, `${this.name}: newest acknowledged refresh token used without a request in flight`);
      assert.equal(live, 0, `${this.name}: in-flight refresh replaced the refresh token but not the access token`);
      return this.fresh(s);
    }
    assert.equal(live, 1, `${this.name}: newest access token stored`);
    assert.equal(await status(s, this.at), 200, `${this.name}: newest access token alive`);
    this.pending = null;
  }
}

// Signs in with password + recovery code (each code single-use).
export class RecoveryWorker {
  constructor() { this.name = 'recovery'; }
  // Also when the codes run out: a new account (assigned only once complete, as
  // a kill may interrupt this).
  async setup(s) {
    const user = await userWithToken(s);
    const codes = (await enrolMfa(s, user)).recoveryCodes.slice();
    Object.assign(this, { user, codes, acked: [], ackedUses: 0, pending: null });
  }
  async step(s) {
    if (!this.codes.length) return this.setup(s);
    const code = this.codes[0];
    this.pending = code;
    const r = await s.request('POST', '/oauth/authorizations', {
      basic: [this.user.email, this.user.password], headers: { 'Heroku-Two-Factor-Code': code }, body: { description: 'crash-recovery' },
    });
    if (settle(this, r, [201])) { this.pending = null; this.codes.shift(); this.ackedUses += 1; this.acked.push(r.json.access_token.token); }
  }
  async reconcile(s, dir) {
    const acct = lit(this.user.account.id);
    const used = scalar(dir, `SELECT count(*) FROM recovery_codes WHERE account_id = ${acct} AND used_at IS NOT NULL`);
    const audits = auditCount(dir, this.user.account.id, 'mfa.recovery_code_used');
    assert.equal(audits, used, `${this.name}: one mfa.recovery_code_used row per consumed code`);
    const extra = used - this.ackedUses;
    assert.ok(extra === 0 || (extra === 1 && this.pending), `${this.name}: ${used} used, ${this.ackedUses} acknowledged`);
    if (extra === 1) { this.codes.shift(); this.ackedUses += 1; }
    for (const t of this.acked) assert.equal(await status(s, t), 200, `${this.name}: acknowledged login's token authenticates`);
    this.acked = []; this.pending = null;
  }
}

// Changes the password: afterwards exactly the password the audit trail says is
// current signs in.
export class PasswordWorker {
  constructor() { this.name = 'password'; }
  async setup(s) { this.user = await userWithToken(s, { email: uniqueEmail('pw'), password: PASSWORD }); this.changes = 0; this.pending = null; }
  async step(s) {
    const next = strongPassword();
    this.pending = next;
    const r = await s.request('PUT', '/account/password', {
      token: this.user.token, body: { current_password: this.user.password, password: next },
    });
    if (settle(this, r, [200])) { this.pending = null; this.changes += 1; this.user.password = next; }
  }
  async reconcile(s, dir) {
    const audits = auditCount(dir, this.user.account.id, 'password.changed');
    if (this.pending && audits === this.changes + 1) { this.user.password = this.pending; this.changes += 1; }
    assert.equal(audits, this.changes, `${this.name}: one password.changed row per applied change`);
    const mint = (password) => s.request('POST', '/oauth/authorizations', { basic: [this.user.email, password], body: { description: 'crash-pw' } });
    const login = await mint(this.user.password);
    if (login.status !== 201 && this.pending && (await mint(this.pending)).status === 201)
      assert.fail(`${this.name}: the in-flight password change was applied without its password.changed audit row (${audits} rows)`);
    assert.equal(login.status, 201, `${this.name}: the audited password signs in (${login.status} ${login.text})`);
    this.pending = null;
  }
}

// A team admin flips another member between member and viewer.
export class TeamWorker {
  constructor() { this.name = 'team'; }
  async setup(s) {
    this.admin = await userWithToken(s);
    this.member = await userWithToken(s);
    this.team = `crash-${randomBytes(4).toString('hex')}`;
    const t = await s.request('POST', '/teams', { token: this.admin.token, body: { name: this.team } });
    assert.equal(t.status, 201, t.text);
    this.sets = 0; this.role = null; this.pending = null;
    await this.step(s);
    assert.equal(this.sets, 1);
  }
  async step(s) {
    const role = this.role === 'member' ? 'viewer' : 'member';
    this.pending = role;
    const r = await s.request('PUT', `/teams/${this.team}/members`, { token: this.admin.token, body: { email: this.member.email, role } });
    if (settle(this, r, [200, 201])) { this.pending = null; this.sets += 1; this.role = role; }
  }
  async reconcile(s, dir) {
    const audits = auditCount(dir, this.member.account.id, 'team.member_set', `AND json_extract(detail, '$.user') = ${lit(this.member.email)}`);
    if (this.pending && audits === this.sets + 1) { this.role = this.pending; this.sets += 1; }
    assert.equal(audits, this.sets, `${this.name}: one team.member_set row per applied change`);
    const role = scalar(dir, `SELECT role FROM team_members WHERE account_id = ${lit(this.member.account.id)}`);
    assert.equal(role, this.role, `${this.name}: stored role matches the audited one`);
    this.pending = null;
  }
}

// The stock `heroku` CLI (npm package, pinned in package.json) against latchkeyd
// with mfa.required=true (the product default): the enrolment nudge for accounts
// without MFA, `heroku 2fa`, `login -i` answering the CLI's own "Two-factor code"
// prompt with TOTP and recovery codes (each usable once), tokens typed as the
// password (no second factor), and the CLI's generic 403 two_factor retry on a
// sensitive action (regenerating the API key with authorizations:rotate).
//
// Each account has its own HOME (the Email prompt defaults to the stored login).
// TOTP steps are accepted once per account, so every TOTP login waits for a step
// newer than the last one used (freshCode); recovery codes are used where the
// point is not TOTP itself, to keep the run short.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, userWithToken, enrolMfa, uniqueEmail } from '../tests/integration/lib/server.mjs';
import { codeAtStep, freshCode, step } from '../tests/integration/lib/totp.mjs';
import { HEROKU, PTY, plain, herokuEnv } from './lib/heroku.mjs';
// Joins the CLI's wrapped warning/error lines (" ›   …") into one line of text.
const flat = (s) => s.replace(/\r/g, '').replace(/\n\s*›?/g, ' ').replace(/[ \t]+/g, ' ');

const ENROL_HINT = /Multi-factor authentication is required on this server\. Set it up with `latchkey mfa:enable`, or in the dashboard at http:\/\/127\.0\.0\.1:\d+\/dashboard\/account\/mfa\./;
const CODE_REQUIRED = /A second factor is required: enter the 6-digit code from your authenticator app, or a recovery code\./;
const CODE_WRONG = /That two-factor code is not correct\. Enter the current code from your authenticator app, or a recovery code\./;
const RECOVERY_CODE_WRONG = /That recovery code is not valid, or was already used: each recovery code works once\./;
const CODE_REPLAYED = /That two-factor code was already used\. Wait for the next code from your authenticator app\./;

let server;
const homes = [];

// One user of the CLI: a HOME of its own and the helpers to run heroku in it.
function cliUser(user) {
  const home = mkdtempSync(join(tmpdir(), 'latchkey-heroku-mfa-'));
  homes.push(home);
  const env = herokuEnv(server.url, home);
  const netrc = () => {
    const path = join(home, '.netrc');
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  };
  return {
    ...user,
    home,
    // Without a terminal (stdin is /dev/null).
    heroku(...args) {
      const r = spawnSync(HEROKU, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
      return { code: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) };
    },
    // Under a pseudo-terminal, answering prompts: steps = [[regex, text], …].
    pty(steps, ...args) {
      const argv = [PTY, '--timeout', '40'];
      for (const [expect, send] of steps) argv.push('--expect', expect, '--send', send);
      const r = spawnSync('python3', [...argv, '--', HEROKU, ...args], { env, encoding: 'utf8', timeout: 90000 });
      return { code: r.status, out: plain(r.stdout) };
    },
    // `heroku login -i`; `code` (if given) answers the "Two-factor code" prompt.
    // Without `code` no such prompt is expected: if one came, pty_run would time
    // out (exit 124) waiting for the CLI, which waits for an answer.
    login(password, code) {
      const steps = [['Email', user.email], ['Password', password]];
      if (code !== undefined) steps.push(['Two-factor code', code]);
      return this.pty(steps, 'login', '-i');
    },
    storedToken() {
      const m = netrc().match(/password (\S+)/);
      return m ? m[1] : null;
    },
  };
}

// A six-digit code that is not the code of any step the server could accept now.
function wrongCode(secret) {
  const near = new Set([-2, -1, 0, 1].map((d) => codeAtStep(secret, step() + d)));
  for (let n = 123456; ; n += 111111) {
    const c = String(n % 1_000_000).padStart(6, '0');
    if (!near.has(c)) return c;
  }
}

const status = async (token) => (await server.request('GET', '/account', { token })).status;

let fresh;     // no MFA yet
let totpUser;  // enrols in its first test; TOTP at the login prompt
let recovery;  // enrolled in before(); recovery codes, the API key
let tokenUser; // enrolled in before(); tokens typed as the password

before(async () => {
  assert.ok(existsSync(HEROKU), 'e2e/node_modules is missing: run scripts/install-deps');
  server = await startServer({ mfaRequired: true });
  fresh = cliUser(await userWithToken(server, { email: uniqueEmail('nomfa') }));
  totpUser = cliUser(await userWithToken(server, { email: uniqueEmail('totp') }));
  recovery = cliUser(await userWithToken(server, { email: uniqueEmail('recovery') }));
  recovery.mfa = await enrolMfa(server, recovery);
  tokenUser = cliUser(await userWithToken(server, { email: uniqueEmail('token') }));
  tokenUser.mfa = await enrolMfa(server, tokenUser);
});

after(async () => {
  await server?.cleanup();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

describe('heroku CLI, account without MFA on a server that requires it', () => {
  test('login -i with the password works and warns that MFA must be set up', async () => {
    const r = fresh.login(fresh.password);
    assert.equal(r.code, 0, r.out);
    assert.doesNotMatch(r.out, /Two-factor code/);
    // Warning-Message on GET /account, printed by the CLI as " ›   Warning: …".
    assert.match(flat(r.out), new RegExp(`Warning: ${ENROL_HINT.source}`));
    assert.match(r.out, new RegExp(`Logged in as ${fresh.email}`));
    assert.match(fresh.storedToken(), /^lko_/);
    assert.equal(await status(fresh.storedToken()), 200);
  });

  test('2fa says not enabled (with the same warning)', () => {
    const r = fresh.heroku('2fa');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'Two-factor authentication is not enabled');
    assert.match(flat(r.stderr), ENROL_HINT);
  });

  test('other commands answer 403 mfa_enrollment_required (exit 2)', () => {
    for (const args of [['authorizations'], ['authorizations:create'], ['sessions']]) {
      const r = fresh.heroku(...args);
      assert.equal(r.code, 2, `${args}: ${r.stderr}`);
      assert.match(flat(r.stderr), new RegExp(`Error: ${ENROL_HINT.source}`), args.join(' '));
      assert.match(r.stderr, /Error ID: mfa_enrollment_required/);
    }
  });

  test('after enrolling (API), 2fa says enabled, the warning is gone and commands work', async () => {
    fresh.mfa = await enrolMfa(server, fresh);
    const r = fresh.heroku('2fa');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'Two-factor authentication is enabled');
    assert.doesNotMatch(r.stderr, /mfa:enable/);
    // The CLI token minted before enrolment keeps working.
    const list = fresh.heroku('authorizations');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /Heroku CLI login from \S+\s+[0-9a-f-]{36}\s+global/);
  });

  test('logout ends the session server-side', async () => {
    const token = fresh.storedToken();
    const r = fresh.heroku('logout');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fresh.storedToken(), null);
    assert.equal(await status(token), 401);
  });
});

describe('heroku login -i with TOTP', () => {
  test('the code that confirmed the enrolment is refused as already used', async () => {
    totpUser.mfa = await enrolMfa(server, totpUser);
    totpUser.lastStep = totpUser.mfa.usedStep;
    const r = totpUser.login(totpUser.password, codeAtStep(totpUser.mfa.secret, totpUser.mfa.usedStep));
    assert.ok(step() - totpUser.mfa.usedStep <= 1, 'still inside the accepted window');
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /Two-factor code/);
    assert.match(flat(r.out), CODE_REPLAYED);
    assert.match(r.out, /Error ID: two_factor/);
    assert.equal(totpUser.storedToken(), null);
  });

  test('password with no code (empty answer) is refused with a clear message', () => {
    const r = totpUser.login(totpUser.password, '');
    assert.equal(r.code, 2, r.out);
    assert.match(flat(r.out), new RegExp(`Error: ${CODE_REQUIRED.source}`));
    assert.match(r.out, /Error ID: two_factor/);
    assert.doesNotMatch(r.out, /Logged in/);
    assert.equal(totpUser.storedToken(), null);
  });

  test('a wrong code is refused (asked once, no loop)', () => {
    const r = totpUser.login(totpUser.password, wrongCode(totpUser.mfa.secret));
    assert.equal(r.code, 2, r.out);
    assert.equal(r.out.match(/✔ Two-factor code/g).length, 1, 'one prompt');
    assert.match(flat(r.out), new RegExp(`Error: ${CODE_WRONG.source}`));
    assert.match(r.out, /Error ID: two_factor/);
    assert.equal(totpUser.storedToken(), null);
  });

  let used;
  test('password + a current TOTP code logs in', async () => {
    used = await freshCode(totpUser.mfa.secret, totpUser.lastStep);
    const r = totpUser.login(totpUser.password, used.code);
    totpUser.lastStep = used.step;
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /\? Two-factor code/);
    assert.match(r.out, new RegExp(`Logged in as ${totpUser.email}`));
    assert.doesNotMatch(r.out, /mfa:enable/, 'no enrolment warning once enrolled');
    const token = totpUser.storedToken();
    assert.match(token, /^lko_/);
    assert.equal(await status(token), 200);
    const who = totpUser.heroku('auth:whoami');
    assert.equal(who.stdout.trim(), totpUser.email);
    assert.equal(totpUser.heroku('2fa').stdout.trim(), 'Two-factor authentication is enabled');
  });

  test('the same TOTP code does not log in twice', () => {
    assert.equal(totpUser.heroku('logout').code, 0);
    const r = totpUser.login(totpUser.password, used.code);
    assert.ok(step() - used.step <= 1, 'still inside the accepted window');
    assert.equal(r.code, 2, r.out);
    assert.match(flat(r.out), new RegExp(`Error: ${CODE_REPLAYED.source}`));
    assert.equal(totpUser.storedToken(), null);
  });
});

describe('heroku login -i with a token instead of the password', () => {
  test("the account's token: logged in, no two-factor prompt", async () => {
    const r = tokenUser.login(tokenUser.token);
    assert.equal(r.code, 0, r.out);
    assert.doesNotMatch(r.out, /Two-factor code/);
    assert.match(r.out, new RegExp(`Logged in as ${tokenUser.email}`));
    const stored = tokenUser.storedToken();
    assert.match(stored, /^lko_/);
    assert.notEqual(stored, tokenUser.token, 'the CLI minted its own token');
    assert.equal(await status(stored), 200);
    assert.equal(tokenUser.heroku('logout').code, 0);
  });

  test('a token minted with POST /oauth/authorizations: no two-factor prompt', async () => {
    const minted = await server.request('POST', '/oauth/authorizations', {
      token: tokenUser.token, body: { description: 'typed at login' },
    });
    assert.equal(minted.status, 201, minted.text);
    const r = tokenUser.login(minted.json.access_token.token);
    assert.equal(r.code, 0, r.out);
    assert.doesNotMatch(r.out, /Two-factor code/);
    assert.match(r.out, new RegExp(`Logged in as ${tokenUser.email}`));
    assert.equal(tokenUser.heroku('logout').code, 0);
  });

  test('a wrong password is refused before any second factor is asked', () => {
    const r = tokenUser.login('not the password at all');
    assert.equal(r.code, 2, r.out);
    assert.doesNotMatch(r.out, /Two-factor code/);
    assert.match(r.out, /Error ID: unauthorized/);
    assert.equal(tokenUser.storedToken(), null);
  });
});

describe('recovery codes and the API key', () => {
  test('a recovery code answers the login prompt', async () => {
    const r = recovery.login(recovery.password, recovery.mfa.recoveryCodes[0]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`Logged in as ${recovery.email}`));
    assert.equal(await status(recovery.storedToken()), 200);
  });

  test('a recovery code works only once', async () => {
    assert.equal(recovery.heroku('logout').code, 0);
    const again = recovery.login(recovery.password, recovery.mfa.recoveryCodes[0]);
    assert.equal(again.code, 2, again.out);
    assert.match(flat(again.out), new RegExp(`Error: ${RECOVERY_CODE_WRONG.source}`));
    assert.equal(recovery.storedToken(), null);
    const next = recovery.login(recovery.password, recovery.mfa.recoveryCodes[1]);
    assert.equal(next.code, 0, next.out);
    const st = await server.request('GET', '/account/mfa', { token: recovery.token });
    assert.equal(st.status, 200, st.text);
    assert.equal(st.json.recovery_codes.remaining, st.json.recovery_codes.total - 2);
  });

  const apiKey = async () => {
    const list = await server.request('GET', '/oauth/authorizations', { token: recovery.token });
    assert.equal(list.status, 200, list.text);
    const keys = list.json.filter((a) => a.api_key === true);
    assert.equal(keys.length, 1, 'exactly one API key');
    return keys[0];
  };

  test('rotating another authorization needs no second factor', async () => {
    const made = recovery.heroku('authorizations:create', '--json');
    assert.equal(made.code, 0, made.stderr);
    const created = JSON.parse(made.stdout);
    const r = recovery.heroku('authorizations:rotate', created.id);
    assert.equal(r.code, 0, r.stderr);
    const token = r.stdout.match(/Token:\s+(\S+)/)[1];
    assert.notEqual(token, created.access_token.token);
    assert.equal(await status(token), 200);
    assert.equal(await status(created.access_token.token), 401);
  });

  test('rotating the API key without a terminal: the CLI cannot prompt (exit 1), key unchanged', async () => {
    const key = await apiKey();
    const r = recovery.heroku('authorizations:rotate', key.id);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /Error: Two-factor authentication requires an interactive terminal\./);
    assert.equal((await apiKey()).access_token.token, key.access_token.token);
  });

  // The stock CLI's generic retry (api-client twoFactorRetry): 403 two_factor →
  // "Two-factor code" prompt (masked with *) → the same POST again with
  // Heroku-Two-Factor-Code. A wrong answer is asked again (the request has three
  // tries in all), so a wrong code followed by a good one succeeds.
  test('authorizations:rotate of the API key prompts for a code; wrong, then a fresh TOTP code', async () => {
    const key = await apiKey();
    const { code, step: s } = await freshCode(recovery.mfa.secret, recovery.mfa.usedStep);
    const r = recovery.pty([
      ['Two-factor code', wrongCode(recovery.mfa.secret)],
      // the second prompt comes after the spinner line is printed again
      ['Rotating OAuth Authorization\\.\\.\\.[\\s\\S]*Two-factor code', code],
    ], 'authorizations:rotate', key.id);
    recovery.mfa.usedStep = s;
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out.match(/✔ Two-factor code/g).length, 2, 'asked twice');
    assert.match(r.out, /Rotating OAuth Authorization\.\.\. done/);
    assert.match(r.out, new RegExp(`ID:\\s+${key.id}`));
    assert.match(r.out, /Description:\s+API Key/);
    const token = r.out.match(/Token:\s+(\S+)/)[1];
    assert.equal(await status(token), 200, 'the new API key works');
    const after = (await apiKey()).access_token.token;
    assert.notEqual(after, key.access_token.token, 'the listed key changed');
    const [prefix, suffix] = after.split('**********');
    assert.ok(token.startsWith(prefix) && token.endsWith(suffix), `${after} is the redacted ${token}`);
    recovery.apiKeyToken = token;
  });

  test('authorizations:rotate of the API key with a recovery code; the old key stops working', async () => {
    const key = await apiKey();
    const r = recovery.pty([['Two-factor code', recovery.mfa.recoveryCodes[2]]], 'authorizations:rotate', key.id);
    assert.equal(r.code, 0, r.out);
    const token = r.out.match(/Token:\s+(\S+)/)[1];
    assert.notEqual(token, recovery.apiKeyToken);
    assert.equal(await status(token), 200);
    assert.equal(await status(recovery.apiKeyToken), 401, 'the previous API key is dead');
  });
});

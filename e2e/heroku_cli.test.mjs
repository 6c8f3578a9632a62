// The stock `heroku` CLI (npm package, pinned in package.json) against the real
// latchkeyd: login -i through a pseudo-terminal, the auth:* and authorizations:*
// commands, sessions and logout — checking what a user sees and the exit codes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, PASSWORD, uniqueEmail } from '../tests/integration/lib/server.mjs';
import { HEROKU, PTY, plain, herokuEnv } from './lib/heroku.mjs';

let server;
let home;
let email;

const env = () => herokuEnv(server.url, home);

function heroku(...args) {
  const r = spawnSync(HEROKU, args, { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  return { code: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) };
}

function loginInteractive(user, password) {
  const r = spawnSync('python3', [PTY, '--timeout', '60',
    '--expect', 'Email', '--send', user,
    '--expect', 'Password', '--send', password,
    '--', HEROKU, 'login', '-i'], { env: env(), encoding: 'utf8', timeout: 90000 });
  return { code: r.status, out: plain(r.stdout) };
}

function netrc() {
  const path = join(home, '.netrc');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function storedToken() {
  const m = netrc().match(/password (\S+)/);
  return m ? m[1] : null;
}

before(async () => {
  assert.ok(existsSync(HEROKU), 'e2e/node_modules is missing: run scripts/install-deps');
  server = await startServer();
  home = mkdtempSync(join(tmpdir(), 'latchkey-heroku-'));
  email = uniqueEmail('cli');
  const signup = await server.request('POST', '/account', { body: { email, password: PASSWORD } });
  assert.equal(signup.status, 202, signup.text);
});

after(async () => {
  await server?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('heroku CLI', () => {
  test('whoami without credentials says not logged in (exit 100)', () => {
    const r = heroku('auth:whoami');
    assert.equal(r.code, 100);
    assert.match(r.stderr, /not logged in/);
  });

  test('login -i with a wrong password is refused and stores nothing', () => {
    const r = loginInteractive(email, 'not the password at all');
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /There were problems with your login credentials/);
    assert.match(r.out, /Error ID: unauthorized/);
    assert.equal(storedToken(), null);
  });

  test('login -i stores a session token in ~/.netrc (0600)', async () => {
    // The failed attempt above put the account in a short back-off; wait it out.
    await new Promise((r) => setTimeout(r, 2500));
    const r = loginInteractive(email, PASSWORD);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`Logged in as ${email}`));
    const host = new URL(server.url).host;
    assert.match(netrc(), new RegExp(`machine ${host.replace(/\./g, '\\.')}\\s+login ${email}\\s+password lko_`));
    assert.equal(statSync(join(home, '.netrc')).mode & 0o777, 0o600);
    const sessions = await server.request('GET', '/oauth/sessions', { token: storedToken() });
    assert.equal(sessions.status, 200);
    assert.equal(sessions.json.length, 1, 'the login created a session');
  });

  test('auth:whoami and auth:token', () => {
    const who = heroku('auth:whoami');
    assert.equal(who.code, 0, who.stderr);
    assert.equal(who.stdout.trim(), email);
    const tok = heroku('auth:token');
    assert.equal(tok.code, 0, tok.stderr);
    assert.equal(tok.stdout.trim(), storedToken());
  });

  test('authorizations lists the API key and the CLI login', () => {
    const r = heroku('authorizations');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Description\s+ID\s+Scope/);
    assert.match(r.stdout, /Heroku CLI login from \S+\s+[0-9a-f-]{36}\s+global/);
    const json = JSON.parse(heroku('authorizations', '--json').stdout);
    assert.ok(json.every((a) => Array.isArray(a.scope) && typeof a.description === 'string'));
    assert.ok(json.every((a) => !a.access_token.token.startsWith('lko_') || a.access_token.token.includes('**********')),
      'listings never show a whole token');
  });

  let created;
  test('authorizations:create with no flags: global, no expiry, default description', async () => {
    const r = heroku('authorizations:create', '--json');
    assert.equal(r.code, 0, r.stderr);
    created = JSON.parse(r.stdout);
    assert.deepEqual(created.scope, ['global']);
    assert.equal(created.access_token.expires_in, null);
    assert.equal(created.description, 'Long-lived user authorization');
    const use = await server.request('GET', '/account', { token: created.access_token.token });
    assert.equal(use.status, 200);
    const shown = heroku('authorizations:create');
    assert.match(shown.stdout, /Client:\s+<none>/);
    assert.match(shown.stdout, /Token:\s+lko_[0-9A-Za-z]+\n/);
    assert.doesNotMatch(shown.stdout, /Expires at/);
  });

  let scoped;
  test('authorizations:create -d -s -e', async () => {
    const r = heroku('authorizations:create', '-d', 'deploy bot', '-s', 'read,write', '-e', '3600');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Description:\s+deploy bot/);
    assert.match(r.stdout, /Scope:\s+read,write/);
    assert.match(r.stdout, /Expires at:.*\(in about 1 hour\)/);
    scoped = {
      id: r.stdout.match(/ID:\s+(\S+)/)[1],
      token: r.stdout.match(/Token:\s+(\S+)/)[1],
    };
    const short = heroku('authorizations:create', '-s', 'identity', '--short');
    assert.match(short.stdout.trim(), /^lko_[0-9A-Za-z]+$/);
    const identity = short.stdout.trim();
    assert.equal((await server.request('GET', '/account', { token: identity })).status, 200);
    assert.equal((await server.request('GET', '/oauth/authorizations', { token: identity })).status, 403);
  });

  test('authorizations:create with a bad expiry fails with the server message', () => {
    const r = heroku('authorizations:create', '-e', 'soon');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /expires_in/);
    assert.match(r.stderr, /Error ID: invalid_params/);
  });

  test('authorizations:info and :update', () => {
    const info = heroku('authorizations:info', scoped.id);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, new RegExp(`ID:\\s+${scoped.id}`));
    assert.match(info.stdout, /Token:\s+lko_\w+\*{10}\w+/, 'info shows the token redacted');
    const upd = heroku('authorizations:update', scoped.id, '-d', 'renamed bot');
    assert.equal(upd.code, 0, upd.stderr);
    assert.match(upd.stdout, /Description:\s+renamed bot/);
    assert.match(heroku('authorizations:info', scoped.id).stdout, /Description:\s+renamed bot/);
    const missing = heroku('authorizations:info', '00000000-0000-0000-0000-000000000000');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Couldn't find that authorization\./);
    assert.match(missing.stderr, /Error ID: not_found/);
  });

  test('authorizations:rotate issues a new token and kills the old one', async () => {
    const r = heroku('authorizations:rotate', scoped.id);
    assert.equal(r.code, 0, r.stderr);
    const fresh = r.stdout.match(/Token:\s+(\S+)/)[1];
    assert.notEqual(fresh, scoped.token);
    assert.equal((await server.request('GET', '/account', { token: scoped.token })).status, 401);
    assert.equal((await server.request('GET', '/account', { token: fresh })).status, 200);
    scoped.token = fresh;
  });

  test('authorizations:revoke prints the description and the token stops working', async () => {
    const r = heroku('authorizations:revoke', scoped.id);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /done, revoked authorization from renamed bot/);
    assert.equal((await server.request('GET', '/account', { token: scoped.token })).status, 401);
    const again = heroku('authorizations:revoke', scoped.id);
    assert.equal(again.code, 2);
    const key = heroku('authorizations:revoke', '~');
    assert.equal(key.code, 2, 'the API key cannot be revoked');
    assert.match(key.stderr, /Regenerate it instead/);
  });

  test('sessions lists the CLI login', () => {
    const r = heroku('sessions');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Heroku CLI login from \S+\s+[0-9a-f-]{36}/);
  });

  test('logout ends the session server-side and removes the credentials', async () => {
    const token = storedToken();
    const r = heroku('logout');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Logging out\.\.\. done/);
    assert.equal(storedToken(), null);
    assert.equal((await server.request('GET', '/account', { token })).status, 401, 'the CLI token is revoked');
    assert.equal((await server.request('GET', '/account', { token: created.access_token.token })).status, 200,
      'other authorizations survive logout');
    assert.equal(heroku('auth:whoami').code, 100);
  });

  test('a token works as the password for login -i', async () => {
    const r = loginInteractive(email, created.access_token.token);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Logged in as/);
    assert.equal(heroku('auth:whoami').stdout.trim(), email);
    assert.equal(heroku('logout').code, 0);
  });
});

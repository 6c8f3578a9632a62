// The `latchkey` CLI binary against the real latchkeyd: a whole user journey
// (login -i, whoami, authorizations, sessions, logout) with a throw-away HOME.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sanitizerEnv, LATCHKEY, PASSWORD, uniqueEmail } from './lib/server.mjs';

let server;
let home;
let email;

function latchkey(args, { input = '', env = {} } = {}) {
  const r = spawnSync(LATCHKEY, args, {
    input,
    encoding: 'utf8',
    timeout: 30000,
    env: { PATH: process.env.PATH, HOME: home, LATCHKEY_API_URL: server.url, ...sanitizerEnv(), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const netrcPath = () => join(home, '.netrc');
const storedToken = () => {
  if (!existsSync(netrcPath())) return null;
  const m = readFileSync(netrcPath(), 'utf8').match(/password (lko_\S+)/);
  return m ? m[1] : null;
};

before(async () => {
  server = await startServer();
  home = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
  email = uniqueEmail('lk');
  const r = await server.request('POST', '/account', { body: { email, password: PASSWORD } });
  assert.equal(r.status, 202, r.text);
});

after(async () => {
  await server?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('latchkey CLI', () => {
  test('not logged in: exit 100 and no request', () => {
    const r = latchkey(['auth:whoami']);
    assert.equal(r.code, 100);
    assert.match(r.stderr, /not logged in/i);
  });

  test('login -i keeps other netrc machines and writes 0600', () => {
    writeFileSync(netrcPath(), 'machine example.org\n  login someone\n  password keepme\n', { mode: 0o644 });
    const r = latchkey(['login', '-i'], { input: `${email}\n${PASSWORD}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Logged in as ${email}`));
    const text = readFileSync(netrcPath(), 'utf8');
    assert.match(text, /machine example\.org\s+login someone\s+password keepme/);
    assert.match(text, new RegExp(`machine ${new URL(server.url).host.replace(/\./g, '\\.')}\\s+login ${email}\\s+password lko_`));
    assert.equal(statSync(netrcPath()).mode & 0o777, 0o600);
  });

  test('a wrong password is a clear error (exit 2) and keeps the stored login', () => {
    const before = storedToken();
    const r = latchkey(['login', '-i'], { input: `${email}\nwrong wrong wrong\n` });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Error ID: unauthorized/);
    assert.equal(storedToken(), before);
  });

  test('whoami, token, listings', () => {
    assert.equal(latchkey(['auth:whoami']).stdout.trim(), email);
    assert.equal(latchkey(['auth:token']).stdout.trim(), storedToken());
    const list = latchkey(['authorizations']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /Latchkey CLI login from/);
    assert.match(list.stdout, /API Key/);
    const sessions = JSON.parse(latchkey(['sessions', '--json']).stdout);
    assert.equal(sessions.length, 1);
  });

  test('create, info, update, rotate, revoke', async () => {
    const created = latchkey(['authorizations:create', '-d', 'ci', '-s', 'read', '-e', '600', '--json']);
    assert.equal(created.code, 0, created.stderr);
    const auth = JSON.parse(created.stdout);
    assert.deepEqual(auth.scope, ['read']);
    assert.ok(auth.access_token.expires_in <= 600 && auth.access_token.expires_in > 590);
    const info = latchkey(['authorizations:info', auth.id]);
    assert.match(info.stdout, /Description:\s+ci/);
    assert.match(latchkey(['authorizations:update', auth.id, '-d', 'ci2']).stdout, /Description:\s+ci2/);
    const rotated = latchkey(['authorizations:rotate', auth.id, '--short']).stdout.trim();
    assert.match(rotated, /^lko_/);
    assert.notEqual(rotated, auth.access_token.token);
    assert.equal((await server.request('GET', '/account', { token: auth.access_token.token })).status, 401);
    assert.equal((await server.request('GET', '/account', { token: rotated })).status, 200);
    const revoked = latchkey(['authorizations:revoke', auth.id]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stderr, /ci2/);
    assert.equal((await server.request('GET', '/account', { token: rotated })).status, 401);
    const gone = latchkey(['authorizations:info', auth.id]);
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /Error ID: not_found/);
  });

  test('a bad flag value is a local usage error (exit 1)', () => {
    const r = latchkey(['authorizations:create', '-e', 'soon']);
    assert.equal(r.code, 1);
  });

  test('heroku-env points the heroku CLI at this server', () => {
    const r = latchkey(['heroku-env']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`export HEROKU_HOST=['"]?${server.url}`));
    assert.match(r.stdout, /DISABLE_TELEMETRY=['"]?true/);
    assert.match(r.stdout, /HEROKU_NETRC_WRITE=['"]?true/);
  });

  test('logout ends the session on the server and removes only our entry', async () => {
    const token = storedToken();
    const r = latchkey(['logout']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await server.request('GET', '/account', { token })).status, 401);
    const text = readFileSync(netrcPath(), 'utf8');
    assert.match(text, /machine example\.org/);
    assert.doesNotMatch(text, /lko_/);
    assert.equal(latchkey(['auth:whoami']).code, 100);
  });

  test('an environment token wins and a bad one is reported', () => {
    const r = latchkey(['auth:whoami'], { env: { LATCHKEY_API_KEY: 'lko_notavalidtokenatall' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Error ID: unauthorized/);
  });
});

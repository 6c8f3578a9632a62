// The stock `heroku` CLI's clients commands (reference/heroku-cli-compat.md
// B.13–B.18) against latchkeyd's /oauth/clients, with a token in ~/.netrc.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, userWithToken } from '../tests/integration/lib/server.mjs';
import { HEROKU, plain, herokuEnv } from './lib/heroku.mjs';

let server;
let home;
let user;

function heroku(...args) {
  const r = spawnSync(HEROKU, args, { env: herokuEnv(server.url, home), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  return { code: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) };
}

before(async () => {
  assert.ok(existsSync(HEROKU), 'e2e/node_modules is missing: run scripts/install-deps');
  server = await startServer();
  home = mkdtempSync(join(tmpdir(), 'latchkey-heroku-clients-'));
  user = await userWithToken(server);
  writeFileSync(join(home, '.netrc'), `machine ${new URL(server.url).host}\n  login ${user.email}\n  password ${user.token}\n`, { mode: 0o600 });
});

after(async () => {
  await server?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('heroku clients*', () => {
  let id;
  let secret;

  test('clients with none registered', () => {
    const r = heroku('clients');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /No OAuth clients/);
  });

  test('clients:create prints HEROKU_OAUTH_ID and HEROKU_OAUTH_SECRET', () => {
    const r = heroku('clients:create', 'My CI', 'https://ci.example/callback');
    assert.equal(r.code, 0, r.stderr);
    id = r.stdout.match(/HEROKU_OAUTH_ID=([0-9a-f-]{36})/)?.[1];
    secret = r.stdout.match(/HEROKU_OAUTH_SECRET=(lkc_\S+)/)?.[1];
    assert.ok(id, r.stdout);
    assert.ok(secret, r.stdout);
  });

  test('an http callback for a non-local host is refused by the CLI itself', () => {
    const r = heroku('clients:create', 'Bad', 'http://ci.example/callback');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Unsupported callback URL/);
  });

  test('clients lists it; clients:info shows it with the secret redacted', () => {
    const list = heroku('clients');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /My CI/);
    assert.ok(list.stdout.includes(id));
    const info = heroku('clients:info', id);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /=== My CI/);
    assert.match(info.stdout, /https:\/\/ci\.example\/callback/);
    assert.ok(!info.stdout.includes(secret), 'the whole secret is never shown again');
  });

  test('clients:update renames and re-points it', async () => {
    const r = heroku('clients:update', id, '-n', 'Our CI', '--url', 'https://ci.example/cb2');
    assert.equal(r.code, 0, r.stderr);
    const info = await server.request('GET', `/oauth/clients/${id}`, { token: user.token });
    assert.deepEqual([info.json.name, info.json.redirect_uri], ['Our CI', 'https://ci.example/cb2']);
  });

  test('clients:rotate shows a new secret', () => {
    const r = heroku('clients:rotate', id, '--shell');
    assert.equal(r.code, 0, r.stderr);
    const fresh = r.stdout.match(/HEROKU_OAUTH_SECRET=(lkc_\S+)/)?.[1];
    assert.ok(fresh, r.stdout);
    assert.notEqual(fresh, secret);
  });

  test('clients:destroy removes it', async () => {
    const r = heroku('clients:destroy', id);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await server.request('GET', `/oauth/clients/${id}`, { token: user.token })).status, 404);
  });
});

// The `latchkey` CLI's app commands against the real latchkeyd, inside a real
// git repository: apps:create (adds the heroku remote), apps:info from the
// remote, access:add/remove, config:set/get/unset with release versions,
// releases, teams and members, git:remote, git:credentials, the credential
// helper installed by login and removed by logout, and apps:destroy (removes
// the remotes). Each user has a throw-away HOME (netrc and global git config).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sanitizerEnv, userWithToken, LATCHKEY, PASSWORD, uniqueEmail } from './lib/server.mjs';

let server;
let root;
let owner;   // { email, home }
let friend;  // from userWithToken, plus home
let repo;
let gitHost;
const app = `it-app-${process.pid}`;
const team = `it-team-${process.pid}`;

function envFor(home, extra = {}) {
  return {
    PATH: process.env.PATH, HOME: home, LATCHKEY_API_URL: server.url,
    GIT_CONFIG_NOSYSTEM: '1', ...sanitizerEnv(), ...extra,
  };
}

function latchkey(args, { home = owner.home, cwd = repo, input = '', env = {} } = {}) {
  const r = spawnSync(LATCHKEY, args, { cwd, input, encoding: 'utf8', timeout: 30000, env: envFor(home, env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(args, { home = owner.home, cwd = repo } = {}) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', timeout: 30000, env: envFor(home) });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

function ok(r) {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

const remotes = () => git(['remote', '-v']).stdout;

before(async () => {
  server = await startServer();
  gitHost = new URL(server.url).host;
  root = mkdtempSync(join(tmpdir(), 'latchkey-cli-apps-'));
  owner = { email: uniqueEmail('owner'), home: join(root, 'owner') };
  mkdirSync(owner.home);
  const signup = await server.request('POST', '/account', { body: { email: owner.email, password: PASSWORD } });
  assert.equal(signup.status, 202, signup.text);
  friend = await userWithToken(server, { email: uniqueEmail('friend') });
  friend.home = join(root, 'friend');
  mkdirSync(friend.home);
  repo = join(root, 'repo');
  mkdirSync(repo);
  assert.equal(git(['init', '-q', '.']).code, 0);
});

after(async () => {
  await server?.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('latchkey app commands', () => {
  test('login --git-credentials installs the credential helper in the global git config', () => {
    ok(latchkey(['login', '-i', '--git-credentials'], { input: `${owner.email}\n${PASSWORD}\n` }));
    const helper = git(['config', '--global', '--get', `credential.https://${gitHost}.helper`]);
    assert.equal(helper.stdout, `!${LATCHKEY} --api-url ${server.url} git:credentials`);
  });

  test('apps:create prints the URLs and adds the heroku remote', () => {
    const r = ok(latchkey(['apps:create', app]));
    assert.match(r.stdout, new RegExp(` \\| https://${gitHost.replace(/\./g, '\\.')}/${app}\\.git\\n$`));
    assert.match(r.stderr, new RegExp(`Creating ${app}\\.\\.\\. done`));
    assert.match(remotes(), new RegExp(`^heroku\\thttps://${gitHost.replace(/\./g, '\\.')}/${app}\\.git \\(fetch\\)`, 'm'));
  });

  test('a taken name is the server\'s error (exit 2)', () => {
    const r = latchkey(['apps:create', app, '--no-remote']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Error ID: \w+/);
  });

  test('apps:info finds the app through the git remote', () => {
    const r = ok(latchkey(['apps:info']));
    assert.match(r.stdout, new RegExp(`^=== ${app}$`, 'm'));
    assert.match(r.stdout, new RegExp(`^Owner:\\s+${owner.email}$`, 'm'));
    const json = JSON.parse(ok(latchkey(['apps:info', '-a', app, '--json'])).stdout);
    assert.equal(json.name, app);
    assert.equal(json.owner.email, owner.email);
  });

  test('apps lists the app under the owner', () => {
    const r = ok(latchkey(['apps']));
    assert.match(r.stdout, new RegExp(`=== ${owner.email} Apps\\n\\n(.*\\n)*${app}\\n`));
  });

  test('access:add and access:remove', () => {
    ok(latchkey(['access:add', friend.email, '-a', app]));
    assert.match(ok(latchkey(['access', '-a', app])).stdout, new RegExp(friend.email));
    const theirs = spawnSync(LATCHKEY, ['apps'], {
      encoding: 'utf8', env: envFor(friend.home, { LATCHKEY_API_KEY: friend.token }),
    });
    assert.equal(theirs.status, 0, theirs.stderr);
    assert.match(theirs.stdout, /=== Collaborated Apps/);
    assert.match(theirs.stdout, new RegExp(`${app}\\s+${owner.email}`));
    ok(latchkey(['access:remove', friend.email, '-a', app]));
    assert.doesNotMatch(ok(latchkey(['access', '-a', app])).stdout, new RegExp(friend.email));
    const unknown = latchkey(['access:add', uniqueEmail('nobody'), '-a', app]);
    assert.equal(unknown.code, 2, unknown.stderr);
  });

  test('config:set, config:get, config:unset report the new release', () => {
    const set = ok(latchkey(['config:set', 'FOO=bar baz', 'OTHER=1']));
    const v1 = Number(set.stderr.match(/done, v(\d+)/)?.[1]);
    assert.ok(v1 >= 2, set.stderr);
    assert.match(set.stdout, /^FOO:\s+bar baz$/m);
    assert.equal(ok(latchkey(['config:get', 'FOO'])).stdout, 'bar baz\n');
    assert.deepEqual(JSON.parse(ok(latchkey(['config', '--json'])).stdout), { FOO: 'bar baz', OTHER: '1' });
    const unset = ok(latchkey(['config:unset', 'FOO', '-a', app]));
    assert.equal(Number(unset.stderr.match(/done, v(\d+)/)?.[1]), v1 + 1, unset.stderr);
    assert.equal(ok(latchkey(['config:get', 'FOO'])).stdout, '\n');
    assert.equal(ok(latchkey(['config', '--shell'])).stdout, 'OTHER=1\n');
  });

  test('releases, newest first', () => {
    const json = JSON.parse(ok(latchkey(['releases', '--json'])).stdout);
    assert.ok(json.length >= 3);
    const versions = json.map((r) => r.version);
    assert.deepEqual(versions, [...versions].sort((a, b) => b - a));
    assert.equal(versions.at(-1), 1);
    const one = JSON.parse(ok(latchkey(['releases', '-n', '1', '--json'])).stdout);
    assert.deepEqual(one.map((r) => r.version), [versions[0]]);
    const table = ok(latchkey(['releases'])).stdout;
    assert.match(table, new RegExp(`^=== ${app} Releases`));
    assert.match(table, new RegExp(`^v${versions[0]}\\s`, 'm'));
    assert.match(table, new RegExp(owner.email));
  });

  test('teams and members', () => {
    ok(latchkey(['teams:create', team]));
    assert.match(ok(latchkey(['teams'])).stdout, new RegExp(`^${team}\\s+admin$`, 'm'));
    ok(latchkey(['members:add', friend.email, '-t', team, '--role', 'member']));
    const members = ok(latchkey(['members', '-t', team])).stdout;
    assert.match(members, new RegExp(`^${owner.email}\\s+admin$`, 'm'));
    assert.match(members, new RegExp(`^${friend.email}\\s+member$`, 'm'));
    ok(latchkey(['members:remove', friend.email, '-t', team]));
    assert.doesNotMatch(ok(latchkey(['members', '-t', team])).stdout, new RegExp(friend.email));
  });

  test('git:remote points a named remote at the app', () => {
    const r = ok(latchkey(['git:remote', '-a', app, '-r', 'staging']));
    const url = `https://${gitHost}/${app}.git`;
    assert.equal(r.stdout, `set git remote staging to ${url}\n`);
    assert.equal(git(['remote', 'get-url', 'staging']).stdout, url);
  });

  test('git:credentials answers git with the stored token for the git host only', () => {
    const token = ok(latchkey(['auth:token'])).stdout.trim();
    const r = ok(latchkey(['git:credentials', 'get'], { input: `protocol=https\nhost=${gitHost}\npath=${app}.git\n\n` }));
    assert.equal(r.stdout, `username=${owner.email}\npassword=${token}\n`);
    const other = ok(latchkey(['git:credentials', 'get'], { input: 'protocol=https\nhost=github.com\n\n' }));
    assert.equal(other.stdout, '');
    // What git itself gets through the installed helper.
    const filled = spawnSync('git', ['credential', 'fill'], {
      cwd: repo, input: `protocol=https\nhost=${gitHost}\n\n`, encoding: 'utf8',
      env: { ...envFor(owner.home), GIT_TERMINAL_PROMPT: '0' },
    });
    assert.equal(filled.status, 0, filled.stderr);
    assert.match(filled.stdout, new RegExp(`^password=${token}$`, 'm'));
  });

  test('apps:destroy needs the confirmation, then removes the app and its remotes', () => {
    const refused = latchkey(['apps:destroy', '-a', app]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--confirm/);
    ok(latchkey(['apps:destroy', '-a', app, '--confirm', app]));
    assert.doesNotMatch(remotes(), new RegExp(app));
    const gone = latchkey(['apps:info', '-a', app]);
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /Error ID: not_found/);
  });

  test('logout removes the credential helper', () => {
    ok(latchkey(['logout']));
    const helper = git(['config', '--global', '--get', `credential.https://${gitHost}.helper`]);
    assert.equal(helper.code, 1, helper.stdout);
  });
});

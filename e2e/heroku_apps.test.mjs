// Issue 6's "done when", with the stock `heroku` CLI against a latchkeyd that
// serves HTTPS with a self-signed certificate: `heroku login -i`, the apps,
// access and config commands, then `heroku git:remote -a APP` and
// `git push heroku main` with no password typed (git asks the heroku CLI's
// credential helper, which answers with the token from ~/.netrc).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST, startServer, PASSWORD, uniqueEmail, V3 } from '../tests/integration/lib/server.mjs';
import { HEROKU, PTY, plain, herokuEnv } from './lib/heroku.mjs';

let server, dir, home, repo, cert, email, other, app, host;

const env = () => ({
  ...herokuEnv(server.url, home),
  NODE_EXTRA_CA_CERTS: cert,
  GIT_SSL_CAINFO: cert,
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com',
  GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.com',
});

function heroku(args, { cwd } = {}) {
  const r = spawnSync(HEROKU, args, { env: env(), cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 90000 });
  return { code: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) };
}

function git(args, { cwd = repo } = {}) {
  const r = spawnSync('git', args, { env: env(), cwd, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

// The API over HTTPS, trusting the test certificate.
function api(method, path, { token, body } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { Accept: V3 };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (payload) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = Buffer.byteLength(payload); }
    // A fresh connection per call: the git and heroku steps run with spawnSync,
    // which blocks this event loop, so a pooled keep-alive socket could be
    // reused past the agent's own idle timer (seen once as "socket hang up").
    const req = https.request(server.url + path, { method, headers, ca: readFileSync(cert), agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

function storedToken() {
  const m = readFileSync(join(home, '.netrc'), 'utf8').match(/password (\S+)/);
  return m ? m[1] : null;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-apps-e2e-'));
  home = join(dir, 'home');
  repo = join(dir, 'repo');
  execFileSync('mkdir', ['-p', home, repo]);
  cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  server = await startServer({ sets: [...FAST, `server.tls_cert=${cert}`, `server.tls_key=${key}`] });
  assert.match(server.url, /^https:\/\//);
  host = new URL(server.url).host;
  email = uniqueEmail('apps');
  other = uniqueEmail('friend');
  for (const e of [email, other]) {
    const r = await api('POST', '/account', { body: { email: e, password: PASSWORD } });
    assert.equal(r.status, 202, r.text);
  }
  app = `myapp-${process.pid}`;
});

after(async () => {
  await server?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('stock heroku CLI: apps, access, config and git push over HTTPS', () => {
  test('heroku login -i over HTTPS', () => {
    const r = spawnSync('python3', [PTY, '--timeout', '60', '--expect', 'Email', '--send', email,
      '--expect', 'Password', '--send', PASSWORD, '--', HEROKU, 'login', '-i'], { env: env(), encoding: 'utf8', timeout: 90000 });
    assert.equal(r.status, 0, r.stdout);
    assert.match(plain(r.stdout), new RegExp(`Logged in as ${email}`));
    assert.ok(storedToken()?.startsWith('lko_'));
  });

  test('apps:create, apps, apps:info', () => {
    let r = heroku(['apps:create', app]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((r.stdout + r.stderr).includes(`https://${host}/${app}.git`), r.stdout + r.stderr);
    r = heroku(['apps']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${email} Apps`));
    assert.match(r.stdout, new RegExp(app));
    r = heroku(['apps:info', '-a', app]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`=== ${app}`));
    assert.match(r.stdout, new RegExp(`Git URL:\\s+https://${host}/${app}.git`));
    assert.match(r.stdout, new RegExp(`Owner:\\s+${email}`));
    const bad = heroku(['apps:create', 'Not_A_Name']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /invalid_params/);
  });

  test('config:set, config:get, config:unset, each a release', () => {
    let r = heroku(['config:set', 'GREETING=hello world', '-a', app]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /done, v2/);
    r = heroku(['config:get', 'GREETING', '-a', app]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'hello world');
    r = heroku(['config', '-a', app]);
    assert.match(r.stdout, /GREETING:\s+hello world/);
    r = heroku(['config:unset', 'GREETING', '-a', app]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /done, v3/);
    r = heroku(['config:get', 'GREETING', '-a', app]);
    assert.equal(r.stdout.trim(), '');
  });

  test('access, access:add, access:remove', () => {
    let r = heroku(['access:add', other, '-a', app]);
    assert.equal(r.code, 0, r.stderr);
    r = heroku(['access', '-a', app]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${email}\\s+owner`));
    assert.match(r.stdout, new RegExp(`${other}\\s+collaborator`));
    r = heroku(['access:add', 'nobody-here@example.com', '-a', app]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Couldn't find that user/);
    r = heroku(['access:remove', other, '-a', app]);
    assert.equal(r.code, 0, r.stderr);
    r = heroku(['access', '-a', app]);
    assert.doesNotMatch(r.stdout, new RegExp(other));
  });

  test('git:remote then git push heroku main over HTTPS, no password typed', async () => {
    assert.equal(git(['init', '-q', '-b', 'main']).code, 0);
    writeFileSync(join(repo, 'index.html'), '<h1>hello</h1>\n');
    assert.equal(git(['add', '.']).code, 0);
    assert.equal(git(['commit', '-q', '-m', 'first']).code, 0);
    const sha = git(['rev-parse', 'HEAD']).out.trim();
    const r = heroku(['git:remote', '-a', app], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, new RegExp(`set git remote heroku to https://${host}/${app}.git`));
    // The heroku CLI's init hook installed itself as git's credential helper.
    const helper = git(['config', '--global', `credential.https://${host}.helper`]).out.trim();
    assert.match(helper, /heroku git:credentials/);
    const push = git(['push', 'heroku', 'main']);
    assert.equal(push.code, 0, push.out);
    const releases = await api('GET', `/apps/${app}/releases`, { token: storedToken() });
    assert.equal(releases.json.at(-1).description, `Deploy ${sha.slice(0, 7)}`);
    // And the code is there: a fresh clone has the commit.
    const clone = git(['clone', '-q', `https://${host}/${app}.git`, join(dir, 'clone')], { cwd: dir });
    assert.equal(clone.code, 0, clone.out);
    assert.equal(readFileSync(join(dir, 'clone', 'index.html'), 'utf8'), '<h1>hello</h1>\n');
  });

  test('apps:destroy --confirm removes the app', async () => {
    const r = heroku(['apps:destroy', '-a', app, '--confirm', app], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const gone = await api('GET', `/apps/${app}`, { token: storedToken() });
    assert.equal(gone.status, 404);
    assert.doesNotMatch(git(['remote']).out, /heroku/);
  });
});

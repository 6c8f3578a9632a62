// git over HTTPS (issue 6, docs/git.md): the real latchkeyd serving a
// self-signed certificate, the real git client trusting it (GIT_SSL_CAINFO),
// credentials from ~/.netrc (HOME is a temporary directory) or from the
// `latchkey git:credentials` helper. Push needs deploy + a writing scope,
// fetch needs view; refusals are what git shows; a push records a release;
// a 50 MiB push keeps the server's memory bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST, LATCHKEY, V3, startServer, userWithToken } from './lib/server.mjs';

let server, dir, cert, owner, team;
let seq = 0;

// The server speaks HTTPS with our own certificate: node's fetch cannot be
// told to trust it, node:https can.
function request(method, path, { token, basic, body, headers = {}, accept = V3 } = {}) {
  const h = { ...headers };
  if (accept) h.Accept = accept;
  if (token) h.Authorization = `Bearer ${token}`;
  if (basic) h.Authorization = 'Basic ' + Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64');
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload) h['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpsRequest(server.url + path, { method, headers: h, ca: cert }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: new Headers(res.headers), text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const port = () => new URL(server.url).port;
const remote = (app) => `https://127.0.0.1:${port()}/${app}.git`;

// A HOME for one git user: ~/.netrc with `token` for 127.0.0.1 (curl and git
// match the netrc machine by host name, without the port).
function gitHome(email, token) {
  const home = join(dir, `home${++seq}`);
  mkdirSync(home);
  if (token) writeFileSync(join(home, '.netrc'), `machine 127.0.0.1 login ${email} password ${token}\n`, { mode: 0o600 });
  return home;
}

function git(home, args, { cwd, env = {} } = {}) {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 120_000,
    env: {
      PATH: process.env.PATH, HOME: home, GIT_SSL_CAINFO: join(dir, 'cert.pem'),
      GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com', ...env,
    },
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

// A fresh work tree with one commit of `files`; returns { work, sha }.
function commit(home, files) {
  const work = join(dir, `work${++seq}`);
  mkdirSync(work);
  assert.equal(git(home, ['init', '-q', '-b', 'main'], { cwd: work }).status, 0);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(work, name), content);
  assert.equal(git(home, ['add', '.'], { cwd: work }).status, 0);
  const c = git(home, ['commit', '-q', '-m', 'deploy'], { cwd: work });
  assert.equal(c.status, 0, c.err);
  return { work, sha: git(home, ['rev-parse', 'HEAD'], { cwd: work }).out.trim() };
}

async function createApp(token, name, teamName) {
  const r = teamName
    ? await request('POST', '/teams/apps', { token, body: { name, team: teamName } })
    : await request('POST', '/apps', { token, body: { name } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function scoped(user, scope) {
  const r = await request('POST', '/oauth/authorizations', { token: user.token, body: { scope: [scope], description: scope } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// Releases are recorded right after git receive-pack exits: poll briefly.
async function releaseFor(token, app, sha) {
  for (let i = 0; i < 50; i++) {
    const r = await request('GET', `/apps/${app}/releases`, { token });
    assert.equal(r.status, 200, r.text);
    const found = r.json.find((x) => x.description === `Deploy ${sha.slice(0, 7)}`);
    if (found) return found;
    await new Promise((res) => setTimeout(res, 100));
  }
  return undefined;
}

const vmHwmKiB = () => Number(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)[1]);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-git-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'));
  server = await startServer({ sets: [...FAST, `server.tls_cert=${join(dir, 'cert.pem')}`, `server.tls_key=${join(dir, 'key.pem')}`] });
  assert.match(server.url, /^https:\/\//);
  server.request = request;  // the shared helpers (userWithToken) go through HTTPS too
  owner = await userWithToken(server);
  team = `gteam-${process.pid}`;
  assert.equal((await request('POST', '/teams', { token: owner.token, body: { name: team } })).status, 201);
});
after(async () => {
  await server?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('no credentials: 401 with WWW-Authenticate: Basic, a text body, and no dumb protocol', async () => {
  const app = (await createApp(owner.token, `gauth-${process.pid}`)).name;
  const r = await request('GET', `/${app}.git/info/refs?service=git-upload-pack`, { accept: null });
  assert.equal(r.status, 401);
  assert.match(r.headers.get('www-authenticate'), /^Basic realm="Latchkey"$/);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  const bad = await request('GET', `/${app}.git/info/refs?service=git-upload-pack`, { accept: null, basic: ['x', 'lka_not_a_token'] });
  assert.equal(bad.status, 401);
  assert.match(bad.headers.get('www-authenticate'), /^Basic/);
  // Smart HTTP only: the dumb protocol's files are not served, even to the owner.
  for (const path of [`/${app}.git/info/refs`, `/${app}.git/HEAD`, `/${app}.git/objects/info/packs`])
    assert.equal((await request('GET', path, { accept: null, token: owner.token })).status, 404, path);
  assert.equal((await request('GET', `/${app}.git/git-upload-pack`, { accept: null, token: owner.token })).status, 405);
});

test('push over HTTPS with ~/.netrc records "Deploy <sha7>"; clone gets it back', async () => {
  const app = await createApp(owner.token, `gpush-${process.pid}`);
  assert.equal(app.git_url, `https://127.0.0.1:${port()}/${app.name}.git`);
  const home = gitHome(owner.email, owner.token);
  const { work, sha } = commit(home, { 'README.md': 'hello\n' });
  const push = git(home, ['push', remote(app.name), 'main'], { cwd: work });
  assert.equal(push.status, 0, push.err);
  const release = await releaseFor(owner.token, app.name, sha);
  assert.ok(release, 'a release "Deploy <sha7>" after the push');
  assert.equal(release.user.email, owner.email);
  const clone = git(home, ['clone', '-q', remote(app.name), join(dir, `clone${++seq}`)]);
  assert.equal(clone.status, 0, clone.err);
  assert.equal(git(home, ['rev-parse', 'HEAD'], { cwd: join(dir, `clone${seq}`) }).out.trim(), sha);
  // The bare repository lives under the data directory, by app id; destroying the app removes it.
  const repo = join(server.dataDir, 'repos', `${app.id}.git`);
  assert.ok(existsSync(join(repo, 'HEAD')));
  assert.equal((await request('DELETE', `/apps/${app.name}`, { token: owner.token })).status, 200);
  assert.ok(!existsSync(repo), 'the repository goes with the app');
});

test('push refused for a read-scoped token and for a revoked token; fetch with read works', async () => {
  const app = (await createApp(owner.token, `gscope-${process.pid}`)).name;
  const seed = commit(gitHome(owner.email, owner.token), { a: '1' });
  assert.equal(git(gitHome(owner.email, owner.token), ['push', remote(app), 'main'], { cwd: seed.work }).status, 0);

  const read = await scoped(owner, 'read');
  const readHome = gitHome(owner.email, read.access_token.token);
  const { work } = commit(readHome, { b: '2' });
  const refused = git(readHome, ['push', remote(app), 'main'], { cwd: work });
  assert.notEqual(refused.status, 0);
  assert.match(refused.err, /403/);
  assert.match(refused.err, /remote: .*write/, 'git shows why (the missing scope)');
  const fetched = git(readHome, ['ls-remote', remote(app)]);
  assert.equal(fetched.status, 0, fetched.err);
  assert.match(fetched.out, new RegExp(`^${seed.sha}\\s+refs/heads/main`, 'm'));

  const revoked = await scoped(owner, 'global');
  assert.equal((await request('DELETE', `/oauth/authorizations/${revoked.id}`, { token: owner.token })).status, 200);
  const revokedHome = gitHome(owner.email, revoked.access_token.token);
  const denied = git(revokedHome, ['push', remote(app), 'main'], { cwd: work });
  assert.notEqual(denied.status, 0);
  // 401: git drops the netrc credentials and asks for others (no prompt here).
  assert.match(denied.err, /Authentication failed|could not read Username/);
  assert.notEqual(git(revokedHome, ['ls-remote', remote(app)]).status, 0);
  const direct = await request('GET', `/${app}.git/info/refs?service=git-receive-pack`, {
    accept: null, basic: [owner.email, revoked.access_token.token],
  });
  assert.equal(direct.status, 401);
  assert.match(direct.headers.get('www-authenticate'), /^Basic/);
});

test('team app: a view collaborator may clone but not push; a deploy collaborator may push', async () => {
  const app = (await createApp(owner.token, `gteam-app-${process.pid}`, team)).name;
  const viewer = await userWithToken(server);
  const deployer = await userWithToken(server);
  for (const [u, permissions] of [[viewer, ['view']], [deployer, ['view', 'deploy']]]) {
    const m = await request('PUT', `/teams/${team}/members`, { token: owner.token, body: { email: u.email, role: 'member' } });
    assert.equal(m.status, 200, m.text);
    const c = await request('POST', `/teams/apps/${app}/collaborators`, { token: owner.token, body: { user: u.email, permissions } });
    assert.equal(c.status, 201, c.text);
  }
  const deployHome = gitHome(deployer.email, deployer.token);
  const { work, sha } = commit(deployHome, { 'app.txt': 'v1\n' });
  const pushed = git(deployHome, ['push', remote(app), 'main'], { cwd: work });
  assert.equal(pushed.status, 0, pushed.err);
  const release = await releaseFor(owner.token, app, sha);
  assert.ok(release);
  assert.equal(release.user.email, deployer.email);

  const viewHome = gitHome(viewer.email, viewer.token);
  const target = join(dir, `clone${++seq}`);
  const clone = git(viewHome, ['clone', '-q', remote(app), target]);
  assert.equal(clone.status, 0, clone.err);
  assert.equal(git(viewHome, ['rev-parse', 'HEAD'], { cwd: target }).out.trim(), sha);
  writeFileSync(join(target, 'app.txt'), 'v2\n');
  git(viewHome, ['commit', '-qam', 'v2'], { cwd: target });
  const refused = git(viewHome, ['push', 'origin', 'main'], { cwd: target });
  assert.notEqual(refused.status, 0);
  assert.match(refused.err, /403/);
  assert.match(refused.err, /remote: .*deploy/, 'git shows the missing permission');

  // Someone outside the app sees no repository at all, exactly like a missing app.
  const stranger = await userWithToken(server);
  const hidden = git(gitHome(stranger.email, stranger.token), ['ls-remote', remote(app)]);
  assert.notEqual(hidden.status, 0);
  const missing = git(gitHome(stranger.email, stranger.token), ['ls-remote', remote('no-such-app-here')]);
  assert.equal(hidden.err.replace(app, 'X'), missing.err.replace('no-such-app-here', 'X'));
});

test('the latchkey git:credentials helper answers git with the token', { skip: !existsSync(LATCHKEY) && 'latchkey CLI not built' }, async () => {
  const app = (await createApp(owner.token, `ghelper-${process.pid}`)).name;
  const home = gitHome(owner.email, null);  // no netrc: only the helper can answer
  const { work, sha } = commit(home, { 'x.txt': 'helper\n' });
  const host = `127.0.0.1:${port()}`;
  const push = git(home, ['-c', `credential.https://${host}.helper=!${LATCHKEY} git:credentials`, 'push', remote(app), 'main'], {
    cwd: work, env: { LATCHKEY_API_URL: server.url, LATCHKEY_API_KEY: owner.token },
  });
  assert.equal(push.status, 0, push.err);
  assert.ok(await releaseFor(owner.token, app, sha));
});

test('a 50 MiB push succeeds with bounded server memory', async (t) => {
  const app = (await createApp(owner.token, `gbig-${process.pid}`)).name;
  const home = gitHome(owner.email, owner.token);
  const { work, sha } = commit(home, { 'small.txt': 'x' });
  // Warm up (TLS, first repository use) before taking the baseline.
  assert.equal(git(home, ['push', remote(app), 'main'], { cwd: work }).status, 0);
  writeFileSync(join(work, 'blob.bin'), randomBytes(52 << 20));  // incompressible
  git(home, ['add', 'blob.bin'], { cwd: work });
  git(home, ['commit', '-qm', 'big'], { cwd: work });
  const bigSha = git(home, ['rev-parse', 'HEAD'], { cwd: work }).out.trim();
  assert.notEqual(bigSha, sha);
  const baseline = vmHwmKiB();
  const push = git(home, ['push', remote(app), 'main'], { cwd: work });
  assert.equal(push.status, 0, push.err);
  const grown = vmHwmKiB() - baseline;
  t.diagnostic(`server peak RSS: ${baseline} KiB before, +${grown} KiB during the push`);
  // Buffering the 52 MiB body (or the pack) anywhere in the server would show here.
  // Not under ASan (make test-sanitize): its quarantine keeps every freed 64 KiB
  // relay buffer for a while, so RSS says nothing there; the release run checks it.
  if (process.env.ASAN_OPTIONS) t.diagnostic('sanitizer build: memory bound not checked');
  else assert.ok(grown < 32 * 1024, `peak RSS grew by ${grown} KiB during a 52 MiB push`);
  assert.ok(await releaseFor(owner.token, app, bigSha));
});

test('with mfa.required, an account that has not enrolled cannot use git (as on the API)', async () => {
  const plain = await startServer({ mfaRequired: true });  // plain HTTP: the endpoint is the same
  try {
    const u = await userWithToken(plain);
    const r = await plain.request('GET', '/someapp.git/info/refs?service=git-upload-pack', {
      accept: null, basic: [u.email, u.token],
    });
    assert.equal(r.status, 403);
    assert.match(r.text, /multi-factor/);
  } finally {
    await plain.cleanup();
  }
});

test('a server public over https refuses git over plain HTTP, without redirecting', async () => {
  const plain = await startServer({ sets: [...FAST, 'server.public_url=https://git.example.test'] });
  try {
    const u = await userWithToken(plain);
    const r = await plain.request('GET', '/someapp.git/info/refs?service=git-receive-pack', {
      accept: null, basic: [u.email, u.token],
    });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('location'), null);
    assert.match(r.text, /plain HTTP/);
  } finally {
    await plain.cleanup();
  }
});

// R5: SIGTERM drains in-flight work. 50 requests in flight — password logins
// (Argon2 on the hash pool), device-flow token polls, and a git push whose pack
// is still streaming (through a rate-capped proxy) — then SIGTERM: new
// connections are refused (the listener closes at once, which is what takes
// the instance out of a load balancer; /readyz answers 503 to anyone who still
// reaches it), every in-flight request completes 2xx, the process exits 0
// within the drain deadline + 1 s. A held CLI login poll is answered at once
// ("poll again"); a request longer than the deadline (an upload that never
// ends) is cut and the process still exits on time; a second SIGTERM exits at
// once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { get as httpGet } from 'node:http';
import net from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, field } from './lib/browser.mjs';
import { slowProxy } from './lib/slow_proxy.mjs';
import { startServer, userWithToken, FAST } from './lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

// GET on a new connection (no pooled keep-alive): the status, or the socket error code.
const freshGet = (url) => new Promise((resolve) => {
  const req = httpGet(url, { agent: false }, (res) => { res.resume(); resolve(res.statusCode); });
  req.on('error', (e) => resolve(e.code ?? String(e)));
});

// Resolves with the exit code and how long after `since` the process exited.
const exitOf = (server, since) => new Promise((r) => {
  if (server.proc.exitCode !== null) return r({ code: server.proc.exitCode, ms: Date.now() - since });
  server.proc.once('exit', (code, signal) => r({ code, signal, ms: Date.now() - since }));
});

async function form(server, path, fields, headers = {}) {
  const res = await fetch(server.url + path, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, text: await res.text() };
}

// An approved RFC 8628 device grant: its device_code's next poll gets a token.
async function approvedDeviceCode(server, browser) {
  const d = await form(server, '/oauth/device_authorization', { client_id: 'latchkey-cli' });
  assert.equal(d.status, 200, d.text);
  const { device_code: deviceCode, user_code: userCode } = JSON.parse(d.text);
  const page = await browser.get('/device');
  const confirm = await browser.post('/device', { csrf: field(page.text, 'csrf'), user_code: userCode });
  assert.equal(confirm.status, 200, confirm.text.slice(0, 200));
  const done = await browser.post('/device/decision', {
    csrf: field(confirm.text, 'csrf'), request_id: field(confirm.text, 'request_id'), decision: 'approve',
  });
  assert.equal(done.status, 200, done.text.slice(0, 200));
  return deviceCode;
}

// `git push` of a commit holding `bytes` random bytes to `remote`; resolves with
// { status, err } when git exits. Async: the event loop must keep running.
function gitPush(dir, home, remote, bytes) {
  const work = join(dir, 'work');
  mkdirSync(work);
  writeFileSync(join(work, 'blob.bin'), randomBytes(bytes));
  const env = {
    PATH: process.env.PATH, HOME: home, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com',
  };
  const run = (args) => new Promise((resolve) => {
    const p = spawn('git', args, { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (status) => resolve({ status, err }));
  });
  return (async () => {
    for (const args of [['init', '-q', '-b', 'main'], ['add', '.'], ['commit', '-q', '-m', 'deploy']]) {
      const r = await run(args);
      if (r.status !== 0) return r;
    }
    return run(['push', '-q', remote, 'main']);
  })();
}

test('R5 SIGTERM: 50 in-flight requests (logins, device polls, a streaming git push) all complete; exit 0 on time', async () => {
  const DRAIN_MS = 20000;
  const server = await startServer({ sets: [...FAST, `server.drain_timeout_ms=${DRAIN_MS}`, 'rate_limit.enabled=false', 'throttle.ip_attempts=100000'] });
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-drain-'));
  let proxy;
  try {
    const users = await Promise.all([1, 2, 3, 4].map(() => userWithToken(server)));
    const owner = users[0];
    const browser = new Browser(server);
    await browser.signIn(owner.email, owner.password);
    const deviceCodes = [];
    for (let i = 0; i < 15; i++) deviceCodes.push(await approvedDeviceCode(server, browser));
    const app = `drain-${process.pid}`;
    assert.equal((await server.request('POST', '/apps', { token: owner.token, body: { name: app } })).status, 201);
    const home = join(dir, 'home');
    mkdirSync(home);
    writeFileSync(join(home, '.netrc'), `machine 127.0.0.1 login ${owner.email} password ${owner.token}\n`, { mode: 0o600 });

    // The push streams ~24 MiB at 6 MiB/s: SIGTERM goes out once 2 MiB are through.
    proxy = await slowProxy(server.url, 6 << 20);
    const push = gitPush(dir, home, `${proxy.url}/${app}.git`, 24 << 20);
    while (proxy.uploaded < 2 << 20) await sleep(20);

    const inflight = [];
    for (let i = 0; i < 34; i++) {
      const u = users[i % users.length];
      inflight.push(server.request('POST', '/oauth/authorizations', { basic: [u.email, u.password], body: { description: `drain ${i}` } })
        .then((r) => ['login', r.status]));
    }
    for (const code of deviceCodes)
      inflight.push(form(server, '/oauth/token', { grant_type: DEVICE_GRANT, device_code: code, client_id: 'latchkey-cli' })
        .then((r) => ['device poll', r.status]));
    assert.equal(inflight.length + 1, 50);
    await sleep(100);  // the requests reach the server (logins queue on the hash pool)

    const t0 = Date.now();
    const exited = exitOf(server, t0);
    server.proc.kill('SIGTERM');
    await sleep(50);
    // A new connection is refused, or answered 503 (never served normally).
    const late = await freshGet(server.url + '/readyz');
    assert.ok(late === 'ECONNREFUSED' || late === 503, `new connection after SIGTERM: ${late}`);

    const results = await Promise.all(inflight);
    const pushed = await push;
    const { code, ms } = await exited;
    const bad = results.filter(([, status]) => status < 200 || status > 299);
    assert.deepEqual(bad, [], 'every in-flight request completed 2xx');
    assert.equal(pushed.status, 0, `the streaming push completed: ${pushed.err}`);
    assert.ok(proxy.uploaded > 20 << 20, `the pack went through (${proxy.uploaded} bytes)`);
    assert.equal(code, 0, 'exit status');
    assert.ok(ms <= DRAIN_MS + 1000, `exited ${ms} ms after SIGTERM`);
    console.log(`R5: 50 in-flight requests drained; exit 0 after ${ms} ms`);

    // After a restart the drained writes are there: the push's release and the logins.
    const again = await startServer({ dataDir: server.dataDir, sets: FAST });
    try {
      const releases = await again.request('GET', `/apps/${app}/releases`, { token: owner.token });
      assert.equal(releases.status, 200, releases.text);
      assert.ok(releases.json.some((r) => r.description.startsWith('Deploy ')), 'the push released');
    } finally {
      await again.stop();
    }
  } finally {
    await proxy?.close();
    await server.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

// A CLI login poll is held (up to 45 s) while nobody approves it.
async function heldPoll(server) {
  const a = await fetch(server.url + '/auth', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ description: 'drain test' }),
  }).then((r) => r.json());
  const started = Date.now();
  const outcome = fetch(server.url + a.cli_url, { headers: { Authorization: 'Bearer ' + a.token } })
    .then(async (r) => ({ status: r.status, body: await r.json().catch(() => null) }), (e) => ({ error: e.cause?.code ?? String(e) }));
  await sleep(300);
  return { outcome, started };
}

// An upload that never finishes: a request body dribbled a byte every 100 ms
// (the body deadline, 30 s, is far away). Resolves with how the socket ended.
async function dribblingUpload(server) {
  const url = new URL(server.url);
  const sock = net.connect(Number(url.port), url.hostname);
  sock.on('error', () => {});
  let text = '';
  sock.on('data', (d) => { text += d.toString('latin1'); });
  const outcome = new Promise((r) => sock.on('close', () => r({ text })));
  sock.write('POST /account HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{');
  const drip = setInterval(() => { if (!sock.destroyed) sock.write(' '); }, 100);
  outcome.then(() => clearInterval(drip));
  await sleep(300);
  return { outcome, stop: () => { clearInterval(drip); sock.destroy(); } };
}

test('R5 a request longer than the drain deadline is cut; the process still exits on time', async () => {
  const DRAIN_MS = 1500;
  const server = await startServer({ sets: [...FAST, `server.drain_timeout_ms=${DRAIN_MS}`] });
  let upload;
  try {
    upload = await dribblingUpload(server);
    const t0 = Date.now();
    const exited = exitOf(server, t0);
    server.proc.kill('SIGTERM');
    const { code, ms } = await exited;
    const o = await upload.outcome;
    assert.equal(code, 0, 'exit status');
    assert.ok(ms >= DRAIN_MS - 100, `the upload got its ${DRAIN_MS} ms (exited after ${ms} ms)`);
    assert.ok(ms <= DRAIN_MS + 1000, `exited ${ms} ms after SIGTERM`);
    assert.ok(!/^HTTP\/1\.1 2/.test(o.text), `the upload was cut, not accepted: ${o.text.slice(0, 80)}`);
  } finally {
    upload?.stop();
    await server.cleanup();
  }
});

test('R5 a held CLI login poll is answered at once on SIGTERM ("poll again") and does not hold up the exit', async () => {
  const server = await startServer({ sets: [...FAST, 'server.drain_timeout_ms=30000'] });
  try {
    const { outcome } = await heldPoll(server);
    const t0 = Date.now();
    const exited = exitOf(server, t0);
    server.proc.kill('SIGTERM');
    const o = await outcome;
    const answeredMs = Date.now() - t0;
    const { code, ms } = await exited;
    assert.equal(o.status, 504, `the poll is told to poll again: ${JSON.stringify(o)}`);
    assert.equal(o.body.id, 'gateway_timeout');
    assert.ok(answeredMs < 2000, `answered ${answeredMs} ms after SIGTERM`);
    assert.equal(code, 0, 'exit status');
    assert.ok(ms < 3000, `exited ${ms} ms after SIGTERM (drain deadline 30 s)`);
  } finally {
    await server.cleanup();
  }
});

test('R5 a second SIGTERM exits at once', async () => {
  const server = await startServer({ sets: [...FAST, 'server.drain_timeout_ms=30000'] });
  let upload;
  try {
    upload = await dribblingUpload(server);
    const t0 = Date.now();
    const exited = exitOf(server, t0);
    server.proc.kill('SIGTERM');
    await sleep(200);
    assert.equal(server.proc.exitCode, null, 'still draining after the first signal');
    server.proc.kill('SIGTERM');
    const { code, ms } = await exited;
    assert.equal(code, 130, 'forced exit status');
    assert.ok(ms < 1500, `exited ${ms} ms after the first SIGTERM`);
  } finally {
    upload?.stop();
    await server.cleanup();
  }
});

// `latchkey login` (device flow, the default) and `latchkey login --browser`
// (the Heroku CLI's /auth long poll), run as real processes without a TTY
// against the real latchkeyd, while a scripted browser approves what the CLI
// printed. Then `latchkey auth:whoami` works with the stored token.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sanitizerEnv, userWithToken, LATCHKEY, FAST } from './lib/server.mjs';
import { Browser, field } from './lib/browser.mjs';

let server;
let home;

// A small poll interval keeps the CLI's waits short; the rules are the same.
before(async () => {
  server = await startServer({ sets: [...FAST, 'tokens.device_poll_interval_s=1'] });
});
after(async () => { await server?.cleanup(); });

function freshHome() {
  home = mkdtempSync(join(tmpdir(), 'latchkey-cli-device-'));
  return home;
}

function baseEnv(extra = {}) {
  // No DISPLAY, WAYLAND_DISPLAY or BROWSER unless a test adds them.
  return { PATH: process.env.PATH, HOME: home, LATCHKEY_API_URL: server.url, ...sanitizerEnv(), ...extra };
}

function latchkeySync(args, env = {}) {
  const r = spawnSync(LATCHKEY, args, { input: '', encoding: 'utf8', timeout: 30000, env: baseEnv(env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Starts `latchkey ...args` (stdin not a TTY) and resolves `waitFor(re)` once
// stderr matches; `done` resolves with the exit code and output.
function latchkeyAsync(args, env = {}) {
  const proc = spawn(LATCHKEY, args, { env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stdin.end();
  let stdout = '';
  let stderr = '';
  const waiters = [];
  proc.stdout.on('data', (d) => { stdout += d; });
  proc.stderr.on('data', (d) => {
    stderr += d;
    for (const w of waiters) { const m = stderr.match(w.re); if (m && !w.done) { w.done = true; w.resolve(m); } }
  });
  const done = new Promise((resolve) => proc.on('exit', (code) => resolve({ code, stdout, stderr })));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 60000);
  done.then(() => clearTimeout(timer));
  return {
    proc,
    done,
    waitFor(re) {
      const m = stderr.match(re);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        done.then((r) => reject(new Error(`latchkey exited ${r.code} before printing ${re}: ${r.stderr}`)));
      });
    },
  };
}

async function approveDeviceCode(b, code, decision = 'approve') {
  const page = await b.get('/device');
  const confirm = await b.post('/device', { csrf: field(page.text, 'csrf'), user_code: code });
  assert.equal(confirm.status, 200, confirm.text.slice(0, 300));
  const r = await b.post('/device/decision', {
    csrf: field(confirm.text, 'csrf'), request_id: field(confirm.text, 'request_id'), decision,
  });
  assert.equal(r.status, 200);
}

const storedToken = () => {
  const p = join(home, '.netrc');
  if (!existsSync(p)) return null;
  const m = readFileSync(p, 'utf8').match(/password (\S+)/);
  return m ? m[1] : null;
};

describe('latchkey login (device flow)', () => {
  test('prints the code, waits for approval, stores the token; whoami and logout work', async () => {
    freshHome();
    try {
      const u = await userWithToken(server);
      const b = new Browser(server);
      await b.signIn(u.email, u.password);
      const cli = latchkeyAsync(['login']);
      const m = await cli.waitFor(/Open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})\n/);
      assert.equal(m[1], server.url + '/device');
      const complete = await cli.waitFor(/or open (\S+)/);
      assert.equal(complete[1], server.url + '/device?user_code=' + m[2]);
      await approveDeviceCode(b, m[2]);
      const r = await cli.done;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `Logged in as ${u.email}\n`);
      assert.match(readFileSync(join(home, '.netrc'), 'utf8'),
        new RegExp(`machine ${new URL(server.url).host.replace(/\./g, '\\.')}\\s+login ${u.email.replace(/\./g, '\\.')}\\s+password \\S+`));

      const who = latchkeySync(['auth:whoami']);
      assert.equal(who.code, 0, who.stderr);
      assert.equal(who.stdout, `${u.email}\n`);

      const sessions = await server.request('GET', '/oauth/sessions', { token: u.token });
      const cliSessions = sessions.json.filter((s) => s.kind === 'cli' && s.description === 'Latchkey CLI login');
      assert.equal(cliSessions.length, 1);
      assert.equal(cliSessions[0].user_agent, 'latchkey-cli/0.1.0');

      const token = storedToken();
      const out = latchkeySync(['logout']);
      assert.equal(out.code, 0, out.stderr);
      assert.equal((await server.request('GET', '/account', { token })).status, 401, 'logout ended the session');
    } finally { rmSync(home, { recursive: true, force: true }); }
  });

  test('denied in the browser: exit 2, nothing stored', async () => {
    freshHome();
    try {
      const u = await userWithToken(server);
      const b = new Browser(server);
      await b.signIn(u.email, u.password);
      const cli = latchkeyAsync(['login']);
      const m = await cli.waitFor(/enter the code ([A-Z]{4}-[A-Z]{4})/);
      await approveDeviceCode(b, m[1], 'deny');
      const r = await cli.done;
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /Error: The login was denied in the browser\.\nError ID: access_denied/);
      assert.equal(storedToken(), null);
    } finally { rmSync(home, { recursive: true, force: true }); }
  });

  test('opens $BROWSER with the prefilled page, but never over SSH without a display', async () => {
    freshHome();
    try {
      const u = await userWithToken(server);
      const b = new Browser(server);
      await b.signIn(u.email, u.password);
      const opened = join(home, 'opened.txt');
      const script = join(home, 'fake-browser.sh');
      writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
      chmodSync(script, 0o755);

      let cli = latchkeyAsync(['login'], { BROWSER: script });
      let m = await cli.waitFor(/enter the code ([A-Z]{4}-[A-Z]{4})/);
      await approveDeviceCode(b, m[1]);
      let r = await cli.done;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(opened, 'utf8'), `${server.url}/device?user_code=${m[1]}\n`);

      rmSync(opened);
      cli = latchkeyAsync(['login'], { BROWSER: script, SSH_CONNECTION: '192.0.2.1 50000 192.0.2.2 22' });
      m = await cli.waitFor(/enter the code ([A-Z]{4}-[A-Z]{4})/);
      await approveDeviceCode(b, m[1]);
      r = await cli.done;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(existsSync(opened), false, 'nothing opened over SSH');
    } finally { rmSync(home, { recursive: true, force: true }); }
  });
});

describe('latchkey login --browser', () => {
  test('prints the browser URL, long-polls, stores the token; whoami works', async () => {
    freshHome();
    try {
      const u = await userWithToken(server);
      const b = new Browser(server);
      await b.signIn(u.email, u.password);
      const cli = latchkeyAsync(['login', '--browser']);
      const m = await cli.waitFor(/Open (\S+) to log in\n/);
      const url = new URL(m[1]);
      assert.equal(url.origin, server.url);
      const page = await b.get(url.pathname);
      assert.equal(page.status, 200);
      assert.match(page.text, /Latchkey CLI login from /);
      const approved = await b.post(url.pathname, {
        csrf: field(page.text, 'csrf'), request_id: field(page.text, 'request_id'), decision: 'approve',
      });
      assert.equal(approved.status, 200);
      const r = await cli.done;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `Logged in as ${u.email}\n`);
      const who = latchkeySync(['auth:whoami']);
      assert.equal(who.code, 0, who.stderr);
      assert.equal(who.stdout, `${u.email}\n`);
    } finally { rmSync(home, { recursive: true, force: true }); }
  });

  test('denied: the server\'s error text, exit 2', async () => {
    freshHome();
    try {
      const u = await userWithToken(server);
      const b = new Browser(server);
      await b.signIn(u.email, u.password);
      const cli = latchkeyAsync(['login', '--browser']);
      const m = await cli.waitFor(/Open (\S+) to log in\n/);
      const path = new URL(m[1]).pathname;
      const page = await b.get(path);
      await b.post(path, { csrf: field(page.text, 'csrf'), request_id: field(page.text, 'request_id'), decision: 'deny' });
      const r = await cli.done;
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /Error: .*denied/i);
      assert.equal(storedToken(), null);
    } finally { rmSync(home, { recursive: true, force: true }); }
  });
});

// Starts the real latchkeyd binary on 127.0.0.1:0 with a fresh data directory
// and talks to it over real HTTP. Used by every black-box suite.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { codeAtStep, step } from './totp.mjs';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const BIN_DIR = process.env.LATCHKEY_BIN_DIR || join(ROOT, 'build/release/src');
export const LATCHKEYD = join(BIN_DIR, 'app/latchkeyd');
export const LATCHKEY = join(BIN_DIR, 'cli/latchkey');
export const V3 = 'application/vnd.heroku+json; version=3';

// A strong passphrase accepted by the password policy.
export const PASSWORD = 'correct horse battery staple 42';

export class Server {
  constructor(proc, url, dataDir, stdoutLines, stderrChunks) {
    this.proc = proc;
    this.url = url;
    this.dataDir = dataDir;
    this.stdoutLines = stdoutLines;
    this.stderrChunks = stderrChunks;
  }

  get stderr() { return this.stderrChunks.join(''); }

  // The one-time bootstrap secret printed at start (empty database only).
  get bootstrapToken() {
    const m = this.stdoutLines.join('\n').match(/"bootstrap_token":"(lks_[0-9A-Za-z]+)"/);
    return m ? m[1] : null;
  }

  async request(method, path, { token, basic, body, headers = {}, accept = V3, raw } = {}) {
    const h = { ...headers };
    if (accept) h['Accept'] = accept;
    if (token) h['Authorization'] = `Bearer ${token}`;
    if (basic) h['Authorization'] = 'Basic ' + Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64');
    let payload;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.url + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    return { status: res.status, headers: res.headers, text, json };
  }

  async stop(signal = 'SIGTERM') {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    const done = new Promise((r) => this.proc.once('exit', (code) => r(code)));
    this.proc.kill(signal);
    return done;
  }

  async cleanup() {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

// Sanitizer settings reach the servers of an ASan/UBSan build (cmake -DLATCHKEY_SANITIZE=ON).
export function sanitizerEnv() {
  const out = {};
  for (const k of ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS']) if (process.env[k]) out[k] = process.env[k];
  return out;
}

// Fast test profile: ordinary config, not test-only code paths.
export const FAST = [
  'throttle.base_delay_s=2',
  'throttle.max_delay_s=4',
  // The suites make hundreds of deliberate OAuth failures from one address;
  // hardening.test.mjs checks the shipped per-IP limit (S60).
  'oauth_rate_limit.capacity=100000',
];

// `mfaRequired` is the server's mfa.required. It defaults to false here so that
// suites about other features need not enrol every user; the MFA suites (and
// anything testing the shipped defaults) pass true, the product default.
export async function startServer({ sets = FAST, dataDir, env = {}, mfaRequired = false } = {}) {
  dataDir = dataDir || mkdtempSync(join(tmpdir(), 'latchkey-it-'));
  const args = ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir];
  for (const s of [...sets, `mfa.required=${mfaRequired}`]) args.push('--set', s);
  const proc = spawn(LATCHKEYD, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...sanitizerEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdoutLines = [];
  const stderrChunks = [];
  proc.stderr.on('data', (d) => stderrChunks.push(d.toString()));
  const rl = createInterface({ input: proc.stdout });
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('latchkeyd did not start: ' + stderrChunks.join(''))), 15000);
    rl.on('line', (line) => {
      stdoutLines.push(line);
      const m = line.match(/^listening on (https?:\/\/\S+)$/);
      if (m) { clearTimeout(timer); resolveUrl(m[1]); }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`latchkeyd exited ${code}: ${stderrChunks.join('')}`)); });
  });
  // The bootstrap banner follows the listening line; give it a moment.
  await new Promise((r) => setTimeout(r, 50));
  return new Server(proc, url, dataDir, stdoutLines, stderrChunks);
}

let counter = 0;
export function uniqueEmail(tag = 'user') {
  counter += 1;
  return `${tag}${process.pid}x${counter}@example.com`;
}

// Enrols `user` (from userWithToken) in TOTP MFA through the API and returns
// { secret, recoveryCodes, usedStep } (the confirming step is used up).
export async function enrolMfa(server, user) {
  const begun = await server.request('POST', '/account/mfa/totp', { token: user.token });
  if (begun.status !== 201) throw new Error(`enrol failed ${begun.status} ${begun.text}`);
  const secret = begun.json.secret;
  const usedStep = step();
  const confirmed = await server.request('POST', '/account/mfa/totp/confirm', {
    token: user.token, body: { code: codeAtStep(secret, usedStep) },
  });
  if (confirmed.status !== 200) throw new Error(`confirm failed ${confirmed.status} ${confirmed.text}`);
  return { secret, recoveryCodes: confirmed.json.recovery_codes, usedStep };
}

// Signs up a user and mints a global token with Basic email:password.
export async function userWithToken(server, { email = uniqueEmail(), password = PASSWORD } = {}) {
  const signup = await server.request('POST', '/account', { body: { email, password } });
  if (signup.status !== 202) throw new Error(`signup failed ${signup.status} ${signup.text}`);
  const minted = await server.request('POST', '/oauth/authorizations', {
    basic: [email, password], body: { description: 'test' },
  });
  if (minted.status !== 201) throw new Error(`mint failed ${minted.status} ${minted.text}`);
  const token = minted.json.access_token.token;
  const account = (await server.request('GET', '/account', { token })).json;
  return { email, password, account, token, authorization: minted.json };
}

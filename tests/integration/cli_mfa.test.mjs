// The `latchkey` CLI with MFA on the shipped default (mfa.required = true):
// sign in before enrolling, mfa:enable against the real server (QR code, key,
// proof code, recovery codes), then login -i with a second factor, with a
// recovery code, and with a token in place of the password.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sanitizerEnv, LATCHKEY, PASSWORD, uniqueEmail } from './lib/server.mjs';
import { codeAtStep, step, freshCode } from './lib/totp.mjs';

let server;
let home;
const email = uniqueEmail('mfacli');
let secret;
let usedStep;
let recoveryCodes;

const env = () => ({ PATH: process.env.PATH, HOME: home, LATCHKEY_API_URL: server.url, ...sanitizerEnv() });

function latchkey(args, input = '') {
  const r = spawnSync(LATCHKEY, args, { input, encoding: 'utf8', timeout: 30000, env: env() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const storedToken = () => {
  const m = readFileSync(join(home, '.netrc'), 'utf8').match(/password (lko_\S+)/);
  return m ? m[1] : null;
};

// Runs `latchkey mfa:enable`, answering the code prompt with the current code
// of the key it printed — as a person with an authenticator app would.
function enableInteractively({ wrongFirst = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(LATCHKEY, ['mfa:enable'], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let answered = 0;
    const timer = setTimeout(() => { child.kill(); reject(new Error(`timeout: ${stdout} ${stderr}`)); }, 30000);
    const answer = () => {
      const key = stdout.match(/Key:?\s+([A-Z2-7 ]{32,})\n/);
      if (!key) return;
      const s = key[1].replace(/ /g, '');
      if (wrongFirst && answered === 0) {
        child.stdin.write('000000\n');
      } else {
        usedStep = step();
        child.stdin.write(codeAtStep(s, usedStep) + '\n');
        secret = s;
      }
      answered += 1;
    };
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => {
      stderr += d;
      const prompts = (stderr.match(/Code from your authenticator app:/g) || []).length;
      if (prompts > answered) answer();
    });
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

before(async () => {
  server = await startServer({ mfaRequired: true });
  home = mkdtempSync(join(tmpdir(), 'latchkey-mfa-cli-'));
  const r = await server.request('POST', '/account', { body: { email, password: PASSWORD } });
  assert.equal(r.status, 202, r.text);
});

after(async () => {
  await server?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('latchkey CLI with MFA required', () => {
  test('before enrolling: login works, other commands name mfa:enable', () => {
    let r = latchkey(['login', '-i'], `${email}\n${PASSWORD}\n`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /requires multi-factor authentication.*latchkey mfa:enable/s);
    r = latchkey(['authorizations']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /latchkey mfa:enable/);
    r = latchkey(['mfa']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /not enabled/);
    assert.match(r.stdout, /latchkey mfa:enable/);
  });

  test('mfa:enable shows a QR code and the key, re-asks after a wrong code, prints 10 recovery codes', async () => {
    const r = await enableInteractively({ wrongFirst: true });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /[▀▄█]{10,}/, 'a QR code in half blocks');
    assert.match(r.stderr, /not valid/);
    recoveryCodes = r.stdout.match(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/gm);
    assert.equal(recoveryCodes?.length, 10, r.stdout);
    assert.match(r.stdout, /Multi-factor authentication is enabled/);
    const status = latchkey(['mfa']);
    assert.match(status.stdout, /is enabled/);
    assert.match(status.stdout, /Recovery codes left: 10 of 10/);
  });

  test('login -i asks for the second factor; a current code logs in', async () => {
    const before_ = storedToken();
    const { code, step: s } = await freshCode(secret, usedStep);
    const r = latchkey(['login', '-i'], `${email}\n${PASSWORD}\n${code}\n`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Two-factor code/);
    assert.match(r.stdout, new RegExp(`Logged in as ${email}`));
    assert.notEqual(storedToken(), before_);
    usedStep = s;
  });

  test('the same code again, or a wrong one, is refused and nothing is stored', () => {
    const before_ = storedToken();
    for (const code of [codeAtStep(secret, usedStep), '123456']) {
      const r = latchkey(['login', '-i'], `${email}\n${PASSWORD}\n${code}\n`);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /two-factor code/i);
      assert.equal(storedToken(), before_);
    }
  });

  test('a recovery code works once at the prompt', () => {
    let r = latchkey(['login', '-i'], `${email}\n${PASSWORD}\n${recoveryCodes[0]}\n`);
    assert.equal(r.code, 0, r.stderr);
    r = latchkey(['login', '-i'], `${email}\n${PASSWORD}\n${recoveryCodes[0]}\n`);
    assert.notEqual(r.code, 0);
  });

  test('a token typed as the password logs in without a second-factor prompt', () => {
    const token = storedToken();
    const r = latchkey(['login', '-i'], `${email}\n${token}\n`);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /Two-factor code/);
  });

  test('mfa:recovery-codes asks for the second factor and replaces every code', () => {
    const r = latchkey(['mfa:recovery-codes'], `${recoveryCodes[1]}\n`);
    assert.equal(r.code, 0, r.stderr);
    const fresh = r.stdout.match(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/gm);
    assert.equal(fresh?.length, 10);
    const old = latchkey(['login', '-i'], `${email}\n${PASSWORD}\n${recoveryCodes[2]}\n`);
    assert.notEqual(old.code, 0, 'old codes are dead');
    recoveryCodes = fresh;
  });

  test('mfa:disable is refused while the server requires MFA', () => {
    const r = latchkey(['mfa:disable'], `${PASSWORD}\n${recoveryCodes[0]}\n`);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /required/);
  });
});

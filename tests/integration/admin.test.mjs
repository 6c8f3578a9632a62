// Operator commands (`latchkeyd admin …`, `latchkeyd migrate`) against the data
// directory of a running server, the hard lock after consecutive failures (S08),
// and Argon2id parameters upgraded on the next sign-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, LATCHKEYD, PASSWORD, uniqueEmail } from './lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function admin(dataDir, args, input = '') {
  const r = spawnSync(LATCHKEYD, ['admin', ...args, '--data-dir', dataDir], { input, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mint = (server, email, password) =>
  server.request('POST', '/oauth/authorizations', { basic: [email, password], body: {} });

function storedHash(dataDir, email) {
  const r = spawnSync('sqlite3', [join(dataDir, 'latchkey.db'), `select password_hash from accounts where email='${email}'`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('admin create-user (password from stdin), disable, enable', async () => {
  const server = await startServer({ sets: ['tokens.cache_ttl_s=1'] });
  try {
    const email = uniqueEmail('op');
    const created = admin(server.dataDir, ['create-user', '--email', email, '--admin'], `${PASSWORD}\n`);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, new RegExp(`created ${email} \\[admin\\]`));
    assert.equal(admin(server.dataDir, ['create-user', '--email', email], `${PASSWORD}\n`).code, 2, 'taken');
    const weak = admin(server.dataDir, ['create-user', '--email', uniqueEmail()], 'short\n');
    assert.equal(weak.code, 2);
    assert.match(weak.stderr, /at least/);

    const m = await mint(server, email, PASSWORD);
    assert.equal(m.status, 201, m.text);
    const token = m.json.access_token.token;

    assert.equal(admin(server.dataDir, ['disable-user', '--email', email]).code, 0);
    await sleep(1200); // another process changed the account: the cache backstop is 1 s here
    assert.equal((await server.request('GET', '/account', { token })).status, 401, 'a disabled account is signed out');
    assert.equal((await mint(server, email, PASSWORD)).status, 401, 'and cannot sign in');

    assert.equal(admin(server.dataDir, ['enable-user', '--email', email]).code, 0);
    await sleep(1200);
    assert.equal((await server.request('GET', '/account', { token })).status, 200);
    assert.equal(admin(server.dataDir, ['disable-user', '--email', 'nobody@example.com']).code, 2);
  } finally {
    await server.cleanup();
  }
});

test('admin rejects unknown options and missing --email', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-admin-'));
  try {
    const typo = admin(dir, ['unlock', '--emial', 'x@example.com']);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /unknown or incomplete option '--emial'/);
    const missing = admin(dir, ['disable-user']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /needs --email/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('S08 hard lock after consecutive failures; only an operator unlocks', async () => {
  const sets = ['throttle.free_attempts=1', 'throttle.base_delay_s=1', 'throttle.max_delay_s=1',
    'throttle.lock_after=3', 'throttle.ip_attempts=1000'];
  const server = await startServer({ sets });
  try {
    const email = uniqueEmail('lock');
    assert.equal((await server.request('POST', '/account', { body: { email, password: PASSWORD } })).status, 202);
    for (let i = 0; i < 3; i++) {
      assert.equal((await mint(server, email, 'wrong password number ' + i)).status, 401);
      await sleep(1100);
    }
    const locked = await mint(server, email, PASSWORD);
    assert.equal(locked.status, 429, 'the right password is refused once locked');
    assert.equal(locked.json.id, 'rate_limit');
    await sleep(1100);
    assert.equal((await mint(server, email, PASSWORD)).status, 429, 'the lock does not time out');

    const un = admin(server.dataDir, ['unlock', '--email', email]);
    assert.equal(un.code, 0, un.stderr);
    assert.equal((await mint(server, email, PASSWORD)).status, 201);
  } finally {
    await server.cleanup();
  }
});

test('Argon2id parameters are upgraded on the next sign-in', async () => {
  const first = await startServer();
  const email = uniqueEmail('rehash');
  assert.equal((await first.request('POST', '/account', { body: { email, password: PASSWORD } })).status, 202);
  await first.stop();
  assert.match(storedHash(first.dataDir, email), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

  const second = await startServer({ dataDir: first.dataDir, sets: ['passwords.argon2_iterations=3'] });
  try {
    assert.equal((await mint(second, email, PASSWORD)).status, 201);
    await second.stop();
    assert.match(storedHash(first.dataDir, email), /^\$argon2id\$v=19\$m=19456,t=3,p=1\$/);
  } finally {
    await second.cleanup();
  }
});

test('migrate is idempotent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-migrate-'));
  try {
    for (let i = 0; i < 2; i++) {
      const r = spawnSync(LATCHKEYD, ['migrate', '--data-dir', dir], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /migrations applied/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('database.url = sqlite:<path> puts the database there (serve and migrate); a PostgreSQL URL is refused at start without echoing it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-dburl-'));
  const file = join(dir, 'elsewhere', 'auth.db');
  try {
    mkdirSync(join(dir, 'elsewhere'));
    const m = spawnSync(LATCHKEYD, ['migrate', '--data-dir', join(dir, 'data'), '--set', `database.url=sqlite:${file}`], { encoding: 'utf8' });
    assert.equal(m.status, 0, m.stderr);
    assert.match(m.stdout, new RegExp(`migrations applied to ${file}`));
    const server = await startServer({ dataDir: join(dir, 'data'), sets: [`database.url=sqlite:${file}`] });
    try {
      const email = uniqueEmail('dburl');
      const r = await server.request('POST', '/account', { body: { email, password: PASSWORD } });
      assert.equal(r.status, 202, r.text);
      const rows = spawnSync('sqlite3', [file, `select count(*) from accounts where email='${email}'`], { encoding: 'utf8' });
      assert.equal(rows.stdout.trim(), '1', 'the account is in the named file');
      assert.ok(!existsSync(join(dir, 'data', 'latchkey.db')), 'nothing in data_dir/latchkey.db');
    } finally {
      await server.stop();
    }
    const pg = spawnSync(LATCHKEYD, ['serve', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'pg'),
      '--set', 'database.url=postgresql://latchkey:s3cret-pw@db.example/latchkey'], { encoding: 'utf8', timeout: 30000 });
    assert.notEqual(pg.status, 0, 'refused');
    assert.match(pg.stderr, /PostgreSQL/);
    assert.ok(!pg.stderr.includes('s3cret-pw') && !pg.stdout.includes('s3cret-pw'), 'the URL is not echoed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

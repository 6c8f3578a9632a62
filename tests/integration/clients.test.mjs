// OAuth client registration (/oauth/clients, Heroku's "OAuth Client"): secrets
// shown once and stored hashed, redirect-URI registration rules (S37: https, or
// http on loopback only), ownership (another account sees 404), step-up on
// rotation with MFA on, and what a database dump holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, userWithToken, enrolMfa, sanitizerEnv, LATCHKEY } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

const create = (token, body) => server.request('POST', '/oauth/clients', { token, body });

test('create shows the secret once; info and list show it redacted', async () => {
  const u = await userWithToken(server);
  const r = await create(u.token, { name: 'CI service', redirect_uri: 'https://ci.example/callback' });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.secret, /^lkc_[0-9A-Za-z]{49}$/);
  assert.equal(r.json.public, false);
  assert.deepEqual(Object.keys(r.json).sort(),
    ['created_at', 'grant_types', 'id', 'ignores_delinquent', 'name', 'public', 'redirect_uri', 'scopes', 'secret', 'updated_at']);
  const info = await server.request('GET', `/oauth/clients/${r.json.id}`, { token: u.token });
  assert.equal(info.status, 200);
  assert.match(info.json.secret, /^lkc_[0-9A-Za-z]{4}\*{10}[0-9A-Za-z]{4}$/);
  assert.ok(r.json.secret.startsWith(info.json.secret.slice(0, 8)));
  const list = await server.request('GET', '/oauth/clients', { token: u.token });
  assert.equal(list.status, 200);
  assert.equal(list.json.length, 1);
  assert.ok(!list.text.includes(r.json.secret));
  // The dump holds neither the secret nor anything but its hash.
  const bytes = Buffer.concat(readdirSync(server.dataDir).filter((f) => f.startsWith('latchkey.db'))
    .map((f) => readFileSync(join(server.dataDir, f))));
  assert.equal(bytes.indexOf(Buffer.from(r.json.secret)), -1);
  assert.equal(bytes.indexOf(Buffer.from(r.json.secret.slice(4, 40))), -1);
});

test('S37 registration: https, or http on a loopback host; anything else is 422', async () => {
  const u = await userWithToken(server);
  for (const uri of ['https://app.example/cb', 'http://127.0.0.1/cb', 'http://127.0.0.1:49152/cb', 'http://localhost:3000/cb', 'http://[::1]/cb']) {
    const r = await create(u.token, { name: 'ok', redirect_uri: uri });
    assert.equal(r.status, 201, `${uri}: ${r.text}`);
  }
  for (const uri of ['http://app.example/cb', 'https://app.example/cb#f', 'https://u@app.example/cb', '//evil.com/cb',
    'https:app.example/cb', 'javascript:alert(1)', 'https://app.example/cb ', 'http://127.0.0.1.evil.com/cb', '']) {
    const r = await create(u.token, { name: 'bad', redirect_uri: uri });
    assert.equal(r.status, 422, uri);
    assert.ok(['invalid_redirect_uri', 'invalid_params'].includes(r.json.id), r.text);
  }
  for (const body of [{ redirect_uri: 'https://a.example/cb' }, { name: '', redirect_uri: 'https://a.example/cb' },
    { name: 'x'.repeat(256), redirect_uri: 'https://a.example/cb' }, { name: 'a\u0007b', redirect_uri: 'https://a.example/cb' },
    { name: 'x', redirect_uri: 'https://a.example/cb', public: 'yes' }]) {
    assert.equal((await create(u.token, body)).status, 422, JSON.stringify(body));
  }
});

test('update, rotate (old secret replaced), delete; another account sees 404', async () => {
  const u = await userWithToken(server);
  const other = await userWithToken(server);
  const c = (await create(u.token, { name: 'App', redirect_uri: 'https://app.example/cb' })).json;
  for (const [method, path] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/actions/rotate-credentials']]) {
    const r = await server.request(method, `/oauth/clients/${c.id}${path}`, { token: other.token, body: method === 'PATCH' ? { name: 'x' } : undefined });
    assert.equal(r.status, 404, `${method} ${path}`);
    assert.equal(r.json.resource, 'client');
  }
  let r = await server.request('PATCH', `/oauth/clients/${c.id}`, { token: u.token, body: { name: 'App 2', redirect_uri: 'https://app.example/cb2' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.name, r.json.redirect_uri], ['App 2', 'https://app.example/cb2']);
  r = await server.request('PATCH', `/oauth/clients/${c.id}`, { token: u.token, body: { redirect_uri: 'http://app.example/cb' } });
  assert.equal(r.status, 422);
  r = await server.request('POST', `/oauth/clients/${c.id}/actions/rotate-credentials`, { token: u.token });
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.secret, /^lkc_/);
  assert.notEqual(r.json.secret, c.secret);
  r = await server.request('DELETE', `/oauth/clients/${c.id}`, { token: u.token });
  assert.equal(r.status, 200);
  assert.equal(r.json.name, 'App 2');
  assert.equal((await server.request('GET', `/oauth/clients/${c.id}`, { token: u.token })).status, 404);
});

test('public clients have no secret to show or rotate', async () => {
  const u = await userWithToken(server);
  const r = await create(u.token, { name: 'CLI', redirect_uri: 'http://127.0.0.1/cb', public: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.secret, null);
  assert.equal(r.json.public, true);
  const rot = await server.request('POST', `/oauth/clients/${r.json.id}/actions/rotate-credentials`, { token: u.token });
  assert.equal(rot.status, 409);
});

test('S22 rotating a client secret needs the second factor when MFA is on', async () => {
  const u = await userWithToken(server);
  const { recoveryCodes } = await enrolMfa(server, u);
  const c = (await create(u.token, { name: 'App', redirect_uri: 'https://app.example/cb' })).json;
  let r = await server.request('POST', `/oauth/clients/${c.id}/actions/rotate-credentials`, { token: u.token });
  assert.equal(r.status, 403);
  assert.equal(r.json.id, 'two_factor');
  r = await server.request('POST', `/oauth/clients/${c.id}/actions/rotate-credentials`, { token: u.token, headers: { 'heroku-two-factor-code': recoveryCodes[0] } });
  assert.equal(r.status, 200, r.text);
});

test('the latchkey CLI: clients:create, clients, clients:info --shell, rotate, destroy', async () => {
  const u = await userWithToken(server);
  const home = mkdtempSync(join(tmpdir(), 'latchkey-clients-'));
  try {
    writeFileSync(join(home, '.netrc'), `machine ${new URL(server.url).host}\n  login ${u.email}\n  password ${u.token}\n`, { mode: 0o600 });
    const run = (...args) => spawnSync(LATCHKEY, args, { encoding: 'utf8', timeout: 30000,
      env: { PATH: process.env.PATH, HOME: home, LATCHKEY_API_URL: server.url, ...sanitizerEnv() } });
    let r = run('clients:create', 'Deploy bot', 'https://bot.example/cb');
    assert.equal(r.status, 0, r.stderr);
    const id = r.stdout.match(/LATCHKEY_OAUTH_ID=([0-9a-f-]{36})/)?.[1];
    const secret = r.stdout.match(/LATCHKEY_OAUTH_SECRET=(lkc_\S+)/)?.[1];
    assert.ok(id && secret, r.stdout);
    r = run('clients');
    assert.match(r.stdout, /Deploy bot/);
    r = run('clients:info', id, '--shell');
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!r.stdout.includes(secret));
    r = run('clients:create', 'Bad', 'http://bot.example/cb');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Unsupported callback URL/);
    r = run('clients:rotate', id);
    assert.equal(r.status, 0, r.stderr);
    assert.notEqual(r.stdout.match(/LATCHKEY_OAUTH_SECRET=(lkc_\S+)/)?.[1], secret);
    r = run('clients:destroy', id);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await server.request('GET', `/oauth/clients/${id}`, { token: u.token })).status, 404);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('grant types and scopes: known values only, client_credentials only with a secret', async () => {
  const u = await userWithToken(server);
  const base = { name: 'Grants', redirect_uri: 'https://g.example/cb' };
  const bad = await create(u.token, { ...base, grant_types: ['password'] });
  assert.equal(bad.status, 422, bad.text);
  assert.match(bad.json.message, /Unknown grant type 'password'/);
  const implicit = await create(u.token, { ...base, grant_types: ['implicit'] });
  assert.equal(implicit.status, 422);
  const publicCc = await create(u.token, { ...base, public: true, grant_types: ['client_credentials'] });
  assert.equal(publicCc.status, 422);
  assert.match(publicCc.json.message, /public client/);
  const badScope = await create(u.token, { ...base, scopes: ['root'] });
  assert.equal(badScope.status, 422);
  const ok = await create(u.token, { ...base, grant_types: ['client_credentials'], scopes: ['read'] });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.json.grant_types, ['client_credentials']);
  assert.deepEqual(ok.json.scopes, ['read']);
  const dflt = await create(u.token, base);
  assert.deepEqual(dflt.json.grant_types, ['authorization_code', 'refresh_token']);
  assert.deepEqual(dflt.json.scopes, ['global']);
  const patched = await server.request('PATCH', `/oauth/clients/${dflt.json.id}`, {
    token: u.token, body: { grant_types: ['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code'] },
  });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual(patched.json.grant_types, ['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code']);
});

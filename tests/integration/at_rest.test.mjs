// What a stolen database file reveals (S04, S28): no token, no password; the
// hashes are Argon2id PHC strings at or above ASVS parameters, salted per user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, userWithToken, PASSWORD } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

function dump(dir) {
  // The SQLite file with its -wal and -shm companions, while the server runs.
  return Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('latchkey.db')).map((f) => readFileSync(join(dir, f))));
}

test('a dump of the database files holds no issued token and no password', async () => {
  const a = await userWithToken(server);
  const b = await userWithToken(server);
  const regen = await server.request('POST', '/oauth/authorizations/~/actions/regenerate-tokens', { token: a.token });
  const apiKey = regen.json.access_token.token;
  const secrets = [a.token, b.token, apiKey, PASSWORD, a.token.slice(4, 40), apiKey.slice(4, 40)];
  const bytes = dump(server.dataDir);
  assert.ok(bytes.length > 0);
  for (const s of secrets) assert.equal(bytes.indexOf(Buffer.from(s)), -1, `found ${s.slice(0, 6)}… in the dump`);
  // The API key is revealable only with the server key, which is not in the database.
  const key = readFileSync(join(server.dataDir, 'server.key'));
  assert.equal(key.length, 32);
  assert.equal(bytes.indexOf(key), -1);
});

test('S04 password hashes are salted Argon2id PHC strings meeting ASVS App. C', async () => {
  await userWithToken(server);
  const text = dump(server.dataDir).toString('latin1');
  const re = /\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$([A-Za-z0-9+/]{22,})\$[A-Za-z0-9+/]{43}/g;
  const found = [...text.matchAll(re)];
  assert.ok(found.length >= 2, 'hashes found');
  const salts = new Set();
  for (const [, m, t, salt] of found) {
    const mem = Number(m), it = Number(t);
    assert.ok((it === 1 && mem >= 47104) || (it === 2 && mem >= 19456) || (it >= 3 && mem >= 12288), `m=${m} t=${t}`);
    assert.ok(Buffer.from(salt, 'base64').length >= 16);
    salts.add(salt);
  }
  assert.ok(salts.size >= 2, 'two users with the same password have different salts');
});

test('server.key is created with mode 0600', async () => {
  const { statSync } = await import('node:fs');
  const mode = statSync(join(server.dataDir, 'server.key')).mode & 0o777;
  assert.equal(mode, 0o600);
});

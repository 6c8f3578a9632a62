// R4 on SQLite: while another process holds the database's write lock, reads
// (Bearer GET /account) still answer at once, writes fail closed with a clear
// 503 + Retry-After (never 401, so clients keep their credentials), the server
// stays up, and everything works again once the lock is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startServer, userWithToken } from './lib/server.mjs';

// Holds BEGIN EXCLUSIVE on the database until its stdin closes.
async function lockDatabase(path) {
  const script = [
    'import sqlite3, sys',
    `c = sqlite3.connect(${JSON.stringify(path)}, isolation_level=None, timeout=10)`,
    "c.execute('BEGIN EXCLUSIVE')",
    "print('locked', flush=True)",
    'sys.stdin.read()',
    "c.execute('ROLLBACK')",
  ].join('\n');
  const proc = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout });
  await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`locker exited ${code}`)));
  });
  return async () => {
    const done = new Promise((r) => proc.once('exit', r));
    proc.stdin.end();
    await done;
  };
}

test('R4 a locked database: reads go on, writes get 503 + Retry-After, then recovery', async () => {
  const server = await startServer({ sets: ['tokens.cache_entries=0'] });
  try {
    const u = await userWithToken(server);
    // Never used yet, so the first use wants to record last-use (a write).
    const fresh = (await server.request('POST', '/oauth/authorizations', { token: u.token, body: {} })).json.access_token.token;
    const unlock = await lockDatabase(join(server.dataDir, 'latchkey.db'));
    try {
      const started = Date.now();
      const read = await server.request('GET', '/account', { token: fresh });
      assert.equal(read.status, 200, read.text);
      assert.ok(Date.now() - started < 2000, 'a read does not wait for the writer (last-use is best effort)');

      const write = await server.request('POST', '/oauth/authorizations', { token: u.token, body: {} });
      assert.equal(write.status, 503, write.text);
      assert.equal(write.json.id, 'service_unavailable');
      assert.ok(Number(write.headers.get('retry-after')) > 0);
      assert.equal((await server.request('GET', '/livez')).status, 200);
    } finally {
      await unlock();
    }
    const after = await server.request('POST', '/oauth/authorizations', { token: u.token, body: {} });
    assert.equal(after.status, 201, after.text);
    assert.equal((await server.request('GET', '/account', { token: after.json.access_token.token })).status, 200);
  } finally {
    await server.cleanup();
  }
});

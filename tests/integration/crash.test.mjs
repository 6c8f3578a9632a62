// R1: `kill -9` during writes loses no acknowledged write and leaves no
// half-applied change. Eight workers (two creating authorizations, revoke,
// token rotation, OAuth refresh rotation, recovery-code sign-in, password change,
// team role change) write concurrently; at a random moment 0.5–3 s in the server
// is SIGKILLed and restarted on the same data directory, then:
//   (a) every acknowledged create is stored and authenticates,
//   (b) every acknowledged revoke/rotation: old secret dead, new one alive,
//   (c) every applied security change has exactly one audit row,
//   (d) no orphans (SQL below), (e) PRAGMA integrity_check = ok,
//   (f) a change in flight at the kill is either fully applied or absent.
// Workers and their per-kind checks: lib/crash_workers.mjs. Rounds:
// LATCHKEY_CRASH_ROUNDS (default 20; `make soak` runs more).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, FAST } from './lib/server.mjs';
import { query } from './lib/sqlite.mjs';
import {
  CreateWorker, RevokeWorker, RotateWorker, RefreshWorker, RecoveryWorker, PasswordWorker, TeamWorker,
} from './lib/crash_workers.mjs';

const ROUNDS = Number(process.env.LATCHKEY_CRASH_ROUNDS || 20);
const SETS = [...FAST, 'rate_limit.enabled=false', 'throttle.ip_attempts=1000000'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// (d): rows that point at nothing, and consumed secrets without their audit row.
const ORPHANS = {
  'foreign keys': 'PRAGMA foreign_key_check',
  'authorization without account': 'SELECT a.id FROM authorizations a LEFT JOIN accounts c ON c.id = a.account_id WHERE c.id IS NULL',
  'authorization of a missing session': 'SELECT a.id FROM authorizations a WHERE a.session_id IS NOT NULL AND a.session_id NOT IN (SELECT id FROM sessions)',
  'CLI session without its authorization': "SELECT s.id FROM sessions s WHERE s.kind = 'cli' AND NOT EXISTS (SELECT 1 FROM authorizations a WHERE a.session_id = s.id)",
  'refresh family without grant': 'SELECT r.token_hash FROM oauth_refresh_tokens r WHERE r.authorization_id NOT IN (SELECT id FROM authorizations)',
  'refresh token of another account than its grant': 'SELECT r.token_hash FROM oauth_refresh_tokens r JOIN authorizations a ON a.id = r.authorization_id WHERE a.account_id != r.account_id',
  'consumed recovery codes without audit rows': `SELECT account_id, count(*) AS used FROM recovery_codes r WHERE used_at IS NOT NULL GROUP BY account_id
     HAVING count(*) != (SELECT count(*) FROM audit_events e WHERE e.account_id = r.account_id AND e.action = 'mfa.recovery_code_used')`,
  'team member of a missing team': 'SELECT m.account_id FROM team_members m WHERE m.team_id NOT IN (SELECT id FROM teams)',
  'team without admin': "SELECT t.id FROM teams t WHERE NOT EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.role = 'admin')",
};

function checkDisk(dataDir, round) {
  assert.deepEqual(query(dataDir, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }], `round ${round}: integrity_check`);
  for (const [what, sql] of Object.entries(ORPHANS))
    assert.deepEqual(query(dataDir, sql), [], `round ${round}: ${what}`);
}

test(`R1 kill -9 during mixed writes: ${ROUNDS} rounds`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-crash-'));
  const workers = [
    new CreateWorker('create-a'), new CreateWorker('create-b'), new RevokeWorker(), new RotateWorker(),
    new RefreshWorker(), new RecoveryWorker(), new PasswordWorker(), new TeamWorker(),
  ];
  let server = await startServer({ dataDir, sets: SETS });
  let inFlight = 0;
  try {
    for (const w of workers) await w.setup(server);
    for (let round = 1; round <= ROUNDS; round++) {
      const ctx = { dead: false, errors: [] };
      const s = server;
      const runs = workers.map(async (w) => {
        try {
          while (!ctx.dead) await w.step(s);
        } catch (e) {
          if (!ctx.dead) ctx.errors.push(`${w.name}: ${e.stack || e}`);
        }
      });
      await sleep(500 + Math.random() * 2500);
      ctx.dead = true;
      const exited = new Promise((r) => s.proc.once('exit', r));
      s.proc.kill('SIGKILL');
      await exited;
      await Promise.all(runs);
      assert.deepEqual(ctx.errors, [], `round ${round}: worker errors while the server was up`);
      inFlight += workers.filter((w) => w.pending).length;

      server = await startServer({ dataDir, sets: SETS });
      checkDisk(dataDir, round);
      for (const w of workers) await w.reconcile(server, dataDir);
    }
    const counts = query(dataDir, "SELECT (SELECT count(*) FROM authorizations) AS authorizations, (SELECT count(*) FROM audit_events) AS audit_events");
    console.log(`R1: ${ROUNDS} kills; ${inFlight} requests in flight at a kill; on disk: ${JSON.stringify(counts[0])}`);
  } finally {
    await server.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

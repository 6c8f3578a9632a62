// Reads a latchkeyd SQLite database directly with the sqlite3 CLI (Debian
// package `sqlite3`), for suites that check what is on disk rather than what the
// API says: the R1 crash test (integrity, orphans, audit rows), at-rest checks.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const dbPath = (dataDir) => join(dataDir, 'latchkey.db');

// Runs one SQL statement and returns its rows as objects ([] when none).
export function query(dataDir, sql) {
  const out = execFileSync('sqlite3', ['-json', dbPath(dataDir), sql], { encoding: 'utf8', timeout: 30000 });
  return out.trim() ? JSON.parse(out) : [];
}

// The first column of the first row (e.g. a count).
export function scalar(dataDir, sql) {
  const rows = query(dataDir, sql);
  return rows.length ? Object.values(rows[0])[0] : undefined;
}

// A string as an SQL literal.
export const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;

// How tokens are stored at rest (docs/token-format.md): lowercase hex SHA-256.
export const tokenHash = (token) => createHash('sha256').update(token).digest('hex');

// R6: overload degrades, it does not fall over. Thousands of idle connections
// (held open without sending a byte), a flood of password logins (Argon2 on a
// bounded pool with a bounded queue) and, meanwhile, another client doing
// Bearer GET /account on its own keep-alive connection. Expect: that client's
// requests all succeed with p99 < 1 s (the measured figures are printed: timings
// on a shared machine vary, the bound is generous), the excess logins get
// 503/429 (never 5xx otherwise, never a hang), connections over
// limits.max_connections get 503 and are closed, RSS stays bounded, no crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { startServer, userWithToken, FAST, V3 } from './lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssMiB = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]) / 1024;
// Both ends of every idle connection live on this machine: the server and this
// process each need a descriptor per connection.
const fdLimit = () => Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
const IDLE = Math.max(200, Math.min(3000, Math.floor(fdLimit() / 2) - 300));
const CAP = IDLE + 200;
const RSS_BOUND_MIB = Number(process.env.LATCHKEY_RSS_BOUND_MIB || 1024);

// Opens a TCP connection and keeps it silent; resolves once connected.
const idleSocket = (port) => new Promise((resolve, reject) => {
  const s = connect(port, '127.0.0.1', () => resolve(s));
  s.on('error', reject);
});

// One request on `agent` (a single keep-alive connection): status and latency.
function timedGet(url, path, token, agent) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = httpRequest(url + path, { agent, headers: { Accept: V3, Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', (e) => resolve({ status: e.code, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end();
  });
}

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

test(`R6 ${IDLE} idle connections + a login flood: Bearer requests keep answering, memory bounded`, async () => {
  const server = await startServer({
    sets: [...FAST, `limits.max_connections=${CAP}`, 'limits.header_timeout_ms=120000',
      'rate_limit.enabled=false', 'throttle.ip_attempts=1000000', 'passwords.hash_queue=16'],
  });
  const idle = [];
  try {
    const port = Number(new URL(server.url).port);
    const attacker = await userWithToken(server);
    const legit = await userWithToken(server);
    const rssStart = rssMiB(server.proc.pid);

    for (let i = 0; i < IDLE; i += 100)
      idle.push(...await Promise.all(Array.from({ length: Math.min(100, IDLE - i) }, () => idleSocket(port))));
    await sleep(200);
    const rssIdle = rssMiB(server.proc.pid);

    // The legitimate client: one keep-alive connection, opened while there is room.
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    assert.equal((await timedGet(server.url, '/account', legit.token, agent)).status, 200);

    // The flood: 400 concurrent password logins, 10 waves.
    const floodStatuses = new Map();
    let flooding = true;
    const flood = (async () => {
      for (let wave = 0; wave < 10 && flooding; wave++) {
        const rs = await Promise.all(Array.from({ length: 40 }, () => fetch(server.url + '/oauth/authorizations', {
          method: 'POST',
          headers: { Accept: V3, 'Content-Type': 'application/json', Authorization: 'Basic ' + Buffer.from(`${attacker.email}:${attacker.password}`).toString('base64') },
          body: '{}',
        }).then(async (r) => { await r.arrayBuffer(); return r.status; }, (e) => e.cause?.code ?? String(e))));
        for (const s of rs) floodStatuses.set(s, (floodStatuses.get(s) ?? 0) + 1);
      }
    })();

    const latencies = [];
    const bad = [];
    const until = Date.now() + 4000;
    while (Date.now() < until || latencies.length < 200) {
      const r = await timedGet(server.url, '/account', legit.token, agent);
      if (r.status !== 200) bad.push(r.status);
      latencies.push(r.ms);
      if (latencies.length >= 2000) break;
    }
    flooding = false;
    await flood;

    // Over the cap: new connections get 503 and are closed.
    const extra = await Promise.all(Array.from({ length: 300 }, () => new Promise((resolve) => {
      const req = httpRequest(server.url + '/livez', { agent: false }, (res) => { res.resume(); resolve(res.statusCode); });
      req.on('error', (e) => resolve(e.code));
      req.end();
    })));
    const rssPeak = rssMiB(server.proc.pid);

    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const overCap = extra.filter((s) => s === 503).length;
    console.log(`R6: ${IDLE} idle connections (cap ${CAP}); ${latencies.length} Bearer GET /account: p50 ${p50.toFixed(1)} ms, ` +
      `p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms; logins: ${JSON.stringify(Object.fromEntries(floodStatuses))}; ` +
      `over the cap: ${overCap}/300 got 503; RSS ${rssStart.toFixed(0)} → ${rssIdle.toFixed(0)} (idle) → ${rssPeak.toFixed(0)} MiB`);

    assert.deepEqual(bad, [], 'every legitimate request succeeded');
    assert.ok(p99 < 1000, `p99 ${p99} ms`);
    const loginStatuses = [...floodStatuses.keys()];
    assert.ok(loginStatuses.every((s) => s === 201 || s === 503 || s === 429), `login answers: ${loginStatuses}`);
    assert.ok((floodStatuses.get(503) ?? 0) + (floodStatuses.get(429) ?? 0) > 0, 'the excess logins were refused, not queued without limit');
    assert.ok(overCap > 0, `connections over the cap got 503 (${JSON.stringify(extra.slice(0, 5))})`);
    assert.ok(extra.every((s) => s === 503 || s === 200 || s === 'ECONNRESET'), `over-cap answers: ${[...new Set(extra)]}`);
    assert.ok(rssPeak < RSS_BOUND_MIB, `RSS ${rssPeak} MiB`);
    assert.equal(server.proc.exitCode, null, 'the server is still running');
    agent.destroy();
  } finally {
    for (const s of idle) s.destroy();
    await server.cleanup();
  }
});

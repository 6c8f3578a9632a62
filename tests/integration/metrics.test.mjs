// GET /metrics against the real server: the Prometheus text format parses
// (a small parser below checks HELP/TYPE/sample syntax and histogram shape),
// and the counters move by exactly what a failed login, a good login, a 404
// and an authorization created and revoked should add. Only metrics.allow
// clients may scrape; others get the 404 of an unknown route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, userWithToken, uniqueEmail, PASSWORD } from './lib/server.mjs';

// Parses the text exposition format 0.0.4 strictly enough to catch mistakes:
// returns Map(seriesKey → value) and Map(family → type).
export function parsePrometheus(text) {
  assert.ok(text.endsWith('\n'), 'the last line ends with a newline');
  const types = new Map();
  const helps = new Map();
  const samples = new Map();
  const nameRe = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)/y;
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('# HELP ')) {
      const [name] = line.slice(7).split(' ', 1);
      assert.match(name, nameRe, line);
      assert.ok(!helps.has(name), `HELP twice: ${name}`);
      helps.set(name, line.slice(8 + name.length));
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [name, type, extra] = line.slice(7).split(' ');
      assert.match(name, nameRe, line);
      assert.ok(['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type), line);
      assert.equal(extra, undefined, line);
      assert.ok(!types.has(name), `TYPE twice: ${name}`);
      types.set(name, type);
      continue;
    }
    assert.ok(!line.startsWith('#') && line.length > 0, `unexpected line: ${JSON.stringify(line)}`);
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/);
    assert.ok(m, `bad sample line: ${line}`);
    const [, name, , labelText = ''] = m;
    const labels = {};
    labelRe.lastIndex = 0;
    while (labelRe.lastIndex < labelText.length) {
      const lm = labelRe.exec(labelText);
      assert.ok(lm, `bad labels: ${labelText}`);
      labels[lm[1]] = lm[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const value = m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4]);
    assert.ok(m[4] === 'NaN' || !Number.isNaN(value), `bad value: ${line}`);
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    assert.ok(types.has(family), `sample before its TYPE: ${line}`);
    if (name !== family) assert.equal(types.get(family), 'histogram', line);
    const key = name + '{' + Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',') + '}';
    assert.ok(!samples.has(key), `duplicate series ${key}`);
    samples.set(key, value);
  }
  // Histograms: cumulative buckets, +Inf bucket equals _count.
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const groups = new Map();
    for (const [key, v] of samples) {
      if (!key.startsWith(family + '_bucket{')) continue;
      const le = key.match(/le="([^"]*)"/)[1];
      const rest = key.slice((family + '_bucket').length).replace(/,?le="[^"]*"/, '').replace('{,', '{');
      if (!groups.has(rest)) groups.set(rest, []);
      groups.get(rest).push([le === '+Inf' ? Infinity : Number(le), v]);
    }
    for (const [rest, buckets] of groups) {
      buckets.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i][1] >= buckets[i - 1][1], `${family}${rest} not cumulative`);
      assert.equal(buckets.at(-1)[0], Infinity, `${family}${rest} has no +Inf bucket`);
      assert.equal(samples.get(family + '_count' + rest), buckets.at(-1)[1], `${family}${rest} count != +Inf`);
    }
  }
  return { samples, types };
}

function key(name, labels = {}) {
  return name + '{' + Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',') + '}';
}

let server;
before(async () => { server = await startServer({ sets: ['rate_limit.enabled=false'] }); });
after(async () => { await server?.cleanup(); });

async function scrape(s = server, headers = {}) {
  const res = await fetch(s.url + '/metrics', { headers });
  const text = await res.text();
  return { res, text };
}

test('GET /metrics serves the Prometheus text format to loopback', async () => {
  assert.equal((await server.request('GET', '/livez')).status, 200);  // request series exist after one
  const { res, text } = await scrape();
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const { samples, types } = parsePrometheus(text);
  for (const [name, type] of [
    ['latchkey_http_requests_total', 'counter'], ['latchkey_http_request_duration_seconds', 'histogram'],
    ['latchkey_http_connections_open', 'gauge'], ['latchkey_logins_total', 'counter'],
    ['latchkey_mfa_challenges_total', 'counter'], ['latchkey_tokens_issued_total', 'counter'],
    ['latchkey_tokens_revoked_total', 'counter'], ['latchkey_argon2_queue_depth', 'gauge'],
    ['latchkey_token_cache_hits_total', 'counter'], ['latchkey_token_cache_misses_total', 'counter'],
    ['latchkey_db_errors_total', 'counter'], ['process_resident_memory_bytes', 'gauge'],
    ['process_open_fds', 'gauge'], ['process_start_time_seconds', 'gauge'],
  ]) assert.equal(types.get(name), type, name);
  assert.ok(samples.get(key('latchkey_http_connections_open')) >= 1);
  assert.ok(samples.get(key('process_resident_memory_bytes')) > 1e6);
  assert.ok(samples.get(key('process_open_fds')) >= 3);
  const started = samples.get(key('process_start_time_seconds'));
  assert.ok(Math.abs(Date.now() / 1000 - started) < 600, `start time ${started}`);
  assert.equal(samples.get(key('latchkey_argon2_queue_depth')), 0);
});

test('counters move by what a failed and a good login, a 404 and a revoke add', async () => {
  const user = await userWithToken(server);
  const before = parsePrometheus((await scrape()).text).samples;

  const bad = await server.request('POST', '/oauth/authorizations', { basic: [user.email, 'wrong password, sorry'], body: {} });
  assert.equal(bad.status, 401);
  const unknown = await server.request('POST', '/oauth/authorizations', { basic: [uniqueEmail('nobody'), PASSWORD], body: {} });
  assert.equal(unknown.status, 401);
  const good = await server.request('POST', '/oauth/authorizations', { basic: [user.email, user.password], body: {} });
  assert.equal(good.status, 201);
  assert.equal((await server.request('GET', '/no/such/route/123')).status, 404);
  assert.equal((await server.request('GET', '/apps/some-app-name-1')).status, 401);
  const created = await server.request('POST', '/oauth/authorizations', { token: user.token, body: { description: 'metrics' } });
  assert.equal(created.status, 201);
  const revoked = await server.request('DELETE', `/oauth/authorizations/${created.json.id}`, { token: user.token });
  assert.equal(revoked.status, 200);
  // The revoked token is refused (a cache lookup or a miss, then 401).
  assert.equal((await server.request('GET', '/account', { token: created.json.access_token.token })).status, 401);

  const after = parsePrometheus((await scrape()).text).samples;
  const delta = (name, labels) => (after.get(key(name, labels)) ?? 0) - (before.get(key(name, labels)) ?? 0);
  assert.equal(delta('latchkey_logins_total', { outcome: 'bad_password' }), 1);
  assert.equal(delta('latchkey_logins_total', { outcome: 'unknown_account' }), 1);
  assert.equal(delta('latchkey_logins_total', { outcome: 'success' }), 1);
  assert.equal(delta('latchkey_tokens_issued_total', { kind: 'authorization' }), 2);
  assert.equal(delta('latchkey_tokens_revoked_total'), 1);
  const req = (route_class, method, status) => delta('latchkey_http_requests_total', { route_class, method, status: String(status) });
  assert.equal(req('/oauth/authorizations', 'POST', 401), 2);
  assert.equal(req('/oauth/authorizations', 'POST', 201), 2);
  assert.equal(req('/oauth/authorizations/{id}', 'DELETE', 200), 1);
  assert.equal(req('/account', 'GET', 401), 1);
  assert.equal(req('unmatched', 'GET', 404), 1);
  // Route templates, never raw paths: no series names the app or the id.
  assert.equal(req('/apps/{app}', 'GET', 401), 1);
  for (const k of after.keys()) {
    assert.ok(!k.includes('some-app-name-1') && !k.includes(created.json.id) && !k.includes('/no/such'), k);
  }
  assert.equal(delta('latchkey_http_request_duration_seconds_count', { route_class: '/oauth/authorizations' }), 4);
  const lookups = delta('latchkey_token_cache_hits_total') + delta('latchkey_token_cache_misses_total');
  assert.ok(lookups >= 3, `token cache lookups ${lookups}`);
  assert.equal(delta('latchkey_db_errors_total'), 0);
});

test('a client outside metrics.allow gets 404, also through a trusted proxy', async () => {
  const other = await startServer({ sets: ['metrics.allow=10.0.0.0/8'] });
  try {
    const { res, text } = await scrape(other);
    assert.equal(res.status, 404);
    assert.equal(JSON.parse(text).id, 'not_found');
    assert.ok(!text.includes('latchkey_'));
  } finally {
    await other.cleanup();
  }
  const proxied = await startServer({ sets: ['server.trusted_proxies=127.0.0.1', 'metrics.allow=127.0.0.1,192.0.2.0/24'] });
  try {
    assert.equal((await scrape(proxied)).res.status, 200);
    assert.equal((await scrape(proxied, { 'X-Forwarded-For': '192.0.2.77' })).res.status, 200);
    const outside = await scrape(proxied, { 'X-Forwarded-For': '203.0.113.9' });
    assert.equal(outside.res.status, 404);
  } finally {
    await proxied.cleanup();
  }
});

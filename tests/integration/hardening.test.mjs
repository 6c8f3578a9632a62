// Black-box hardening checks against the real latchkeyd, one test per
// security-checklist row (S24, S52–S56, S60), over raw sockets where fetch
// would hide what goes on the wire. What tests/http/*.cc and
// robustness.test.mjs already cover is not repeated here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, userWithToken, uniqueEmail, PASSWORD, V3 } from './lib/server.mjs';
import { Browser, field } from './lib/browser.mjs';

let server;
let port;
before(async () => {
  server = await startServer({ sets: ['debug.fault_route=true', 'rate_limit.enabled=false', 'throttle.ip_attempts=100000'] });
  port = Number(new URL(server.url).port);
});
after(async () => { await server?.cleanup(); });

// Sends raw bytes, collects everything until the server closes (or `ms`).
function raw(bytes, { ms = 3000, target = port } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(target, '127.0.0.1');
    const chunks = [];
    let closed = false;
    const done = () => resolve({ text: Buffer.concat(chunks).toString('latin1'), closed });
    const timer = setTimeout(() => { sock.destroy(); done(); }, ms);
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', () => {});
    sock.on('close', () => { closed = true; clearTimeout(timer); done(); });
    sock.write(bytes);
  });
}

function statuses(text) {
  return [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
}

function headersOf(text) {
  const head = text.split('\r\n\r\n')[0];
  const h = {};
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    h[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return h;
}

async function alive() {
  const r = await server.request('GET', '/livez');
  assert.equal(r.status, 200, 'server still answers');
}

function assertSecurityHeaders(h, what) {
  assert.equal(h['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.match(h['content-type'] ?? '', /charset=utf-8/i, `${what}: charset`);
  assert.ok(!('server' in h) || !/\d/.test(h.server), `${what}: Server header without a version`);
}

test('S24: security headers on error responses too', async () => {
  const cases = [
    ['404 JSON', 'GET /no/such HTTP/1.1\r\nHost: x\r\nAccept: ' + V3 + '\r\nConnection: close\r\n\r\n', 404],
    ['405', 'TRACE /account HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 405],
    ['413', 'POST /account HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n', 413],
    ['431', 'GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'a'.repeat(16 * 1024) + '\r\n\r\n', 431],
    ['400', 'GET /livez HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400],
    ['HTML 404 page', 'GET /assets/no-such-file.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 404],
  ];
  for (const [what, req, status] of cases) {
    const { text } = await raw(req);
    const got = statuses(text)[0];
    assert.equal(got, status, `${what}: ${text.slice(0, 200)}`);
    const h = headersOf(text);
    assertSecurityHeaders(h, what);
    if (got >= 400) assert.equal(h['cache-control'], 'no-store', `${what}: no-store`);
  }
});

test('S24: HSTS on every response, errors included, when serving TLS', async (t) => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'lk-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  } catch {
    t.skip('openssl not available');
    return;
  }
  const tls = await startServer({ sets: [`server.tls_cert=${join(dir, 'cert.pem')}`, `server.tls_key=${join(dir, 'key.pem')}`] });
  try {
    const tlsMod = await import('node:tls');
    const get = (req) => new Promise((resolve) => {
      const s = tlsMod.connect({ port: Number(new URL(tls.url).port), host: '127.0.0.1', rejectUnauthorized: false });
      const chunks = [];
      s.on('data', (d) => chunks.push(d));
      s.on('error', () => {});
      s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
      s.write(req);
      setTimeout(() => s.destroy(), 3000);
    });
    for (const req of ['GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /no/such HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /.well-known/openid-configuration HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /livez HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n']) {
      const text = await get(req);
      assert.match(headersOf(text)['strict-transport-security'] ?? '', /max-age=\d+/, `${req.split('\r\n')[0]}: ${text.slice(0, 300)}`);
    }
  } finally {
    await tls.cleanup();
  }
});

test('S52: oversized bodies and headers are refused early', async () => {
  // Content-Length 10 MiB: 413 right after the headers, and the connection closes
  // before the client could push much (the server reads at most its linger budget).
  const res = await new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let text = '';
    let pushed = 0;
    let sawStatus = false;
    sock.on('data', (d) => { text += d.toString('latin1'); sawStatus = true; });
    sock.on('error', () => {});
    sock.on('close', () => resolve({ text, pushed }));
    sock.write('POST /account HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAccept: ' + V3 + '\r\nContent-Length: 10485760\r\n\r\n');
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const pump = () => {
      while (!sawStatus && pushed < 10485760 && !sock.destroyed) {
        if (!sock.write(chunk)) { sock.once('drain', pump); return; }
        pushed += chunk.length;
      }
    };
    setTimeout(pump, 200);  // the 413 comes on the header alone
    setTimeout(() => sock.destroy(), 8000);
  });
  assert.equal(statuses(res.text)[0], 413, res.text.slice(0, 200));
  assert.ok(res.pushed < 1024 * 1024, `client pushed ${res.pushed} bytes before the close`);

  const body70k = JSON.stringify({ email: uniqueEmail(), password: 'x'.repeat(70 * 1024) });
  const big = await server.request('POST', '/account', { raw: body70k, headers: { 'Content-Type': 'application/json' } });
  assert.equal(big.status, 413);
  assert.equal(big.json.id, 'payload_too_large');

  const huge = await raw('GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'b'.repeat(16 * 1024) + '\r\n\r\n');
  assert.equal(statuses(huge.text)[0], 431);

  let chunked = 'POST /account HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
  for (let i = 0; i < 80; i++) chunked += '400\r\n' + 'c'.repeat(1024) + '\r\n';
  chunked += '0\r\n\r\n';
  const ch = await raw(chunked);
  assert.equal(statuses(ch.text)[0], 413);
  await alive();
});

test('S53: a slowloris does not slow /livez; slow sockets are cut at the header deadline; excess connections get 503', async () => {
  const slow = await startServer({ sets: ['limits.header_timeout_ms=6000', 'limits.max_connections=520'] });
  const slowPort = Number(new URL(slow.url).port);
  const sockets = [];
  let closedByServer = 0;
  let dribble;
  const openConnections = async () => {
    const m = (await (await fetch(slow.url + '/metrics')).text()).match(/^latchkey_http_connections_open (\S+)$/m);
    return m ? Number(m[1]) : -1;
  };
  try {
    for (let i = 0; i < 500; i++) {
      const s = net.connect(slowPort, '127.0.0.1');
      s.on('error', () => {});
      s.on('close', () => { closedByServer++; });
      s.write('G');
      sockets.push(s);
    }
    dribble = setInterval(() => { for (const s of sockets) if (!s.destroyed) s.write('E'); }, 500);
    // Wait until the server holds them all (slow under the sanitizers).
    for (let i = 0; i < 40 && (await openConnections()) < 500; i++) await new Promise((r) => setTimeout(r, 100));
    // Connection cap: beyond 520 open, new connections are refused with 503.
    // The extra connections hold an unfinished header too, so they all stay
    // open together however fast the server is (a complete request would be
    // answered and closed before the next one arrives on a slow build).
    const extra = [];
    for (let i = 0; i < 30; i++) extra.push(raw('GET /livez HTTP/1.1\r\nHost: x\r\n', { target: slowPort, ms: 1500 }));
    const answers = (await Promise.all(extra)).map((x) => statuses(x.text)[0]);
    assert.ok(answers.includes(503), `some excess connections get 503: ${answers}`);
    const times = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const r = await fetch(slow.url + '/livez');
      await r.text();
      assert.equal(r.status, 200);
      times.push(performance.now() - t0);
    }
    const max = Math.max(...times);
    console.log(`S53: /livez under 500 slow sockets: max ${max.toFixed(1)} ms over ${times.length}`);
    // Generous (a shared, noisy machine; sanitizer builds): the figure is printed above.
    assert.ok(max < 1000, `max /livez latency ${max} ms`);
    // The header deadline (6 s) closes the dribbling sockets even though bytes keep coming.
    for (let i = 0; i < 100 && closedByServer < 490; i++) await new Promise((r) => setTimeout(r, 100));
    clearInterval(dribble);
    assert.ok(closedByServer >= 490, `server closed ${closedByServer} of 500 slow sockets`);
    const r = await fetch(slow.url + '/livez');
    assert.equal(r.status, 200);
  } finally {
    clearInterval(dribble);
    for (const s of sockets) s.destroy();
    await slow.cleanup();
  }
});

test('S54: malformed and smuggling inputs get 400/413/431 and change nothing', async () => {
  const user = await userWithToken(server);
  const auth = `Authorization: Bearer ${user.token}\r\nAccept: ${V3}\r\n`;
  const json = (body) => `PATCH /account HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\nConnection: close\r\n\r\n${body}`;
  const cases = [
    ['10,000-deep nesting', json('{"name":' + '['.repeat(10000) + ']'.repeat(10000) + '}'), [400, 413, 422]],
    ['1e400', json('{"name":1e400}'), [400, 422]],
    ['invalid UTF-8 in JSON', json('{"name":"\xff\xfe"}'), [400, 422]],
    ['NUL in email', `POST /account HTTP/1.1\r\nHost: x\r\nAccept: ${V3}\r\nContent-Type: application/json\r\nContent-Length: 62\r\nConnection: close\r\n\r\n{"email":"a\\u0000b@example.com","password":"${'p'.repeat(28)}"}`, [400, 422]],
    ['invalid UTF-8 in form', 'POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 27\r\nConnection: close\r\n\r\ngrant_type=%FF%FE&code=\xff\xfe', [400, 401]],
    ['invalid UTF-8 in a header', `GET /account HTTP/1.1\r\nHost: x\r\n${auth}X-Junk: \xff\xfe\xfd\r\nConnection: close\r\n\r\n`, [200, 400]],
    ['invalid UTF-8 in the path', `GET /apps/\xff\xfe HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`, [400, 404]],
    ['two Content-Lengths', 'POST /account HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x', [400]],
    ['CR in a header value', 'GET /livez HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n', [400]],
    ['LF in a header value', 'GET /livez HTTP/1.1\r\nHost: x\r\nX-A: a\nX-B: b\r\n\r\n', [400]],
    // RFC 9112 §5.2 lets a server replace obs-fold with SP instead of a 400 (Beast does).
    ['obs-fold', 'GET /livez HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n', [200, 400]],
    ['Transfer-Encoding: gzip, chunked', 'POST /account HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n', [400, 501]],
    ['two Transfer-Encoding fields', 'POST /account HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n', [400, 501]],
    ['1,500 short headers (12 KiB > limits.header_bytes)', 'GET /livez HTTP/1.1\r\nHost: x\r\n' + 'X-H: 1\r\n'.repeat(1500) + '\r\n', [431]],
    ['10,000 headers', 'GET /livez HTTP/1.1\r\nHost: x\r\n' + 'X-H: 1\r\n'.repeat(10000) + '\r\n', [400, 431]],
    ['%00 in the path', `GET /apps/%00 HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`, [400, 404]],
    ['..%2f in the path', `GET /apps/..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`, [400, 404]],
  ];
  for (const [what, req, allowed] of cases) {
    const { text } = await raw(req);
    const s = statuses(text)[0];
    assert.ok(allowed.includes(s), `${what}: got ${s} ${text.slice(0, 300)}`);
    assert.ok(!text.includes('/etc/passwd') && !text.includes('root:'), what);
  }
  // CL + TE together with a smuggled second request: the second must not run.
  const smuggled = `DELETE /oauth/authorizations/${user.authorization.id} HTTP/1.1\r\nHost: x\r\n${auth}\r\n`;
  const body = `0\r\n\r\n${smuggled}`;
  const { text } = await raw(`POST /livez HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`);
  assert.ok(statuses(text).every((s) => s === 400), `CL+TE: ${statuses(text)}`);
  const still = await server.request('GET', `/oauth/authorizations/${user.authorization.id}`, { token: user.token });
  assert.equal(still.status, 200, 'the smuggled DELETE did not run');
  const name = (await server.request('GET', '/account', { token: user.token })).json.name;
  assert.ok(name === null || name === '' || name === undefined, `account unchanged: ${name}`);
  await alive();
});

test('S55: errors reveal nothing internal', async () => {
  const user = await userWithToken(server);
  const leaks = /SELECT|sqlite|\/var\/|\.db\b|\.cc\b|boost|latchkey\/\d|\d+\.\d+\.\d+/i;
  const nf = await server.request('GET', '/no/such/thing');
  assert.equal(nf.status, 404);
  assert.doesNotMatch(nf.text, leaks);
  for (const kind of ['error', 'throw']) {
    const r = await server.request('GET', `/debug/fault?kind=${kind}`, { token: user.token });
    assert.equal(r.status, 500, kind);
    assert.equal(r.json.id, 'internal_server_error', kind);
    assert.match(r.headers.get('request-id') ?? '', /^[0-9a-f-]{36}$/, kind);
    assert.doesNotMatch(r.text, leaks, kind);
    for (const h of ['set-cookie', 'www-authenticate']) assert.equal(r.headers.get(h), null, `${kind}: ${h}`);
  }
  // The detail went to the log only, with the request id.
  assert.match(server.stderr, /SELECT token_hash FROM authorizations/);
  // The faulted request leaves nothing authenticated behind: the next request on
  // the same keep-alive connection without credentials is refused.
  const both = await raw(`GET /debug/fault HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.token}\r\n\r\n` +
    `GET /account HTTP/1.1\r\nHost: x\r\nAccept: ${V3}\r\nConnection: close\r\n\r\n`);
  // (The server may close after a 500; if it answers the second request, it is a 401.)
  assert.equal(statuses(both.text)[0], 500);
  assert.ok(statuses(both.text).slice(1).every((s) => s === 401), `after the fault: ${statuses(both.text)}`);
  assert.equal((await server.request('GET', '/account')).status, 401);
  // Without debug.fault_route the route does not exist.
  const plain = await startServer();
  try {
    const u = await userWithToken(plain);
    assert.equal((await plain.request('GET', '/debug/fault', { token: u.token })).status, 404);
  } finally {
    await plain.cleanup();
  }
});

test('S56: only intended methods; no CORS unless configured', async () => {
  const trace = await raw('TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.ok([404, 405].includes(statuses(trace.text)[0]), trace.text.slice(0, 200));
  const traceApi = await raw(`TRACE /account HTTP/1.1\r\nHost: x\r\nAccept: ${V3}\r\nConnection: close\r\n\r\n`);
  assert.equal(statuses(traceApi.text)[0], 405);
  assert.ok(!traceApi.text.includes('TRACE /account'), 'TRACE is not echoed');
  const weird = await raw(`FOO /account HTTP/1.1\r\nHost: x\r\nAccept: ${V3}\r\nConnection: close\r\n\r\n`);
  assert.ok([400, 405, 501].includes(statuses(weird.text)[0]), weird.text.slice(0, 200));
  const opts = await fetch(server.url + '/account', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
  await opts.text();
  assert.equal(opts.headers.get('access-control-allow-origin'), null);
  assert.equal(opts.headers.get('access-control-allow-credentials'), null);
  await alive();
});

test('S60: per-IP limits on costly endpoints, bounded Argon2 concurrency', async () => {
  const limited = await startServer({ sets: ['throttle.ip_attempts=5', 'throttle.ip_window_s=60', 'rate_limit.capacity=10', 'rate_limit.refill_per_minute=1', 'passwords.hash_threads=1', 'passwords.hash_queue=4'] });
  try {
    // Signup (POST /account) is counted per IP: past the budget, 429 + Retry-After.
    let last;
    for (let i = 0; i < 12; i++) last = await limited.request('POST', '/account', { body: { email: uniqueEmail(), password: PASSWORD } });
    assert.equal(last.status, 429);
    assert.ok(Number(last.headers.get('retry-after')) > 0);
    // Failed sign-ins per IP (Basic on /oauth/authorizations and the /login page).
    let seen429 = false;
    const browser = new Browser(limited);
    for (let i = 0; i < 8 && !seen429; i++) {
      const page = await browser.get('/login');
      const r = await browser.post('/login', { csrf: field(page.text, 'csrf'), next: '/', email: uniqueEmail(), password: 'wrong password' });
      assert.ok([401, 429].includes(r.status), `login page: ${r.status}`);
      if (r.status === 429) { seen429 = true; assert.ok(Number(r.headers.get('retry-after')) > 0, 'Retry-After on the 429 page'); }
    }
    assert.ok(seen429, '/login gets 429 past the per-IP budget');
  } finally {
    await limited.cleanup();
  }
  const flood = await startServer({ sets: ['rate_limit.enabled=false', 'throttle.ip_attempts=100000', 'passwords.hash_threads=1', 'passwords.hash_queue=4'] });
  const floodUrl = flood.url;
  try {
    // 200 concurrent logins: at most hash_threads + hash_queue hash at once;
    // the rest get 503 + Retry-After (or 429), and /livez stays fast.
    const logins = [];
    for (let i = 0; i < 200; i++) {
      logins.push(fetch(floodUrl + '/oauth/authorizations', {
        method: 'POST', headers: { Accept: V3, 'Content-Type': 'application/json', Authorization: 'Basic ' + Buffer.from(`${uniqueEmail()}:${PASSWORD}`).toString('base64') }, body: '{}',
      }).then(async (r) => { await r.text(); return r; }).catch(() => null));
    }
    const t0 = performance.now();
    const live = await fetch(floodUrl + '/livez');
    assert.equal(live.status, 200);
    const liveMs = performance.now() - t0;
    const metrics = await (await fetch(floodUrl + '/metrics')).text();
    const depth = Number(metrics.match(/^latchkey_argon2_queue_depth (\S+)$/m)[1]);
    assert.ok(depth <= 4, `queue depth ${depth}`);
    const results = (await Promise.all(logins)).filter(Boolean);
    const codes = results.map((r) => r.status);
    assert.ok(codes.every((c) => [401, 503].includes(c)), `unexpected: ${[...new Set(codes)]}`);
    assert.ok(codes.filter((c) => c === 503).length >= 100, 'excess logins were refused (503), not queued without bound');
    assert.ok(codes.includes(401), 'some logins were hashed and answered');
    const after = await (await fetch(floodUrl + '/metrics')).text();
    assert.ok(Number(after.match(/^latchkey_argon2_rejected_total (\S+)$/m)[1]) >= 100, 'rejections are counted');
    for (const r of results) if (r.status === 503 || r.status === 429) assert.ok(Number(r.headers.get('retry-after')) > 0);
    console.log(`S60: /livez during the login flood: ${liveMs.toFixed(1)} ms; statuses ${JSON.stringify(Object.fromEntries([...new Set(codes)].map((c) => [c, codes.filter((x) => x === c).length])))}`);
    assert.ok(liveMs < 2000, `/livez took ${liveMs} ms`);  // generous; the figure is printed above
  } finally {
    await flood.cleanup();
  }
});

test('S60: per-IP limits on /oauth/token, /oauth/introspect (failures) and /oauth/device_authorization', async () => {
  const s = await startServer({ sets: ['server.trusted_proxies=127.0.0.1', 'oauth_rate_limit.capacity=5', 'oauth_rate_limit.refill_per_minute=1'] });
  const form = (path, body, ip) => fetch(s.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': ip, Authorization: 'Basic ' + Buffer.from('lkc_nosuchclient:wrong').toString('base64') },
    body: new URLSearchParams(body).toString(),
  });
  try {
    // Guessing client secrets: five failures (token and introspect share the
    // bucket), then 429 + Retry-After for that address only.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await form(i % 2 ? '/oauth/introspect' : '/oauth/token', { grant_type: 'client_credentials', token: 'x' }, '198.51.100.7')).status);
    assert.ok(statuses.every((c) => c === 401), `failures first: ${statuses}`);
    const blocked = await form('/oauth/token', { grant_type: 'client_credentials' }, '198.51.100.7');
    assert.equal(blocked.status, 429);
    assert.equal((await blocked.json()).error, 'slow_down');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.equal((await form('/oauth/token', { grant_type: 'client_credentials' }, '198.51.100.8')).status, 401, 'another address is unaffected');
    // Device authorization creates a grant per request: every request counts.
    const device = [];
    for (let i = 0; i < 6; i++) device.push((await form('/oauth/device_authorization', { client_id: 'nosuch' }, '198.51.100.9')).status);
    assert.ok(device.slice(0, 5).every((c) => c !== 429), `within the budget: ${device}`);
    assert.equal(device[5], 429);
  } finally {
    await s.cleanup();
  }
});

// S54 allows "reject, or document last-wins": the JSON body parser (Boost.JSON)
// keeps the last of duplicate keys, and docs/api.md says so.
test('S54: duplicate JSON keys: the last one wins, as documented', async () => {
  const user = await userWithToken(server);
  const r = await server.request('PATCH', '/account', { token: user.token, raw: '{"name":"a","name":"b"}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 200, `duplicate keys: ${r.status}`);
  const info = await server.request('GET', '/account', { token: user.token });
  assert.equal(info.json.name, 'b');
});

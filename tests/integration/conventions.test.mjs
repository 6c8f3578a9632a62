// Heroku Platform API v3 conventions over real HTTP (issue: foundation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, userWithToken, V3 } from './lib/server.mjs';

let server, user;
before(async () => { server = await startServer(); user = await userWithToken(server); });
after(async () => { await server.cleanup(); });

test('health endpoints answer without credentials or Accept header', async () => {
  const live = await server.request('GET', '/livez', { accept: null });
  assert.equal(live.status, 200);
  const ready = await server.request('GET', '/readyz', { accept: null });
  assert.equal(ready.status, 200);
  assert.deepEqual(ready.json, { status: 'ok' });
});

test('missing or wrong Accept version is 406 naming the header', async () => {
  for (const accept of [null, 'application/json', 'application/vnd.heroku+json; version=2']) {
    const r = await server.request('GET', '/account', { token: user.token, accept });
    assert.equal(r.status, 406, `accept=${accept}`);
    assert.equal(r.json.id, 'not_acceptable');
    assert.match(r.json.message, /Accept: application\/vnd\.heroku\+json; version=3/);
  }
});

test('every response has a Request-Id; counted ones have RateLimit-Remaining', async () => {
  const a = await server.request('GET', '/account', { token: user.token });
  const b = await server.request('GET', '/account', { token: user.token });
  assert.match(a.headers.get('request-id'), /^[0-9a-f-]{36}$/);
  assert.notEqual(a.headers.get('request-id'), b.headers.get('request-id'));
  const ra = Number(a.headers.get('ratelimit-remaining'));
  const rb = Number(b.headers.get('ratelimit-remaining'));
  assert.ok(ra > 4000 && ra <= 4500, `remaining ${ra}`);
  assert.equal(rb, ra - 1);
  const err = await server.request('GET', '/nope', {});
  assert.match(err.headers.get('request-id'), /^[0-9a-f-]{36}$/);
  assert.equal(err.status, 404);
  assert.equal(err.json.id, 'not_found');
});

test('rate-limits endpoint is free and reports the bucket', async () => {
  const a = await server.request('GET', '/account/rate-limits', { token: user.token });
  const b = await server.request('GET', '/account/rate-limits', { token: user.token });
  assert.equal(a.status, 200);
  assert.equal(typeof a.json.remaining, 'number');
  assert.ok(b.json.remaining >= a.json.remaining, 'calling it does not consume');
});

test('ETag and If-None-Match give 304 with an empty body', async () => {
  const a = await server.request('GET', '/account', { token: user.token });
  const etag = a.headers.get('etag');
  assert.ok(etag);
  const b = await server.request('GET', '/account', { token: user.token, headers: { 'If-None-Match': etag } });
  assert.equal(b.status, 304);
  assert.equal(b.text, '');
});

test('errors are {id, message} JSON with the right status', async () => {
  const noauth = await server.request('GET', '/account');
  assert.equal(noauth.status, 401);
  assert.equal(noauth.json.id, 'unauthorized');
  assert.ok(noauth.json.message);
  assert.match(noauth.headers.get('content-type'), /^application\/json/);
  const garbage = await server.request('GET', '/account', { token: 'lko_not-a-token' });
  assert.equal(garbage.status, 401);
  const badjson = await server.request('POST', '/oauth/authorizations', {
    token: user.token, raw: '{"description":', headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(badjson.status, 400);
  assert.equal(badjson.json.id, 'bad_request');
  const array = await server.request('POST', '/oauth/authorizations', { token: user.token, raw: '[1,2]' });
  assert.equal(array.status, 400);
});

test('a JSON body over 64 KiB is refused with 413 before buffering', async () => {
  const big = JSON.stringify({ description: 'x'.repeat(70 * 1024) });
  const r = await server.request('POST', '/oauth/authorizations', { token: user.token, raw: big });
  assert.equal(r.status, 413);
  assert.equal(r.json.id, 'payload_too_large');
});

test('request headers over 8 KiB are refused with 431', async () => {
  const r = await server.request('GET', '/account', { token: user.token, headers: { 'X-Big': 'y'.repeat(9000) } });
  assert.equal(r.status, 431);
});

test('malformed HTTP gets 400 and the server keeps serving', async () => {
  const { hostname, port } = new URL(server.url);
  const reply = await new Promise((resolve) => {
    const sock = net.connect(Number(port), hostname, () => sock.write('GARBAGE\r\n\r\n'));
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', () => resolve(data));
  });
  assert.match(reply, /^HTTP\/1\.1 400/);
  const ok = await server.request('GET', '/livez', { accept: null });
  assert.equal(ok.status, 200);
});

test('keep-alive: many requests on one connection', async () => {
  // fetch reuses connections; 50 sequential requests must all succeed.
  for (let i = 0; i < 50; i++) {
    const r = await server.request('GET', '/livez', { accept: null });
    assert.equal(r.status, 200);
  }
});

test('Accept header check applies to every Platform API route', async () => {
  const r = await server.request('POST', '/account', { accept: 'text/html', body: {} });
  assert.equal(r.status, 406);
  assert.equal(V3, 'application/vnd.heroku+json; version=3');
});

// Helpers for the OAuth 2.0 / OIDC suites: register a client, drive the
// authorization endpoint with a signed-in Browser (consent included), and talk
// to the form-encoded endpoints (/oauth/token, /oauth/revoke, /oauth/introspect).
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Browser, field } from './browser.mjs';
import { userWithToken } from './server.mjs';

// RFC 7636 Appendix B.
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
export const REDIRECT = 'https://app.example/cb';

// Registers a client owned by `user` (from userWithToken); returns its JSON (id, secret, ...).
export async function registerClient(server, user, body = {}) {
  const r = await server.request('POST', '/oauth/clients', {
    token: user.token, body: { name: 'Test App', redirect_uri: REDIRECT, ...body },
  });
  if (r.status !== 201) throw new Error(`client create ${r.status} ${r.text}`);
  return r.json;
}

// A fresh account signed in through /login in a fresh Browser.
export async function signedIn(server) {
  const user = await userWithToken(server);
  const browser = new Browser(server);
  await browser.signIn(user.email, user.password);
  return { user, browser };
}

// The query string of an authorization request; `extra` overrides or (with
// value undefined) removes parameters.
export function authorizeQuery(client, extra = {}) {
  const p = {
    response_type: 'code', client_id: client.id, redirect_uri: client.redirect_uri ?? REDIRECT,
    scope: 'identity', state: 'st-1', code_challenge: CHALLENGE, code_challenge_method: 'S256', ...extra,
  };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined) q.set(k, v);
  return q.toString();
}

// Runs GET /oauth/authorize (and approves the consent page if one is shown).
// Returns { res, consent, url } where url is the parsed Location of the final redirect.
export async function authorize(browser, client, extra = {}, { decision = 'approve', rawQuery } = {}) {
  const query = rawQuery ?? authorizeQuery(client, extra);
  let res = await browser.get('/oauth/authorize?' + query);
  let consent = null;
  if (res.status === 200 && field(res.text, 'request_id') !== undefined) {
    consent = res;
    res = await browser.post('/oauth/authorize', {
      csrf: field(res.text, 'csrf'), request_id: field(res.text, 'request_id'), decision,
    });
  }
  const url = res.location ? new URL(res.location, browser.base) : null;
  return { res, consent, url };
}

// A code for `client` (approving consent when asked); throws if none came back.
export async function getCode(browser, client, extra = {}) {
  const { res, url } = await authorize(browser, client, extra);
  const code = url?.searchParams.get('code');
  if (!code) throw new Error(`no code: ${res.status} ${res.location} ${res.text.slice(0, 300)}`);
  return code;
}

const basicHeader = (id, secret) =>
  'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');

// POSTs a form to an OAuth endpoint. `client` ({id, secret}) authenticates with
// Basic when `basic` is true (the default for clients with a secret), else in the body.
export async function oauthPost(server, path, form, { client, basic, headers = {} } = {}) {
  const h = { 'Content-Type': 'application/x-www-form-urlencoded', ...headers };
  const body = { ...form };
  if (client) {
    const useBasic = basic ?? !!client.secret;
    if (useBasic) h['Authorization'] = basicHeader(client.id, client.secret ?? '');
    else {
      body.client_id = client.id;
      if (client.secret) body.client_secret = client.secret;
    }
  }
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  const res = await fetch(server.url + path, { method: 'POST', headers: h, body: new URLSearchParams(body).toString() });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

export const redeem = (server, client, code, extra = {}, opts = {}) => oauthPost(server, '/oauth/token', {
  grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri ?? REDIRECT, code_verifier: VERIFIER, ...extra,
}, { client, ...opts });

export const refresh = (server, client, refreshToken, extra = {}, opts = {}) => oauthPost(server, '/oauth/token', {
  grant_type: 'refresh_token', refresh_token: refreshToken, ...extra,
}, { client, ...opts });

// Code flow end to end: returns the token response JSON.
export async function tokensFor(server, browser, client, extra = {}) {
  const code = await getCode(browser, client, extra);
  const r = await redeem(server, client, code);
  if (r.status !== 200) throw new Error(`redeem ${r.status} ${r.text}`);
  return r.json;
}

// Does `token` still authenticate against the API? Returns the status of GET /account.
export const accountStatus = async (server, token) => (await server.request('GET', '/account', { token })).status;

// A well-formed token of kind `prefix` ("lkg_", "lko_", "lkr_", "lks_", ...)
// that the server never issued: 43 random base62 characters and the CRC-32
// checksum the server checks before any lookup (docs/token format).
export function wellFormedToken(prefix) {
  const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let body = '';
  for (const b of randomBytes(43)) body += B62[b % 62];
  let crc = crc32(body);
  let sum = '';
  for (let i = 0; i < 6; i++) { sum = B62[crc % 62] + sum; crc = Math.floor(crc / 62); }
  return prefix + body + sum;
}

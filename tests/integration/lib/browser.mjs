// A minimal scripted browser for the server's HTML pages: a cookie jar, no
// automatic redirects (tests look at every Location), and helpers to read the
// hidden fields of a form. Real-browser coverage (Chromium via Playwright)
// lives in e2e/; this drives the same pages over real HTTP, fast.
import assert from 'node:assert/strict';
import { codeAtStep, step } from './totp.mjs';

export class Browser {
  constructor(server) {
    this.server = server;
    this.base = server.url;
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  absorb(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith('max-age='));
      if (maxAge && Number(maxAge.slice(8)) <= 0) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // GET or POST (a form: object of fields) a path or an absolute URL on this server.
  async go(method, path, form, headers = {}) {
    const url = path.startsWith('http') ? path : this.base + path;
    const h = { ...headers };
    if (this.cookies.size) h['Cookie'] = this.cookieHeader();
    let body;
    if (form !== undefined) {
      body = new URLSearchParams(form).toString();
      h['Content-Type'] = 'application/x-www-form-urlencoded';
      if (!('Origin' in h)) h['Origin'] = this.base;
    }
    const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
    this.absorb(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(path, headers) { return this.go('GET', path, undefined, headers); }
  post(path, form, headers) { return this.go('POST', path, form, headers); }

  // Follows same-server redirects from `res` (GETs), returning the last response.
  async follow(res, limit = 10) {
    while (limit-- > 0 && res.status >= 300 && res.status < 400 && res.location) {
      const loc = res.location;
      if (loc.startsWith('http') && !loc.startsWith(this.base)) return res;
      res = await this.get(loc);
    }
    return res;
  }

  // Signs in through /login (and the second-factor page when `totpSecret` is given).
  async signIn(email, password, { totpSecret, next = '/' } = {}) {
    const page = await this.get('/login?next=' + encodeURIComponent(next));
    let res = await this.post('/login', { csrf: field(page.text, 'csrf'), next, email, password });
    if (res.status !== 303) throw new Error(`login failed ${res.status}`);
    if (res.location.startsWith('/login/second-factor')) {
      const sf = await this.get(res.location);
      const code = codeAtStep(totpSecret, step());
      res = await this.post('/login/second-factor', { csrf: field(sf.text, 'csrf'), next, code });
      if (res.status !== 303) throw new Error(`second factor failed ${res.status}`);
    }
    return res;
  }
}

// The value of the last <input name="..."> in a page: the page's own form
// comes after the header's sign-out form (which has its own csrf).
export function field(html, name) {
  const re = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`, 'g');
  const all = [...html.matchAll(re)];
  if (!all.length) return undefined;
  return all[all.length - 1][1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

// The S24 security headers every HTML page carries (CSP without inline script,
// no framing, no caching, no sniffing).
export function assertPageHeaders(res, what) {
  const h = res.headers;
  const csp = h.get('content-security-policy') ?? '';
  const directives = csp.split(';').map((d) => d.trim());
  for (const d of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
    assert.ok(directives.includes(d), `${what}: CSP lacks ${d}: ${csp}`);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${what}: ${csp}`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', what);
  assert.equal(h.get('referrer-policy'), 'no-referrer', what);
  assert.equal(h.get('cross-origin-opener-policy'), 'same-origin', what);
  assert.equal(h.get('x-frame-options'), 'DENY', what);
  assert.match(h.get('cache-control') ?? '', /no-store/, what);
  if (res.status < 300 || res.status >= 400) assert.equal(h.get('content-type'), 'text/html; charset=utf-8', what);
}

// Dashboard Sessions (/dashboard/sessions) and Activity (/dashboard/activity)
// over real HTTP: the list of browser and command-line sessions with "This
// browser", signing out one session or all others (CSRF-bound, 404 for another
// account's session), and the account's security events in plain words, newest
// first, 25 to a page.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, userWithToken } from './lib/server.mjs';
import { Browser, field } from './lib/browser.mjs';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

// A Browser that announces itself with `ua`.
class NamedBrowser extends Browser {
  constructor(s, ua) { super(s); this.ua = ua; }
  go(method, path, form, headers = {}) { return super.go(method, path, form, { 'User-Agent': this.ua, ...headers }); }
}

async function signedIn(user, ua) {
  const b = new NamedBrowser(server, ua);
  await b.signIn(user.email, user.password);
  return b;
}

// The rows of the sessions table: { text, id (of the sign-out form), csrf, current }.
function sessionRows(html) {
  const body = html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => ({
    text: row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim(),
    id: row.match(/action="\/dashboard\/sessions\/([^/"]+)\/end"/)?.[1],
    csrf: row.match(/name="csrf" value="([^"]*)"/)?.[1],
    current: row.includes('This browser'),
  }));
}

function endOthersCsrf(html) {
  return html.match(/action="\/dashboard\/sessions\/end-others">\s*<input type="hidden" name="csrf" value="([^"]*)"/)?.[1];
}

async function isSignedIn(b) {
  const res = await b.get('/dashboard/account');
  if (res.status === 303 && res.location.startsWith('/login')) return false;
  return true;
}

async function tokenWorks(token) {
  return (await server.request('GET', '/account', { token })).status === 200;
}

describe('sessions page', () => {
  test('lists both browsers and the CLI login, "This browser" on the right one', async () => {
    const u = await userWithToken(server);  // a Basic login: one CLI session "test"
    const a = await signedIn(u, FIREFOX);
    const b = await signedIn(u, CHROME);
    const pageA = await a.get('/dashboard/sessions');
    assert.equal(pageA.status, 200);
    assert.match(pageA.text, /<h1>Sessions<\/h1>/);
    assert.match(pageA.text, /aria-current="page">Sessions</);
    assert.equal(pageA.text.split('This browser').length, 2, 'exactly once');
    const rows = sessionRows(pageA.text);
    assert.equal(rows.length, 3, JSON.stringify(rows));
    assert.ok(rows[0].current, 'this browser comes first');
    assert.match(rows[0].text, /^Browser Firefox on Linux/);
    assert.match(rows[0].text, /This computer/, 'approximate location of 127.0.0.1');
    assert.match(rows[0].text, /\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.equal(rows[0].id, undefined, 'no sign-out button for this browser');
    assert.match(rows[1].text, /^Browser Chrome on Windows/);
    assert.ok(rows[1].id && rows[1].csrf);
    assert.match(rows[2].text, /^Command line Node\.js test/);
    assert.match(pageA.text, />Sign out all other sessions</);

    const rowsB = sessionRows((await b.get('/dashboard/sessions')).text);
    assert.match(rowsB.find((r) => r.current).text, /Chrome on Windows/);
    assert.ok(!rowsB.find((r) => r.text.includes('Firefox')).current);
  });

  test('"Sign out" ends the other browser at once; this browser and the CLI stay', async () => {
    const u = await userWithToken(server);
    const a = await signedIn(u, FIREFOX);
    const b = await signedIn(u, CHROME);
    const other = sessionRows((await a.get('/dashboard/sessions')).text).find((r) => r.text.includes('Chrome'));
    const res = await a.post(`/dashboard/sessions/${other.id}/end`, { csrf: other.csrf });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/dashboard/sessions');
    const after = await a.get(res.location);
    assert.match(after.text, /Session ended\./);
    assert.ok(!sessionRows(after.text).some((r) => r.text.includes('Chrome')));
    const next = await b.get('/dashboard/sessions');
    assert.equal(next.status, 303);
    assert.match(next.location, /^\/login/);
    assert.ok(await isSignedIn(a));
    assert.ok(await tokenWorks(u.token));
  });

  test('"Sign out all other sessions": other browsers and CLI tokens stop working', async () => {
    const u = await userWithToken(server);
    const a = await signedIn(u, FIREFOX);
    const b = await signedIn(u, CHROME);
    assert.ok(await tokenWorks(u.token));
    const page = await a.get('/dashboard/sessions');
    const res = await a.post('/dashboard/sessions/end-others', { csrf: endOthersCsrf(page.text) });
    assert.equal(res.status, 303);
    const after = await a.get(res.location);
    assert.match(after.text, /Signed out of all other sessions/);
    const rows = sessionRows(after.text);
    assert.equal(rows.length, 1);
    assert.ok(rows[0].current);
    assert.ok(!after.text.includes('Sign out all other sessions'), 'nothing left to sign out');
    assert.equal(await tokenWorks(u.token), false, 'the CLI login ended');
    assert.equal(await isSignedIn(b), false);
    assert.ok(await isSignedIn(a));
  });

  test('without the CSRF token (or cross-site): 403, nothing ended', async () => {
    const u = await userWithToken(server);
    const a = await signedIn(u, FIREFOX);
    const b = await signedIn(u, CHROME);
    const page = await a.get('/dashboard/sessions');
    const other = sessionRows(page.text).find((r) => r.text.includes('Chrome'));
    assert.equal((await a.post(`/dashboard/sessions/${other.id}/end`, {})).status, 403);
    assert.equal((await a.post(`/dashboard/sessions/${other.id}/end`, { csrf: other.csrf },
      { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await a.post('/dashboard/sessions/end-others', {})).status, 403);
    assert.equal((await a.post('/dashboard/sessions/end-others', { csrf: other.csrf })).status, 403,
      'a token bound to one session does not end the others');
    // A token from another browser's page does not work here either.
    const fromB = endOthersCsrf((await b.get('/dashboard/sessions')).text);
    assert.equal((await a.post('/dashboard/sessions/end-others', { csrf: fromB })).status, 403);
    assert.ok(await isSignedIn(b));
    assert.ok(await tokenWorks(u.token));
    assert.equal(sessionRows((await a.get('/dashboard/sessions')).text).length, 3);
  });

  test("another account's session id: 404, that session lives on", async () => {
    const u = await userWithToken(server);
    const v = await userWithToken(server);
    const a = await signedIn(u, FIREFOX);
    const c = await signedIn(v, CHROME);
    const theirs = (await server.request('GET', '/oauth/sessions', { token: v.token })).json;
    assert.equal(theirs.length, 2);
    const page = await a.get('/dashboard/sessions');
    for (const s of theirs) {
      const res = await a.post(`/dashboard/sessions/${s.id}/end`, { csrf: field(page.text, 'csrf') });
      assert.equal(res.status, 404, s.kind);
    }
    assert.equal((await a.post('/dashboard/sessions/no-such-session/end', { csrf: 'x' })).status, 404);
    assert.ok(await isSignedIn(c));
    assert.ok(await tokenWorks(v.token));
    assert.ok(!page.text.includes(v.email));
  });

  test('wrong methods and unknown paths', async () => {
    const u = await userWithToken(server);
    const a = await signedIn(u, FIREFOX);
    assert.equal((await a.get('/dashboard/sessions/end-others')).status, 405);
    assert.equal((await a.post('/dashboard/sessions', {})).status, 405);
    assert.equal((await a.get('/dashboard/sessions/x/end')).status, 405);
    assert.equal((await a.get('/dashboard/sessions/x/y/end')).status, 404);
    assert.equal((await a.get('/dashboard/sessions/nope')).status, 404);
    assert.equal((await a.post('/dashboard/activity', {})).status, 405);
  });

  test('signed out: the pages send the browser to /login', async () => {
    const b = new Browser(server);
    for (const path of ['/dashboard/sessions', '/dashboard/activity']) {
      const res = await b.get(path);
      assert.equal(res.status, 303);
      assert.match(res.location, /^\/login\?next=/);
    }
  });
});

// The events of the activity table: [{ when, event, ip, details }].
function activityRows(html) {
  const body = html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => {
    const cells = [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)]
      .map(([, c]) => c.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
    return { when: cells[0], event: cells[1], ip: cells[2], details: cells[3] };
  });
}

function pagerLink(html, rel) {
  return html.match(new RegExp(`<a class="button" href="([^"]*)" rel="${rel}">`))?.[1]?.replace(/&amp;/g, '&');
}

describe('activity page', () => {
  test('sign-ins and a failed sign-in, newest first, in plain words', async () => {
    const u = await userWithToken(server);
    const a = await signedIn(u, FIREFOX);
    const bad = new Browser(server);
    const login = await bad.get('/login');
    const failed = await bad.post('/login', { csrf: field(login.text, 'csrf'), next: '/', email: u.email, password: 'wrong password entirely' });
    assert.notEqual(failed.status, 303);
    const page = await a.get('/dashboard/activity');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Activity<\/h1>/);
    assert.match(page.text, /aria-current="page">Activity</);
    const rows = activityRows(page.text);
    const events = rows.map((r) => r.event);
    assert.deepEqual(events, ['Sign-in failed (wrong password)', 'Signed in (password)', 'Authorization created',
      'Signed in (command line or API)', 'API key created', 'Account created'], JSON.stringify(rows));
    for (const r of rows) assert.match(r.when, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    assert.match(rows[0].ip, /^127\.0\.0\.1 This computer$/);
    assert.equal(rows[2].details, '“test”', 'the authorization description');
    assert.equal(rows[5].details, '', 'no email, nothing else');
    assert.ok(!page.text.includes('rel="next"') && !page.text.includes('rel="prev"'), 'one page only');
  });

  test('more than 25 events: "Older" leads to page 2, "Newer" back; bad ?page is page 1', async () => {
    const u = await userWithToken(server);
    for (let i = 0; i < 30; i++) {
      const r = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { description: `n${i}` } });
      assert.equal(r.status, 201, r.text);
    }
    const a = await signedIn(u, FIREFOX);  // 35 events in all, the sign-in newest
    const first = await a.get('/dashboard/activity');
    const rows1 = activityRows(first.text);
    assert.equal(rows1.length, 25);
    assert.equal(rows1[0].event, 'Signed in (password)');
    assert.equal(rows1[1].details, '“n29”');
    assert.equal(rows1[24].details, '“n6”');
    assert.equal(pagerLink(first.text, 'prev'), undefined, 'no newer page');
    const older = pagerLink(first.text, 'next');
    assert.equal(older, '/dashboard/activity?page=2');
    assert.match(first.text, /rel="next">Older</);

    const second = await a.get(older);
    const rows2 = activityRows(second.text);
    assert.deepEqual(rows2.map((r) => r.details), ['“n5”', '“n4”', '“n3”', '“n2”', '“n1”', '“n0”', '“test”', '', '', '']);
    assert.equal(rows2[7].event, 'Signed in (command line or API)');
    assert.equal(rows2[9].event, 'Account created');
    assert.ok(rows2[0].when <= rows1[24].when, 'older');
    assert.equal(pagerLink(second.text, 'next'), undefined, 'no older page');
    const newer = pagerLink(second.text, 'prev');
    assert.equal(newer, '/dashboard/activity');
    assert.match(second.text, /rel="prev">Newer</);
    assert.deepEqual(activityRows((await a.get(newer)).text), rows1);

    for (const bad of ['abc', '-1', '0', '2x', '', '99999999999999999999']) {
      const res = await a.get('/dashboard/activity?page=' + encodeURIComponent(bad));
      assert.equal(res.status, 200, bad);
      assert.deepEqual(activityRows(res.text), rows1, bad);
    }
    const beyond = await a.get('/dashboard/activity?page=3');
    assert.equal(beyond.status, 200);
    assert.match(beyond.text, /No older activity\./);
    assert.equal(pagerLink(beyond.text, 'prev'), '/dashboard/activity?page=2');
  });

  test("another account's events never show", async () => {
    const u = await userWithToken(server);
    const v = await userWithToken(server);
    await server.request('POST', '/oauth/authorizations', { token: v.token, body: { description: 'belongs-to-v' } });
    await signedIn(v, CHROME);
    const a = await signedIn(u, FIREFOX);
    const page = await a.get('/dashboard/activity');
    assert.equal(activityRows(page.text).length, 5, 'account, API key, API sign-in, authorization, dashboard sign-in');
    assert.ok(!page.text.includes('belongs-to-v'));
    assert.ok(!page.text.includes(v.email));
  });

  test('sessions ended from the dashboard show with their reason', async () => {
    const u = await userWithToken(server);
    const a = await signedIn(u, FIREFOX);
    const page = await a.get('/dashboard/sessions');
    await a.post('/dashboard/sessions/end-others', { csrf: endOthersCsrf(page.text) });
    const rows = activityRows((await a.get('/dashboard/activity')).text);
    assert.equal(rows[0].event, 'Session ended');
    assert.equal(rows[0].details, 'Reason: All other sessions signed out');
  });
});

// The dashboard's Applications pages, black-box with the scripted browser:
// /dashboard/authorizations (create with scope and expiry, token shown once,
// rotate, revoke through a confirmation page, bad input, CSRF, other users'
// ids), /dashboard/authorized-applications (a client approved through
// /oauth/authorize, "Revoke access" kills its tokens and its consent) and
// /dashboard/clients (register, secret shown once, rotate, delete).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { registerClient, signedIn, authorize, tokensFor, oauthPost, accountStatus } from './lib/oauth.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x2F;/g, '/');

// The csrf value of the form posting to `action` on `html`.
function csrfFor(html, action) {
  const forms = [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((m) => decode(m[1]) === action);
  assert.ok(form, `no form posting to ${action}`);
  return decode(form[2].match(/name="csrf" value="([^"]*)"/)[1]);
}

const codeText = (html, id) => {
  const m = html.match(new RegExp(`<code id="${id}">([^<]*)</code>`));
  return m ? decode(m[1]) : undefined;
};

async function apiAuthorizations(user) {
  const r = await server.request('GET', '/oauth/authorizations', { token: user.token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Creates an authorization through the form; returns { res, page } (page: the GET after the redirect).
async function createAuthorization(browser, fields) {
  const page = await browser.get('/dashboard/authorizations');
  const res = await browser.post('/dashboard/authorizations', {
    csrf: csrfFor(page.text, '/dashboard/authorizations'), ...fields,
  });
  return { res, page: res.status === 303 ? await browser.get(res.location) : null };
}

function formWithScopes(description, scopes, expires_in) {
  const body = new URLSearchParams({ description, expires_in });
  for (const s of scopes) body.append('scope', s);
  return body;
}

describe('authorizations', () => {
  test('the page: heading, sub-tabs, create form, empty state', async () => {
    const { browser } = await signedIn(server);
    const page = await browser.get('/dashboard/authorizations');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Authorizations<\/h1>/);
    assert.match(page.text, /<a href="\/dashboard\/authorizations" aria-current="page">Authorizations<\/a>/);
    assert.match(page.text, /<a href="\/dashboard\/authorized-applications">Authorized applications<\/a>/);
    assert.match(page.text, /<a href="\/dashboard\/clients">API clients<\/a>/);
    assert.ok(!page.text.includes('}}'), 'no template text leaks');
    assert.match(page.text, /<h2>Create authorization<\/h2>/);
    for (const s of ['global', 'identity', 'read', 'write', 'read-protected', 'write-protected'])
      assert.match(page.text, new RegExp(`<label for="scope-${s}">${s}</label>`));
    for (const label of ['Never', '1 hour', '1 day', '7 days', '30 days', '90 days', '1 year'])
      assert.match(page.text, new RegExp(`>${label}</option>`));
    // The login token of userWithToken (a CLI session) is listed; the API key is not.
    assert.match(page.text, /<td id="authz-[^"]+">test<\/td>/);
    assert.doesNotMatch(page.text, />API Key</);
  });

  test('create with description, 1-day expiry and scope read: token shown once, works, expiry in the API', async () => {
    const { user, browser } = await signedIn(server);
    const page = await browser.get('/dashboard/authorizations');
    const body = formWithScopes('Deploy script', ['read'], '86400');
    body.set('csrf', csrfFor(page.text, '/dashboard/authorizations'));
    const res = await browser.post('/dashboard/authorizations', body);
    assert.equal(res.status, 303);
    assert.equal(res.location, '/dashboard/authorizations');
    const shown = await browser.get(res.location);
    const token = codeText(shown.text, 'new-token');
    assert.ok(token, 'token shown');
    assert.match(shown.text, /data-copy-target="new-token"/);
    assert.match(shown.text, /Copy it now. You won’t be able to see it again./);
    assert.match(shown.text, /Authorization created./);
    const again = await browser.get('/dashboard/authorizations');
    assert.equal(codeText(again.text, 'new-token'), undefined, 'reload: gone');
    assert.ok(!again.text.includes(token));

    assert.equal(await accountStatus(server, token), 200, 'a read token may GET /account');
    const listed = (await apiAuthorizations(user)).find((a) => a.description === 'Deploy script');
    assert.deepEqual(listed.scope, ['read']);
    const expires = Date.parse(listed.expires_at) - Date.parse(listed.created_at);
    assert.equal(expires, 86400 * 1000);
    assert.match(again.text, /Deploy script/);
  });

  test('several scopes; none checked is global', async () => {
    const { user, browser } = await signedIn(server);
    const page = await browser.get('/dashboard/authorizations');
    const body = formWithScopes('Two scopes', ['identity', 'write'], '');
    body.set('csrf', csrfFor(page.text, '/dashboard/authorizations'));
    // Browser.post copies a URLSearchParams with its repeated names.
    assert.equal((await browser.post('/dashboard/authorizations', body)).status, 303);
    const { res: plain } = await createAuthorization(browser, { description: 'Everything', expires_in: '' });
    assert.equal(plain.status, 303);
    const list = await apiAuthorizations(user);
    assert.deepEqual(list.find((a) => a.description === 'Two scopes').scope, ['identity', 'write']);
    const everything = list.find((a) => a.description === 'Everything');
    assert.deepEqual(everything.scope, ['global']);
    assert.equal(everything.expires_at, null);
  });

  test('rotate: the old token stops working, the new one is shown once and works', async () => {
    const { user, browser } = await signedIn(server);
    const { page } = await createAuthorization(browser, { description: 'To rotate', expires_in: '' });
    const oldToken = codeText(page.text, 'new-token');
    const id = (await apiAuthorizations(user)).find((a) => a.description === 'To rotate').id;
    const list = await browser.get('/dashboard/authorizations');
    const res = await browser.post(`/dashboard/authorizations/${id}/rotate`, {
      csrf: csrfFor(list.text, `/dashboard/authorizations/${id}/rotate`),
    });
    assert.equal(res.status, 303);
    const shown = await browser.get(res.location);
    const newToken = codeText(shown.text, 'new-token');
    assert.ok(newToken && newToken !== oldToken);
    assert.equal(await accountStatus(server, oldToken), 401);
    assert.equal(await accountStatus(server, newToken), 200);
    assert.equal(codeText((await browser.get('/dashboard/authorizations')).text, 'new-token'), undefined);
  });

  test('revoke through the confirmation page: the token is dead', async () => {
    const { user, browser } = await signedIn(server);
    const { page } = await createAuthorization(browser, { description: 'To revoke', expires_in: '3600' });
    const token = codeText(page.text, 'new-token');
    const id = (await apiAuthorizations(user)).find((a) => a.description === 'To revoke').id;
    assert.ok(page.text.includes(`href="/dashboard/authorizations/${id}/revoke"`), 'Revoke link');
    const confirm = await browser.get(`/dashboard/authorizations/${id}/revoke`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /<h1>Revoke authorization\?<\/h1>/);
    assert.match(confirm.text, /To revoke/);
    assert.match(confirm.text, /<button type="submit" class="button danger">Revoke<\/button>/);
    assert.equal(await accountStatus(server, token), 200, 'GET changes nothing');
    const res = await browser.post(`/dashboard/authorizations/${id}/revoke`, {
      csrf: csrfFor(confirm.text, `/dashboard/authorizations/${id}/revoke`),
    });
    assert.equal(res.status, 303);
    const after = await browser.get(res.location);
    assert.match(after.text, /Authorization revoked\./);
    assert.equal(await accountStatus(server, token), 401);
    assert.ok(!(await apiAuthorizations(user)).some((a) => a.id === id));
    assert.equal((await browser.get(`/dashboard/authorizations/${id}/revoke`)).status, 404, 'gone');
  });

  test('bad input: 422 with the form and an error, nothing created', async () => {
    const { user, browser } = await signedIn(server);
    const before = (await apiAuthorizations(user)).length;
    const cases = [
      [{ description: 'x', scope: 'admin', expires_in: '' }, /Unknown scope/],
      [{ description: 'x'.repeat(256), expires_in: '' }, /at most 255 characters/],
      [{ description: 'x', expires_in: 'soon' }, /Choose when the authorization expires/],
      [{ description: 'x', expires_in: '-5' }, /expires_in must be a positive number/],
      [{ description: 'x', expires_in: '999999999999' }, /expires_in must be a positive number/],
    ];
    for (const [fields, message] of cases) {
      const { res } = await createAuthorization(browser, fields);
      assert.equal(res.status, 422, JSON.stringify(fields));
      assert.match(res.text, /class="flash flash-error" role="alert"/);
      assert.match(res.text, message);
      assert.match(res.text, /<h2>Create authorization<\/h2>/);
    }
    assert.equal((await apiAuthorizations(user)).length, before);
  });

  test('CSRF missing or wrong: 403, nothing changed', async () => {
    const { user, browser } = await signedIn(server);
    const { page } = await createAuthorization(browser, { description: 'Guarded', expires_in: '' });
    const token = codeText(page.text, 'new-token');
    const id = (await apiAuthorizations(user)).find((a) => a.description === 'Guarded').id;
    const list = await browser.get('/dashboard/authorizations');
    const rotateCsrf = csrfFor(list.text, `/dashboard/authorizations/${id}/rotate`);
    const before = (await apiAuthorizations(user)).length;
    for (const csrf of [undefined, 'wrong', rotateCsrf]) {
      const form = csrf === undefined ? { description: 'Forged' } : { csrf, description: 'Forged' };
      assert.equal((await browser.post('/dashboard/authorizations', form)).status, 403);
      const revokeForm = csrf === undefined ? {} : { csrf };
      assert.equal((await browser.post(`/dashboard/authorizations/${id}/revoke`, revokeForm)).status, 403);
    }
    // A token bound to another object does not rotate this one; a cross-site POST is refused.
    const other = (await apiAuthorizations(user)).find((a) => a.description === 'test').id;
    assert.equal((await browser.post(`/dashboard/authorizations/${other}/rotate`, { csrf: rotateCsrf })).status, 403);
    assert.equal((await browser.post(`/dashboard/authorizations/${id}/rotate`, { csrf: rotateCsrf },
      { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await apiAuthorizations(user)).length, before);
    assert.equal(await accountStatus(server, token), 200, 'neither rotated nor revoked');
  });

  test("another user's id, the API key and malformed ids are 404", async () => {
    const alice = await signedIn(server);
    const bob = await signedIn(server);
    const { page } = await createAuthorization(alice.browser, { description: 'Alice token', expires_in: '' });
    const token = codeText(page.text, 'new-token');
    const id = (await apiAuthorizations(alice.user)).find((a) => a.description === 'Alice token').id;
    assert.equal((await bob.browser.get(`/dashboard/authorizations/${id}/revoke`)).status, 404);
    // Bob's own, valid CSRF token for that id still finds nothing of his.
    const bobList = await bob.browser.get('/dashboard/authorizations');
    assert.ok(!bobList.text.includes(id));
    const apiKey = (await apiAuthorizations(alice.user)).find((a) => a.api_key).id;
    assert.equal((await alice.browser.get(`/dashboard/authorizations/${apiKey}/revoke`)).status, 404);
    for (const bad of ['~', 'x'.repeat(65), 'a%2Fb', '..', 'a.b'])
      assert.equal((await alice.browser.get(`/dashboard/authorizations/${bad}/revoke`)).status, 404, bad);
    assert.equal((await alice.browser.get('/dashboard/authorizations/x/unknown')).status, 404);
    assert.equal((await alice.browser.get(`/dashboard/authorizations/${id}/rotate`)).status, 405);
    assert.equal(await accountStatus(server, token), 200);
  });
});

describe('authorized applications', () => {
  test('an approved client is listed; "Revoke access" kills its tokens and its consent', async () => {
    const developer = await signedIn(server);
    const client = await registerClient(server, developer.user, { name: 'Gadget App' });
    const { browser } = await signedIn(server);
    const empty = await browser.get('/dashboard/authorized-applications');
    assert.equal(empty.status, 200);
    assert.match(empty.text, /<h1>Authorized applications<\/h1>/);
    assert.match(empty.text, /aria-current="page">Authorized applications</);
    assert.match(empty.text, /You have not authorized any applications\./);

    const first = await tokensFor(server, browser, client, { scope: 'identity read' });
    const second = await tokensFor(server, browser, client, { scope: 'identity' });  // remembered consent
    const page = await browser.get('/dashboard/authorized-applications');
    assert.match(page.text, /Gadget App/);
    assert.match(page.text, /identity, read/);
    assert.equal(page.text.match(/>Revoke access</g).length, 1, 'one row per client');
    assert.ok(page.text.includes(`href="/dashboard/authorized-applications/${client.id}/revoke"`));
    // Not on the authorizations page.
    assert.ok(!(await browser.get('/dashboard/authorizations')).text.includes('Gadget App'));

    const confirm = await browser.get(`/dashboard/authorized-applications/${client.id}/revoke`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /<h1>Revoke access\?<\/h1>/);
    assert.match(confirm.text, /Gadget App/);
    const action = `/dashboard/authorized-applications/${client.id}/revoke`;
    assert.equal((await browser.post(action, { csrf: 'wrong' })).status, 403);
    assert.equal(await accountStatus(server, first.access_token), 200, 'nothing revoked yet');
    const res = await browser.post(action, { csrf: csrfFor(confirm.text, action) });
    assert.equal(res.status, 303);
    assert.match((await browser.get(res.location)).text, /You have not authorized any applications\./);

    for (const t of [first, second]) {
      assert.equal(await accountStatus(server, t.access_token), 401);
      const intro = await oauthPost(server, '/oauth/introspect', { token: t.access_token }, { client });
      assert.equal(intro.json.active, false);
      const refreshed = await oauthPost(server, '/oauth/token', { grant_type: 'refresh_token', refresh_token: t.refresh_token }, { client });
      assert.equal(refreshed.status, 400, 'refresh token dead too');
    }
    const again = await authorize(browser, client, { scope: 'identity' });
    assert.ok(again.consent, 'consent is asked again');
    assert.equal((await browser.get(`/dashboard/authorized-applications/${client.id}/revoke`)).status, 404, 'nothing left');
  });

  test("another account's grants and unknown clients are 404", async () => {
    const developer = await signedIn(server);
    const client = await registerClient(server, developer.user, { name: 'Other App' });
    const alice = await signedIn(server);
    const tokens = await tokensFor(server, alice.browser, client);
    const bob = await signedIn(server);
    const path = `/dashboard/authorized-applications/${client.id}/revoke`;
    assert.equal((await bob.browser.get(path)).status, 404);
    // Even with a valid CSRF token for the binding, Bob withdraws nothing of Alice's.
    const bobPage = await bob.browser.get('/dashboard/authorized-applications');
    assert.ok(!bobPage.text.includes(client.id));
    assert.equal(await accountStatus(server, tokens.access_token), 200);
    assert.equal((await bob.browser.get('/dashboard/authorized-applications/not-a-client/revoke')).status, 404);
  });
});

describe('API clients', () => {
  test('register: id and secret shown once; the secret authenticates; bad input 422', async () => {
    const { user, browser } = await signedIn(server);
    const page = await browser.get('/dashboard/clients');
    assert.match(page.text, /<h1>API clients<\/h1>/);
    assert.match(page.text, /aria-current="page">API clients</);
    assert.match(page.text, /<label for="redirect_uri">Redirect URI<\/label>/);
    assert.match(page.text, /type="url"/);
    const csrf = csrfFor(page.text, '/dashboard/clients');
    for (const [fields, message] of [
      [{ name: '', redirect_uri: 'https://app.example/cb' }, /name must be 1 to 255 characters/],
      [{ name: 'Bad', redirect_uri: 'not a url' }, /redirect/i],
    ]) {
      const res = await browser.post('/dashboard/clients', { csrf, ...fields });
      assert.equal(res.status, 422, JSON.stringify(fields));
      assert.match(res.text, message);
      assert.match(res.text, /class="flash flash-error"/);
    }
    assert.equal((await server.request('GET', '/oauth/clients', { token: user.token })).json.length, 0);
    assert.equal((await browser.post('/dashboard/clients', { name: 'X', redirect_uri: 'https://a.example/cb' })).status, 403);

    const res = await browser.post('/dashboard/clients', { csrf, name: 'My Tool', redirect_uri: 'https://tool.example/cb' });
    assert.equal(res.status, 303);
    const shown = await browser.get(res.location);
    const id = codeText(shown.text, 'client-id');
    const secret = codeText(shown.text, 'client-secret');
    assert.ok(id && secret);
    assert.match(shown.text, /data-copy-target="client-secret"/);
    assert.match(shown.text, /Copy it now. You won’t be able to see it again./);
    assert.equal(codeText((await browser.get('/dashboard/clients')).text, 'client-secret'), undefined, 'reload: gone');
    const listed = (await server.request('GET', '/oauth/clients', { token: user.token })).json;
    assert.deepEqual(listed.map((c) => [c.id, c.name, c.redirect_uri]), [[id, 'My Tool', 'https://tool.example/cb']]);
    // The secret authenticates the client (introspection of an unknown token: inactive, not 401).
    const ok = await oauthPost(server, '/oauth/introspect', { token: 'nope' }, { client: { id, secret } });
    assert.equal(ok.status, 200, ok.text);
    const wrong = await oauthPost(server, '/oauth/introspect', { token: 'nope' }, { client: { id, secret: secret.slice(0, -1) + 'x' } });
    assert.equal(wrong.status, 401);
  });

  test('rotate secret: old refused, new works; delete via confirmation: gone', async () => {
    const { user, browser } = await signedIn(server);
    const page = await browser.get('/dashboard/clients');
    const created = await browser.get((await browser.post('/dashboard/clients', {
      csrf: csrfFor(page.text, '/dashboard/clients'), name: 'Rotator', redirect_uri: 'https://rot.example/cb',
    })).location);
    const id = codeText(created.text, 'client-id');
    const oldSecret = codeText(created.text, 'client-secret');
    const rotateAction = `/dashboard/clients/${id}/rotate`;
    const res = await browser.post(rotateAction, { csrf: csrfFor(created.text, rotateAction) });
    assert.equal(res.status, 303);
    const rotated = await browser.get(res.location);
    assert.equal(codeText(rotated.text, 'client-id'), id);
    const newSecret = codeText(rotated.text, 'client-secret');
    assert.ok(newSecret && newSecret !== oldSecret);
    const introspect = (secret) => oauthPost(server, '/oauth/introspect', { token: 'nope' }, { client: { id, secret } });
    assert.equal((await introspect(oldSecret)).status, 401);
    assert.equal((await introspect(newSecret)).status, 200);

    // Someone else cannot see, rotate or delete it.
    const other = await signedIn(server);
    assert.equal((await other.browser.get(`/dashboard/clients/${id}/delete`)).status, 404);

    const deleteAction = `/dashboard/clients/${id}/delete`;
    const confirm = await browser.get(deleteAction);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /<h1>Delete client\?<\/h1>/);
    assert.match(confirm.text, /Rotator/);
    assert.equal((await browser.post(deleteAction, { csrf: 'x' })).status, 403);
    const deleted = await browser.post(deleteAction, { csrf: csrfFor(confirm.text, deleteAction) });
    assert.equal(deleted.status, 303);
    assert.match((await browser.get(deleted.location)).text, /Client deleted\./);
    assert.equal((await server.request('GET', '/oauth/clients', { token: user.token })).json.length, 0);
    assert.equal((await introspect(newSecret)).status, 401);
    assert.equal((await browser.get(deleteAction)).status, 404);
  });
});

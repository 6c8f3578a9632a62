// Apps, config vars, releases and personal-app collaborators over real HTTP, in
// the shapes the stock heroku CLI reads (heroku-cli-compat.md B.20–B.27, C.7–C.11).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, userWithToken } from './lib/server.mjs';
import { Browser } from './lib/browser.mjs';

let server, owner, other;
before(async () => {
  server = await startServer();
  owner = await userWithToken(server);
  other = await userWithToken(server);
});
after(async () => { await server?.cleanup(); });

const NAME_RE = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/;
const req = (method, path, opts) => server.request(method, path, opts);

test('create with a name: Heroku fields, git and web URLs, release v1', async () => {
  const name = `shop-${process.pid}`;
  const r = await req('POST', '/apps', { token: owner.token, body: { name, region: 'eu' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.name, name);
  assert.equal(r.json.owner.email, owner.email);
  assert.equal(r.json.region.name, 'eu');
  assert.equal(r.json.stack.name, 'heroku-24');
  assert.equal(r.json.team, null);
  const host = new URL(server.url).host;
  assert.equal(r.json.git_url, `https://${host}/${name}.git`);
  assert.match(r.json.web_url, new RegExp(`^https://${name}\\.`));
  for (const k of ['id', 'created_at', 'updated_at', 'build_stack', 'acm', 'maintenance']) assert.ok(k in r.json, k);
  const rel = await req('GET', `/apps/${name}/releases`, { token: owner.token });
  assert.equal(rel.status, 200);
  assert.deepEqual(rel.json.map((x) => [x.version, x.description]), [[1, 'Initial release']]);
  // What `heroku apps:info` also asks: no add-ons, no dynos, no pipeline.
  assert.deepEqual((await req('GET', `/apps/${name}/addons`, { token: owner.token })).json, []);
  assert.deepEqual((await req('GET', `/apps/${name}/dynos`, { token: owner.token })).json, []);
  const pipeline = await req('GET', `/apps/${name}/pipeline-couplings`, { token: owner.token });
  assert.equal(pipeline.status, 404);
  assert.equal(pipeline.json.resource, 'pipeline-coupling');
  assert.equal((await req('GET', `/apps/${name}/pipeline-couplings`, { token: other.token })).json.resource, 'app');
  // By id too.
  assert.equal((await req('GET', `/apps/${r.json.id}`, { token: owner.token })).json.name, name);
});

test('create without a name generates one; bad names and taken names are refused', async () => {
  const r = await req('POST', '/apps', { token: owner.token, body: {} });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.name, NAME_RE);
  for (const bad of ['A', 'ab', '1abc', 'abc-', 'has_underscore', 'x'.repeat(31), 'ünï']) {
    const b = await req('POST', '/apps', { token: owner.token, body: { name: bad } });
    assert.equal(b.status, 422, bad);
    assert.equal(b.json.id, 'invalid_params');
  }
  const dup = await req('POST', '/apps', { token: other.token, body: { name: r.json.name } });
  assert.equal(dup.status, 409);
  assert.equal((await req('POST', '/apps', { token: owner.token, body: { region: 'mars' } })).status, 422);
  assert.equal((await req('POST', '/apps', { token: owner.token, body: { name: 42 } })).status, 422);
});

test('lists: /users/~/apps and /apps show own and collaborated apps, Range works', async () => {
  const mine = await req('GET', '/users/~/apps', { token: owner.token });
  assert.equal(mine.status, 200);
  assert.ok(mine.json.length >= 2);
  assert.ok(mine.json.every((a) => a.owner.email === owner.email));
  const page = await req('GET', '/apps', { token: owner.token, headers: { Range: 'name ..; max=1' } });
  assert.equal(page.status, 206);
  assert.equal(page.json.length, 1);
  assert.ok(page.headers.get('next-range'));
  assert.deepEqual((await req('GET', '/apps', { token: other.token })).json, []);
});

test('config vars: set, unset, a release each, the CLI\'s Range for the newest', async () => {
  const name = `cfg-${process.pid}`;
  assert.equal((await req('POST', '/apps', { token: owner.token, body: { name } })).status, 201);
  let r = await req('PATCH', `/apps/${name}/config-vars`, { token: owner.token, body: { FOO: 'bar', BAZ: 'qux' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { BAZ: 'qux', FOO: 'bar' });
  r = await req('PATCH', `/apps/${name}/config-vars`, { token: owner.token, body: { FOO: null } });
  assert.deepEqual(r.json, { BAZ: 'qux' });
  // Nothing changes: no release.
  r = await req('PATCH', `/apps/${name}/config-vars`, { token: owner.token, body: { BAZ: 'qux', NOPE: null } });
  assert.deepEqual(r.json, { BAZ: 'qux' });
  assert.deepEqual((await req('GET', `/apps/${name}/config-vars`, { token: owner.token })).json, { BAZ: 'qux' });
  const newest = await req('GET', `/apps/${name}/releases`, { token: owner.token, headers: { Range: 'version ..; order=desc,max=1' } });
  assert.ok([200, 206].includes(newest.status));
  assert.equal(newest.json.length, 1);
  assert.equal(newest.json[0].version, 3);
  assert.equal(newest.json[0].description, 'Remove FOO config vars');
  assert.equal(newest.json[0].current, true);
  assert.equal(newest.json[0].user.email, owner.email);
  const all = await req('GET', `/apps/${name}/releases`, { token: owner.token });
  assert.deepEqual(all.json.map((x) => x.description), ['Initial release', 'Set FOO, BAZ config vars', 'Remove FOO config vars']);
  assert.equal((await req('GET', `/apps/${name}/releases/2`, { token: owner.token })).json.description, 'Set FOO, BAZ config vars');
  // Bad input loses nothing.
  for (const body of [{ 'BAD-KEY': 'x' }, { OK: 5 }, { OK: 'x'.repeat(40000) }]) {
    const b = await req('PATCH', `/apps/${name}/config-vars`, { token: owner.token, body });
    assert.ok([413, 422].includes(b.status), JSON.stringify(body).slice(0, 40));
  }
  assert.deepEqual((await req('GET', `/apps/${name}/config-vars`, { token: owner.token })).json, { BAZ: 'qux' });
  assert.equal((await req('GET', `/apps/${name}/releases`, { token: owner.token })).json.length, 3);
  // Values never reach the audit trail or the log.
  assert.ok(!server.stderr.includes('qux'));
});

test('personal app collaborators: owner listed first, default permissions, leave and remove', async () => {
  const name = `team-work-${process.pid}`;
  assert.equal((await req('POST', '/apps', { token: owner.token, body: { name } })).status, 201);
  assert.equal((await req('GET', `/apps/${name}`, { token: other.token })).status, 404);
  const add = await req('POST', `/apps/${name}/collaborators`, { token: owner.token, body: { user: other.email } });
  assert.equal(add.status, 201, add.text);
  assert.equal(add.json.user.email, other.email);
  assert.deepEqual(add.json.permissions.map((p) => p.name), ['view', 'deploy', 'operate']);
  const again = await req('POST', `/apps/${name}/collaborators`, { token: owner.token, body: { user: other.email } });
  assert.equal(again.status, 409);
  const unknown = await req('POST', `/apps/${name}/collaborators`, { token: owner.token, body: { user: 'nobody@example.com' } });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.resource, 'user');
  const list = await req('GET', `/apps/${name}/collaborators`, { token: other.token });
  assert.deepEqual(list.json.map((c) => [c.user.email, c.role]), [[owner.email, 'owner'], [other.email, 'collaborator']]);
  // The collaborator sees the app among its apps, may deploy config, may not delete or manage.
  assert.ok((await req('GET', '/apps', { token: other.token })).json.some((a) => a.name === name));
  assert.equal((await req('PATCH', `/apps/${name}/config-vars`, { token: other.token, body: { X: '1' } })).status, 200);
  const del = await req('DELETE', `/apps/${name}`, { token: other.token });
  assert.equal(del.status, 403);
  assert.match(del.json.message, /manage/);
  assert.equal((await req('POST', `/apps/${name}/collaborators`, { token: other.token, body: { user: owner.email } })).status, 403);
  // Leaving needs no manage permission.
  const leave = await req('DELETE', `/apps/${name}/collaborators/${other.email}`, { token: other.token });
  assert.equal(leave.status, 200, leave.text);
  assert.equal((await req('GET', `/apps/${name}`, { token: other.token })).status, 404);
  // Rename and delete by the owner.
  const renamed = await req('PATCH', `/apps/${name}`, { token: owner.token, body: { name: `${name}-2` } });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.json.name, `${name}-2`);
  assert.equal((await req('GET', `/apps/${name}`, { token: owner.token })).status, 404);
  const gone = await req('DELETE', `/apps/${name}-2`, { token: owner.token });
  assert.equal(gone.status, 200);
  assert.equal(gone.json.name, `${name}-2`);
  assert.equal((await req('GET', `/apps/${name}-2`, { token: owner.token })).status, 404);
});

test('teams: create, members with roles, permissions catalogue, the last admin stays', async () => {
  const team = `acme-${process.pid}`;
  const t = await req('POST', '/teams', { token: owner.token, body: { name: team } });
  assert.equal(t.status, 201, t.text);
  assert.equal(t.json.role, 'admin');
  assert.deepEqual((await req('GET', '/teams', { token: owner.token })).json.map((x) => [x.name, x.role]), [[team, 'admin']]);
  assert.equal((await req('GET', `/teams/${team}`, { token: other.token })).status, 404);
  const put = await req('PUT', `/teams/${team}/members`, { token: owner.token, body: { email: other.email, role: 'member' } });
  assert.equal(put.status, 200, put.text);
  assert.equal((await req('PUT', `/teams/${team}/members`, { token: owner.token, body: { email: other.email, role: 'boss' } })).status, 422);
  const members = await req('GET', `/teams/${team}/members`, { token: other.token });
  assert.deepEqual(members.json.map((m) => [m.email, m.role]).sort(), [[other.email, 'member'], [owner.email, 'admin']].sort());
  const demote = await req('PATCH', `/teams/${team}/members`, { token: owner.token, body: { email: owner.email, role: 'member' } });
  assert.equal(demote.status, 409);
  const perms = await req('GET', '/teams/permissions', { token: other.token });
  assert.deepEqual(perms.json.map((p) => p.name), ['view', 'deploy', 'operate', 'manage']);
  const features = await req('GET', `/teams/${team}/features`, { token: other.token });
  assert.ok(features.json.some((f) => f.name === 'org-access-controls' && f.enabled));
  // A member creates a team app; the team owns it.
  const a = await req('POST', '/teams/apps', { token: other.token, body: { team, name: `tapp-${process.pid}` } });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.team.name, team);
  assert.equal(a.json.owner.email, `${team}@herokumanager.com`);
  assert.equal((await req('GET', `/teams/${team}/apps`, { token: owner.token })).json.length, 1);
  // The member leaves; its app stays with the team.
  assert.equal((await req('DELETE', `/teams/${team}/members/${other.email}`, { token: other.token })).status, 200);
  assert.equal((await req('GET', `/apps/tapp-${process.pid}`, { token: other.token })).status, 404);
  assert.equal((await req('GET', `/apps/tapp-${process.pid}`, { token: owner.token })).status, 200);
});

test('identity tokens reach the account but no app', async () => {
  const r = await req('POST', '/oauth/authorizations', { token: owner.token, body: { scope: ['identity'] } });
  const t = r.json.access_token.token;
  assert.equal((await req('GET', '/account', { token: t })).status, 200);
  const apps = await req('GET', '/apps', { token: t });
  assert.equal(apps.status, 403);
  assert.equal(apps.json.id, 'forbidden');
  assert.match(apps.json.message, /read/);
  // RFC 6750 §3.1: the scope that is needed, for OAuth clients.
  assert.equal(apps.headers.get('www-authenticate'), 'Bearer error="insufficient_scope", scope="read"');
  // The refusal is in the account's activity, with the action and what was missing.
  const browser = new Browser(server);
  await browser.signIn(owner.email, owner.password);
  const page = await browser.get('/dashboard/activity');
  assert.equal(page.status, 200);
  assert.match(page.text, /Access refused \(missing scope or permission\)/);
  assert.match(page.text, /Action: app\.read · On: apps · Missing: read · Reason: The token&#39;s scope does not allow it/);
  assert.match(page.text, /Config vars changed/);
  assert.match(page.text, /App created/);
});

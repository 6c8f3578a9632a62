// The authorization table of issue 6, driven over real HTTP: every app and
// team endpoint × every token scope × every role, each request expected to be
// allowed (2xx), refused (403 naming what is missing) or hidden (404, exactly
// like a missing app) as docs/permissions.md says. The expectation is computed
// from the table in that document, written out again here on purpose: a change
// of behaviour must change both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, userWithToken } from './lib/server.mjs';

const SCOPES = ['identity', 'read', 'write', 'read-protected', 'write-protected', 'global'];
const NEEDS = {
  'app.read': ['read', 'view'], 'app.update': ['write', 'manage'], 'app.delete': ['write', 'manage'],
  'app.operate': ['write', 'operate'], 'config.read': ['read-protected', 'deploy'],
  'config.write': ['write-protected', 'deploy'], 'release.read': ['read', 'view'],
  'collaborator.read': ['read', 'view'], 'collaborator.write': ['write', 'manage'],
  'team.read': ['read', 'viewer'], 'team.manage': ['write', 'admin'], 'team.app_create': ['write', 'member'],
};
const covers = (have, needed) => have === 'global' || have === needed ||
  (needed === 'read' && ['write', 'read-protected', 'write-protected'].includes(have)) ||
  (needed === 'write' && have === 'write-protected') ||
  (needed === 'read-protected' && have === 'write-protected');
const ALL = ['view', 'deploy', 'operate', 'manage'];
function permissionsOf(role) {
  if (role.teamRole === 'admin' || role.perms?.includes('manage')) return ALL;
  if (role.perms) return ALL.filter((p) => p === 'view' || role.perms.includes(p));
  if (role.teamRole === 'viewer') return ['view'];
  return [];
}
const RANK = { admin: 3, member: 2, viewer: 1 };

// What the table says: 'ok', 'forbidden' or 'hidden'.
function expected(action, scope, role) {
  const [needScope, needRole] = NEEDS[action];
  if (action.startsWith('team.')) {
    if (!RANK[role.teamRole]) return 'hidden';
    if (!covers(scope, needScope)) return 'forbidden';
    return RANK[role.teamRole] >= RANK[needRole] ? 'ok' : 'forbidden';
  }
  const perms = permissionsOf(role);
  if (!perms.length) return 'hidden';
  if (!covers(scope, needScope)) return 'forbidden';
  return perms.includes(needRole) ? 'ok' : 'forbidden';
}

// Roles on the team app: the team admin, members with one collaborator
// permission each, a team viewer, and an account outside the team.
const ROLES = [
  { name: 'admin', teamRole: 'admin' },
  { name: 'member-view', teamRole: 'member', perms: ['view'] },
  { name: 'member-deploy', teamRole: 'member', perms: ['view', 'deploy'] },
  { name: 'member-operate', teamRole: 'member', perms: ['view', 'operate'] },
  { name: 'member-manage', teamRole: 'member', perms: ['view', 'manage'] },
  { name: 'viewer', teamRole: 'viewer' },
  { name: 'stranger' },
];

let server, users = {}, spare, team, app;
const tokens = {};  // role name -> scope -> token

async function scopedToken(u, scope) {
  const r = await server.request('POST', '/oauth/authorizations', { token: u.token, body: { scope: [scope], description: scope } });
  assert.equal(r.status, 201, r.text);
  return r.json.access_token.token;
}

async function addCollaborator(appName, role) {
  const r = await server.request('POST', `/teams/apps/${appName}/collaborators`, {
    token: users.admin.token, body: { user: users[role.name].email, permissions: role.perms },
  });
  assert.equal(r.status, 201, r.text);
}

async function createTeamApp(name) {
  const r = await server.request('POST', '/teams/apps', { token: users.admin.token, body: { name, team } });
  assert.equal(r.status, 201, r.text);
  for (const role of ROLES) if (role.perms) await addCollaborator(name, role);
}

before(async () => {
  server = await startServer();
  for (const role of ROLES) users[role.name] = await userWithToken(server);
  spare = await userWithToken(server);
  team = `team-${process.pid}`;
  const t = await server.request('POST', '/teams', { token: users.admin.token, body: { name: team } });
  assert.equal(t.status, 201, t.text);
  for (const role of ROLES) {
    if (!role.teamRole || role.teamRole === 'admin') continue;
    const m = await server.request('PUT', `/teams/${team}/members`, {
      token: users.admin.token, body: { email: users[role.name].email, role: role.teamRole },
    });
    assert.equal(m.status, 200, m.text);
  }
  app = `app-${process.pid}`;
  await createTeamApp(app);
  for (const role of ROLES) {
    tokens[role.name] = {};
    for (const s of SCOPES) tokens[role.name][s] = await scopedToken(users[role.name], s);
  }
});
after(async () => { await server?.cleanup(); });

const MISSING = { status: 404, id: 'not_found' };

async function check(action, method, path, body, reset) {
  const missing = await server.request(method, path.replace(app, 'no-such-app-here').replace(team, 'no-such-team-here'), { token: users.admin.token, body });
  for (const role of ROLES) {
    for (const scope of SCOPES) {
      const want = expected(action, scope, role);
      const r = await server.request(method, path, { token: tokens[role.name][scope], body });
      const where = `${action} ${method} ${path} as ${role.name} with ${scope}: ${r.status} ${r.text}`;
      if (want === 'ok') {
        assert.ok(r.status >= 200 && r.status < 300, where);
        if (reset) await reset(r);
      } else if (want === 'forbidden') {
        assert.equal(r.status, 403, where);
        assert.equal(r.json.id, 'forbidden', where);
        const [needScope, needRole] = NEEDS[action];
        assert.ok(r.json.message.includes(covers(scope, needScope) ? needRole : needScope), where);
        // A narrow scope is also announced as RFC 6750 insufficient_scope; a missing permission is not.
        assert.equal(r.headers.get('www-authenticate'),
          covers(scope, needScope) ? null : `Bearer error="insufficient_scope", scope="${needScope}"`, where);
      } else {
        assert.equal(r.status, MISSING.status, where);
        assert.equal(r.json.id, MISSING.id, where);
        // Hidden looks exactly like missing.
        assert.equal(r.json.message, missing.json.message, where);
        assert.equal(r.json.resource, missing.json.resource, where);
      }
    }
  }
}

test('reading the app, its releases and collaborators', async () => {
  await check('app.read', 'GET', `/apps/${app}`);
  await check('app.read', 'GET', `/teams/apps/${app}`);
  for (const list of ['addons', 'dynos']) await check('app.read', 'GET', `/apps/${app}/${list}`);
  await check('release.read', 'GET', `/apps/${app}/releases`);
  await check('release.read', 'GET', `/apps/${app}/releases/1`);
  await check('collaborator.read', 'GET', `/apps/${app}/collaborators`);
  await check('collaborator.read', 'GET', `/teams/apps/${app}/collaborators`);
  await check('collaborator.read', 'GET', `/apps/${app}/collaborators/${users['member-view'].email}`);
});

test('config vars need the protected scopes and deploy', async () => {
  await check('config.read', 'GET', `/apps/${app}/config-vars`);
  await check('config.write', 'PATCH', `/apps/${app}/config-vars`, { SECRET_THING: 'x' });
});

test('changing, operating the app and its collaborators', async () => {
  await check('app.update', 'PATCH', `/apps/${app}`, { maintenance: false });
  await check('app.operate', 'DELETE', `/apps/${app}/dynos`);
  await check('collaborator.write', 'POST', `/teams/apps/${app}/collaborators`, { user: spare.email, permissions: ['view'] },
    async () => {
      const d = await server.request('DELETE', `/teams/apps/${app}/collaborators/${spare.email}`, { token: users.admin.token });
      assert.equal(d.status, 200, d.text);
    });
  // Changing and removing a collaborator (the spare account, re-added after each removal).
  const addSpare = async () => {
    const a = await server.request('POST', `/teams/apps/${app}/collaborators`, { token: users.admin.token, body: { user: spare.email, permissions: ['view'] } });
    assert.equal(a.status, 201, a.text);
  };
  await addSpare();
  await check('collaborator.write', 'PATCH', `/teams/apps/${app}/collaborators/${spare.email}`, { permissions: ['view', 'operate'] });
  await check('collaborator.write', 'DELETE', `/apps/${app}/collaborators/${spare.email}`, undefined, addSpare);
  await server.request('DELETE', `/apps/${app}/collaborators/${spare.email}`, { token: users.admin.token });
});

test('teams: members and team apps', async () => {
  await check('team.read', 'GET', `/teams/${team}`);
  await check('team.read', 'GET', `/teams/${team}/features`);
  await check('team.read', 'GET', `/teams/${team}/members`);
  await check('team.read', 'GET', `/teams/${team}/apps`);
  await check('team.manage', 'PUT', `/teams/${team}/members`, { email: spare.email, role: 'viewer' },
    async () => {
      const d = await server.request('DELETE', `/teams/${team}/members/${spare.email}`, { token: users.admin.token });
      assert.equal(d.status, 200, d.text);
    });
  await check('team.app_create', 'POST', `/teams/${team}/apps`, {}, async (r) => {
    const d = await server.request('DELETE', `/apps/${r.json.name}`, { token: users.admin.token });
    assert.equal(d.status, 200, d.text);
  });
});

test('deleting the app', async () => {
  let n = 0;
  for (const role of ROLES) {
    for (const scope of SCOPES) {
      const name = `del-${process.pid}-${n++}`;
      await createTeamApp(name);
      const want = expected('app.delete', scope, role);
      const r = await server.request('DELETE', `/apps/${name}`, { token: tokens[role.name][scope] });
      const where = `delete as ${role.name} with ${scope}: ${r.status} ${r.text}`;
      assert.equal(r.status, { ok: 200, forbidden: 403, hidden: 404 }[want], where);
      const after = await server.request('GET', `/apps/${name}`, { token: users.admin.token });
      assert.equal(after.status, want === 'ok' ? 404 : 200, where);
      if (want !== 'ok') await server.request('DELETE', `/apps/${name}`, { token: users.admin.token });
    }
  }
});

test('creating apps and teams needs a writing scope only', async () => {
  for (const scope of SCOPES) {
    const a = await server.request('POST', '/apps', { token: tokens.stranger[scope], body: {} });
    const t = await server.request('POST', '/teams', { token: tokens.stranger[scope], body: { name: `t${scope.replace(/[^a-z]/g, '')}-${process.pid}` } });
    const ok = covers(scope, 'write');
    assert.equal(a.status, ok ? 201 : 403, `${scope}: ${a.text}`);
    assert.equal(t.status, ok ? 201 : 403, `${scope}: ${t.text}`);
  }
});

test('a change of role takes effect on the next request', async () => {
  const viewer = users['member-view'];
  const t = tokens['member-view'].global;
  assert.equal((await server.request('PATCH', `/apps/${app}/config-vars`, { token: t, body: { A: '1' } })).status, 403);
  const up = await server.request('PATCH', `/teams/apps/${app}/collaborators/${viewer.email}`, {
    token: users.admin.token, body: { permissions: ['view', 'deploy'] },
  });
  assert.equal(up.status, 200, up.text);
  assert.equal((await server.request('PATCH', `/apps/${app}/config-vars`, { token: t, body: { A: '1' } })).status, 200);
  const down = await server.request('PATCH', `/teams/apps/${app}/collaborators/${viewer.email}`, {
    token: users.admin.token, body: { permissions: ['view'] },
  });
  assert.equal(down.status, 200, down.text);
  assert.equal((await server.request('PATCH', `/apps/${app}/config-vars`, { token: t, body: { A: '2' } })).status, 403);
  // Removed from the team app entirely: the app disappears.
  const rm = await server.request('DELETE', `/teams/apps/${app}/collaborators/${viewer.email}`, { token: users.admin.token });
  assert.equal(rm.status, 200, rm.text);
  assert.equal((await server.request('GET', `/apps/${app}`, { token: t })).status, 404);
  await addCollaborator(app, ROLES[1]);
});

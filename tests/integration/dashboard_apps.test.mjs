// The dashboard's Apps section, black-box with the scripted browser: apps and
// teams are made through the Platform API with tokens, then the pages are
// driven like a person would: /dashboard/apps (owned, collaborated and team
// apps, teams, the create form, empty state), /dashboard/apps/<app> (URLs,
// releases, collaborators, config var names but never values; add, change and
// remove collaborators through the forms, visible in the API), what a
// view-only collaborator and a stranger get (no forms, 403 on a POST anyway,
// 404), CSRF, /dashboard/teams/<team> (roles, last admin, leaving) and the
// security headers on every one of these pages.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, userWithToken } from './lib/server.mjs';
import { Browser, assertPageHeaders } from './lib/browser.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.cleanup(); });

const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '=');

// The csrf value of the form posting to `action` on `html`.
function csrfFor(html, action) {
  const forms = [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((m) => decode(m[1]) === action);
  assert.ok(form, `no form posting to ${action}`);
  return decode(form[2].match(/name="csrf" value="([^"]*)"/)[1]);
}
const hasForm = (html, action) =>
  [...html.matchAll(/<form[^>]*action="([^"]*)"/g)].some((m) => decode(m[1]) === action);

let counter = 0;
const appName = (tag = 'app') => `${tag}-${process.pid}-${++counter}`;

async function person() {
  const user = await userWithToken(server);
  const browser = new Browser(server);
  await browser.signIn(user.email, user.password);
  return { ...user, browser };
}

async function api(user, method, path, body, expected) {
  const r = await server.request(method, path, { token: user.token, body });
  if (expected !== undefined) assert.equal(r.status, expected, `${method} ${path}: ${r.text}`);
  return r;
}
const createApp = async (user, body) => (await api(user, 'POST', '/apps', body, 201)).json;
const createTeam = async (user, name) => (await api(user, 'POST', '/teams', { name }, 201)).json;
const collaborators = async (user, app) => (await api(user, 'GET', `/apps/${app}/collaborators`, undefined, 200)).json;
const permsOf = (list, email) => list.find((c) => c.user.email === email)?.permissions.map((p) => p.name);
const members = async (user, team) => (await api(user, 'GET', `/teams/${team}/members`, undefined, 200)).json;

// POSTs the form of `page` that posts to `action`, with its own CSRF token.
async function submit(browser, page, action, fields = {}) {
  const body = new URLSearchParams({ csrf: csrfFor(page.text, action) });
  for (const [k, v] of Object.entries(fields))
    for (const one of [].concat(v)) body.append(k, one);
  return browser.post(action, body);
}


describe('the apps list', () => {
  test('owned, collaborated and team apps with permissions; teams with roles; nav entry', async () => {
    const alice = await person();
    const bob = await person();
    const own = await createApp(alice, { name: appName('own') });
    const theirs = await createApp(bob, { name: appName('theirs') });
    await api(bob, 'POST', `/apps/${theirs.name}/collaborators`, { user: alice.email, permissions: ['view'] }, 201);
    const team = await createTeam(alice, appName('team'));
    const teamApp = await createApp(alice, { name: appName('tapp'), team: team.name });
    const hidden = await createApp(bob, { name: appName('hidden') });

    const page = await alice.browser.get('/dashboard/apps');
    assert.equal(page.status, 200);
    const text = decode(page.text);
    assert.match(text, /<h1>Apps<\/h1>/);
    assert.match(text, /<a href="\/dashboard\/apps" aria-current="page">Apps<\/a>/);
    assert.ok(text.indexOf('>Applications</a>') < text.indexOf('>Apps</a>') &&
      text.indexOf('>Apps</a>') < text.indexOf('>Sessions</a>'), 'Apps between Applications and Sessions');
    assert.ok(!text.includes('}}'), 'no template text leaks');
    const row = (name) => text.match(new RegExp(`<a href="/dashboard/apps/${name}">${name}</a></th>\\s*<td>([^<]*)</td>\\s*<td>([^<]*)</td>`));
    assert.deepEqual(row(own.name).slice(1), ['Personal', 'view, deploy, operate, manage']);
    assert.deepEqual(row(theirs.name).slice(1), ['Personal', 'view']);
    assert.deepEqual(row(teamApp.name).slice(1), [team.name, 'view, deploy, operate, manage']);
    assert.ok(!text.includes(hidden.name), "someone else's app is not listed");
    assert.match(text, new RegExp(`<a href="/dashboard/teams/${team.name}">${team.name}</a></th>\\s*<td>admin</td>`));
    assert.doesNotMatch(text, /You have no apps yet/);
  });

  test('empty state, then create an app (personal and in a team) through the form', async () => {
    const carol = await person();
    const empty = await carol.browser.get('/dashboard/apps');
    assert.equal(empty.status, 200);
    assert.match(decode(empty.text), /You have no apps yet. Create one with <code>latchkey apps:create<\/code> or <code>heroku apps:create<\/code>./);
    assert.match(empty.text, /You are not in any team./);
    assert.match(empty.text, /<label for="app-name">Name/);
    assert.doesNotMatch(empty.text, /id="app-team"/, 'no team select without teams');

    const name = appName('made');
    const res = await submit(carol.browser, empty, '/dashboard/apps', { name });
    assert.equal(res.status, 303);
    assert.equal(res.location, `/dashboard/apps/${name}`);
    const shown = await carol.browser.get(res.location);
    assert.match(shown.text, new RegExp(`App ${name} created.`));
    const info = await api(carol, 'GET', `/apps/${name}`, undefined, 200);
    assert.equal(info.json.owner.email, carol.email);
    assert.equal(info.json.team, null);

    const team = await createTeam(carol, appName('cteam'));
    const withTeam = await carol.browser.get('/dashboard/apps');
    assert.match(withTeam.text, new RegExp(`<option value="${team.name}">${team.name}</option>`));
    const teamAppName = appName('inteam');
    const made = await submit(carol.browser, withTeam, '/dashboard/apps', { name: teamAppName, team: team.name });
    assert.equal(made.status, 303);
    assert.equal((await api(carol, 'GET', `/apps/${teamAppName}`, undefined, 200)).json.team.name, team.name);
  });

  test('bad and taken names: the form again with the reason, nothing created', async () => {
    const dan = await person();
    const taken = await createApp(dan, { name: appName('taken') });
    const page = await dan.browser.get('/dashboard/apps');
    const bad = await submit(dan.browser, page, '/dashboard/apps', { name: 'Not_Valid' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /class="flash flash-error" role="alert"/);
    assert.match(bad.text, /lowercase letters, digits, and dashes/);
    assert.match(bad.text, /value="Not_Valid"/, 'the form keeps what was typed');
    const dup = await submit(dan.browser, page, '/dashboard/apps', { name: taken.name });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /is already taken/);
    const list = await api(dan, 'GET', '/apps', undefined, 200);
    assert.equal(list.json.length, 1);
  });
});

describe('one app', () => {
  test('details, releases, collaborators, config var names but never values', async () => {
    const owner = await person();
    const friend = await userWithToken(server);
    const app = await createApp(owner, { name: appName('show') });
    await api(owner, 'PATCH', `/apps/${app.name}/config-vars`, { DATABASE_URL: 'postgres://u:hunter2-secret@db/x' }, 200);
    await api(owner, 'POST', `/apps/${app.name}/collaborators`, { user: friend.email }, 201);

    const page = await owner.browser.get(`/dashboard/apps/${app.name}`);
    assert.equal(page.status, 200);
    const text = decode(page.text);
    assert.match(text, new RegExp(`<h1>${app.name}</h1>`));
    assert.match(text, /<a href="\/dashboard\/apps" aria-current="page">Apps<\/a>/);
    assert.match(text, new RegExp(`<code id="git-url">${app.git_url.replace(/\./g, '\\.')}</code>`));
    assert.match(text, /data-copy-target="git-url"/);
    assert.ok(text.includes(app.web_url), 'web URL');
    assert.match(text, new RegExp(`<th scope="row">Owner</th><td>${owner.email}</td>`));
    assert.match(text, /<td>v2<\/td>\s*<td>Set DATABASE_URL config vars<\/td>/);
    assert.match(text, /<td>v1<\/td>\s*<td>Initial release<\/td>/);
    assert.ok(text.indexOf('<td>v2</td>') < text.indexOf('<td>v1</td>'), 'newest first');
    assert.match(text, new RegExp(`${owner.email}</th>\\s*<td>owner: view, deploy, operate, manage</td>`));
    assert.match(text, new RegExp(`${friend.email}</th>[\\s\\S]*?view, deploy, operate`));
    assert.match(text, /<code>DATABASE_URL<\/code>/);
    assert.match(text, /values are secrets/);
    assert.ok(!text.includes('hunter2'), 'no config value on the page');
    assert.match(text, /<h3>Add collaborator<\/h3>/);
    for (const p of ['view', 'deploy', 'operate', 'manage'])
      assert.match(text, new RegExp(`<label for="add-${p}">${p}</label>`));
    assert.match(text, /<label for="collaborator-email">Email<\/label>/);
    assert.match(text, /id="collaborator-email" name="email" type="email" required maxlength="254" autocomplete="off"/);
  });

  test('only the newest ten releases', async () => {
    const owner = await person();
    const app = await createApp(owner, { name: appName('rel') });
    for (let i = 0; i < 11; i++)
      await api(owner, 'PATCH', `/apps/${app.name}/config-vars`, { [`K${i}`]: 'v' }, 200);
    const text = (await owner.browser.get(`/dashboard/apps/${app.name}`)).text;
    assert.match(text, /<td>v12<\/td>/);
    assert.match(text, /<td>v3<\/td>/);
    assert.doesNotMatch(text, /<td>v2<\/td>/);
    assert.doesNotMatch(text, /<td>v1<\/td>/);
  });

  test('add and remove a collaborator through the forms; the API sees it', async () => {
    const owner = await person();
    const friend = await userWithToken(server);
    const app = await createApp(owner, { name: appName('addrm') });
    const page = await owner.browser.get(`/dashboard/apps/${app.name}`);
    const add = `/dashboard/apps/${app.name}/collaborators`;
    const res = await submit(owner.browser, page, add, { email: friend.email, permission: ['deploy', 'manage'] });
    assert.equal(res.status, 303);
    assert.equal(res.location, `/dashboard/apps/${app.name}`);
    const after = await owner.browser.get(res.location);
    assert.match(after.text, new RegExp(`Added ${friend.email} as a collaborator.`));
    assert.deepEqual(permsOf(await collaborators(owner, app.name), friend.email), ['view', 'deploy', 'manage']);
    assert.equal((await api(friend, 'GET', `/apps/${app.name}`)).status, 200, 'the friend now sees the app');

    // Unknown account and duplicate: the page again with the reason.
    const unknown = await submit(owner.browser, after, add, { email: 'nobody-here@example.com' });
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /There is no account with the email nobody-here@example.com./);
    const dup = await submit(owner.browser, after, add, { email: friend.email });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /already a collaborator/);

    const id = friend.account.id;
    const removeUrl = `/dashboard/apps/${app.name}/collaborators/${id}/remove`;
    assert.ok(decode(after.text).includes(`href="${removeUrl}"`), 'Remove link');
    const confirm = await owner.browser.get(removeUrl);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /<h1>Remove collaborator\?<\/h1>/);
    assert.ok(confirm.text.includes(friend.email));
    assert.ok(permsOf(await collaborators(owner, app.name), friend.email), 'GET changes nothing');
    const removed = await submit(owner.browser, confirm, removeUrl);
    assert.equal(removed.status, 303);
    assert.match((await owner.browser.get(removed.location)).text, new RegExp(`Removed ${friend.email} from ${app.name}.`));
    assert.equal(permsOf(await collaborators(owner, app.name), friend.email), undefined);
    assert.equal((await api(friend, 'GET', `/apps/${app.name}`)).status, 404, 'the friend lost the app');
    assert.equal((await owner.browser.get(removeUrl)).status, 404, 'gone');
  });

  test('team app: permissions of a collaborator changed through the form', async () => {
    const admin = await person();
    const member = await userWithToken(server);
    const team = await createTeam(admin, appName('pteam'));
    await api(admin, 'PUT', `/teams/${team.name}/members`, { email: member.email, role: 'member' }, 200);
    const app = await createApp(admin, { name: appName('tperm'), team: team.name });
    await api(admin, 'POST', `/teams/apps/${app.name}/collaborators`, { user: member.email, permissions: ['view'] }, 201);
    const page = await admin.browser.get(`/dashboard/apps/${app.name}`);
    assert.match(page.text, /Team admins have every permission/);
    assert.match(decode(page.text), new RegExp(`<a href="/dashboard/teams/${team.name}">${team.name}</a>`));
    const action = `/dashboard/apps/${app.name}/collaborators/${member.account.id}/permissions`;
    assert.match(page.text, new RegExp(`<label for="perm-${member.account.id}-deploy">deploy</label>`));
    const res = await submit(admin.browser, page, action, { permission: ['deploy', 'operate'] });
    assert.equal(res.status, 303);
    assert.match((await admin.browser.get(res.location)).text, new RegExp(`Permissions of ${member.email} changed.`));
    assert.deepEqual(permsOf(await collaborators(admin, app.name), member.email), ['view', 'deploy', 'operate']);
    const bad = await submit(admin.browser, page, action, { permission: 'root' });
    assert.equal(bad.status, 422);
    assert.deepEqual(permsOf(await collaborators(admin, app.name), member.email), ['view', 'deploy', 'operate']);
  });
});

describe('who may do what', () => {
  test('a view-only collaborator sees the list only; its POSTs are refused', async () => {
    const owner = await person();
    const viewer = await person();
    const other = await userWithToken(server);
    const app = await createApp(owner, { name: appName('viewonly') });
    await api(owner, 'PATCH', `/apps/${app.name}/config-vars`, { SECRET_NAME: 'x' }, 200);
    await api(owner, 'POST', `/apps/${app.name}/collaborators`, { user: viewer.email, permissions: ['view'] }, 201);
    await api(owner, 'POST', `/apps/${app.name}/collaborators`, { user: other.email }, 201);

    const page = await viewer.browser.get(`/dashboard/apps/${app.name}`);
    assert.equal(page.status, 200);
    const text = decode(page.text);
    assert.ok(text.includes(other.email) && text.includes(owner.email), 'the collaborators are listed');
    assert.match(text, /<td id="your-permissions">view<\/td>/);
    assert.doesNotMatch(text, /Add collaborator/);
    assert.ok(!hasForm(text, `/dashboard/apps/${app.name}/collaborators`), 'no add form');
    assert.doesNotMatch(text, /\/remove"/, 'no remove links');
    // (Release descriptions name changed keys, as in the API: that is view's to see.)
    assert.doesNotMatch(text, /<h2 id="config-heading">|<code>SECRET_NAME<\/code>/, 'no config without deploy');

    const removeUrl = `/dashboard/apps/${app.name}/collaborators/${other.account.id}/remove`;
    assert.equal((await viewer.browser.get(removeUrl)).status, 403, 'no confirmation page');
    const forged = await viewer.browser.post(`/dashboard/apps/${app.name}/collaborators`, { email: viewer.email, permission: 'manage' });
    assert.equal(forged.status, 403);
    assert.equal((await viewer.browser.post(removeUrl, {})).status, 403);
    assert.deepEqual(permsOf(await collaborators(owner, app.name), viewer.email), ['view']);
    assert.ok(permsOf(await collaborators(owner, app.name), other.email));
  });

  test('a form kept from when it could manage: the service refuses with the permission it lacks', async () => {
    const owner = await person();
    const helper = await person();
    const newcomer = await userWithToken(server);
    const app = await createApp(owner, { name: appName('stale') });
    await api(owner, 'POST', `/apps/${app.name}/collaborators`, { user: helper.email, permissions: ['view', 'manage'] }, 201);
    const page = await helper.browser.get(`/dashboard/apps/${app.name}`);
    assert.match(page.text, /Add collaborator/, 'with manage the form is there');
    await api(owner, 'PATCH', `/apps/${app.name}/collaborators/${helper.email}`, { permissions: ['view'] }, 200);
    const res = await submit(helper.browser, page, `/dashboard/apps/${app.name}/collaborators`, { email: newcomer.email });
    assert.equal(res.status, 403);
    assert.match(res.text, /You need the manage permission/);
    assertPageHeaders(res, '403 page');
    assert.equal(permsOf(await collaborators(owner, app.name), newcomer.email), undefined);
  });

  test('another account gets 404 on the app, its actions and the team', async () => {
    const owner = await person();
    const stranger = await person();
    const app = await createApp(owner, { name: appName('secret') });
    const team = await createTeam(owner, appName('steam'));
    const paths = [`/dashboard/apps/${app.name}`, `/dashboard/apps/${app.id}`,
      `/dashboard/apps/${app.name}/collaborators/${owner.account.id}/remove`, `/dashboard/teams/${team.name}`,
      `/dashboard/teams/${team.name}/members/${owner.account.id}/remove`, '/dashboard/apps/no-such-app-here'];
    for (const path of paths) {
      const r = await stranger.browser.get(path);
      assert.equal(r.status, 404, path);
      assertPageHeaders(r, path);
      assert.ok(!r.text.includes(owner.email), path);
    }
    const missing = await stranger.browser.get(`/dashboard/apps/${app.name}`);
    assert.equal(decode(missing.text).includes("Couldn't find that app."), true);
    const post = await stranger.browser.post(`/dashboard/apps/${app.name}/collaborators`, { email: stranger.email });
    assert.equal(post.status, 404);
    assert.equal((await owner.browser.get(`/dashboard/apps/${app.name}`)).status, 200);
    for (const path of ['/dashboard/apps/a/b/c/d/e/f', '/dashboard/apps/~', '/dashboard/apps/x/collaborators/y', '/dashboard/apps/'])
      assert.equal((await owner.browser.get(path)).status, 404, path);
    assert.equal((await owner.browser.go('DELETE', `/dashboard/apps/${app.name}`)).status, 405);
  });

  test('CSRF missing, wrong, for another object, or cross-site: 403, nothing changed', async () => {
    const owner = await person();
    const friend = await userWithToken(server);
    const app = await createApp(owner, { name: appName('csrf') });
    const second = await createApp(owner, { name: appName('csrf2') });
    const add = `/dashboard/apps/${app.name}/collaborators`;
    const otherToken = csrfFor((await owner.browser.get(`/dashboard/apps/${second.name}`)).text, `/dashboard/apps/${second.name}/collaborators`);
    const ownToken = csrfFor((await owner.browser.get(`/dashboard/apps/${app.name}`)).text, add);
    for (const csrf of [undefined, 'wrong', otherToken]) {
      const form = csrf === undefined ? { email: friend.email } : { csrf, email: friend.email };
      assert.equal((await owner.browser.post(add, form)).status, 403);
    }
    assert.equal((await owner.browser.post(add, { csrf: ownToken, email: friend.email }, { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await owner.browser.post('/dashboard/apps', { name: appName('nocsrf') })).status, 403);
    assert.equal(permsOf(await collaborators(owner, app.name), friend.email), undefined);
    assert.equal((await api(owner, 'GET', '/apps', undefined, 200)).json.length, 2);
  });
});

describe('teams', () => {
  test('members with roles and two-factor; an admin adds a member and changes a role', async () => {
    const admin = await person();
    const member = await userWithToken(server);
    const newcomer = await userWithToken(server);
    const team = await createTeam(admin, appName('roles'));
    await api(admin, 'PUT', `/teams/${team.name}/members`, { email: member.email, role: 'member' }, 200);
    const teamApp = await createApp(admin, { name: appName('rapp'), team: team.name });

    const url = `/dashboard/teams/${team.name}`;
    const page = await admin.browser.get(url);
    assert.equal(page.status, 200);
    const text = decode(page.text);
    assert.match(text, new RegExp(`<h1>${team.name}</h1>`));
    assert.match(text, /<strong id="your-role">admin<\/strong>/);
    assert.match(text, new RegExp(`${admin.email} <span class="muted">\\(you\\)</span>`));
    assert.match(text, /<td>Off<\/td>/);
    assert.match(text, new RegExp(`<a href="/dashboard/apps/${teamApp.name}">${teamApp.name}</a>`));
    assert.match(text, new RegExp(`<label for="role-${member.account.id}" class="hint">Role of ${member.email}</label>`));

    const roleAction = `${url}/members/${member.account.id}/role`;
    const changed = await submit(admin.browser, page, roleAction, { role: 'viewer' });
    assert.equal(changed.status, 303);
    assert.match((await admin.browser.get(changed.location)).text, new RegExp(`${member.email} is now viewer.`));
    assert.equal((await members(admin, team.name)).find((m) => m.email === member.email).role, 'viewer');

    const added = await submit(admin.browser, page, `${url}/members`, { email: newcomer.email, role: 'member' });
    assert.equal(added.status, 303);
    assert.equal((await members(admin, team.name)).find((m) => m.email === newcomer.email).role, 'member');
    const again = await submit(admin.browser, page, `${url}/members`, { email: newcomer.email, role: 'admin' });
    assert.equal(again.status, 409, 'adding an existing member does not change its role');
    assert.equal((await members(admin, team.name)).find((m) => m.email === newcomer.email).role, 'member');
    const badRole = await submit(admin.browser, page, roleAction, { role: 'owner' });
    assert.equal(badRole.status, 422);
    assert.match(badRole.text, /Unknown role/);

    // The last admin cannot demote itself.
    const self = await submit(admin.browser, page, `${url}/members/${admin.account.id}/role`, { role: 'member' });
    assert.equal(self.status, 409);
    assert.match(self.text, /A team needs at least one admin./);
    assert.equal((await members(admin, team.name)).find((m) => m.email === admin.email).role, 'admin');
    assertPageHeaders(page, 'team page');
  });

  test('a member sees no admin forms, cannot remove others, and can leave', async () => {
    const admin = await person();
    const member = await person();
    const team = await createTeam(admin, appName('leave'));
    await api(admin, 'PUT', `/teams/${team.name}/members`, { email: member.email, role: 'member' }, 200);
    const url = `/dashboard/teams/${team.name}`;
    const page = await member.browser.get(url);
    assert.equal(page.status, 200);
    const text = decode(page.text);
    assert.match(text, /<strong id="your-role">member<\/strong>/);
    assert.doesNotMatch(text, /Add member|Change role/);
    assert.ok(!text.includes(`${url}/members/${admin.account.id}/remove`), 'no remove for others');
    const leaveUrl = `${url}/members/${member.account.id}/remove`;
    assert.ok(text.includes(`href="${leaveUrl}"`) && text.includes('Leave team'));

    assert.equal((await member.browser.get(`${url}/members/${admin.account.id}/remove`)).status, 403);
    assert.equal((await member.browser.post(`${url}/members`, { email: member.email, role: 'admin' })).status, 403);

    const confirm = await member.browser.get(leaveUrl);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /<h1>Leave team\?<\/h1>/);
    const left = await submit(member.browser, confirm, leaveUrl);
    assert.equal(left.status, 303);
    assert.equal(left.location, '/dashboard/apps');
    assert.match((await member.browser.get(left.location)).text, new RegExp(`You left ${team.name}.`));
    assert.ok(!(await members(admin, team.name)).some((m) => m.email === member.email));
    assert.equal((await member.browser.get(url)).status, 404, 'no longer visible');
  });

  test('an admin removes a member through the confirmation page; the last admin cannot leave', async () => {
    const admin = await person();
    const member = await userWithToken(server);
    const team = await createTeam(admin, appName('rm'));
    await api(admin, 'PUT', `/teams/${team.name}/members`, { email: member.email, role: 'viewer' }, 200);
    const url = `/dashboard/teams/${team.name}`;
    const removeUrl = `${url}/members/${member.account.id}/remove`;
    const confirm = await admin.browser.get(removeUrl);
    assert.match(confirm.text, /<h1>Remove member\?<\/h1>/);
    assert.equal((await admin.browser.post(removeUrl, {})).status, 403, 'no CSRF token');
    const removed = await submit(admin.browser, confirm, removeUrl);
    assert.equal(removed.status, 303);
    assert.equal(removed.location, url);
    assert.ok(!(await members(admin, team.name)).some((m) => m.email === member.email));

    const leaveUrl = `${url}/members/${admin.account.id}/remove`;
    const leave = await admin.browser.get(leaveUrl);
    const refused = await submit(admin.browser, leave, leaveUrl);
    assert.equal(refused.status, 409);
    assert.match(refused.text, /A team needs at least one admin./);
    assert.equal((await members(admin, team.name)).length, 1);
  });
});

test('security headers on the apps pages', async () => {
  const owner = await person();
  const app = await createApp(owner, { name: appName('hdr') });
  const friend = await userWithToken(server);
  await api(owner, 'POST', `/apps/${app.name}/collaborators`, { user: friend.email }, 201);
  const team = await createTeam(owner, appName('hdrteam'));
  for (const path of ['/dashboard/apps', `/dashboard/apps/${app.name}`, `/dashboard/teams/${team.name}`,
    `/dashboard/apps/${app.name}/collaborators/${friend.account.id}/remove`, '/dashboard/apps/nope-nope', '/dashboard/teams'])
    assertPageHeaders(await owner.browser.get(path), path);
  const anon = new Browser(server);
  const redirected = await anon.get(`/dashboard/apps/${app.name}`);
  assert.equal(redirected.status, 303);
  assert.match(redirected.location, /^\/login\?next=/);
  assertPageHeaders(redirected, 'signed out');
});

// The peer for bench/oauth/run: oidc-provider (pinned in package.json),
// configured as close to latchkeyd as its options allow for the two cases
// measured — one confidential client (client_secret_basic) allowed the
// client_credentials grant and the `identity` scope, introspection on and
// limited to the token's own client, opaque access tokens lasting 8 h.
// Storage is oidc-provider's default in-memory adapter (an LRU map in this
// process): nothing is persisted, unlike latchkeyd's SQLite.
//
// Usage: node peer.mjs <client_id> <client_secret>
// Prints "listening on http://127.0.0.1:<port>" once ready.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const [clientId, clientSecret] = process.argv.slice(2);
if (!clientId || !clientSecret) {
  console.error('usage: node peer.mjs <client_id> <client_secret>');
  process.exit(2);
}

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: 'identity',
  }],
  // latchkeyd signs ID tokens with ES256 only; so does the peer.
  clientDefaults: { id_token_signed_response_alg: 'ES256' },
  scopes: ['openid', 'identity'],
  jwks: { keys: [{ ...signingKey, alg: 'ES256', use: 'sig', kid: 'bench' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      // As latchkeyd: a client sees only its own tokens; anything else is {"active":false}.
      allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId,
    },
    revocation: { enabled: true },
  },
  ttl: { ClientCredentials: 8 * 3600 },
  // Same paths as latchkeyd, so the bench drives both with one script.
  routes: { token: '/oauth/token', introspection: '/oauth/introspect', revocation: '/oauth/revoke' },
});
server.on('request', provider.callback());
console.log(`listening on ${issuer}`);

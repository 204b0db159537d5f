// A real OpenID Provider (the certified npm package oidc-provider) for the single sign-on
// tests, on 127.0.0.1. Settings come from the environment:
//   PORT                      the port to listen on (the issuer is http://127.0.0.1:PORT)
//   CLIENT_ID, CLIENT_SECRET  the one client: the app under test
//   REDIRECT_URI              its callback; POST_LOGOUT_REDIRECT_URI where log-out returns to
//   USERS_FILE                JSON {"login": {"email", "name", "groups": [...]}}, read at each
//                             use, so a test can change a person's groups between log-ins
//   TOKEN_CLOCK_OFFSET        seconds added to the clock while tokens are issued (negative:
//                             ID tokens that expired before they arrive)
//   FOREIGN_JWKS=1            publish another key under the signing key's id, so every ID
//                             token's signature fails to verify
// Sign-in is the package's development interaction: a form taking any password for a login
// that USERS_FILE lists. It prints "ready <issuer>" once it listens.
import crypto from 'node:crypto';
import fs from 'node:fs';

import Provider from 'oidc-provider';

const env = process.env;
const port = Number(env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const KID = 'signing-key';

function rsaJwk() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };
}

function publicPart(jwk) {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}

function users() {
  return JSON.parse(fs.readFileSync(env.USERS_FILE, 'utf8'));
}

const signing = rsaJwk();

const configuration = {
  clients: [{
    client_id: env.CLIENT_ID,
    client_secret: env.CLIENT_SECRET,
    redirect_uris: [env.REDIRECT_URI],
    post_logout_redirect_uris: [env.POST_LOGOUT_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signing] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  // As Microsoft Entra ID does: the claims asked for go in the ID token itself.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => true },
  async findAccount(ctx, id) {
    const person = users()[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id, email: person.email, email_verified: true, name: person.name,
          groups: person.groups,
        };
      },
    };
  },
  // The app is the municipality's own: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);

const offset = Number(env.TOKEN_CLOCK_OFFSET || 0) * 1000;
const foreign = env.FOREIGN_JWKS === '1' ? publicPart(rsaJwk()) : null;

provider.use(async (ctx, next) => {
  if (foreign && ctx.path === '/jwks') {
    ctx.type = 'application/jwk-set+json';
    ctx.body = { keys: [foreign] };
    return;
  }
  if (offset && ctx.path === '/token') {
    const realNow = Date.now;
    Date.now = () => realNow() + offset;
    try {
      await next();
    } finally {
      Date.now = realNow;
    }
    return;
  }
  await next();
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});

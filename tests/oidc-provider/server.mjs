// A real OpenID provider for `make dev` and the tests: node-oidc-provider (OpenID
// certified), configured from a JSON file of demo accounts, clients and APIs.
//
//   node server.mjs CONFIG.json [--exit-with-stdin]
//
// It listens on CONFIG.host:CONFIG.port (port 0: a free port chosen by the kernel, so
// parallel test runs never collide) and prints one JSON line on stdout once it serves:
// {"issuer": "http://127.0.0.1:PORT"}. It stops on SIGTERM, and with
// --exit-with-stdin also when its stdin closes.
//
// CONFIG (every key optional except accounts and clients):
//   accounts:  {"<login>": {<claims of the person>}}  the sub is the login; "acr": the
//              level this person's sign-in is given (ID-porten's idporten-loa-...)
//   clients:   [<client metadata, RFC 7591>]           e.g. private_key_jwt with a jwks
//   resources: {"<indicator>": {"scope": "a b", "ttl": 600}}  APIs; tokens for them are JWTs
//   default_resource: "<indicator>"                   when a request names none
//   client_claims: {"<client_id>": {<claims>}}        added to that client's access tokens
//   client_ttl: {"<client_id>": seconds}              that client's access token lifetime
//   ttl: {"AccessToken": 600, "IdToken": 600, "RefreshToken": 86400}  AccessToken: for every API
//   max_assertion_lifetime: 120   a client assertion (private_key_jwt) whose exp is more
//              than this many seconds after its iat (or that has no iat) is refused with
//              invalid_client, as Maskinporten does
//
// Key rotation: on SIGHUP the provider makes a new signing key, signs with it from then
// on, keeps publishing the previous key in its JWKS, and prints {"rotated": "<new kid>"}.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

// stdout carries only our JSON lines (the issuer, key rotations): the provider's own
// notices (console.info, console.log) go to stderr.
console.info = console.error;
console.log = console.error;

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts ?? {};
const resources = config.resources ?? {};
const clientClaims = config.client_claims ?? {};
const ttl = config.ttl ?? {};
const clientTtl = config.client_ttl ?? {};
const apiScopes = [...new Set(Object.values(resources).flatMap((r) => (r.scope ?? '').split(' ').filter(Boolean)))];
// acr is the provider's to state (the level of the sign-in), not a claim of the person.
const personClaims = [...new Set(Object.values(accounts).flatMap((claims) => Object.keys(claims)))]
  .filter((claim) => claim !== 'acr');
const acrValues = [...new Set(Object.values(accounts).map((claims) => claims.acr).filter(Boolean))];
const maxAssertionLifetime = config.max_assertion_lifetime ?? 120;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') };
}

// Why a client assertion's lifetime is refused, or null. node-oidc-provider checks its
// signature, audience, expiry and jti (replay), not how long it was made to live.
function assertionLifetimeProblem(form) {
  const assertion = form.get('client_assertion');
  if (!assertion || form.get('client_assertion_type') !== ASSERTION_TYPE) return null;
  let claims;
  try {
    claims = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return null; // malformed: the provider itself refuses it
  }
  if (typeof claims?.exp !== 'number') return null;
  if (typeof claims.iat !== 'number') return 'the client assertion has no iat';
  if (claims.exp - claims.iat > maxAssertionLifetime) {
    return `the client assertion lives ${claims.exp - claims.iat} s, more than ${maxAssertionLifetime} s`;
  }
  return null;
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`
    + `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function loginPage(uid, error) {
  const action = `/interaction/${escapeHtml(uid)}/login`;
  const known = Object.entries(accounts).map(([login, claims]) => `<li><form method="post" action="${action}">`
    + `<input type="hidden" name="login" value="${escapeHtml(login)}">`
    + `<button type="submit">${escapeHtml(claims.name ?? login)}</button></form></li>`).join('');
  return page('Sign in (test provider)', `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
    <form method="post" action="${action}">
      <label>User <input name="login" autocomplete="off" autofocus></label>
      <button type="submit">Sign in</button>
    </form><p>Demo users:</p><ul>${known}</ul>`);
}

async function readBody(req, limit) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) throw new Error('form too large');
  }
  return body;
}

async function readForm(req) {
  return new URLSearchParams(await readBody(req, 10000));
}

// The token endpoint: a client assertion that lives too long is refused before the
// provider sees it; otherwise the provider gets the body already read (req.body).
async function token(callback, req, res) {
  const body = await readBody(req, 56 * 1024);
  const form = new URLSearchParams(body);
  const problem = assertionLifetimeProblem(form);
  if (problem) {
    res.writeHead(401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: 'invalid_client', error_description: problem }));
    return;
  }
  req.body = Object.fromEntries(form);
  callback(req, res);
}

async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const send = (status, html) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };
  if (req.method === 'GET') {
    send(200, loginPage(details.uid));
    return;
  }
  const form = await readForm(req);
  const login = form.get('login') ?? '';
  if (!Object.hasOwn(accounts, login)) {
    send(400, loginPage(details.uid, `unknown user: ${login}`));
    return;
  }
  const { acr } = accounts[login];
  await provider.interactionFinished(req, res, { login: { accountId: login, ...(acr ? { acr } : {}) } }, { mergeWithLastSubmission: false });
}

const server = http.createServer();
server.listen(config.port ?? 0, config.host ?? '127.0.0.1', async () => {
  const { port } = server.address();
  const issuer = `http://${config.host ?? '127.0.0.1'}:${port}`;
  const cookieKeys = [randomBytes(32).toString('hex')];
  const makeProvider = (keys) => new Provider(issuer, {
    clients: config.clients ?? [],
    scopes: ['openid', 'offline_access', ...apiScopes],
    jwks: { keys },
    cookies: { keys: cookieKeys },
    claims: { acr: null, auth_time: null, sid: null, openid: ['sub'], profile: ['name', ...personClaims.filter((c) => c !== 'sub' && c !== 'name')] },
    conformIdTokenClaims: false,
    ...(acrValues.length ? { acrValues } : {}),
    async findAccount(_ctx, sub) {
      if (!Object.hasOwn(accounts, sub)) return undefined;
      const { acr: _acr, ...claims } = accounts[sub];
      return { accountId: sub, claims: async () => ({ ...claims, sub }) };
    },
    async loadExistingGrant(ctx) {
      // A first-party provider: every requested scope is granted without a consent page.
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope ?? 'openid');
      for (const indicator of Object.keys(ctx.oidc.resourceServers ?? {})) {
        grant.addResourceScope(indicator, ctx.oidc.params.scope ?? '');
      }
      await grant.save();
      return grant;
    },
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    async extraTokenClaims(_ctx, token) {
      if (token.accountId && Object.hasOwn(accounts, token.accountId)) {
        const { sub: _sub, acr: _acr, ...claims } = accounts[token.accountId];
        return claims;
      }
      return clientClaims[token.clientId];
    },
    interactions: { url: (_ctx, details) => `/interaction/${details.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page('Sign out (test provider)', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`);
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? config.default_resource,
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, indicator, client) {
          const info = resources[indicator];
          if (!info) throw new errors.InvalidTarget();
          return {
            scope: info.scope ?? '',
            audience: indicator,
            accessTokenTTL: clientTtl[client?.clientId] ?? info.ttl ?? ttl.AccessToken ?? 600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: {
      IdToken: ttl.IdToken ?? 600,
      RefreshToken: ttl.RefreshToken ?? 86400,
      Interaction: 600,
      Session: 86400,
      Grant: 86400,
    },
  });
  // The first key signs; the others are still published (tokens they signed stay valid).
  let keys = [signingKey()];
  let provider = makeProvider(keys);
  let callback = provider.callback();
  process.on('SIGHUP', () => {
    keys = [signingKey(), keys[0]];
    provider = makeProvider(keys);
    callback = provider.callback();
    process.stdout.write(`${JSON.stringify({ rotated: keys[0].kid })}\n`);
  });
  server.on('request', (req, res) => {
    const url = new URL(req.url, issuer);
    const failed = (what) => (error) => {
      if (res.headersSent) return;
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`${what} failed: ${error.message}`);
    };
    if (url.pathname.startsWith('/interaction/')) {
      interaction(provider, req, res).catch(failed('interaction'));
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      token(callback, req, res).catch(failed('token request'));
      return;
    }
    callback(req, res);
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.argv.includes('--exit-with-stdin')) {
  // The test fixtures hold stdin open: the provider ends with them, even after a crash.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

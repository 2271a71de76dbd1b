// A real OpenID Provider for loginkit's end-to-end tests, built on the npm
// package oidc-provider (pinned in package.json). It serves Scalekit's paths
// (/oauth/authorize, /oauth/token, /oidc/logout, /keys) on 127.0.0.1 with the
// plain-HTML development login and consent forms, so drive-login.mjs (or a
// person with a browser) can complete a login without any real user store.
//
// stdout: exactly one line, "OP ready <issuer>", once listening.
// stderr: one "OP ..." line per authorization, token, interaction and logout
// request (parameter NAMES and the client authentication method, never secret
// values), plus the provider's own error details.
//
// Environment: see README.md (OP_PORT, OP_REDIRECT_URIS, OP_POST_LOGOUT_URIS,
// OP_OFFLINE_ACCESS_NEEDS_CONSENT, OP_STRICT_CLIENT_AUTH, OP_ID_TOKEN_ALG).

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import * as querystring from 'node:querystring';

import Provider, { interactionPolicy } from 'oidc-provider';

const PORT = Number.parseInt(process.env.OP_PORT || '9400', 10);
const HOST = '127.0.0.1';
const ISSUER = `http://${HOST}:${PORT}`;

const list = (value, fallback) => (value ?? fallback)
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

const REDIRECT_URIS = list(process.env.OP_REDIRECT_URIS, 'http://127.0.0.1:9401/auth/callback');
const POST_LOGOUT_URIS = list(process.env.OP_POST_LOGOUT_URIS, 'http://127.0.0.1:9401/');
// OIDC Core §11: offline_access is ignored unless prompt contains consent.
// By default this OP adds "consent" to the prompt of such requests itself, so
// the seed's scopes yield a refresh token without the client sending
// prompt=consent. OP_OFFLINE_ACCESS_NEEDS_CONSENT=1 restores the strict rule.
const OFFLINE_NEEDS_CONSENT = process.env.OP_OFFLINE_ACCESS_NEEDS_CONSENT === '1';
// oidc-provider accepts client_secret_basic and client_secret_post from any
// secret-based client whatever it registered. OP_STRICT_CLIENT_AUTH=1 makes
// this OP refuse (401 invalid_client) a method other than the registered one.
const STRICT_CLIENT_AUTH = process.env.OP_STRICT_CLIENT_AUTH === '1';
const ID_TOKEN_ALG = process.env.OP_ID_TOKEN_ALG || 'RS256';

const AUTHORIZE_PATH = '/oauth/authorize';
const TOKEN_PATH = '/oauth/token';
const LOGOUT_PATH = '/oidc/logout';

const log = (...parts) => process.stderr.write(`OP ${parts.filter(Boolean).join(' ')}\n`);

// ---------------------------------------------------------------- clients --

const CONFIDENTIAL_SECRET = 's3cr3t:with/special+chars%';

const common = {
  redirect_uris: REDIRECT_URIS,
  post_logout_redirect_uris: POST_LOGOUT_URIS,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  id_token_signed_response_alg: ID_TOKEN_ALG,
};

const clients = [
  {
    ...common,
    client_id: 'skc_test_confidential',
    client_secret: CONFIDENTIAL_SECRET,
    token_endpoint_auth_method: 'client_secret_post',
  },
  {
    ...common,
    client_id: 'skc_test_basic',
    client_secret: CONFIDENTIAL_SECRET,
    token_endpoint_auth_method: 'client_secret_basic',
  },
  {
    ...common,
    client_id: 'skc_test_public',
    token_endpoint_auth_method: 'none',
  },
];
const registeredMethod = new Map(clients.map((c) => [c.client_id, c.token_endpoint_auth_method]));

// ------------------------------------------------------------------- keys --

function signingKey(type, options, alg) {
  const { privateKey } = generateKeyPairSync(type, options);
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, alg, use: 'sig', kid: `${alg.toLowerCase()}-${randomBytes(6).toString('hex')}` };
}

// The first key of an algorithm signs; RS256 first so it is the default.
const keys = [
  signingKey('rsa', { modulusLength: 2048 }, 'RS256'),
  signingKey('ec', { namedCurve: 'P-256' }, 'ES256'),
];

// --------------------------------------------------------------- accounts --

// Any login name is an account. Names given on the sign-up form are kept in
// memory; otherwise the display name is the login name capitalised.
const signedUp = new Map();

function displayName(login) {
  return signedUp.get(login)?.name || login.charAt(0).toUpperCase() + login.slice(1);
}

async function findAccount(_ctx, id) {
  return {
    accountId: id,
    async claims(_use, _scope) {
      return {
        sub: id,
        email: `${id}@example.com`,
        email_verified: true,
        name: displayName(id),
      };
    },
  };
}

// ------------------------------------------------------ interaction policy --

// prompt=create (OpenID Connect Prompt Create 1.0) is not built in. A
// requestable "create" prompt placed before "login" makes the value
// supported; its only check fires when the request asks for it and it has not
// been resolved yet. The sign-up page for it is served by the middleware
// below (devInteractions renders only login and consent).
const policy = interactionPolicy.base();
policy.add(new interactionPolicy.Prompt({ name: 'create', requestable: true }), 0);

// ----------------------------------------------------------- configuration --

const configuration = {
  clients,
  findAccount,
  jwks: { keys },
  routes: {
    authorization: AUTHORIZE_PATH,
    token: TOKEN_PATH,
    end_session: LOGOUT_PATH,
    jwks: '/keys',
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // email and name go into the ID token, not only to userinfo.
  conformIdTokenClaims: false,
  responseTypes: ['code'],
  // redirect_uri is required in the authorization and token requests even
  // when a client has a single registered one (the library default lets the
  // token request omit it, which would hide a client bug).
  allowOmittingSingleRegisteredRedirectUri: false,
  clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
  pkce: { required: () => true },
  interactions: { policy },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource },
  },
  issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token')
    && code.scopes.has('offline_access'),
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 600,
    IdToken: 3600,
    RefreshToken: 86400,
    Interaction: 3600,
    Session: 86400,
    Grant: 86400,
  },
  // Error pages the driver can quote in 500 characters.
  renderError: async (ctx, out, error) => {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>OP error</title></head><body>
<h1>OP error</h1>
<p>error: ${htmlEscape(out.error)}</p>
<p>error_description: ${htmlEscape(out.error_description ?? '')}</p>
${error?.error_detail ? `<p>detail: ${htmlEscape(String(error.error_detail))}</p>` : ''}
</body></html>`;
  },
};

async function logoutSource(ctx, form) {
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign out</title></head><body>
<h1>Sign out</h1>
<p>Do you want to sign out from ${htmlEscape(ctx.host)}?</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>
</body></html>`;
}

function htmlEscape(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;',
  })[c]);
}

const provider = new Provider(ISSUER, configuration);

// ------------------------------------------------------------- middleware --

async function readRawBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function clientAuthMethod(headers, body) {
  const authz = headers.authorization;
  const methods = [];
  if (authz !== undefined) methods.push(/^basic /i.test(authz) ? 'client_secret_basic' : `authorization-header(${authz.split(' ')[0]})`);
  if (body.client_secret !== undefined) methods.push('client_secret_post');
  if (body.client_assertion !== undefined) methods.push('client_assertion');
  return methods.length ? methods.join('+') : 'none';
}

function basicClientId(headers) {
  const m = /^basic (.*)$/i.exec(headers.authorization || '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i === -1) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, i).replace(/\+/g, '%20'));
  } catch {
    return decoded.slice(0, i);
  }
}

// Token endpoint: log the client authentication method and the body
// parameter names (no values), optionally enforce the registered method.
provider.use(async (ctx, next) => {
  if (ctx.method !== 'POST' || ctx.path !== TOKEN_PATH) return next();

  const raw = await readRawBody(ctx.req);
  // oidc-provider parses an already-read body from ctx.request.body.
  ctx.request.body = raw;
  const body = ctx.is('application/x-www-form-urlencoded') ? querystring.parse(raw) : {};
  const method = clientAuthMethod(ctx.headers, body);
  const clientId = body.client_id ?? basicClientId(ctx.headers);
  log(
    'token',
    `auth=${method}`,
    `client_id=${clientId ?? '-'}`,
    `grant_type=${body.grant_type ?? '-'}`,
    `content_type=${ctx.get('content-type') || '-'}`,
    `params=${Object.keys(body).join(',')}`,
  );

  if (STRICT_CLIENT_AUTH && clientId !== undefined && registeredMethod.has(clientId)
      && registeredMethod.get(clientId) !== method) {
    log('token', `refused: ${clientId} registered ${registeredMethod.get(clientId)}, used ${method}`);
    ctx.status = 401;
    ctx.set('cache-control', 'no-store');
    ctx.body = {
      error: 'invalid_client',
      error_description: 'client authentication failed',
    };
    return undefined;
  }

  await next();
  log('token', `status=${ctx.status}`, ctx.status >= 400 && ctx.body?.error ? `error=${ctx.body.error}` : '');
  return undefined;
});

// Authorization endpoint: log parameter names and prompt/scope, and apply the
// offline_access rule described at OFFLINE_NEEDS_CONSENT.
provider.use(async (ctx, next) => {
  if (ctx.method !== 'GET' || ctx.path !== AUTHORIZE_PATH) return next();

  const sp = new URLSearchParams(ctx.querystring);
  log(
    'authorize',
    `client_id=${sp.get('client_id') ?? '-'}`,
    `scope=${JSON.stringify(sp.get('scope') ?? '')}`,
    `prompt=${JSON.stringify(sp.get('prompt') ?? '')}`,
    `params=${[...sp.keys()].join(',')}`,
  );

  const scopes = (sp.get('scope') || '').split(' ');
  const prompts = (sp.get('prompt') || '').split(' ').filter(Boolean);
  if (!OFFLINE_NEEDS_CONSENT
      && sp.getAll('scope').length === 1 && sp.getAll('prompt').length <= 1
      && scopes.includes('offline_access')
      && !prompts.includes('consent') && !prompts.includes('none')) {
    sp.set('prompt', [...prompts, 'consent'].join(' '));
    ctx.querystring = sp.toString();
    log('authorize', 'offline_access requested: prompt treated as', JSON.stringify(sp.get('prompt')));
  }
  return next();
});

// The sign-up page and submission for the "create" prompt (the rest of the
// interaction routes are devInteractions').
const SIGNUP_VIEW = ({ uid, params, error }) => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign up</title></head><body>
<div class="login-card">
<h1>Sign up</h1>
${error ? `<p class="error">${htmlEscape(error)}</p>` : ''}
<form autocomplete="off" action="/interaction/${htmlEscape(uid)}" method="post">
  <input type="hidden" name="prompt" value="create"/>
  <input required type="text" name="login" placeholder="Choose any login" ${params.login_hint ? `value="${htmlEscape(params.login_hint)}"` : 'autofocus="on"'}>
  <input type="text" name="name" placeholder="Your name (optional)">
  <input required type="password" name="password" placeholder="and password">
  <button type="submit" class="login login-submit">Sign up</button>
</form>
<div class="login-help"><a href="/interaction/${htmlEscape(uid)}/abort">[ Cancel ]</a></div>
</div>
</body></html>`;

provider.use(async (ctx, next) => {
  const m = /^\/interaction\/([^/]+)$/.exec(ctx.path);
  if (!m || (ctx.method !== 'GET' && ctx.method !== 'POST')) return next();

  let details;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
  } catch {
    return next(); // let the provider render its own error
  }
  log('interaction', ctx.method, `prompt=${details.prompt.name}`, `reasons=${details.prompt.reasons.join(',')}`);
  if (details.prompt.name !== 'create') return next();

  ctx.set('cache-control', 'no-store');
  if (ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = SIGNUP_VIEW({ uid: details.uid, params: details.params });
    return undefined;
  }

  const body = querystring.parse(await readRawBody(ctx.req));
  const login = typeof body.login === 'string' ? body.login.trim() : '';
  if (body.prompt !== 'create' || !login) {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = SIGNUP_VIEW({ uid: details.uid, params: details.params, error: 'login is required' });
    return undefined;
  }
  signedUp.set(login, { name: typeof body.name === 'string' && body.name.trim() ? body.name.trim() : undefined });
  log('interaction', `signed up ${JSON.stringify(login)}`);
  await provider.interactionFinished(ctx.req, ctx.res, {
    create: { accountId: login },
    login: { accountId: login },
  }, { mergeWithLastSubmission: false });
  return undefined;
});

// End session: log parameter names.
provider.use(async (ctx, next) => {
  if (ctx.path.startsWith(LOGOUT_PATH)) {
    const sp = new URLSearchParams(ctx.querystring);
    log('logout', ctx.method, ctx.path, `params=${[...sp.keys()].join(',')}`);
  }
  return next();
});

for (const event of ['authorization.error', 'grant.error', 'end_session.error', 'server_error', 'userinfo.error', 'jwks.error', 'discovery.error']) {
  provider.on(event, (_ctx, err) => {
    log(event, `${err.error || err.name}: ${err.error_description || err.message}`, err.error_detail ? `(${err.error_detail})` : '');
  });
}

// ----------------------------------------------------------------- server --

const server = createServer(provider.callback());

server.on('error', (err) => {
  process.stderr.write(`OP failed to listen on ${HOST}:${PORT}: ${err.message}\n`);
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  process.stdout.write(`OP ready ${ISSUER}\n`);
});

function shutdown(signal) {
  log('shutdown', signal);
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

'use strict'
// The sealed login transaction (issue 12) and the web login routes (issue
// 13): TransactionKeys, CookieOptions, startLoginTransaction / finishLogin,
// WebLogin, and the loginkit/http and loginkit/express integrations over a
// real node:http server and a small provider on loopback (token endpoint
// and JWKS signing real RS256 ID tokens). The same flow against the real
// OpenID provider is in op.test.js.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const http = require('node:http')
const util = require('node:util')
const express = require('express')
const loginkit = require('..')
const loginkitHttp = require('../http.js')
const loginkitExpress = require('../express.js')
const {
  Client, TransactionKeys, LoginTransaction, CookieOptions, TransactionStart, FinishedLogin, WebLogin, PendingLogin,
  HttpResponse, SessionUser, LoginResult, AuthorizationError,
} = loginkit

const SECRET = 's3cr3t:with/special+chars%'
const KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'
const REDIRECT_URI = 'https://yourapp.com/auth/callback'
const T0 = 1767225600

/** Every way a value can be printed or serialised. */
const shown = (value) => [util.inspect(value, { showHidden: true, depth: 8 }), String(value), JSON.stringify(value) ?? '']

// ---------------------------------------------------------------------------
// A provider on 127.0.0.1: the token endpoint answers with an ID token for
// the nonce of the last authorization URL; /keys is its JWKS.

const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const JWKS = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] })
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')

function sign(claims) {
  const input = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64(claims)}`
  return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`
}

const provider = { server: null, issuer: null, nonces: new Map(), tokenRequests: [] }

before(async () => {
  provider.server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => {
      if (req.url === '/keys') return res.writeHead(200, { 'content-type': 'application/json' }).end(JWKS)
      if (req.url !== '/oauth/token') return res.writeHead(404).end()
      const form = new URLSearchParams(body)
      provider.tokenRequests.push(form)
      const nonce = provider.nonces.get(form.get('code'))
      if (nonce === undefined) {
        return res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}')
      }
      const now = Math.floor(Date.now() / 1000)
      const idToken = sign({ iss: provider.issuer, sub: 'usr_ada', aud: 'skc_1', exp: now + 300, iat: now, nonce,
        email: 'ada@example.com', name: 'Ada Lovelace' })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ access_token: 'at_1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt_1', id_token: idToken }))
    })
  })
  await new Promise((resolve) => provider.server.listen(0, '127.0.0.1', resolve))
  provider.issuer = `http://127.0.0.1:${provider.server.address().port}`
})

after(() => {
  provider.server.closeAllConnections()
  provider.server.close()
})

/** The provider's side of a login: a code for the authorization URL, remembered with its nonce. */
function authorize(authorizationUrl) {
  const url = new URL(authorizationUrl)
  const code = `code_${crypto.randomBytes(6).toString('hex')}`
  provider.nonces.set(code, url.searchParams.get('nonce'))
  return { code, state: url.searchParams.get('state'), prompt: url.searchParams.get('prompt') }
}

/** `name=value` of a Set-Cookie value. */
const pair = (setCookie) => setCookie.split(';')[0]

function webLogin(options = {}) {
  const client = new Client(provider.issuer, 'skc_1', { clientSecret: SECRET })
  const keys = new TransactionKeys([TransactionKeys.generateKey()])
  return new WebLogin(client, keys, 'http://127.0.0.1:9401/auth/callback', {
    postLogoutRedirectUri: 'http://127.0.0.1:9401/', cookieOptions: { secure: false }, ...options,
  })
}

// ---------------------------------------------------------------------------
// Keys, transactions, cookies

test('TransactionKeys: generated keys, the core codes for bad keys, TypeError for the shape', () => {
  const key = TransactionKeys.generateKey()
  assert.match(key, /^[A-Za-z0-9_-]{43}$/)
  assert.notEqual(TransactionKeys.generateKey(), key)
  assert.equal(new TransactionKeys([key, KEY]).length, 2)
  assert.throws(() => new TransactionKeys([]), { name: 'LoginKitError', code: 'invalid_transaction_key' })
  assert.throws(() => new TransactionKeys(['AAECAwQFBgcICQoLDA0ODw']), (e) => e.code === 'invalid_transaction_key' && /0 has 128 bits/.test(e.message))
  assert.throws(() => new TransactionKeys([KEY, `${KEY}=`]), (e) => e.code === 'invalid_transaction_key' && / 1 /.test(e.message) && !e.message.includes(KEY))
  assert.throws(() => new TransactionKeys(KEY), (e) => e instanceof TypeError && /split\(','\)/.test(e.message))
  assert.throws(() => new TransactionKeys([42]), TypeError)
  assert.throws(() => new TransactionKeys(['\ud800']), { code: 'invalid_string' })
})

test('a key never shows when TransactionKeys is printed', () => {
  const keys = new TransactionKeys([KEY])
  for (const text of shown(keys)) assert.ok(!text.includes(KEY), text)
  assert.match(util.inspect(keys), /length: 1/)
})

test('seal and open: a round trip; every key opens, the first seals; the core codes for bad values', () => {
  const transaction = { state: 's1', nonce: 'n1', codeVerifier: 'v'.repeat(43), redirectUri: REDIRECT_URI, returnTo: '/inbox', issuedAt: T0 }
  const keys = new TransactionKeys([KEY])
  const sealed = keys.seal(transaction)
  assert.notEqual(keys.seal(transaction), sealed, 'a fresh nonce per seal')
  const opened = keys.open(sealed)
  assert.ok(opened instanceof LoginTransaction)
  assert.deepEqual({ ...opened }, transaction)
  assert.equal(keys.open(keys.seal({ ...transaction, returnTo: null })).returnTo, null)
  assert.equal(keys.open(keys.seal(opened)).state, 's1', 'a LoginTransaction seals too')

  const newer = TransactionKeys.generateKey()
  const rotated = new TransactionKeys([newer, KEY])
  assert.equal(rotated.open(sealed).state, 's1', 'an older key still opens')
  assert.throws(() => keys.open(rotated.seal(transaction)), { code: 'transaction_unknown_key' })
  const tampered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'AB' : 'AA')
  assert.throws(() => keys.open(tampered), { code: 'transaction_tampered' })
  assert.throws(() => keys.open('AQ'), { code: 'transaction_truncated' })

  assert.throws(() => keys.seal({ ...transaction, issued_at: T0 }), (e) => e instanceof TypeError && /"issued_at"/.test(e.message))
  assert.throws(() => keys.seal({ ...transaction, issuedAt: 1.5 }), TypeError)
  assert.throws(() => keys.seal(null), TypeError)
})

test('printing a LoginTransaction redacts the nonce and the verifier', () => {
  const transaction = new LoginTransaction({ state: 's1', nonce: 'the-nonce', codeVerifier: 'the-verifier', redirectUri: REDIRECT_URI, issuedAt: T0 })
  assert.equal(transaction.returnTo, null)
  assert.ok(Object.isFrozen(transaction))
  for (const text of shown(transaction).slice(0, 2)) {
    assert.ok(!text.includes('the-nonce') && !text.includes('the-verifier'), text)
    assert.ok(text.includes('s1'), text)
  }
})

test('CookieOptions: the core defaults and cookies; a non-boolean secure is a TypeError', () => {
  const defaults = new CookieOptions()
  assert.deepEqual({ ...defaults }, { path: '/', secure: true, ttl: loginkit.DEFAULT_TRANSACTION_TTL })
  assert.equal(loginkit.DEFAULT_TRANSACTION_TTL, 600)
  assert.equal(defaults.setCookie('a', 'b'), 'a=b; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax')
  const options = new CookieOptions({ path: '/app', secure: false, ttl: 60 })
  assert.equal(options.setCookie('a', 'b'), 'a=b; Path=/app; Max-Age=60; HttpOnly; SameSite=Lax')
  assert.equal(options.clearCookie('a'), 'a=; Path=/app; Max-Age=0; HttpOnly; SameSite=Lax')
  assert.throws(() => new CookieOptions({ secure: 1 }), TypeError)
  assert.throws(() => new CookieOptions({ ttl: -1 }), RangeError)
  assert.throws(() => new CookieOptions({ maxAge: 1 }), /"maxAge"/)
  assert.equal(loginkit.transactionCookieName('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'), 'loginkit_tx_7b3d979ca8330a94')
  assert.equal(loginkit.validateReturnTo('/inbox?x=1'), undefined)
  assert.throws(() => loginkit.validateReturnTo('//evil.com'), { code: 'invalid_return_to' })
})

// ---------------------------------------------------------------------------
// startLoginTransaction and finishLogin

test('startLoginTransaction, then finishLogin with the cookie: the code and the transaction', () => {
  const client = new Client('https://acme.scalekit.dev', 'skc_1234567890', { clientSecret: SECRET })
  const keys = new TransactionKeys([KEY])
  const cookieOptions = new CookieOptions({ secure: false })
  const start = client.startLoginTransaction(REDIRECT_URI, keys, {
    scopes: ['openid', 'profile', 'email', 'offline_access'], returnTo: '/inbox', cookieOptions, now: T0,
  })
  assert.ok(start instanceof TransactionStart)
  const url = new URL(start.url)
  const state = url.searchParams.get('state')
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256')
  assert.equal(start.cookieName, loginkit.transactionCookieName(state))
  assert.equal(start.setCookie, cookieOptions.setCookie(start.cookieName, start.cookieValue))
  for (const text of shown(start).slice(0, 2)) assert.ok(!text.includes(start.cookieValue), text)

  const cookies = `other=1; ${start.cookieName}=${start.cookieValue}`
  const finished = client.finishLogin(`${REDIRECT_URI}?code=code_xyz&state=${state}`, cookies, keys, { cookieOptions, now: T0 + 5 })
  assert.ok(finished instanceof FinishedLogin)
  assert.equal(finished.code, 'code_xyz')
  assert.equal(finished.transaction.state, state)
  assert.equal(finished.transaction.nonce, url.searchParams.get('nonce'))
  assert.equal(loginkit.pkceChallenge(finished.transaction.codeVerifier), url.searchParams.get('code_challenge'))
  assert.equal(finished.transaction.redirectUri, REDIRECT_URI)
  assert.equal(finished.transaction.returnTo, '/inbox')
  assert.equal(finished.transaction.issuedAt, T0)
  assert.equal(finished.clearCookie, cookieOptions.clearCookie(start.cookieName))
  for (const text of shown(finished).slice(0, 2)) assert.ok(!text.includes('code_xyz'), text)

  // The failures, in the core's order.
  const callback = `/auth/callback?code=c0de&state=${state}`
  assert.throws(() => client.finishLogin(callback, undefined, keys, { now: T0 }), { code: 'transaction_missing' })
  assert.throws(() => client.finishLogin(callback, cookies, new TransactionKeys([TransactionKeys.generateKey()]), { now: T0 }),
    { code: 'transaction_unknown_key' })
  assert.throws(() => client.finishLogin(callback, cookies, keys, { now: T0 + 600 }), { code: 'transaction_expired' })
  assert.throws(() => client.finishLogin(callback, cookies, keys, { cookieOptions: { ttl: 60 }, now: T0 + 60 }), { code: 'transaction_expired' })
  assert.throws(() => client.finishLogin(`/auth/callback?error=access_denied&error_description=No&state=${state}`, cookies, keys, { now: T0 }),
    (e) => e instanceof AuthorizationError && e.code === 'authorization_error' && e.error === 'access_denied' && e.errorDescription === 'No')
  assert.throws(() => client.startLoginTransaction(REDIRECT_URI, keys, { returnTo: 'https://evil.com/' }), { code: 'invalid_return_to' })
  assert.throws(() => client.startLoginTransaction(REDIRECT_URI, { keys: [KEY] }), (e) => e instanceof TypeError && /TransactionKeys/.test(e.message))
  assert.throws(() => client.startLoginTransaction(REDIRECT_URI, keys, { return_to: '/' }), /"return_to"/)
})

test('two logins at once have two cookies; each callback finds its own', () => {
  const client = new Client('https://acme.scalekit.dev', 'skc_1234567890')
  const keys = new TransactionKeys([KEY])
  const first = client.startLoginTransaction(REDIRECT_URI, keys)
  const second = client.startLoginTransaction(REDIRECT_URI, keys)
  assert.notEqual(first.cookieName, second.cookieName)
  const cookies = `${pair(first.setCookie)}; ${pair(second.setCookie)}`
  for (const start of [first, second]) {
    const state = new URL(start.url).searchParams.get('state')
    assert.equal(client.finishLogin(`?code=c&state=${state}`, cookies, keys).transaction.state, state)
  }
})

// ---------------------------------------------------------------------------
// WebLogin

test('WebLogin: login, the callback with the exchange, the session user, logout', async () => {
  const web = webLogin()
  assert.ok(web.client instanceof Client)
  const login = web.login({ returnTo: '/inbox' })
  assert.ok(login instanceof HttpResponse)
  assert.equal(login.status, 302)
  assert.equal(login.header('cache-control'), 'no-store')
  assert.ok(login.location.startsWith(`${provider.issuer}/oauth/authorize?`))
  assert.equal(new URL(login.location).searchParams.get('scope'), 'openid profile email offline_access')
  const transactionCookie = login.header('Set-Cookie')
  assert.ok(transactionCookie.startsWith('loginkit_tx_') && !transactionCookie.includes('Secure'), transactionCookie)
  for (const text of shown(login).slice(0, 2)) assert.ok(!text.includes(pair(transactionCookie)), text)
  assert.equal(authorize(web.login({ signUp: true }).location).prompt, 'create')

  const { code, state } = authorize(login.location)
  const done = await web.handleCallback(`/auth/callback?code=${code}&state=${state}`, pair(transactionCookie))
  assert.equal(done.status, 302)
  assert.equal(done.location, '/inbox')
  const setCookies = done.headers.filter(([name]) => name === 'Set-Cookie').map(([, value]) => value)
  assert.equal(setCookies.length, 2)
  assert.ok(setCookies[0].includes('Max-Age=0'), 'the transaction cookie is deleted')
  assert.ok(setCookies[1].startsWith(`${loginkit.SESSION_COOKIE}=`))
  assert.equal(provider.tokenRequests.at(-1).get('client_secret'), SECRET)
  assert.equal(provider.tokenRequests.at(-1).get('redirect_uri'), 'http://127.0.0.1:9401/auth/callback')

  const session = pair(setCookies[1])
  const user = web.user(`a=b; ${session}`)
  assert.ok(user instanceof SessionUser)
  assert.equal(user.email, 'ada@example.com')
  assert.equal(user.sub, 'usr_ada')
  assert.equal(user.name, 'Ada Lovelace')
  assert.equal(user.claims.iss, provider.issuer)
  assert.ok(user.expiresAt >= Math.floor(Date.now() / 1000) + loginkit.DEFAULT_SESSION_TTL - 5)
  for (const text of shown(user).slice(0, 2)) assert.ok(!text.includes(user.idToken), text)
  assert.equal(web.user(session, { now: user.expiresAt }), null, 'an expired session is no user')
  assert.equal(web.user(`${loginkit.SESSION_COOKIE}=garbage`), null)
  assert.equal(web.user(undefined), null)

  const logout = web.logout(session)
  assert.ok(logout.location.startsWith(`${provider.issuer}/oidc/logout?id_token_hint=${user.idToken}`))
  assert.ok(logout.location.includes('post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A9401%2F'))
  assert.ok(logout.header('set-cookie').startsWith(`${loginkit.SESSION_COOKIE}=; `))
  for (const text of shown(logout).slice(0, 2)) assert.ok(!text.includes(user.idToken), text)
})

test('WebLogin by hand: callback, the exchange, complete; complete takes only a LoginResult loginkit produced', async () => {
  const web = webLogin({ sessionTtl: 60 })
  const login = web.login()
  const { code, state } = authorize(login.location)
  const pending = web.callback(`http://127.0.0.1:9401/auth/callback?code=${code}&state=${state}`, pair(login.header('set-cookie')))
  assert.ok(pending instanceof PendingLogin)
  assert.equal(pending.transaction.state, state)
  assert.equal(pending.transaction.returnTo, null)
  assert.ok(pending.clearCookie.includes('Max-Age=0'))
  for (const text of shown(pending).slice(0, 1)) assert.ok(!text.includes(pending.transaction.codeVerifier), text)

  let step = { done: false, request: pending.exchange.request() }
  while (!step.done) {
    const response = await fetch(step.request.url, { method: step.request.method, headers: step.request.headers,
      body: step.request.method === 'GET' ? undefined : step.request.body })
    step = await pending.exchange.receiveAsync(response.status, await response.text())
  }
  assert.ok(step.result instanceof LoginResult)
  assert.throws(() => web.complete(pending, { ...step.result }), (e) => e instanceof TypeError && /LoginResult/.test(e.message))
  assert.throws(() => web.complete({}, step.result), (e) => e instanceof TypeError && /PendingLogin/.test(e.message))
  step.result.user.email = 'mallory@example.com' // the session holds what the core verified, not this
  const done = web.complete(pending, step.result)
  assert.equal(done.location, '/')
  const session = pair(done.headers.filter(([name]) => name === 'Set-Cookie')[1][1])
  assert.equal(web.user(session).email, 'ada@example.com')
  assert.ok(done.headers.some(([name, value]) => name === 'Set-Cookie' && value.includes('Max-Age=60')))
})

test('WebLogin.loginFromRequest: the core reads return_to from the request target', () => {
  const web = webLogin()
  const login = web.loginFromRequest('/signup?other=%&return_to=%2Finbox%3Ftab%3D2+3', { signUp: true })
  const { state, prompt } = authorize(login.location)
  assert.equal(prompt, 'create')
  const pending = web.callback(`/auth/callback?code=c&state=${state}`, pair(login.header('set-cookie')))
  assert.equal(pending.transaction.returnTo, '/inbox?tab=2 3')
  const plain = web.loginFromRequest('http://127.0.0.1:9401/login?return_to=')
  const opened = web.callback(`/auth/callback?code=c&state=${authorize(plain.location).state}`, pair(plain.header('set-cookie')))
  assert.equal(opened.transaction.returnTo, null)
})

test('WebLogin callback failures carry the core codes; handleCallback rejects', async () => {
  const web = webLogin()
  const login = web.login()
  const { code, state } = authorize(login.location)
  const cookie = pair(login.header('set-cookie'))
  await assert.rejects(web.handleCallback(`/auth/callback?code=${code}&state=x${state}`, cookie), { code: 'transaction_missing' })
  assert.throws(() => web.callback(`/auth/callback?error=access_denied&state=${state}`, cookie),
    (e) => e instanceof AuthorizationError && e.error === 'access_denied')
  await assert.rejects(web.handleCallback(`/auth/callback?code=unknown&state=${state}`, cookie),
    (e) => e instanceof AuthorizationError && e.code === 'token_error' && e.error === 'invalid_grant')
  await assert.rejects(web.handleCallback(`/auth/callback?code=${code}&state=${state}`, cookie, { timeoutMs: 0 }), RangeError)
  assert.throws(() => web.login({ returnTo: '//evil.com' }), { code: 'invalid_return_to' })
  assert.throws(() => web.login({ signUp: 'yes' }), TypeError)
  assert.throws(() => web.loginFromRequest('/login?return_to=//evil.com'), { code: 'invalid_return_to' })
  assert.throws(() => web.loginFromRequest('/login?return_to=%FF'), { code: 'invalid_return_to' })
  assert.throws(() => web.loginFromRequest('/login?return_to=/a&return_to=/b'), { code: 'duplicate_parameter' })
  assert.throws(() => web.loginFromRequest('/login', { returnTo: '/a' }), (e) => e instanceof TypeError && /returnTo/.test(e.message))
  assert.throws(() => new WebLogin(web.client, new TransactionKeys([KEY]), 'https://yourapp.com/cb#x'), { code: 'redirect_uri_fragment_not_allowed' })
  assert.throws(() => new WebLogin({}, new TransactionKeys([KEY]), REDIRECT_URI), (e) => e instanceof TypeError && /Client/.test(e.message))
})

// ---------------------------------------------------------------------------
// loginkit/http and loginkit/express over real servers

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${server.address().port}`
}

/** A browser's part: GET with the cookies, no redirects followed. */
async function get(url, cookies = []) {
  const response = await fetch(url, { redirect: 'manual', headers: cookies.length ? { cookie: cookies.join('; ') } : {} })
  return { status: response.status, location: response.headers.get('location'), setCookies: response.headers.getSetCookie(),
    body: await response.text() }
}

/** Log in through an app at `base`: /login, the provider, the callback; the session cookie. */
async function logIn(base, callbackBase = base) {
  const start = await get(`${base}/login`)
  assert.equal(start.status, 302)
  const { code, state } = authorize(start.location)
  const done = await get(`${callbackBase}/auth/callback?code=${code}&state=${state}`, start.setCookies.map(pair))
  assert.equal(done.status, 302, done.body)
  assert.equal(done.location, '/')
  return pair(done.setCookies.find((c) => c.startsWith(loginkit.SESSION_COOKIE)))
}

async function checkApp(base, routesBase = base) {
  assert.match((await get(`${base}/`)).body, /Not signed in/)
  const session = await logIn(routesBase)
  assert.match((await get(`${base}/`, [session])).body, /<b id="user-email">ada@example.com<\/b>/)
  const signup = await get(`${routesBase}/signup?return_to=/inbox`)
  assert.equal(new URL(signup.location).searchParams.get('prompt'), 'create')
  const logout = await get(`${routesBase}/logout`, [session])
  assert.ok(logout.location.startsWith(`${provider.issuer}/oidc/logout?id_token_hint=`))
  assert.ok(logout.setCookies[0].startsWith(`${loginkit.SESSION_COOKIE}=;`))

  // A tampered callback: the error page with the code, and no cookie.
  const start = await get(`${routesBase}/login`)
  const { code, state } = authorize(start.location)
  const failed = await get(`${routesBase}/auth/callback?code=${code}&state=x${state}`, start.setCookies.map(pair))
  assert.equal(failed.status, 400)
  assert.match(failed.body, /<p id="login-error">transaction_missing<\/p>/)
  assert.deepEqual(failed.setCookies, [])
  const badReturn = await get(`${routesBase}/login?return_to=//evil.com`)
  assert.equal(badReturn.status, 400)
  assert.match(badReturn.body, /invalid_return_to/)
  // return_to is read by the core's strict decoder, not by the integration.
  for (const [query, error] of [['return_to=%2', 'invalid_return_to'], ['return_to=/a&return_to=/b', 'duplicate_parameter']]) {
    const refused = await get(`${routesBase}/login?${query}`)
    assert.equal(refused.status, 400)
    assert.match(refused.body, new RegExp(`<p id="login-error">${error}</p>`))
  }
  const escaped = await get(`${routesBase}/login?return_to=%2Finbox%3Ftab%3D2`)
  assert.equal(escaped.status, 302)
}

test('loginkit/http: loginHandler answers its four routes and leaves the rest', async () => {
  const web = webLogin()
  const handle = loginkitHttp.loginHandler(web)
  const server = http.createServer(async (req, res) => {
    if (await handle(req, res)) return
    const user = loginkitHttp.currentUser(req)
    res.end(user ? `<b id="user-email">${user.email}</b>` : 'Not signed in')
  })
  const base = await listen(server)
  try {
    await checkApp(base)
    assert.equal((await fetch(`${base}/login`, { method: 'POST', redirect: 'manual' })).status, 200, 'POST is not a login route')
    assert.equal((await get(`${base}/login/x`)).status, 200)
  } finally {
    server.closeAllConnections()
    server.close()
  }
  assert.throws(() => loginkitHttp.loginHandler({}), TypeError)
  assert.throws(() => loginkitHttp.loginHandler(web, { callback_path: '/cb' }), /"callback_path"/)
  assert.throws(() => loginkitHttp.currentUser({ headers: {} }), /no WebLogin for this request/)
  assert.equal(loginkitHttp.currentUser({ headers: {} }, web), null)
})

test('loginkit/express: loginRouter at the root and under a mount path', async () => {
  const web = webLogin()
  const app = express()
  app.use(loginkitExpress.loginRouter(web))
  app.get('/', (req, res) => {
    const user = loginkitExpress.currentUser(req)
    res.send(user ? `<b id="user-email">${user.email}</b>` : 'Not signed in')
  })
  app.post('/login', (req, res) => res.send('the app\'s own POST /login'))
  const server = http.createServer(app)
  const base = await listen(server)

  // Mounted under /auth: the routes are /auth/login, ..., the callback /auth/auth/callback
  // unless callbackPath says otherwise.
  const mounted = express()
  const mountedWeb = webLogin()
  mounted.use('/auth', loginkitExpress.loginRouter(mountedWeb, { callbackPath: '/callback' }))
  mounted.get('/', (req, res) => res.send(loginkitExpress.currentUser(req, mountedWeb) ? 'in' : 'out'))
  const mountedServer = http.createServer(mounted)
  const mountedBase = await listen(mountedServer)
  try {
    await checkApp(base)
    assert.equal(await (await fetch(`${base}/login`, { method: 'POST' })).text(), 'the app\'s own POST /login')
    const start = await get(`${mountedBase}/auth/login`)
    const { code, state } = authorize(start.location)
    const done = await get(`${mountedBase}/auth/callback?code=${code}&state=${state}`, start.setCookies.map(pair))
    assert.equal(done.status, 302, done.body)
    const session = pair(done.setCookies.find((c) => c.startsWith(loginkit.SESSION_COOKIE)))
    assert.equal((await get(`${mountedBase}/`, [session])).body, 'in')
    assert.equal((await get(`${mountedBase}/login`)).status, 404, 'only under the mount path')
  } finally {
    for (const s of [server, mountedServer]) {
      s.closeAllConnections()
      s.close()
    }
  }
})

test('the integrations load through ESM, and loginkit/express does not import express', async () => {
  assert.equal((await import('loginkit/express')).loginRouter, loginkitExpress.loginRouter)
  assert.equal((await import('loginkit/http')).loginHandler, loginkitHttp.loginHandler)
  assert.equal((await import('loginkit')).WebLogin, WebLogin)
  const probe = "require('loginkit/express'); require('loginkit/http');" +
    "console.log(Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/]express[\\\\/]/.test(f)).length)"
  const { execFileSync } = require('node:child_process')
  assert.equal(execFileSync(process.execPath, ['-e', probe], { cwd: __dirname, encoding: 'utf8' }).trim(), '0')
})

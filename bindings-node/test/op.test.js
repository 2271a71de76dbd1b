'use strict'
// End to end against a real OpenID Provider (testing/op: oidc-provider on
// loopback): startLogin → the provider's login and consent pages (driven by
// testing/op/drive-login.mjs) → parseCallback → authenticateWithCode →
// refreshAccessToken, once for each of the provider's three clients; then
// the web routes (WebLogin through loginkit/express and loginkit/http):
// login → the provider → the callback → the session → logout.
//
// The provider must already run; LOGINKIT_OP_ISSUER is its issuer:
//
//   source testing/op/start.sh && op_start 9400     # from the repository root
//   LOGINKIT_OP_ISSUER="$OP_ISSUER" node --test test/op.test.js
//
// Without LOGINKIT_OP_ISSUER this test fails, unless LOGINKIT_SKIP_OP=1
// says to skip it. The redirect URI is the first of OP_REDIRECT_URIS, else
// the provider's default (http://127.0.0.1:9401/auth/callback); the
// post-logout redirect URI the first of OP_POST_LOGOUT_URIS, else the
// provider's default (http://127.0.0.1:9401/). When OP_LOG
// (exported by op_start) is set, the provider's log must show each client's
// authentication method.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const http = require('node:http')
const os = require('node:os')
const express = require('express')
const { Client, LoginResult, TransactionKeys, WebLogin, SESSION_COOKIE } = require('..')
const loginkitExpress = require('../express.js')
const loginkitHttp = require('../http.js')

const ISSUER = process.env.LOGINKIT_OP_ISSUER
const DRIVER = path.resolve(__dirname, '..', '..', 'testing', 'op', 'drive-login.mjs')
const REDIRECT_URI = (process.env.OP_REDIRECT_URIS || 'http://127.0.0.1:9401/auth/callback').split(',')[0]
const POST_LOGOUT_URI = (process.env.OP_POST_LOGOUT_URIS || 'http://127.0.0.1:9401/').split(',')[0]
const SECRET = 's3cr3t:with/special+chars%'
const SCOPES = ['openid', 'profile', 'email', 'offline_access']

/**
 * Runs the login driver on an authorization (or logout) URL; resolves to
 * the URL it comes back to. `jar` keeps the provider's cookies between runs.
 */
function drive(authorizationUrl, login, jar) {
  const env = { ...process.env, OP_LOGIN: login }
  if (jar) env.OP_COOKIE_JAR = jar
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [DRIVER, authorizationUrl], { env, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`drive-login.mjs failed (${error.message}): ${stderr}`))
        else resolve(stdout.trim())
      })
  })
}

const CLIENTS = [
  { clientId: 'skc_test_confidential', options: { clientSecret: SECRET }, auth: 'client_secret_post', login: 'alice' },
  { clientId: 'skc_test_basic', options: { clientSecret: SECRET, tokenEndpointAuthMethod: 'client_secret_basic' }, auth: 'client_secret_basic', login: 'bob' },
  { clientId: 'skc_test_public', options: undefined, auth: 'none', login: 'carol' },
]

if (!ISSUER && process.env.LOGINKIT_SKIP_OP === '1') {
  test('login against the real OpenID Provider', { skip: 'LOGINKIT_SKIP_OP=1' }, () => {})
} else if (!ISSUER) {
  test('login against the real OpenID Provider', () => {
    assert.fail('LOGINKIT_OP_ISSUER is not set: start the provider (source testing/op/start.sh && op_start 9400) and ' +
      'run with LOGINKIT_OP_ISSUER="$OP_ISSUER", or set LOGINKIT_SKIP_OP=1 to skip this test on purpose')
  })
} else {
  for (const { clientId, options, auth, login } of CLIENTS) {
    test(`login, code exchange and refresh with ${clientId} (${auth})`, async () => {
      const client = new Client(ISSUER, clientId, options)
      assert.equal(client.tokenEndpointAuthMethod, auth)
      const logStart = process.env.OP_LOG ? fs.statSync(process.env.OP_LOG).size : 0

      const start = client.startLogin(REDIRECT_URI, { scopes: SCOPES })
      const callback = await drive(start.url, login)
      assert.ok(callback.startsWith(`${REDIRECT_URI}?`), callback)
      const { code } = client.parseCallback(callback, start.state)

      const result = await client.authenticateWithCode(code, REDIRECT_URI, { codeVerifier: start.codeVerifier, nonce: start.nonce })
      assert.ok(result instanceof LoginResult)
      assert.equal(result.tokenType.toLowerCase(), 'bearer')
      assert.ok(result.accessToken.length > 0)
      assert.ok(result.idToken.length > 0)
      assert.ok(result.refreshToken, 'offline_access yields a refresh token')
      assert.equal(result.user.iss, ISSUER)
      assert.equal(result.user.aud, clientId)
      assert.equal(result.user.sub, login)
      assert.equal(result.user.email, `${login}@example.com`)
      assert.equal(result.user.email_verified, true)
      assert.equal(result.user.name, login[0].toUpperCase() + login.slice(1))
      assert.equal(result.user.nonce, start.nonce)

      const refreshed = await client.refreshAccessToken(result.refreshToken)
      assert.ok(refreshed.accessToken.length > 0)
      assert.notEqual(refreshed.accessToken, result.accessToken)
      if (refreshed.user !== null) assert.equal(refreshed.user.sub, login)

      // The authorization code is single-use (last: replaying it revokes the grant).
      await assert.rejects(client.authenticateWithCode(code, REDIRECT_URI, { codeVerifier: start.codeVerifier, nonce: start.nonce }),
        (e) => e.code === 'token_error' && e.error === 'invalid_grant')

      if (process.env.OP_LOG) {
        // Only what the provider logged during this test (other tests may share it).
        const log = fs.readFileSync(process.env.OP_LOG).subarray(logStart).toString('utf8')
        assert.ok(log.includes(`OP token auth=${auth} client_id=${clientId} grant_type=authorization_code`), `the provider saw ${auth}`)
        assert.ok(log.includes(`OP token auth=${auth} client_id=${clientId} grant_type=refresh_token`), `the provider saw ${auth} on refresh`)
      }
    })
  }

  /** A browser's part: GET with the cookies, no redirects followed. */
  async function get(url, cookies = []) {
    const response = await fetch(url, { redirect: 'manual', headers: cookies.length ? { cookie: cookies.join('; ') } : {} })
    return { status: response.status, location: response.headers.get('location'), setCookies: response.headers.getSetCookie(),
      body: await response.text() }
  }
  const pair = (setCookie) => setCookie.split(';')[0]

  /** Login, session and logout through an app serving `routes` and GET / (the user's email). */
  async function webRoutes(makeServer, login) {
    const client = new Client(ISSUER, 'skc_test_confidential', { clientSecret: SECRET })
    const keys = new TransactionKeys([TransactionKeys.generateKey()])
    const web = new WebLogin(client, keys, REDIRECT_URI, { postLogoutRedirectUri: POST_LOGOUT_URI, cookieOptions: { secure: false } })
    const server = makeServer(web)
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${server.address().port}`
    const jar = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loginkit-op-')), 'jar.json')
    try {
      const start = await get(`${base}/login?return_to=/inbox`)
      assert.equal(start.status, 302)
      assert.ok(start.location.startsWith(`${ISSUER}/oauth/authorize?`), start.location)
      // The provider sends the browser to the registered callback URL; this
      // app answers it at its own address.
      const callback = new URL(await drive(start.location, login, jar))
      assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT_URI)
      const done = await get(`${base}${callback.pathname}${callback.search}`, start.setCookies.map(pair))
      assert.equal(done.status, 302, done.body)
      assert.equal(done.location, '/inbox')
      assert.ok(done.setCookies[0].includes('Max-Age=0'), 'the transaction cookie is deleted')
      const session = pair(done.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`)))
      assert.equal((await get(`${base}/`, [session])).body, `${login}@example.com`)
      assert.equal((await get(`${base}/`)).body, 'nobody')

      // The same callback again: its cookie is gone (and the code used).
      const again = await get(`${base}${callback.pathname}${callback.search}`)
      assert.equal(again.status, 400)
      assert.match(again.body, /<p id="login-error">transaction_missing<\/p>/)

      const logout = await get(`${base}/logout`, [session])
      assert.ok(logout.location.startsWith(`${ISSUER}/oidc/logout?id_token_hint=`), logout.location)
      assert.ok(logout.setCookies[0].startsWith(`${SESSION_COOKIE}=;`))
      // The provider ends its session and comes back to the post-logout URI.
      assert.ok((await drive(logout.location, login, jar)).startsWith(POST_LOGOUT_URI))
    } finally {
      server.closeAllConnections()
      server.close()
      fs.rmSync(path.dirname(jar), { recursive: true, force: true })
    }
  }

  test('the web routes through loginkit/express: login, session, logout', () => webRoutes((web) => {
    const app = express()
    app.use(loginkitExpress.loginRouter(web, { callbackPath: new URL(REDIRECT_URI).pathname }))
    app.get('/', (req, res) => res.send(loginkitExpress.currentUser(req)?.email ?? 'nobody'))
    return http.createServer(app)
  }, 'dave'))

  test('the web routes through loginkit/http: login, session, logout', () => webRoutes((web) => {
    const handle = loginkitHttp.loginHandler(web, { callbackPath: new URL(REDIRECT_URI).pathname })
    return http.createServer(async (req, res) => {
      if (await handle(req, res)) return
      res.end(loginkitHttp.currentUser(req)?.email ?? 'nobody')
    })
  }, 'erin'))
}

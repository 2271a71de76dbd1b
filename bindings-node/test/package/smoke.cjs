// Runs inside a fresh project that installed the packed tarball: proves
// the package loads with require and works, with nothing from the tree.
const assert = require('node:assert/strict')
const { Client, LoginKitError } = require('loginkit')
const client = new Client('https://acme.scalekit.dev', 'skc_1234567890')
assert.equal(
  client.getAuthorizationUrl('https://yourapp.com/auth/callback', {
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    state: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  }),
  'https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
)
assert.throws(() => client.getAuthorizationUrl('https://yourapp.com/cb#x'), (e) => e instanceof LoginKitError && e.code === 'redirect_uri_fragment_not_allowed')
assert.ok(!require.resolve('loginkit').includes('bindings-node'), 'loaded from the installed package')
console.log('packed package: require works')

// Issue 11: the token surface loads and works without the network.
const { parseTokenResponse, AuthorizationError } = require('loginkit')
const confidential = new Client('https://acme.scalekit.dev', 'skc_1234567890', { clientSecret: 's3cret' })
assert.equal(confidential.authorizationCodeRequest('abc', 'https://yourapp.com/cb').url, 'https://acme.scalekit.dev/oauth/token')
assert.equal(parseTokenResponse(200, '{"access_token":"at","token_type":"Bearer"}').accessToken, 'at')
assert.throws(() => parseTokenResponse(400, '{"error":"invalid_grant"}'), (e) => e instanceof AuthorizationError && e.code === 'token_error')
console.log('packed package: token calls work')

// Issues 12 and 13: the sealed transaction and the web routes, and the
// integrations load without express (an optional peer dependency).
const { TransactionKeys, WebLogin, SESSION_COOKIE } = require('loginkit')
const { loginRouter, currentUser } = require('loginkit/express')
const { loginHandler } = require('loginkit/http')
const keys = new TransactionKeys([TransactionKeys.generateKey()])
const start = confidential.startLoginTransaction('https://yourapp.com/auth/callback', keys, { returnTo: '/inbox' })
const state = new URL(start.url).searchParams.get('state')
const finished = confidential.finishLogin(`/auth/callback?code=c&state=${state}`, `${start.cookieName}=${start.cookieValue}`, keys)
assert.equal(finished.transaction.returnTo, '/inbox')
const web = new WebLogin(confidential, keys, 'https://yourapp.com/auth/callback')
assert.equal(web.login({ signUp: true }).status, 302)
assert.equal(typeof loginRouter(web), 'function')
assert.equal(typeof loginHandler(web), 'function')
assert.equal(currentUser({ headers: { cookie: `${SESSION_COOKIE}=x` } }, web), null)
assert.throws(() => require.resolve('express'), { code: 'MODULE_NOT_FOUND' })
console.log('packed package: transaction, WebLogin and loginkit/express + loginkit/http work without express')

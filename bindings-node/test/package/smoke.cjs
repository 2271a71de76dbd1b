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

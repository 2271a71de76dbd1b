'use strict'
// The JS surface: the seed's snippets, bad inputs, error classes and codes,
// and identical results across worker threads.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { Worker } = require('node:worker_threads')
const loginkit = require('..')
const { Client, LoginKitError, AuthorizationError } = loginkit

const ENV_URL = 'https://acme.scalekit.dev'
const CLIENT_ID = 'skc_1234567890'
const STATE = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
const SEED_URL =
  'https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890' +
  '&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access' +
  '&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'

const scalekit = new Client(ENV_URL, CLIENT_ID)

test('the seed snippet (Express.js), with the import changed', () => {
  const sessionStorage = { oauthState: STATE }
  const redirectUri = 'https://yourapp.com/auth/callback'
  const options = {
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    state: sessionStorage.oauthState,
  }
  const authorizationUrl = scalekit.getAuthorizationUrl(redirectUri, options)
  assert.equal(authorizationUrl, SEED_URL)
})

test('the seed sign-up snippet', () => {
  const redirectUri = 'http://localhost:3000/api/callback'
  const options = {
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    prompt: 'create', // explicitly takes you to sign up flow
  }
  assert.equal(
    scalekit.getAuthorizationUrl(redirectUri, options),
    'https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890' +
      '&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fapi%2Fcallback&scope=openid+profile+email+offline_access&prompt=create',
  )
})

test('null and undefined mean "not given"', () => {
  const url = scalekit.getAuthorizationUrl('https://yourapp.com/cb', { state: null, nonce: undefined, scopes: null })
  assert.equal(url, scalekit.getAuthorizationUrl('https://yourapp.com/cb'))
  assert.equal(scalekit.getLogoutUrl(null), 'https://acme.scalekit.dev/oidc/logout')
})

test('options that are not a plain object are a TypeError', () => {
  // The official docs call getLogoutUrl(idToken, uri) with two strings.
  assert.throws(() => scalekit.getLogoutUrl('id-token', 'https://yourapp.com/'), TypeError)
  assert.throws(() => scalekit.getAuthorizationUrl('https://yourapp.com/cb', 'openid'), TypeError)
  assert.throws(() => scalekit.getAuthorizationUrl('https://yourapp.com/cb', [['state', 'x']]), TypeError)
  assert.throws(() => scalekit.getAuthorizationUrl('https://yourapp.com/cb', new Map()), TypeError)
})

test('an unknown option key is a TypeError naming it', () => {
  assert.throws(() => scalekit.getAuthorizationUrl('https://yourapp.com/cb', { loginhint: 'a@b.co' }),
    (error) => error instanceof TypeError && /"loginhint"/.test(error.message))
  assert.throws(() => scalekit.getLogoutUrl({ id_token_hint: 't' }), /"id_token_hint"/)
})

test('a wrong value type is a TypeError naming the option', () => {
  assert.throws(() => scalekit.getAuthorizationUrl('https://yourapp.com/cb', { scopes: 'openid' }), /scopes/)
  assert.throws(() => scalekit.getAuthorizationUrl('https://yourapp.com/cb', { scopes: ['openid', 3] }), /scopes\[1\]/)
  assert.throws(() => scalekit.getAuthorizationUrl('https://yourapp.com/cb', { state: 42 }), TypeError)
  assert.throws(() => scalekit.getAuthorizationUrl('https://yourapp.com/cb', { extraParams: [['a']] }), /extraParams\[0\]/)
  assert.throws(() => scalekit.getAuthorizationUrl(undefined), /redirectUri/)
  assert.throws(() => new Client(ENV_URL), /clientId/)
})

test('a lone surrogate is invalid_string, never U+FFFD', () => {
  for (const call of [
    () => scalekit.getAuthorizationUrl('https://yourapp.com/cb', { state: 'a\ud800' }),
    () => scalekit.getAuthorizationUrl('https://yourapp.com/\udfff'),
    () => new Client(ENV_URL, 'skc\ud800'),
    () => scalekit.parseCallback('code=a&state=s', 's\ud800'),
    () => loginkit.pkceChallenge('\ud800'.repeat(43)),
  ]) {
    assert.throws(call, (error) => error instanceof LoginKitError && error.code === 'invalid_string')
  }
})

test('errors are LoginKitError instances with the core code and message', () => {
  assert.throws(() => scalekit.getAuthorizationUrl('https://yourapp.com/cb?a=1'), (error) => {
    assert.ok(error instanceof Error && error instanceof LoginKitError)
    assert.equal(error.code, 'redirect_uri_query_not_allowed')
    assert.match(error.message, /\?a=1/)
    return true
  })
  assert.throws(() => loginkit.validateRedirectUri('https://*.co.uk', 'development'),
    { code: 'redirect_uri_wildcard_root_domain' })
  assert.throws(() => new Client('https://acme.scalekit.dev?', CLIENT_ID), { code: 'invalid_env_url' })
  assert.ok(loginkit.ERROR_CODES.includes('state_mismatch'))
})

test("index.d.ts's ErrorCode union is the core's list of codes, in order", () => {
  const dts = require('node:fs').readFileSync(require.resolve('../index.d.ts'), 'utf8')
  const block = /^export type ErrorCode =\n((?:  \| '[a-z_]+'\n)+)/m.exec(dts)
  assert.ok(block, 'index.d.ts declares `export type ErrorCode =` with one `  | \'code\'` line per code')
  const declared = [...block[1].matchAll(/'([a-z_]+)'/g)].map((m) => m[1])
  const expected = `export type ErrorCode =\n${loginkit.ERROR_CODES.map((c) => `  | '${c}'`).join('\n')}\n`
  assert.deepEqual(declared, [...loginkit.ERROR_CODES], `index.d.ts is out of date; the block should read:\n${expected}`)
})

test('AuthorizationError carries the server response, after the state check', () => {
  assert.throws(() => scalekit.parseCallback('/cb?error=access_denied&error_uri=https%3A%2F%2Fe.example&state=s1', 's1'),
    (error) => error instanceof AuthorizationError && error instanceof LoginKitError &&
      error.code === 'authorization_error' && error.error === 'access_denied' &&
      error.errorDescription === null && error.errorUri === 'https://e.example')
  assert.throws(() => scalekit.parseCallback('/cb?error=access_denied&state=forged', 's1'), { code: 'state_mismatch' })
})

test('startLogin and parseCallback round trip', () => {
  const login = scalekit.startLogin('https://yourapp.com/auth/callback', { scopes: ['openid', 'email'] })
  assert.ok(login.url.includes(`&state=${login.state}&nonce=${login.nonce}&`))
  assert.ok(login.url.includes(`code_challenge=${loginkit.pkceChallenge(login.codeVerifier)}&code_challenge_method=S256`))
  assert.deepEqual(scalekit.parseCallback(`/auth/callback?code=abc&state=${login.state}`, login.state),
    { code: 'abc', state: login.state })
})

test('two clients side by side', () => {
  const first = new Client('https://first.scalekit.dev/', 'a')
  const second = new Client('HTTPS://Second.scalekit.dev', 'b')
  assert.equal(first.getLogoutUrl(), 'https://first.scalekit.dev/oidc/logout')
  assert.equal(second.baseUrl, 'https://second.scalekit.dev')
})

test('ESM and CommonJS give the same objects', async () => {
  const esm = await import('loginkit')
  assert.equal(esm.Client, loginkit.Client)
  assert.equal(esm.default.LoginKitError, LoginKitError)
})

test('results are identical across worker threads', async () => {
  const source = `
    const { parentPort } = require('node:worker_threads')
    const { Client } = require(${JSON.stringify(require.resolve('..'))})
    const client = new Client('${ENV_URL}', '${CLIENT_ID}')
    const urls = new Set()
    for (let i = 0; i < 10000; i++) {
      urls.add(client.getAuthorizationUrl('https://yourapp.com/auth/callback',
        { scopes: ['openid', 'profile', 'email', 'offline_access'], state: '${STATE}' }))
    }
    parentPort.postMessage([...urls])`
  const results = await Promise.all(Array.from({ length: 8 }, () => new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true })
    worker.once('message', resolve)
    worker.once('error', reject)
  })))
  for (const urls of results) assert.deepEqual(urls, [SEED_URL])
})

test('a panic in the core is an internal_error and the process lives on', () => {
  for (let i = 0; i < 3; i++) {
    assert.throws(() => loginkit._panicForTests(), (error) => error instanceof LoginKitError && error.code === 'internal_error')
  }
  assert.equal(loginkit.verifyState('abc', 'abc'), true)
})

test('encoded wildcards are refused and never match', () => {
  assert.throws(
    () => loginkit.validateRedirectUri('https://%2A.com/cb', 'production'),
    (error) => error.code === 'invalid_redirect_uri' && error.message.includes('https://*.com/cb'),
  )
  assert.equal(loginkit.redirectUriMatches('https://%2A.com/cb', 'https://evil.com/cb'), false)
  assert.equal(loginkit.redirectUriMatches('https://acmecorp.%2A.com/cb', 'https://x.%2A.com/cb'), false)
})

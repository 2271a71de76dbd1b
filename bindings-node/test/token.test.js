'use strict'
// The token-exchange surface (issue 11): client options, the sans-IO calls
// (token requests, parseTokenResponse, verifyIdToken, Exchange), and
// authenticateWithCode / refreshAccessToken over the global fetch against a
// small token endpoint on loopback, with network failures and timeouts.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const util = require('node:util')
const loginkit = require('..')
const { Client, LoginKitError, AuthorizationError, Exchange, HttpRequest, TokenResponse, LoginResult } = loginkit

const CASES = path.resolve(__dirname, '..', '..', 'conformance', 'cases')
const caseById = (file, id) => JSON.parse(fs.readFileSync(path.join(CASES, file), 'utf8')).cases.find((c) => c.id === id)

const SECRET = 's3cr3t:with/special+chars%'
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const REDIRECT_URI = 'https://yourapp.com/auth/callback'

// ---------------------------------------------------------------------------
// A token endpoint and JWKS on 127.0.0.1 that sign real RS256 ID tokens.

const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const JWKS = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] })
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

function sign(claims) {
  const input = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64(claims)}`
  return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`
}

const provider = {
  server: null,
  issuer: null,
  requests: [],
  // What the next /oauth/token answers; a function of the form body.
  tokenAnswer: null,
  keysAnswer: null,
}

function idToken(overrides = {}) {
  const now = Math.floor(Date.now() / 1000)
  return sign({ iss: provider.issuer, sub: 'usr_1', aud: 'skc_1', exp: now + 300, iat: now, nonce: 'n-1',
    email: 'ada@example.com', name: 'Ada Lovelace', nested: { 'ü': [1, -2, 9007199254740991] }, ...overrides })
}

before(async () => {
  provider.server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => {
      provider.requests.push({ method: req.method, url: req.url, headers: req.headers, body })
      const answer = req.url === '/keys'
        ? (provider.keysAnswer ?? { status: 200, body: JWKS })
        : req.url === '/oauth/token' ? provider.tokenAnswer(new URLSearchParams(body)) : { status: 404, body: 'not found' }
      if (answer.hang) return // never answers: the client's timeout must end it
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' })
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body))
    })
  })
  await new Promise((resolve) => provider.server.listen(0, '127.0.0.1', resolve))
  provider.issuer = `http://127.0.0.1:${provider.server.address().port}`
})

after(() => {
  provider.server.closeAllConnections()
  provider.server.close()
})

function tokens(form, extra = {}) {
  return {
    status: 200,
    body: { access_token: `at_${form.get('grant_type')}`, token_type: 'Bearer', expires_in: 3600,
      refresh_token: 'rt_1', id_token: idToken(), scope: 'openid profile email offline_access', ...extra },
  }
}

function freshClient(options = { clientSecret: SECRET }) {
  provider.requests = []
  provider.tokenAnswer = (form) => tokens(form)
  provider.keysAnswer = null
  return new Client(provider.issuer, 'skc_1', options)
}

// ---------------------------------------------------------------------------
// Construction

test('the client takes an optional secret and auth method; the two-argument form still works', () => {
  assert.equal(new Client('https://acme.scalekit.dev', 'skc_1').tokenEndpointAuthMethod, 'none')
  assert.equal(new Client('https://acme.scalekit.dev', 'skc_1', { clientSecret: 's' }).tokenEndpointAuthMethod, 'client_secret_post')
  assert.equal(new Client('https://acme.scalekit.dev', 'skc_1', { clientSecret: 's', tokenEndpointAuthMethod: 'client_secret_basic' })
    .tokenEndpointAuthMethod, 'client_secret_basic')
  assert.equal(new Client('https://acme.scalekit.dev', 'skc_1', { clientSecret: null, tokenEndpointAuthMethod: undefined })
    .tokenEndpointAuthMethod, 'none')
})

test('bad client options: TypeError for the shape, the core code for the values', () => {
  assert.throws(() => new Client('https://acme.scalekit.dev', 'skc_1', 'secret'), (e) => e instanceof TypeError && /clientSecret/.test(e.message))
  assert.throws(() => new Client('https://acme.scalekit.dev', 'skc_1', { client_secret: 's' }), /"client_secret"/)
  assert.throws(() => new Client('https://acme.scalekit.dev', 'skc_1', { clientSecret: 42 }), TypeError)
  assert.throws(() => new Client('https://acme.scalekit.dev', 'skc_1', { jwksRefetchIntervalSeconds: -1 }), RangeError)
  assert.throws(() => new Client('https://acme.scalekit.dev', 'skc_1', { jwksRefetchIntervalSeconds: 1.5 }), TypeError)
  assert.throws(() => new Client('https://acme.scalekit.dev', 'skc_1', { tokenEndpointAuthMethod: 'client_secret_basic' }),
    { name: 'LoginKitError', code: 'missing_client_secret' })
  assert.throws(() => new Client('https://acme.scalekit.dev', 'skc_1', { clientSecret: 's', tokenEndpointAuthMethod: 'none' }),
    { code: 'invalid_argument' })
  assert.throws(() => new Client('https://acme.scalekit.dev', 'skc_1', { clientSecret: 's', tokenEndpointAuthMethod: 'Client_Secret_Post' }),
    { code: 'invalid_argument' })
  assert.throws(() => new Client('https://acme.scalekit.dev', 'skc_1', { clientSecret: 's\ud800' }), { code: 'invalid_string' })
})

test('the client secret never shows when the client is printed', () => {
  const client = new Client('https://acme.scalekit.dev', 'skc_1', { clientSecret: SECRET })
  for (const shown of [util.inspect(client, { showHidden: true, depth: 5 }), String(client), JSON.stringify(client)]) {
    assert.ok(!shown.includes('s3cr3t'), shown)
  }
})

// ---------------------------------------------------------------------------
// Sans-IO

test('token requests are HttpRequest values; printing one redacts the body and Authorization', () => {
  const client = new Client('https://acme.scalekit.dev', 'skc_1', { clientSecret: SECRET, tokenEndpointAuthMethod: 'client_secret_basic' })
  const request = client.authorizationCodeRequest('abc', REDIRECT_URI, { codeVerifier: VERIFIER })
  assert.ok(request instanceof HttpRequest)
  assert.equal(request.method, 'POST')
  assert.equal(request.url, 'https://acme.scalekit.dev/oauth/token')
  assert.deepEqual(request.headers, [
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['Accept', 'application/json'],
    ['Authorization', 'Basic c2tjXzE6czNjcjN0JTNBd2l0aCUyRnNwZWNpYWwlMkJjaGFycyUyNQ=='],
  ])
  assert.equal(request.body, `grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&client_id=skc_1&code_verifier=${VERIFIER}`)
  assert.ok(Object.isFrozen(request) && Object.isFrozen(request.headers))
  for (const shown of [util.inspect(request), String(request), `${request}`]) {
    assert.ok(!shown.includes('Basic ') && !shown.includes('code=abc'), shown)
  }
  assert.equal(client.refreshTokenRequest('rt', { scope: 'openid' }).body, 'grant_type=refresh_token&refresh_token=rt&scope=openid&client_id=skc_1')
  assert.deepEqual({ ...client.jwksRequest() }, { method: 'GET', url: 'https://acme.scalekit.dev/keys', headers: [['Accept', 'application/json']], body: '' })
})

test('token request errors carry the core codes', () => {
  const publicClient = new Client('https://acme.scalekit.dev', 'skc_1')
  assert.throws(() => publicClient.authorizationCodeRequest('abc', REDIRECT_URI), { code: 'pkce_required' })
  assert.throws(() => publicClient.authorizationCodeRequest('', REDIRECT_URI, { codeVerifier: VERIFIER }), { code: 'missing_code' })
  assert.throws(() => publicClient.refreshTokenRequest(''), { code: 'missing_refresh_token' })
  assert.throws(() => publicClient.authorizationCodeRequest('abc', REDIRECT_URI, { code_verifier: VERIFIER }), TypeError)
  assert.throws(() => publicClient.authorizationCodeRequest('abc\udc00', REDIRECT_URI, { codeVerifier: VERIFIER }), { code: 'invalid_string' })
})

test('parseTokenResponse: tokens, token_error as AuthorizationError, invalid answers', () => {
  const tokens = loginkit.parseTokenResponse(200, '{"access_token":"at_secret","token_type":"bearer","expires_in":60,"refresh_token":"rt_secret"}')
  assert.ok(tokens instanceof TokenResponse)
  assert.deepEqual({ ...tokens }, { accessToken: 'at_secret', tokenType: 'bearer', expiresIn: 60, refreshToken: 'rt_secret', idToken: null, scope: null })
  for (const shown of [util.inspect(tokens), String(tokens)]) {
    assert.ok(!shown.includes('at_secret') && !shown.includes('rt_secret'), shown)
    assert.match(shown, /bearer/)
  }
  // JSON (for a session store) keeps the values.
  assert.equal(JSON.parse(JSON.stringify(tokens)).accessToken, 'at_secret')

  assert.throws(() => loginkit.parseTokenResponse(400, '{"error":"invalid_grant","error_description":"code used","error_uri":"https://e.example"}'),
    (e) => e instanceof AuthorizationError && e instanceof LoginKitError && e.code === 'token_error' &&
      e.error === 'invalid_grant' && e.errorDescription === 'code used' && e.errorUri === 'https://e.example')
  assert.throws(() => loginkit.parseTokenResponse(401, '{"error":"invalid_client"}'),
    (e) => e instanceof AuthorizationError && e.errorDescription === null && e.errorUri === null)
  assert.throws(() => loginkit.parseTokenResponse(502, '<html>bad gateway</html>'),
    (e) => e.constructor === LoginKitError && e.code === 'invalid_token_response' && !e.message.includes('bad gateway'))
  assert.throws(() => loginkit.parseTokenResponse(200, '{"access_token":"at_secret","token_type":"MAC"}'),
    (e) => e.code === 'unsupported_token_type' && !e.message.includes('at_secret'))
  assert.throws(() => loginkit.parseTokenResponse('200', '{}'), TypeError)
  assert.throws(() => loginkit.parseTokenResponse(70000, '{}'), RangeError)
})

test('verifyIdToken returns the claims exactly; failures carry the codes', () => {
  const happy = caseById('id_token.json', 'idt.claims-unicode-nested').input
  const options = { issuer: happy.issuer, clientId: happy.client_id, nonce: happy.nonce, now: happy.now, leeway: happy.leeway }
  assert.deepEqual(loginkit.verifyIdToken(happy.id_token, happy.jwks, options),
    caseById('id_token.json', 'idt.claims-unicode-nested').expect.claims)
  assert.throws(() => loginkit.verifyIdToken(happy.id_token, happy.jwks, { ...options, now: happy.now + 10 ** 9 }), { code: 'id_token_expired' })
  assert.throws(() => loginkit.verifyIdToken(happy.id_token, JSON.parse(happy.jwks), options), /not a parsed object/)
  assert.throws(() => loginkit.verifyIdToken(happy.id_token, happy.jwks, { ...options, clientId: undefined }), /clientId/)
  assert.throws(() => loginkit.verifyIdToken('a.b', '{"keys":[]}', { issuer: 'https://i', clientId: 'c' }), { code: 'malformed_id_token' })

  // The client's form: its issuer and id, the current time by default.
  const client = new Client('https://issuer.example', 'skc_1')
  const now = Math.floor(Date.now() / 1000)
  const token = sign({ iss: 'https://issuer.example', sub: 'u', aud: ['skc_1'], exp: now + 60, iat: now, n: -5 })
  assert.deepEqual(client.verifyIdToken(token, JWKS), { iss: 'https://issuer.example', sub: 'u', aud: ['skc_1'], exp: now + 60, iat: now, n: -5 })
  assert.throws(() => client.verifyIdToken(token, JWKS, { nonce: 'n' }), { code: 'nonce_mismatch' })
  assert.throws(() => client.verifyIdToken(token, JWKS, { now: now + 3600 }), { code: 'id_token_expired' })
})

test('an Exchange driven by hand gives the conformance case result', () => {
  const c = caseById('exchange.json', 'exch.code-post-seed-scopes')
  const input = c.input
  const expected = c.expect.exchanges[0]
  const client = new Client(input.env_url, input.client_id, { clientSecret: input.client_secret })
  const one = input.exchanges[0]
  const exchange = client.exchangeCode(one.grant.code, one.grant.redirect_uri, { codeVerifier: one.grant.code_verifier, nonce: one.nonce })
  assert.ok(exchange instanceof Exchange)
  assert.deepEqual({ ...exchange.request() }, expected.requests[0])
  const first = exchange.receive(one.responses[0].status, one.responses[0].body, one.now)
  assert.equal(first.done, false)
  assert.deepEqual({ ...first.request }, expected.requests[1])
  const second = exchange.receive(one.responses[1].status, one.responses[1].body, one.now)
  assert.equal(second.done, true)
  assert.ok(second.result instanceof LoginResult && second.result instanceof TokenResponse)
  assert.deepEqual(second.result.user, expected.result.claims)
  assert.equal(second.result.refreshToken, expected.result.tokens.refresh_token)
  assert.ok(!util.inspect(second.result).includes(expected.result.tokens.refresh_token))
  assert.match(util.inspect(second.result), /usr_0123456789/)
  assert.throws(() => exchange.receive(200, '{}', one.now), { code: 'invalid_argument' })

  // The key set is cached in the client: a second login needs no fetch.
  const again = client.exchangeCode(one.grant.code, one.grant.redirect_uri, { codeVerifier: one.grant.code_verifier, nonce: one.nonce })
  assert.equal(again.receive(one.responses[0].status, one.responses[0].body, one.now).done, true)
})

test('receiveAsync gives the same steps and errors, on the thread pool', async () => {
  const c = caseById('exchange.json', 'exch.code-post-seed-scopes')
  const one = c.input.exchanges[0]
  const client = new Client(c.input.env_url, c.input.client_id, { clientSecret: c.input.client_secret })
  const start = () => client.exchangeCode(one.grant.code, one.grant.redirect_uri, { codeVerifier: one.grant.code_verifier, nonce: one.nonce })
  const exchange = start()
  const pending = exchange.receiveAsync(one.responses[0].status, one.responses[0].body, one.now)
  assert.ok(pending instanceof Promise)
  const first = await pending
  assert.equal(first.done, false)
  assert.equal(first.request.url, 'https://acme.scalekit.dev/keys')
  const second = await exchange.receiveAsync(one.responses[1].status, one.responses[1].body, one.now)
  assert.deepEqual(second.result.user, c.expect.exchanges[0].result.claims)
  // Many at once on the pool, sharing the client's cache.
  const users = await Promise.all(Array.from({ length: 32 }, () => start().receiveAsync(200, one.responses[0].body, one.now)))
  for (const step of users) assert.equal(step.result.user.sub, 'usr_0123456789')
  await assert.rejects(start().receiveAsync(400, '{"error":"invalid_grant"}', one.now), (e) => e instanceof AuthorizationError && e.error === 'invalid_grant')
  await assert.rejects(start().receiveAsync(200, one.responses[0].body, one.now + 10 ** 6), { code: 'id_token_expired' })
  await assert.rejects(start().receiveAsync('200', '{}'), TypeError)
})

// ---------------------------------------------------------------------------
// authenticateWithCode and refreshAccessToken over fetch

test('authenticateWithCode: token request, JWKS fetch, verified user; then the cached key set', async () => {
  const client = freshClient()
  const result = await client.authenticateWithCode('code_1', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1' })
  assert.ok(result instanceof LoginResult)
  assert.equal(result.accessToken, 'at_authorization_code')
  assert.equal(result.tokenType, 'Bearer')
  assert.equal(result.expiresIn, 3600)
  assert.equal(result.refreshToken, 'rt_1')
  assert.equal(result.scope, 'openid profile email offline_access')
  assert.equal(result.user.sub, 'usr_1')
  assert.equal(result.user.email, 'ada@example.com')
  assert.equal(result.user.name, 'Ada Lovelace')
  assert.equal(result.user.nonce, 'n-1')
  assert.deepEqual(result.user.nested, { 'ü': [1, -2, 9007199254740991] })

  assert.deepEqual(provider.requests.map((r) => `${r.method} ${r.url}`), ['POST /oauth/token', 'GET /keys'])
  const [token, keys] = provider.requests
  assert.equal(token.headers['content-type'], 'application/x-www-form-urlencoded')
  assert.equal(token.headers.accept, 'application/json')
  assert.equal(token.body, new Client(provider.issuer, 'skc_1', { clientSecret: SECRET })
    .authorizationCodeRequest('code_1', REDIRECT_URI, { codeVerifier: VERIFIER }).body)
  assert.equal(keys.headers.accept, 'application/json')

  provider.requests = []
  const second = await client.authenticateWithCode('code_2', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1' })
  assert.equal(second.user.sub, 'usr_1')
  assert.deepEqual(provider.requests.map((r) => r.url), ['/oauth/token'])
})

test('client_secret_basic sends the form-encoded credentials in Authorization', async () => {
  const client = freshClient({ clientSecret: SECRET, tokenEndpointAuthMethod: 'client_secret_basic' })
  await client.authenticateWithCode('code_1', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1' })
  const token = provider.requests[0]
  assert.equal(Buffer.from(token.headers.authorization.replace(/^Basic /, ''), 'base64').toString(),
    'skc_1:s3cr3t%3Awith%2Fspecial%2Bchars%25')
  assert.ok(!token.body.includes('client_secret'))
})

test('refreshAccessToken: new tokens; user is null without an ID token, verified with one', async () => {
  const client = freshClient()
  provider.tokenAnswer = (form) => {
    assert.equal(form.get('refresh_token'), 'rt_1')
    assert.equal(form.get('scope'), 'openid')
    return tokens(form, { id_token: undefined, refresh_token: 'rt_2' })
  }
  const refreshed = await client.refreshAccessToken('rt_1', { scope: 'openid' })
  assert.equal(refreshed.accessToken, 'at_refresh_token')
  assert.equal(refreshed.refreshToken, 'rt_2')
  assert.equal(refreshed.idToken, null)
  assert.equal(refreshed.user, null)

  provider.tokenAnswer = (form) => tokens(form)
  const withIdToken = await client.refreshAccessToken('rt_1')
  assert.equal(withIdToken.user.sub, 'usr_1')
})

test('the token endpoint refusing is AuthorizationError token_error; non-JSON is invalid_token_response', async () => {
  const client = freshClient()
  provider.tokenAnswer = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'code expired' } })
  await assert.rejects(client.authenticateWithCode('code_1', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1' }),
    (e) => e instanceof AuthorizationError && e.code === 'token_error' && e.error === 'invalid_grant' &&
      e.errorDescription === 'code expired' && !e.message.includes(SECRET))
  provider.tokenAnswer = () => ({ status: 502, type: 'text/html', body: '<html>Bad Gateway</html>' })
  await assert.rejects(client.refreshAccessToken('rt_1'), { code: 'invalid_token_response' })
  provider.tokenAnswer = (form) => tokens(form)
  provider.keysAnswer = { status: 500, body: 'oops' }
  await assert.rejects(client.authenticateWithCode('code_1', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1' }), { code: 'invalid_jwks' })
})

test('a forged ID token or a wrong nonce is refused', async () => {
  const client = freshClient()
  await assert.rejects(client.authenticateWithCode('code_1', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'other' }), { code: 'nonce_mismatch' })
  provider.tokenAnswer = (form) => tokens(form, { id_token: `${idToken().split('.').slice(0, 2).join('.')}.${'A'.repeat(342)}` })
  await assert.rejects(client.authenticateWithCode('code_1', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1' }), { code: 'invalid_signature' })
  provider.tokenAnswer = (form) => tokens(form, { id_token: idToken({ iss: 'https://evil.example' }) })
  await assert.rejects(client.authenticateWithCode('code_1', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1' }), { code: 'issuer_mismatch' })
})

test('a refused connection is network_error naming the URL, never the body', async () => {
  const closed = http.createServer()
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = closed.address().port
  await new Promise((resolve) => closed.close(resolve))
  const client = new Client(`http://127.0.0.1:${port}`, 'skc_1', { clientSecret: SECRET })
  await assert.rejects(client.authenticateWithCode('code_secret', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1' }), (e) => {
    assert.ok(e instanceof LoginKitError)
    assert.equal(e.code, 'network_error')
    assert.ok(e.message.includes(`POST http://127.0.0.1:${port}/oauth/token`), e.message)
    assert.match(e.message, /ECONNREFUSED/)
    assert.ok(!e.message.includes('code_secret') && !e.message.includes('s3cr3t'), e.message)
    assert.ok(e.cause instanceof Error)
    return true
  })
})

test('a request that takes longer than timeoutMs is network_error', async () => {
  const client = freshClient()
  provider.tokenAnswer = () => ({ hang: true })
  const started = Date.now()
  await assert.rejects(client.authenticateWithCode('code_1', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1', timeoutMs: 200 }),
    (e) => e.code === 'network_error' && /timed out after 200 ms/.test(e.message))
  assert.ok(Date.now() - started < 5000)
  assert.equal(loginkit.DEFAULT_TIMEOUT_MS, 10_000)
})

test('an application can pass its own fetch; what it throws is network_error', async () => {
  const client = freshClient()
  const seen = []
  const myFetch = (url, init) => {
    seen.push([init.method, url, init.redirect, init.signal instanceof AbortSignal])
    return fetch(url, init)
  }
  const result = await client.authenticateWithCode('code_1', REDIRECT_URI, { codeVerifier: VERIFIER, nonce: 'n-1', fetch: myFetch })
  assert.equal(result.user.sub, 'usr_1')
  assert.deepEqual(seen, [
    ['POST', `${provider.issuer}/oauth/token`, 'manual', true],
    ['GET', `${provider.issuer}/keys`, 'follow', true],
  ])
  await assert.rejects(client.refreshAccessToken('rt_1', { fetch: async () => { throw new Error('proxy said no') } }),
    (e) => e.code === 'network_error' && /proxy said no/.test(e.message))
  await assert.rejects(client.refreshAccessToken('rt_1', { fetch: async () => 'not a response' }), TypeError)
})

test('bad arguments reject the promise, they never throw synchronously', async () => {
  const client = freshClient()
  const calls = [
    [() => client.authenticateWithCode(42, REDIRECT_URI), TypeError],
    [() => client.authenticateWithCode('c', REDIRECT_URI, { code_verifier: VERIFIER }), TypeError],
    [() => client.authenticateWithCode('c', REDIRECT_URI, { timeoutMs: 0 }), RangeError],
    [() => client.authenticateWithCode('c', REDIRECT_URI, { fetch: 'fetch' }), TypeError],
    [() => client.refreshAccessToken(null), TypeError],
    [() => client.refreshAccessToken(''), LoginKitError],
    [() => new Client(provider.issuer, 'skc_public').authenticateWithCode('c', REDIRECT_URI), LoginKitError],
  ]
  for (const [call, kind] of calls) {
    let promise
    assert.doesNotThrow(() => { promise = call() })
    await assert.rejects(promise, kind)
  }
  assert.deepEqual(provider.requests, [])
})

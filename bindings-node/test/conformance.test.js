'use strict'
// The Node conformance runner: every case of conformance/cases/ (or of the
// file or folder in CONFORMANCE_CASES) through the JS API, one subtest per
// case id. Results go to CONFORMANCE_OUT in the shape of `expect`; ids in
// conformance/expected-failures/node.txt must fail.

const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const loginkit = require('..')

const REPOSITORY = path.resolve(__dirname, '..', '..')

function caseFiles() {
  const source = process.env.CONFORMANCE_CASES || path.join(REPOSITORY, 'conformance', 'cases')
  if (fs.statSync(source).isFile()) return [source]
  const files = fs.readdirSync(source).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(source, f))
  assert.ok(files.length > 0, `no case files in ${source}`)
  return files
}

const cases = caseFiles().flatMap((file) => JSON.parse(fs.readFileSync(file, 'utf8')).cases)
const ids = new Set()
for (const c of cases) {
  assert.ok(!ids.has(c.id), `duplicate case id ${c.id}`)
  ids.add(c.id)
}
const expectedFailuresFile = path.join(REPOSITORY, 'conformance', 'expected-failures', 'node.txt')
const expectedFailures = new Set(
  (fs.existsSync(expectedFailuresFile) ? fs.readFileSync(expectedFailuresFile, 'utf8') : '')
    .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')),
)

/** snake_case case options to the JS API's camelCase options. */
function authorizationOptions(options) {
  if (!options) return undefined
  const camel = {}
  for (const [key, value] of Object.entries(options)) {
    camel[key.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase())] = value
  }
  return camel
}

function errorResult(error) {
  if (!(error instanceof loginkit.LoginKitError)) throw error
  const result = { error: error.code }
  if (error instanceof loginkit.AuthorizationError) {
    result.oauth_error = error.error
    if (error.errorDescription !== null) result.error_description = error.errorDescription
    if (error.errorUri !== null) result.error_uri = error.errorUri
  }
  return result
}

function startLoginIsConsistent(client, redirectUri, options, login) {
  const kept = (given, returned) => (given ? given === returned : returned.length > 0)
  if (!/^[A-Za-z0-9_-]{43}$/.test(login.codeVerifier)) return false
  const replay = {
    ...options,
    state: login.state,
    nonce: login.nonce,
    codeChallenge: loginkit.pkceChallenge(login.codeVerifier),
    codeChallengeMethod: 'S256',
  }
  return kept(options?.state, login.state) && kept(options?.nonce, login.nonce) &&
    client.getAuthorizationUrl(redirectUri, replay) === login.url
}

/** The token client of token_request and exchange cases. */
function tokenClient(input) {
  return new loginkit.Client(input.env_url, input.client_id, {
    clientSecret: input.client_secret,
    tokenEndpointAuthMethod: input.auth_method,
    jwksRefetchIntervalSeconds: input.jwks_refetch_interval,
  })
}

function requestJson(request) {
  return { method: request.method, url: request.url, headers: request.headers.map(([n, v]) => [n, v]), body: request.body }
}

function tokensJson(t) {
  return {
    access_token: t.accessToken, token_type: t.tokenType, expires_in: t.expiresIn,
    refresh_token: t.refreshToken, id_token: t.idToken, scope: t.scope,
  }
}

/** One exchange driven the way authenticateWithCode drives it, with canned answers (run_exchange). */
function runExchange(client, input) {
  let exchange
  try {
    const grant = input.grant
    exchange = grant.type === 'authorization_code'
      ? client.exchangeCode(grant.code, grant.redirect_uri, { codeVerifier: grant.code_verifier, nonce: input.nonce })
      : client.exchangeRefreshToken(grant.refresh_token, { scope: grant.scope })
  } catch (error) {
    return { ...errorResult(error), requests: [] }
  }
  const requests = [requestJson(exchange.request())]
  for (const response of input.responses) {
    let step
    try {
      step = exchange.receive(response.status, response.body, input.now)
    } catch (error) {
      return { ...errorResult(error), requests }
    }
    if (!step.done) {
      requests.push(requestJson(step.request))
    } else {
      return { requests, result: { tokens: tokensJson(step.result), claims: step.result.user } }
    }
  }
  return { requests, pending: true }
}

/** A transaction in the cases' shape (snake_case, return_to null when absent). */
function transactionJson(t) {
  return {
    state: t.state, nonce: t.nonce, code_verifier: t.codeVerifier,
    redirect_uri: t.redirectUri, return_to: t.returnTo, issued_at: t.issuedAt,
  }
}

/**
 * Adds a sealed value to CONFORMANCE_SEALED_OUT ({case id: value}), for the
 * parity run's cross-language round trip (record_sealed in the reference).
 */
function recordSealed(id, sealed) {
  const file = process.env.CONFORMANCE_SEALED_OUT
  if (!file) return
  let all = {}
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    // absent or not JSON yet: start afresh
  }
  all[id] = sealed
  fs.writeFileSync(file, JSON.stringify(all))
}

function run(c) {
  const input = c.input
  const client = () => new loginkit.Client(input.env_url, input.client_id ?? '')
  try {
    switch (c.op) {
      case 'authorization_url':
        return { url: client().getAuthorizationUrl(input.redirect_uri ?? '', authorizationOptions(input.options)) }
      case 'logout_url':
        return { url: client().getLogoutUrl(authorizationOptions(input.options)) }
      case 'validate_redirect_uri':
        loginkit.validateRedirectUri(input.uri, input.environment)
        return { valid: true }
      case 'redirect_uri_matches':
        return { matches: loginkit.redirectUriMatches(input.registered, input.candidate) }
      case 'pkce_challenge':
        return { code_challenge: loginkit.pkceChallenge(input.code_verifier) }
      case 'parse_callback': {
        const callback = client().parseCallback(input.callback, input.expected_state)
        return { code: callback.code, state: callback.state }
      }
      case 'generate': {
        const generate = { state: loginkit.generateState, nonce: loginkit.generateNonce, code_verifier: loginkit.generateCodeVerifier }[input.what]
        const values = Array.from({ length: input.count }, () => generate())
        const pattern = c.expect.pattern
        const regex = new RegExp(pattern)
        return { pattern: values.every((v) => regex.test(v)) ? pattern : null, distinct: new Set(values).size === values.length }
      }
      case 'start_login': {
        const lk = client()
        const options = authorizationOptions(input.options)
        const login = lk.startLogin(input.redirect_uri ?? '', options)
        return { consistent: startLoginIsConsistent(lk, input.redirect_uri ?? '', options, login) }
      }
      case 'token_request': {
        const lk = tokenClient(input)
        const grant = input.grant
        const request = grant.type === 'authorization_code'
          ? lk.authorizationCodeRequest(grant.code, grant.redirect_uri, { codeVerifier: grant.code_verifier })
          : lk.refreshTokenRequest(grant.refresh_token, { scope: grant.scope })
        return requestJson(request)
      }
      case 'parse_token_response':
        return { tokens: tokensJson(loginkit.parseTokenResponse(input.status, input.body)) }
      case 'verify_id_token':
        return {
          claims: loginkit.verifyIdToken(input.id_token, input.jwks, {
            issuer: input.issuer, clientId: input.client_id, nonce: input.nonce, now: input.now, leeway: input.leeway,
          }),
        }
      case 'finish_login': {
        const keys = new loginkit.TransactionKeys(input.keys)
        const lk = new loginkit.Client(input.env_url, input.client_id)
        const done = lk.finishLogin(input.callback, input.cookie_header, keys, {
          cookieOptions: { ttl: input.ttl }, now: input.now,
        })
        return { code: done.code, transaction: transactionJson(done.transaction), clear_cookie: done.clearCookie }
      }
      case 'seal_transaction': {
        const keys = new loginkit.TransactionKeys(input.keys)
        const t = input.transaction
        const sealed = keys.seal({
          state: t.state, nonce: t.nonce, codeVerifier: t.code_verifier,
          redirectUri: t.redirect_uri, returnTo: t.return_to, issuedAt: t.issued_at,
        })
        recordSealed(c.id, sealed)
        return { opened: transactionJson(keys.open(sealed)) }
      }
      case 'open_transaction': {
        const keys = new loginkit.TransactionKeys(input.keys)
        return { transaction: transactionJson(keys.open(input.sealed)) }
      }
      case 'validate_return_to':
        loginkit.validateReturnTo(input.return_to)
        return { valid: true }
      case 'transaction_cookie': {
        const options = new loginkit.CookieOptions({ path: input.path, secure: input.secure, ttl: input.ttl })
        const name = loginkit.transactionCookieName(input.state)
        return { cookie_name: name, set_cookie: options.setCookie(name, input.cookie_value), clear_cookie: options.clearCookie(name) }
      }
      case 'exchange': {
        let lk
        try {
          lk = tokenClient(input)
        } catch (error) {
          return { exchanges: [{ ...errorResult(error), requests: [] }] }
        }
        return { exchanges: input.exchanges.map((exchange) => runExchange(lk, exchange)) }
      }
    }
  } catch (error) {
    return errorResult(error)
  }
  throw new Error(`unknown op ${c.op}`)
}

const results = {}
const perOp = {}

/** The case's result; anything thrown is recorded against the case, so one bad case never hides the others. */
function outcome(c) {
  try {
    return run(c)
  } catch (error) {
    return { exception: `${error?.name}: ${error?.message}` }
  }
}

for (const c of cases) {
  test(c.id, () => {
    const actual = outcome(c)
    results[c.id] = actual
    let passed = true
    try {
      assert.deepStrictEqual(actual, c.expect)
    } catch {
      passed = false
    }
    perOp[c.op] ??= [0, 0]
    perOp[c.op][1] += 1
    if (passed) perOp[c.op][0] += 1
    if (expectedFailures.has(c.id)) {
      assert.ok(!passed, 'listed as an expected failure but passed')
    } else {
      assert.deepStrictEqual(actual, c.expect)
    }
  })
}

after(() => {
  if (process.env.CONFORMANCE_OUT) {
    fs.writeFileSync(process.env.CONFORMANCE_OUT, JSON.stringify(results, null, 2))
  }
  let passed = 0
  let total = 0
  console.log('conformance (node):')
  for (const op of Object.keys(perOp).sort()) {
    console.log(`  ${op.padEnd(24)} ${perOp[op][0]}/${perOp[op][1]}`)
    passed += perOp[op][0]
    total += perOp[op][1]
  }
  console.log(`conformance (node): ${passed}/${total} cases passed`)
})

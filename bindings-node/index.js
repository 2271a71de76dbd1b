'use strict'
/**
 * loginkit for Node: OAuth 2.0 / OpenID Connect logins the one canonical
 * way. Every URL, request, check and error comes from the loginkit core
 * (the native module); this file only checks argument types, refuses
 * strings that are not well-formed UTF-16, gives errors their classes and,
 * for authenticateWithCode and refreshAccessToken, moves the core's HTTP
 * requests with `fetch`.
 *
 *   const { Client } = require('loginkit')
 *   const client = new Client('https://acme.scalekit.dev', 'skc_1234567890', { clientSecret })
 *   const login = client.startLogin('https://yourapp.com/auth/callback', {
 *     scopes: ['openid', 'profile', 'email', 'offline_access'],
 *   })
 *   // ... later, in the callback route:
 *   const { code } = client.parseCallback(req.originalUrl, login.state)
 *   const { user, accessToken } = await client.authenticateWithCode(code, redirectUri,
 *     { codeVerifier: login.codeVerifier, nonce: login.nonce })
 */

const native = require('./native.js')

const ERROR_CODES = Object.freeze(native.errorCodes())
const KNOWN_CODES = new Set(ERROR_CODES)

/** Every loginkit failure; `code` is the stable snake_case code. */
class LoginKitError extends Error {
  constructor(message, code) {
    super(message)
    this.name = 'LoginKitError'
    this.code = code
  }
}

/**
 * The authorization server refused: the login (code `authorization_error`,
 * from parseCallback) or a token request (code `token_error`, from the
 * token endpoint). `error`, `errorDescription` and `errorUri` are what the
 * server said.
 */
class AuthorizationError extends LoginKitError {
  constructor(message, code, error, errorDescription, errorUri) {
    super(message, code)
    this.name = 'AuthorizationError'
    this.error = error
    this.errorDescription = errorDescription
    this.errorUri = errorUri
  }
}

/** Re-throws a native error as a LoginKitError, keeping its code and message. */
function rethrow(error) {
  if (error && KNOWN_CODES.has(error.code)) {
    const converted = new LoginKitError(error.message, error.code)
    throw converted
  }
  throw error
}

/** The error a native failure object describes. */
function fromFailure(failure) {
  if (failure.oauthError !== null && failure.oauthError !== undefined) {
    return new AuthorizationError(failure.message, failure.code, failure.oauthError,
      failure.errorDescription ?? null, failure.errorUri ?? null)
  }
  return new LoginKitError(failure.message, failure.code)
}

function describe(value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** A required string argument. */
function text(value, name) {
  if (typeof value !== 'string') {
    throw new TypeError(`${name} must be a string, not ${describe(value)}`)
  }
  if (!value.isWellFormed()) {
    throw new LoginKitError(
      `${name} is not well-formed UTF-16 (it holds a lone surrogate); loginkit never replaces characters`,
      'invalid_string',
    )
  }
  return value
}

/** An optional string: null and undefined mean "not given". */
function optionalText(value, name) {
  return value === null || value === undefined ? undefined : text(value, name)
}

/** An integer argument within [min, max]. */
function integer(value, name, min, max) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer, not ${describe(value)}`)
  }
  if (value < min || value > max) {
    throw new RangeError(`${name} must be between ${min} and ${max}, not ${value}`)
  }
  return value
}

/** An optional integer: null and undefined mean "not given". */
function optionalInteger(value, name, min, max) {
  return value === null || value === undefined ? undefined : integer(value, name, min, max)
}

/** Seconds since the Unix epoch, the clock the ID-token checks use. */
function nowSeconds() {
  return Math.floor(Date.now() / 1000)
}

function textArray(value, name) {
  if (!Array.isArray(value)) {
    const hint = typeof value === 'string' ? " (write ['openid', 'profile'], not 'openid profile')" : ''
    throw new TypeError(`${name} must be an array of strings, not ${describe(value)}${hint}`)
  }
  return value.map((item, index) => text(item, `${name}[${index}]`))
}

function extraParams(value) {
  if (value === null || value === undefined) return undefined
  if (!Array.isArray(value)) {
    throw new TypeError(`extraParams must be an array of [name, value] pairs, not ${describe(value)}`)
  }
  return value.map((pair, index) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(`extraParams[${index}] must be a [name, value] pair of strings`)
    }
    return [text(pair[0], `extraParams[${index}][0]`), text(pair[1], `extraParams[${index}][1]`)]
  })
}

/** Checks that `options` is a plain object with only `allowed` keys. */
function plainOptions(options, allowed, what) {
  if (options === null || options === undefined) return {}
  const prototype = typeof options === 'object' ? Object.getPrototypeOf(options) : undefined
  if (typeof options !== 'object' || Array.isArray(options) || (prototype !== Object.prototype && prototype !== null)) {
    throw new TypeError(`${what} must be a plain object, not ${describe(options)}`)
  }
  for (const key of Object.keys(options)) {
    if (!allowed.has(key)) {
      throw new TypeError(`unknown option ${JSON.stringify(key)} in ${what}; the options are ${[...allowed].join(', ')}`)
    }
  }
  return options
}

const AUTHORIZATION_OPTIONS = new Set([
  'scopes', 'state', 'nonce', 'loginHint', 'domainHint', 'connectionId', 'organizationId',
  'provider', 'prompt', 'codeChallenge', 'codeChallengeMethod', 'extraParams',
])
const LOGOUT_OPTIONS = new Set(['idTokenHint', 'postLogoutRedirectUri', 'state'])
const CLIENT_OPTIONS = new Set(['clientSecret', 'tokenEndpointAuthMethod', 'jwksRefetchIntervalSeconds'])
const CODE_REQUEST_OPTIONS = new Set(['codeVerifier'])
const REFRESH_REQUEST_OPTIONS = new Set(['scope'])
const EXCHANGE_CODE_OPTIONS = new Set(['codeVerifier', 'nonce'])
const VERIFY_OPTIONS = new Set(['nonce', 'now'])
const VERIFY_ID_TOKEN_OPTIONS = new Set(['issuer', 'clientId', 'nonce', 'now', 'leeway'])
const AUTHENTICATE_OPTIONS = new Set(['codeVerifier', 'nonce', 'fetch', 'timeoutMs'])
const REFRESH_OPTIONS = new Set(['scope', 'fetch', 'timeoutMs'])

/** The default time limit of one HTTP request made by loginkit, in milliseconds. */
const DEFAULT_TIMEOUT_MS = 10_000

const INSPECT = Symbol.for('nodejs.util.inspect.custom')
const REDACTED = '<redacted>'

/**
 * An HTTP request as data, exactly as the core built it: send `method` to
 * `url` with `headers` (`[name, value]` pairs, in order; usable as fetch's
 * `headers`) and `body` (empty for GET). The body and an `Authorization`
 * header carry secrets, so inspecting or printing a request redacts them.
 */
class HttpRequest {
  constructor(native) {
    this.method = native.method
    this.url = native.url
    this.headers = native.headers
    this.body = native.body
    Object.freeze(this.headers)
    Object.freeze(this)
  }

  /** Every member, with the body and an Authorization header's value replaced. */
  redacted() {
    const headers = this.headers.map(([name, value]) => [name, name.toLowerCase() === 'authorization' ? REDACTED : value])
    return { method: this.method, url: this.url, headers, body: `<${this.body.length} characters redacted>` }
  }

  [INSPECT](depth, options, inspect) {
    return `HttpRequest ${inspect(this.redacted(), options)}`
  }

  toString() {
    return `${this.method} ${this.url}`
  }
}

/**
 * The token endpoint's successful answer (RFC 6749 §5.1), values as sent;
 * absent members are `null`. Inspecting or printing it redacts the tokens;
 * the properties (and JSON.stringify, e.g. for a session store) give the
 * real values.
 */
class TokenResponse {
  constructor(native) {
    this.accessToken = native.accessToken
    this.tokenType = native.tokenType
    this.expiresIn = native.expiresIn ?? null
    this.refreshToken = native.refreshToken ?? null
    this.idToken = native.idToken ?? null
    this.scope = native.scope ?? null
  }

  /** Every member, with the three tokens replaced by '<redacted>'. */
  redacted() {
    const redact = (token) => (token === null ? null : REDACTED)
    return {
      accessToken: REDACTED,
      tokenType: this.tokenType,
      expiresIn: this.expiresIn,
      refreshToken: redact(this.refreshToken),
      idToken: redact(this.idToken),
      scope: this.scope,
    }
  }

  [INSPECT](depth, options, inspect) {
    return `${this.constructor.name} ${inspect(this.redacted(), options)}`
  }

  toString() {
    return `${this.constructor.name} ${JSON.stringify(this.redacted())}`
  }
}

/**
 * A finished login or refresh: the tokens (as on TokenResponse) and
 * `user`, the verified ID token's claims (`sub`, `email`, `name`, ... as
 * the token carried them), or `null` when the server issued no ID token
 * (a refresh may not).
 */
class LoginResult extends TokenResponse {
  constructor(native, claims) {
    super(native)
    this.user = claims === null || claims === undefined ? null : JSON.parse(claims)
  }

  redacted() {
    return { ...super.redacted(), user: this.user }
  }
}

/**
 * One token exchange in progress: the core's sans-IO state machine. Send
 * `request()`, hand the answer to `receive`, and send the request it
 * returns until it is done:
 *
 *   let step = { done: false, request: exchange.request() }
 *   while (!step.done) {
 *     const response = await myHttp(step.request)
 *     step = exchange.receive(response.status, response.body)
 *   }
 *   step.result.user.sub
 *
 * Created by client.exchangeCode or client.exchangeRefreshToken; it
 * shares its client's JWKS cache.
 */
class Exchange {
  #native

  constructor(native) {
    this.#native = native
  }

  /** The first request to send (the token request). */
  request() {
    return new HttpRequest(call(() => this.#native.request()))
  }

  /**
   * Judges the answer to the last request sent: its HTTP `status` and
   * `body` text, at `now` (seconds since the Unix epoch; default: the
   * current time). Returns `{ done: false, request }` (send it and call
   * receive again) or `{ done: true, result }`; throws LoginKitError
   * (AuthorizationError for `token_error`).
   */
  receive(status, body, now) {
    return toStep(this.#native.receive(...receiveArguments(status, body, now)))
  }

  /**
   * receive on libuv's thread pool: the same step and the same errors (as
   * a rejection), with the event loop free while the ID token's signature
   * is checked, as with WebCrypto. authenticateWithCode uses it.
   */
  async receiveAsync(status, body, now) {
    return toStep(await this.#native.receiveAsync(...receiveArguments(status, body, now)))
  }
}

function receiveArguments(status, body, now) {
  return [
    integer(status, 'status', 0, 65535),
    text(body, 'body'),
    now === null || now === undefined ? nowSeconds() : integer(now, 'now', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  ]
}

/** An exchange step from the native step. */
function toStep(step) {
  if (step.failure !== null && step.failure !== undefined) throw fromFailure(step.failure)
  if (step.request !== null && step.request !== undefined) return { done: false, request: new HttpRequest(step.request) }
  return { done: true, result: new LoginResult(step.tokens, step.claims) }
}

/** The options' `fetch` (default: the global one) and time limit. */
function transport(o) {
  const fetchImpl = o.fetch === null || o.fetch === undefined ? globalThis.fetch : o.fetch
  if (typeof fetchImpl !== 'function') {
    throw new TypeError(`fetch must be a function like the global fetch, not ${describe(fetchImpl)}`)
  }
  const timeoutMs = o.timeoutMs === null || o.timeoutMs === undefined
    ? DEFAULT_TIMEOUT_MS
    : integer(o.timeoutMs, 'timeoutMs', 1, 2 ** 32)
  return { fetchImpl, timeoutMs }
}

/** The network_error for a request that could not be sent or read. */
function networkError(what, error, timeoutMs) {
  const reason = error?.name === 'TimeoutError'
    ? `timed out after ${timeoutMs} ms`
    : `failed (${error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(error)})`
  const converted = new LoginKitError(`the HTTP request ${what} ${reason}`, 'network_error')
  converted.cause = error
  return converted
}

/**
 * Sends one request with fetch and reads the whole answer; a failure to
 * send it or read the answer (refused, TLS, timeout) is network_error.
 * The status and body go to the core as they came, whatever they are.
 */
async function send(request, { fetchImpl, timeoutMs }) {
  const what = `${request.method} ${request.url}`
  const signal = AbortSignal.timeout(timeoutMs)
  let response
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' ? undefined : request.body,
      // Credentials ride in the POST: its answer is judged as it is, a
      // redirect never forwards them.
      redirect: request.method === 'GET' ? 'follow' : 'manual',
      signal,
    })
  } catch (error) {
    throw networkError(what, error, timeoutMs)
  }
  if (response === null || typeof response !== 'object' || typeof response.text !== 'function') {
    throw new TypeError(`fetch resolved to ${describe(response)}, not a Response`)
  }
  const status = integer(response.status, 'the response status', 0, 65535)
  let body
  try {
    body = await response.text()
  } catch (error) {
    throw networkError(what, error, timeoutMs)
  }
  return { status, body: text(body, 'the response body') }
}

/** Drives an exchange to its end with fetch and the current time. */
async function run(exchange, connection) {
  let step = { done: false, request: exchange.request() }
  while (!step.done) {
    const { status, body } = await send(step.request, connection)
    step = exchange.receive(status, body, nowSeconds())
  }
  return step.result
}

/** The native call's positional arguments for authorization options. */
function authorizationArguments(options) {
  const o = plainOptions(options, AUTHORIZATION_OPTIONS, 'options')
  return [
    o.scopes === null || o.scopes === undefined ? undefined : textArray(o.scopes, 'scopes'),
    optionalText(o.state, 'state'),
    optionalText(o.nonce, 'nonce'),
    optionalText(o.loginHint, 'loginHint'),
    optionalText(o.domainHint, 'domainHint'),
    optionalText(o.connectionId, 'connectionId'),
    optionalText(o.organizationId, 'organizationId'),
    optionalText(o.provider, 'provider'),
    optionalText(o.prompt, 'prompt'),
    optionalText(o.codeChallenge, 'codeChallenge'),
    optionalText(o.codeChallengeMethod, 'codeChallengeMethod'),
    extraParams(o.extraParams),
  ]
}

/**
 * A client for one environment and one application. Construction makes no
 * network call; a client holds no global state (its JWKS cache is its
 * own, shared by the exchanges it starts).
 *
 * `options.clientSecret` is the client secret (never printed);
 * `options.tokenEndpointAuthMethod` is 'client_secret_post' (the default
 * with a secret), 'client_secret_basic' or 'none' (the default without
 * one: a public client, PKCE required); `options.jwksRefetchIntervalSeconds`
 * is the shortest time between two JWKS fetches caused by an unknown key id
 * (default 300).
 */
class Client {
  #native

  constructor(envUrl, clientId, options) {
    if (typeof options === 'string') {
      throw new TypeError("options must be a plain object, not a string (write { clientSecret: '...' })")
    }
    const o = plainOptions(options, CLIENT_OPTIONS, 'options')
    const args = [
      text(envUrl, 'envUrl'),
      text(clientId, 'clientId'),
      optionalText(o.clientSecret, 'clientSecret'),
      optionalText(o.tokenEndpointAuthMethod, 'tokenEndpointAuthMethod'),
      optionalInteger(o.jwksRefetchIntervalSeconds, 'jwksRefetchIntervalSeconds', 0, Number.MAX_SAFE_INTEGER),
    ]
    try {
      this.#native = new native.NativeClient(...args)
    } catch (error) {
      rethrow(error)
    }
  }

  /** 'client_secret_post', 'client_secret_basic' or 'none'. */
  get tokenEndpointAuthMethod() {
    return this.#native.tokenEndpointAuthMethod
  }

  /** The normalised environment URL (also the expected `iss`). */
  get baseUrl() {
    return this.#native.baseUrl
  }

  /** The client id. */
  get clientId() {
    return this.#native.clientId
  }

  /** Builds the authorization URL that starts a login. */
  getAuthorizationUrl(redirectUri, options) {
    const args = authorizationArguments(options)
    try {
      return this.#native.authorizationUrl(text(redirectUri, 'redirectUri'), ...args)
    } catch (error) {
      rethrow(error)
    }
  }

  /** Generates state, nonce and a PKCE verifier and builds the URL. */
  startLogin(redirectUri, options) {
    const args = authorizationArguments(options)
    try {
      return this.#native.startLogin(text(redirectUri, 'redirectUri'), ...args)
    } catch (error) {
      rethrow(error)
    }
  }

  /** Builds the logout URL. */
  getLogoutUrl(options) {
    const o = plainOptions(options, LOGOUT_OPTIONS, 'options')
    try {
      return this.#native.logoutUrl(
        optionalText(o.idTokenHint, 'idTokenHint'),
        optionalText(o.postLogoutRedirectUri, 'postLogoutRedirectUri'),
        optionalText(o.state, 'state'),
      )
    } catch (error) {
      rethrow(error)
    }
  }

  /**
   * Checks a callback (full URL, request target such as `req.originalUrl`,
   * or query string) against the state stored when the login started.
   */
  parseCallback(callback, expectedState) {
    const result = this.#native.parseCallback(text(callback, 'callback'), text(expectedState, 'expectedState'))
    if (result.errorCode === 'authorization_error') {
      throw new AuthorizationError(result.errorMessage, result.errorCode, result.oauthError,
        result.errorDescription ?? null, result.errorUri ?? null)
    }
    if (result.errorCode !== undefined && result.errorCode !== null) {
      throw new LoginKitError(result.errorMessage, result.errorCode)
    }
    return { code: result.code, state: result.state }
  }

  /**
   * Exchanges the callback's authorization code for tokens and verifies
   * the ID token: the token request, the JWKS fetch when the client's
   * cache needs one, then every check of the ID token against this
   * client, `options.nonce` and the current time. Pass the `codeVerifier`
   * and `nonce` that startLogin returned. Requests go through
   * `options.fetch` (default: the global fetch), each limited to
   * `options.timeoutMs` (default 10000). Resolves to a LoginResult
   * (`user` is the verified claims); rejects with LoginKitError
   * (`network_error` when a request cannot be sent or its answer read,
   * AuthorizationError with code `token_error` when the server refuses).
   */
  async authenticateWithCode(code, redirectUri, options) {
    const o = plainOptions(options, AUTHENTICATE_OPTIONS, 'options')
    const connection = transport(o)
    const exchange = this.exchangeCode(code, redirectUri, { codeVerifier: o.codeVerifier, nonce: o.nonce })
    return run(exchange, connection)
  }

  /**
   * Gets new tokens with a refresh token (optionally narrowing `scope`),
   * verifying the ID token when the server sends one (`user` is null
   * otherwise). `fetch` and `timeoutMs` as for authenticateWithCode.
   */
  async refreshAccessToken(refreshToken, options) {
    const o = plainOptions(options, REFRESH_OPTIONS, 'options')
    const connection = transport(o)
    const exchange = this.exchangeRefreshToken(refreshToken, { scope: o.scope })
    return run(exchange, connection)
  }

  /**
   * The authorization-code token request (sans-IO): an HttpRequest to send
   * with your own HTTP client; its answer goes to parseTokenResponse.
   */
  authorizationCodeRequest(code, redirectUri, options) {
    const o = plainOptions(options, CODE_REQUEST_OPTIONS, 'options')
    const args = [text(code, 'code'), text(redirectUri, 'redirectUri'), optionalText(o.codeVerifier, 'codeVerifier')]
    return new HttpRequest(call(() => this.#native.authorizationCodeRequest(...args)))
  }

  /** The refresh-token request (sans-IO), optionally narrowing `scope`. */
  refreshTokenRequest(refreshToken, options) {
    const o = plainOptions(options, REFRESH_REQUEST_OPTIONS, 'options')
    const args = [text(refreshToken, 'refreshToken'), optionalText(o.scope, 'scope')]
    return new HttpRequest(call(() => this.#native.refreshTokenRequest(...args)))
  }

  /** The JWKS request: GET {environment URL}/keys. */
  jwksRequest() {
    return new HttpRequest(call(() => this.#native.jwksRequest()))
  }

  /**
   * Verifies an ID token against a key set you fetched (the JWKS JSON
   * text), with this client's issuer and id, `options.nonce` (the one the
   * login sent) and `options.now` (seconds since the Unix epoch; default:
   * the current time). Returns the claims.
   */
  verifyIdToken(idToken, jwks, options) {
    const o = plainOptions(options, VERIFY_OPTIONS, 'options')
    const args = [
      text(idToken, 'idToken'),
      jwksText(jwks),
      optionalText(o.nonce, 'nonce'),
      optionalInteger(o.now, 'now', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? nowSeconds(),
    ]
    return JSON.parse(call(() => this.#native.verifyIdToken(...args)))
  }

  /**
   * Starts an authorization-code exchange (sans-IO; see Exchange). Pass
   * the `codeVerifier` and `nonce` that startLogin returned.
   */
  exchangeCode(code, redirectUri, options) {
    const o = plainOptions(options, EXCHANGE_CODE_OPTIONS, 'options')
    const args = [text(code, 'code'), text(redirectUri, 'redirectUri'), optionalText(o.codeVerifier, 'codeVerifier'),
      optionalText(o.nonce, 'nonce')]
    return new Exchange(call(() => this.#native.exchangeCode(...args)))
  }

  /** Starts a refresh-token exchange (sans-IO; see Exchange). */
  exchangeRefreshToken(refreshToken, options) {
    const o = plainOptions(options, REFRESH_REQUEST_OPTIONS, 'options')
    const args = [text(refreshToken, 'refreshToken'), optionalText(o.scope, 'scope')]
    return new Exchange(call(() => this.#native.exchangeRefreshToken(...args)))
  }
}

/** The JWKS argument: the key set's JSON text, as fetched. */
function jwksText(value) {
  if (typeof value !== 'string') {
    const hint = value !== null && typeof value === 'object' ? ' (pass the response text as fetched, not a parsed object)' : ''
    throw new TypeError(`jwks must be a string, not ${describe(value)}${hint}`)
  }
  return text(value, 'jwks')
}

function call(fn, ...args) {
  try {
    return fn(...args)
  } catch (error) {
    rethrow(error)
  }
}

/** Checks a callback URL against the registration rules of `environment`. */
function validateRedirectUri(uri, environment) {
  call(native.validateRedirectUri, text(uri, 'uri'), text(environment, 'environment'))
}

/** Whether `candidate` is allowed by the registered callback URL. */
function redirectUriMatches(registered, candidate) {
  return call(native.redirectUriMatches, text(registered, 'registered'), text(candidate, 'candidate'))
}

/** A fresh state: 64 lower-case hex characters from the OS CSPRNG. */
const generateState = () => call(native.generateState)
/** A fresh nonce: 64 lower-case hex characters from the OS CSPRNG. */
const generateNonce = () => call(native.generateNonce)
/** A fresh PKCE code verifier: 43 base64url characters. */
const generateCodeVerifier = () => call(native.generateCodeVerifier)

/** The S256 challenge of a code verifier. */
function pkceChallenge(verifier) {
  return call(native.pkceChallenge, text(verifier, 'verifier'))
}

/** Compares states in constant time; an empty expected state never verifies. */
function verifyState(expected, received) {
  return call(native.verifyState, text(expected, 'expected'), text(received, 'received'))
}

/**
 * Reads the token endpoint's answer (sans-IO): its HTTP status and body
 * text. Returns a TokenResponse; throws AuthorizationError (code
 * `token_error`) when the server answered with an OAuth error, else
 * LoginKitError (`invalid_token_response`, `unsupported_token_type`).
 */
function parseTokenResponse(status, body) {
  const result = native.parseTokenResponse(integer(status, 'status', 0, 65535), text(body, 'body'))
  if (result.failure !== null && result.failure !== undefined) throw fromFailure(result.failure)
  return new TokenResponse(result.tokens)
}

/**
 * Verifies an ID token against a key set (its JSON text) and what it must
 * say: `issuer`, `clientId`, `nonce` (the login's; omit when it sent none),
 * `now` (seconds since the Unix epoch; default: the current time) and
 * `leeway` (seconds; default 60). Returns the claims, exactly as the token
 * carried them.
 */
function verifyIdToken(idToken, jwks, options) {
  const o = plainOptions(options, VERIFY_ID_TOKEN_OPTIONS, 'options')
  const args = [
    text(idToken, 'idToken'),
    jwksText(jwks),
    text(o.issuer, 'issuer'),
    text(o.clientId, 'clientId'),
    optionalText(o.nonce, 'nonce'),
    optionalInteger(o.now, 'now', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? nowSeconds(),
    optionalInteger(o.leeway, 'leeway', 0, Number.MAX_SAFE_INTEGER),
  ]
  return JSON.parse(call(native.verifyIdToken, ...args))
}

module.exports = {
  Client,
  // Hidden: panics inside the core on purpose, for the boundary test.
  _panicForTests: () => call(native.panicForTests),
  LoginKitError,
  AuthorizationError,
  Exchange,
  HttpRequest,
  TokenResponse,
  LoginResult,
  ERROR_CODES,
  DEFAULT_TIMEOUT_MS,
  parseTokenResponse,
  verifyIdToken,
  validateRedirectUri,
  redirectUriMatches,
  generateState,
  generateNonce,
  generateCodeVerifier,
  pkceChallenge,
  verifyState,
}

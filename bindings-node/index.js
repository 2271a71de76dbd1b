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
 *
 * The sealed login transaction (TransactionKeys, startLoginTransaction,
 * finishLogin) carries state, nonce and verifier to the callback in an
 * encrypted cookie instead of a session store, and WebLogin gives a web
 * application its login routes as HttpResponse values; `loginkit/express`
 * and `loginkit/http` map them onto Express and node:http.
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

function textArray(value, name, stringHint = " (write ['openid', 'profile'], not 'openid profile')") {
  if (!Array.isArray(value)) {
    const hint = typeof value === 'string' ? stringHint : ''
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

function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** A boolean argument (1 or 'true' is a mistake, not a flag). */
function flag(value, name) {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, not ${describe(value)}`)
  return value
}

/** Checks that `options` is a plain object with only `allowed` keys. */
function plainOptions(options, allowed, what) {
  if (options === null || options === undefined) return {}
  if (!isPlainObject(options)) {
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
const TRANSACTION_START_OPTIONS = new Set([...AUTHORIZATION_OPTIONS, 'returnTo', 'cookieOptions', 'now'])
const FINISH_OPTIONS = new Set(['cookieOptions', 'now'])
const COOKIE_OPTIONS = new Set(['path', 'secure', 'ttl'])
const TRANSACTION_FIELDS = new Set(['state', 'nonce', 'codeVerifier', 'redirectUri', 'returnTo', 'issuedAt'])
const WEB_LOGIN_OPTIONS = new Set(['postLogoutRedirectUri', 'scopes', 'cookieOptions', 'sessionTtl'])
const LOGIN_ROUTE_OPTIONS = new Set(['signUp', 'returnTo', 'now'])
const NOW_OPTIONS = new Set(['now'])
const LOGIN_REQUEST_OPTIONS = new Set(['signUp', 'now'])
const HANDLE_CALLBACK_OPTIONS = new Set(['fetch', 'timeoutMs'])

/** The default time limit of one HTTP request made by loginkit, in milliseconds. */
const DEFAULT_TIMEOUT_MS = 10_000

const INSPECT = Symbol.for('nodejs.util.inspect.custom')
const REDACTED = '<redacted>'
/** LoginResult -> the core's LoginResult (a NativeLoginResult). */
const CORE_RESULTS = new WeakMap()
/**
 * Set by the static blocks of Client, TransactionKeys and PendingLogin:
 * the native value inside one of them (TypeError for anything else).
 */
let nativeClient
let nativeKeys
let nativePending

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
  constructor(native, claims, handle) {
    super(native)
    this.user = claims === null || claims === undefined ? null : JSON.parse(claims)
    // The core's own value of this login, for WebLogin.complete: a session
    // is sealed only from claims the core verified, never from these
    // (editable) properties.
    if (handle !== null && handle !== undefined) CORE_RESULTS.set(this, handle)
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
  return { done: true, result: new LoginResult(step.tokens, step.claims, step.result) }
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
function authorizationArguments(options, allowed = AUTHORIZATION_OPTIONS) {
  const o = plainOptions(options, allowed, 'options')
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

  static {
    nativeClient = (client) => {
      if (client === null || typeof client !== 'object' || !(#native in client)) {
        throw new TypeError(`client must be a loginkit Client, not ${describe(client)}`)
      }
      return client.#native
    }
  }

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

  /**
   * Starts a login with its transaction sealed into a cookie: state, nonce
   * and PKCE verifier are generated (as by startLogin, with the same
   * authorization options) and sealed with `keys` (a TransactionKeys)
   * together with `redirectUri`, `options.returnTo` (a same-origin path,
   * else `invalid_return_to`) and `options.now` (seconds since the Unix
   * epoch; default: the current time). Redirect to `.url` and send
   * `.setCookie` as a `Set-Cookie` header: nothing is stored on the server.
   * `options.cookieOptions` (a CookieOptions or its plain options) sets the
   * cookie's path, `Secure` and lifetime.
   */
  startLoginTransaction(redirectUri, keys, options) {
    const o = plainOptions(options, TRANSACTION_START_OPTIONS, 'options')
    const { returnTo, cookieOptions, now, ...authorization } = o
    const args = [
      text(redirectUri, 'redirectUri'),
      ...authorizationArguments(authorization, TRANSACTION_START_OPTIONS),
      optionalText(returnTo, 'returnTo'),
      nativeKeys(keys),
      ...cookieArguments(cookieOptions),
      timeArgument(now),
    ]
    return new TransactionStart(call(() => this.#native.startLoginTransaction(...args)))
  }

  /**
   * Finishes a login started by startLoginTransaction: reads the callback
   * (full URL, request target such as `req.originalUrl`, or query string),
   * finds the cookie named after its state in `cookieHeader` (the request's
   * `Cookie` header; null or undefined when it has none), opens it with
   * `keys` and checks it (the same state; younger than the cookie options'
   * `ttl` at `options.now`). Returns a FinishedLogin; throws LoginKitError
   * (`transaction_missing`, `transaction_expired`, ..., AuthorizationError
   * when the provider refused). Then exchange the code:
   *
   *   const { code, transaction: t, clearCookie } = client.finishLogin(req.originalUrl, req.headers.cookie, keys)
   *   const result = await client.authenticateWithCode(code, t.redirectUri,
   *     { codeVerifier: t.codeVerifier, nonce: t.nonce })
   *   res.append('Set-Cookie', clearCookie)
   */
  finishLogin(callback, cookieHeader, keys, options) {
    const o = plainOptions(options, FINISH_OPTIONS, 'options')
    const args = [
      text(callback, 'callback'),
      cookieHeaderText(cookieHeader),
      nativeKeys(keys),
      ...cookieArguments(o.cookieOptions),
      timeArgument(o.now),
    ]
    const result = this.#native.finishLogin(...args)
    if (result.failure !== null && result.failure !== undefined) throw fromFailure(result.failure)
    return new FinishedLogin(result.finished)
  }
}

// ---------------------------------------------------------------------------
// The sealed login transaction (issue 12).

/** `now` in seconds since the Unix epoch; default: the current time. */
function timeArgument(now) {
  return optionalInteger(now, 'now', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? nowSeconds()
}

/** A request's `Cookie` header: a string, or null/undefined for none. */
function cookieHeaderText(value) {
  return value === null || value === undefined ? '' : text(value, 'cookieHeader')
}

const WEB_DEFAULTS = native.webDefaults()
/** How long a login may take by default, in seconds (600: 10 minutes). */
const DEFAULT_TRANSACTION_TTL = WEB_DEFAULTS.transactionTtl
/** How long a web session lasts by default, in seconds (28800: 8 hours). */
const DEFAULT_SESSION_TTL = WEB_DEFAULTS.sessionTtl
/** The web session cookie's name. */
const SESSION_COOKIE = WEB_DEFAULTS.sessionCookie

/**
 * The keys that seal and open login transactions (and the web session):
 * `new TransactionKeys([newest, older, ...])` with base64url keys of at
 * least 256 bits each (`TransactionKeys.generateKey()` makes one). The
 * first key seals, every key opens, so keys rotate without breaking logins
 * in flight. A key that is not base64url without padding, or too short, or
 * an empty list, is LoginKitError `invalid_transaction_key` (naming its
 * position, never its text). Printing the object never shows a key.
 */
class TransactionKeys {
  #native

  static {
    nativeKeys = (keys) => {
      if (keys === null || typeof keys !== 'object' || !(#native in keys)) {
        throw new TypeError(`keys must be a loginkit TransactionKeys, not ${describe(keys)}`)
      }
      return keys.#native
    }
  }

  constructor(keys) {
    const texts = textArray(keys, 'keys', " (write [key], or process.env.LOGINKIT_KEYS.split(','))")
    this.#native = call(() => new native.NativeTransactionKeys(texts))
  }

  /** A fresh key: 32 bytes from the OS CSPRNG as base64url text (43 characters). Keep it secret. */
  static generateKey() {
    return call(native.generateTransactionKey)
  }

  /** How many keys: the first seals, all open. */
  get length() {
    return this.#native.length
  }

  /**
   * Seals a transaction (a LoginTransaction, or a plain object with its
   * members) into a cookie value under the first key; two seals of one
   * transaction differ.
   */
  seal(transaction) {
    const value = transactionArgument(transaction)
    return call(() => this.#native.seal(value))
  }

  /**
   * Opens a cookie value sealed under any of the keys: a LoginTransaction
   * (`transaction_truncated`, `transaction_unknown_key`,
   * `transaction_tampered` otherwise). It checks neither state nor age:
   * Client.finishLogin does.
   */
  open(value) {
    const sealed = text(value, 'value')
    return new LoginTransaction(call(() => this.#native.open(sealed)))
  }

  [INSPECT]() {
    return `TransactionKeys { length: ${this.length}, keys: <redacted> }`
  }

  toString() {
    return `TransactionKeys(${this.length} keys, redacted)`
  }
}

/** The native transaction object from a LoginTransaction or plain object. */
function transactionArgument(value) {
  if (!(value instanceof LoginTransaction)) {
    if (value === null || value === undefined) {
      throw new TypeError(`transaction must be a LoginTransaction or a plain object, not ${describe(value)}`)
    }
    plainOptions(value, TRANSACTION_FIELDS, 'transaction')
  }
  return {
    state: text(value.state, 'transaction.state'),
    nonce: text(value.nonce, 'transaction.nonce'),
    codeVerifier: text(value.codeVerifier, 'transaction.codeVerifier'),
    redirectUri: text(value.redirectUri, 'transaction.redirectUri'),
    returnTo: optionalText(value.returnTo, 'transaction.returnTo') ?? null,
    issuedAt: integer(value.issuedAt, 'transaction.issuedAt', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  }
}

/**
 * A login in flight, as sealed into its cookie: `state`, `nonce`,
 * `codeVerifier` (for the code exchange), `redirectUri` (the token request
 * repeats it), `returnTo` (a same-origin path, or null) and `issuedAt`
 * (when the login started, seconds since the Unix epoch). Printing it
 * redacts the nonce and the verifier.
 */
class LoginTransaction {
  constructor(fields) {
    const value = transactionArgument(fields)
    this.state = value.state
    this.nonce = value.nonce
    this.codeVerifier = value.codeVerifier
    this.redirectUri = value.redirectUri
    this.returnTo = value.returnTo
    this.issuedAt = value.issuedAt
    Object.freeze(this)
  }

  /** Every member, with the nonce and the verifier replaced by '<redacted>'. */
  redacted() {
    return { ...this, nonce: REDACTED, codeVerifier: REDACTED }
  }

  [INSPECT](depth, options, inspect) {
    return `LoginTransaction ${inspect(this.redacted(), options)}`
  }

  toString() {
    return `LoginTransaction ${JSON.stringify(this.redacted())}`
  }
}

/**
 * Cookie attributes for the transaction (and session) cookies: `path`
 * (default '/'), `secure` (default true; browsers treat http://localhost as
 * secure, so keep it on in development too) and `ttl`, the lifetime of a
 * login in seconds (default 600): the cookie's Max-Age and the age
 * finishLogin accepts. Every cookie is HttpOnly and SameSite=Lax.
 */
class CookieOptions {
  constructor(options) {
    const o = plainOptions(options, COOKIE_OPTIONS, 'cookie options')
    this.path = o.path === null || o.path === undefined ? WEB_DEFAULTS.cookiePath : text(o.path, 'path')
    this.secure = o.secure === null || o.secure === undefined ? WEB_DEFAULTS.cookieSecure : flag(o.secure, 'secure')
    this.ttl = optionalInteger(o.ttl, 'ttl', 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_TRANSACTION_TTL
    Object.freeze(this)
  }

  /** The `Set-Cookie` value that stores `value` under `name` for `ttl` seconds. */
  setCookie(name, value) {
    return call(native.setCookie, this.path, this.secure, this.ttl, text(name, 'name'), text(value, 'value'))
  }

  /** The `Set-Cookie` value that deletes cookie `name`. */
  clearCookie(name) {
    return call(native.clearCookie, this.path, this.secure, this.ttl, text(name, 'name'))
  }
}

/** The native arguments (path, secure, ttl) of a CookieOptions, its plain options, or null for the defaults. */
function cookieArguments(value) {
  const options = value instanceof CookieOptions ? value : new CookieOptions(value)
  return [options.path, options.secure, options.ttl]
}

/** The cookie name of the login whose state is `state`: `loginkit_tx_` and 16 hex characters of its hash. */
function transactionCookieName(state) {
  return call(native.transactionCookieName, text(state, 'state'))
}

/**
 * Checks that `returnTo` is a path on the application's own origin (it
 * starts with '/', and `//evil.com`, `/\evil.com`, control characters are
 * refused); throws LoginKitError `invalid_return_to` otherwise.
 */
function validateReturnTo(returnTo) {
  call(native.validateReturnTo, text(returnTo, 'returnTo'))
}

/**
 * A started login with its sealed transaction cookie: redirect the
 * browser to `url` and send `setCookie` as a `Set-Cookie` header
 * (`cookieName` and `cookieValue` are its parts). Printing it shows the URL
 * and the cookie name only.
 */
class TransactionStart {
  constructor(native) {
    this.url = native.url
    this.cookieName = native.cookieName
    this.cookieValue = native.cookieValue
    this.setCookie = native.setCookie
    Object.freeze(this)
  }

  [INSPECT](depth, options, inspect) {
    return `TransactionStart ${inspect({ url: this.url, cookieName: this.cookieName, cookieValue: REDACTED, setCookie: REDACTED }, options)}`
  }

  toString() {
    return `TransactionStart ${this.url}`
  }
}

/**
 * A callback checked against its transaction cookie: the authorization
 * `code`, the opened `transaction` (its redirectUri, codeVerifier and nonce
 * go to authenticateWithCode; its returnTo says where to land) and
 * `clearCookie`, the `Set-Cookie` value that deletes the used cookie.
 * Printing it hides the code.
 */
class FinishedLogin {
  constructor(native) {
    this.code = native.code
    this.transaction = new LoginTransaction(native.transaction)
    this.clearCookie = native.clearCookie
    Object.freeze(this)
  }

  [INSPECT](depth, options, inspect) {
    return `FinishedLogin ${inspect({ code: REDACTED, transaction: this.transaction, clearCookie: this.clearCookie }, options)}`
  }

  toString() {
    return `FinishedLogin ${this.transaction}`
  }
}

// ---------------------------------------------------------------------------
// The web login routes (issue 13).

/**
 * An HTTP response as data: send exactly this status and these headers
 * (`[name, value]` pairs in order; `Set-Cookie` repeats), with no body.
 * Printing it shows the status and header names (the values carry the
 * sealed cookies and, on logout, the ID token).
 */
class HttpResponse {
  constructor(native) {
    this.status = native.status
    this.headers = Object.freeze(native.headers.map((pair) => Object.freeze(pair)))
    Object.freeze(this)
  }

  /** The `Location` header: where the redirect goes (null without one). */
  get location() {
    return this.header('location')
  }

  /** The first value of header `name` (any case), or null. */
  header(name) {
    const wanted = text(name, 'name').toLowerCase()
    const found = this.headers.find(([header]) => header.toLowerCase() === wanted)
    return found === undefined ? null : found[1]
  }

  [INSPECT](depth, options, inspect) {
    const headers = this.headers.map(([name, value]) => [name, name.toLowerCase() === 'cache-control' ? value : `<${value.length} characters>`])
    return `HttpResponse ${inspect({ status: this.status, headers }, options)}`
  }

  toString() {
    return `HttpResponse ${this.status}`
  }
}

/**
 * A callback being finished (from WebLogin.callback): drive `exchange`
 * (request, receive, ...: what handleCallback does with fetch), then pass
 * the LoginResult to WebLogin.complete. `transaction` is the opened login,
 * `clearCookie` the `Set-Cookie` value that deletes its cookie.
 */
class PendingLogin {
  #native

  static {
    nativePending = (pending) => {
      if (pending === null || typeof pending !== 'object' || !(#native in pending)) {
        throw new TypeError(`pending must be a PendingLogin from WebLogin.callback, not ${describe(pending)}`)
      }
      return pending.#native
    }
  }

  constructor(native) {
    this.#native = native
    this.exchange = new Exchange(native.exchange())
    this.transaction = new LoginTransaction(call(() => native.transaction()))
    this.clearCookie = call(() => native.clearCookie())
    Object.freeze(this)
  }

  [INSPECT](depth, options, inspect) {
    return `PendingLogin ${inspect({ transaction: this.transaction }, options)}`
  }
}

/**
 * The signed-in user, from the session cookie: `claims` (the verified
 * ID-token claims the login produced), `sub`, `email` and `name` (null when
 * the token had none), `idToken` (the logout hint) and `expiresAt` (when the
 * session ends, seconds since the Unix epoch). Printing it hides the token.
 */
class SessionUser {
  constructor(native) {
    this.claims = JSON.parse(native.claims)
    this.sub = typeof this.claims.sub === 'string' ? this.claims.sub : ''
    this.email = typeof this.claims.email === 'string' ? this.claims.email : null
    this.name = typeof this.claims.name === 'string' ? this.claims.name : null
    this.idToken = native.idToken
    this.expiresAt = native.expiresAt
    Object.freeze(this)
  }

  [INSPECT](depth, options, inspect) {
    return `SessionUser ${inspect({ ...this, idToken: REDACTED }, options)}`
  }

  toString() {
    return `SessionUser ${this.sub}`
  }
}

/**
 * A web application's login routes as data, for a framework integration
 * to map onto its requests and responses (`loginkit/express` and
 * `loginkit/http` do):
 *
 *   const web = new WebLogin(client, keys, 'https://yourapp.com/auth/callback',
 *     { postLogoutRedirectUri: 'https://yourapp.com/' })
 *   web.login()                                       // GET /login   -> HttpResponse
 *   web.login({ signUp: true })                       // GET /signup  (prompt=create)
 *   await web.handleCallback(req.url, req.headers.cookie) // GET /auth/callback
 *   web.user(req.headers.cookie)                      // SessionUser or null
 *   web.logout(req.headers.cookie)                    // GET /logout
 *
 * `client` needs its secret (a confidential client) or is public;
 * `options.scopes` default to openid profile email offline_access;
 * `options.cookieOptions` to `new CookieOptions()`; `options.sessionTtl`
 * (seconds a session lasts) to 8 hours. The session is a sealed cookie too
 * (the same keys): nothing is stored on the server.
 */
class WebLogin {
  #native
  #client

  constructor(client, keys, redirectUri, options) {
    const o = plainOptions(options, WEB_LOGIN_OPTIONS, 'options')
    const args = [
      nativeClient(client),
      nativeKeys(keys),
      text(redirectUri, 'redirectUri'),
      optionalText(o.postLogoutRedirectUri, 'postLogoutRedirectUri'),
      o.scopes === null || o.scopes === undefined ? undefined : textArray(o.scopes, 'scopes'),
      ...cookieArguments(o.cookieOptions),
      optionalInteger(o.sessionTtl, 'sessionTtl', 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_SESSION_TTL,
    ]
    this.#native = call(() => new native.NativeWebLogin(...args))
    this.#client = client
  }

  /** The client the routes use. */
  get client() {
    return this.#client
  }

  /**
   * The login route: a redirect to the provider with a fresh sealed
   * transaction cookie. `signUp: true` adds `prompt=create`; `returnTo` (a
   * same-origin path, else `invalid_return_to`) is where the user lands
   * after the login (default '/').
   */
  login(options) {
    const o = plainOptions(options, LOGIN_ROUTE_OPTIONS, 'options')
    const args = [
      o.signUp === null || o.signUp === undefined ? false : flag(o.signUp, 'signUp'),
      optionalText(o.returnTo, 'returnTo'),
      timeArgument(o.now),
    ]
    return new HttpResponse(call(() => this.#native.login(...args)))
  }

  /**
   * The login route from its request: login() with `returnTo` read by the
   * core from `requestTarget` (e.g. `req.url`: '/login?return_to=%2Finbox',
   * or the full URL), strictly: a malformed escape is `invalid_return_to`,
   * a repeated `return_to` is `duplicate_parameter`, an empty one means
   * none. What loginkit/http and loginkit/express call.
   */
  loginFromRequest(requestTarget, options) {
    const o = plainOptions(options, LOGIN_REQUEST_OPTIONS, 'options')
    const args = [
      text(requestTarget, 'requestTarget'),
      o.signUp === null || o.signUp === undefined ? false : flag(o.signUp, 'signUp'),
      timeArgument(o.now),
    ]
    return new HttpResponse(call(() => this.#native.loginFromRequest(...args)))
  }

  /**
   * The callback route, first half: checks the callback (`requestTarget`,
   * e.g. `req.url`: '/auth/callback?code=...&state=...', or the full URL)
   * against its transaction cookie in `cookieHeader` and starts the code
   * exchange. Throws LoginKitError (`transaction_missing`,
   * `transaction_expired`, ...; AuthorizationError when the provider
   * refused).
   */
  callback(requestTarget, cookieHeader, options) {
    const o = plainOptions(options, NOW_OPTIONS, 'options')
    const args = [text(requestTarget, 'requestTarget'), cookieHeaderText(cookieHeader), timeArgument(o.now)]
    const result = this.#native.callback(...args)
    if (result.failure !== null && result.failure !== undefined) throw fromFailure(result.failure)
    return new PendingLogin(result.pending)
  }

  /**
   * The callback route, second half: seals the session from `result` (the
   * LoginResult of the pending login's exchange) and redirects to the
   * transaction's returnTo (or '/'), deleting the transaction cookie.
   */
  complete(pending, result, options) {
    const o = plainOptions(options, NOW_OPTIONS, 'options')
    const handle = result instanceof LoginResult ? CORE_RESULTS.get(result) : undefined
    if (handle === undefined) {
      throw new TypeError(`result must be the LoginResult of the pending login's exchange, not ${describe(result)}`)
    }
    const args = [nativePending(pending), handle, timeArgument(o.now)]
    return new HttpResponse(call(() => this.#native.complete(...args)))
  }

  /**
   * The whole callback route: callback, the code exchange over
   * `options.fetch` (default: the global fetch; `timeoutMs` per request,
   * default 10000) exactly as authenticateWithCode does it, then complete.
   * Resolves to the redirect with the session cookie; rejects with
   * LoginKitError (show it with its `code`; no session is set).
   */
  async handleCallback(requestTarget, cookieHeader, options) {
    const o = plainOptions(options, HANDLE_CALLBACK_OPTIONS, 'options')
    const connection = transport(o)
    const pending = this.callback(requestTarget, cookieHeader)
    const result = await run(pending.exchange, connection)
    return this.complete(pending, result)
  }

  /**
   * The signed-in user from the request's `Cookie` header, or null (no
   * session, an expired one, or one that does not open: never an error).
   */
  user(cookieHeader, options) {
    const o = plainOptions(options, NOW_OPTIONS, 'options')
    const args = [cookieHeaderText(cookieHeader), timeArgument(o.now)]
    const user = call(() => this.#native.user(...args))
    return user === null || user === undefined ? null : new SessionUser(user)
  }

  /**
   * The logout route: deletes the session cookie and redirects to the
   * provider's logout URL (with the ID token as `id_token_hint` and the
   * post-logout redirect URI), so the provider ends its session too.
   */
  logout(cookieHeader, options) {
    const o = plainOptions(options, NOW_OPTIONS, 'options')
    const args = [cookieHeaderText(cookieHeader), timeArgument(o.now)]
    return new HttpResponse(call(() => this.#native.logout(...args)))
  }

  [INSPECT](depth, options, inspect) {
    return `WebLogin ${inspect({ client: this.#client }, options)}`
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
  TransactionKeys,
  LoginTransaction,
  CookieOptions,
  TransactionStart,
  FinishedLogin,
  WebLogin,
  PendingLogin,
  HttpResponse,
  SessionUser,
  DEFAULT_TRANSACTION_TTL,
  DEFAULT_SESSION_TTL,
  SESSION_COOKIE,
  transactionCookieName,
  validateReturnTo,
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

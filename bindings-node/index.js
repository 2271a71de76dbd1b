'use strict'
/**
 * loginkit for Node: OAuth 2.0 / OpenID Connect logins the one canonical
 * way. Every URL, request, check and error comes from the loginkit core
 * (the native module, which also reads and checks the arguments and
 * options it is given: each option's name is written there, once); this
 * file gives errors their classes and words (`rethrow`), wraps results in
 * classes that print without secrets and, for authenticateWithCode and
 * refreshAccessToken, moves the core's HTTP requests with `fetch`.
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

/**
 * The one place a native failure gets its class. The native module throws
 * an Error with the core's `code` and `message` and, when the server said
 * no, its `oauthError`, `errorDescription` and `errorUri` (an
 * AuthorizationError); or, for a value that failed a check, which one
 * (`check`), the value's name (`argument`) and the value: that check,
 * run here, throws the TypeError, RangeError or `invalid_string` for it.
 */
function rethrow(error) {
  if (error?.check !== undefined) CHECKS[error.check](error.value, error.argument, error.names)
  if (error?.oauthError !== undefined) {
    throw new AuthorizationError(error.message, error.code, error.oauthError, error.errorDescription, error.errorUri)
  }
  if (error && KNOWN_CODES.has(error.code)) throw new LoginKitError(error.message, error.code)
  throw error
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

function textArray(value, name, stringHint = " (write ['openid', 'profile'], not 'openid profile')") {
  if (!Array.isArray(value)) {
    const hint = typeof value === 'string' ? stringHint : ''
    throw new TypeError(`${name} must be an array of strings, not ${describe(value)}${hint}`)
  }
  return Array.from(value, (item, index) => text(item, `${name}[${index}]`))
}

/** `[name, value]` pairs of strings (extraParams). */
function pairs(value, name) {
  if (!Array.isArray(value)) {
    throw new TypeError(`${name} must be an array of [name, value] pairs, not ${describe(value)}`)
  }
  return Array.from(value, (pair, index) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(`${name}[${index}] must be a [name, value] pair of strings`)
    }
    return [text(pair[0], `${name}[${index}][0]`), text(pair[1], `${name}[${index}][1]`)]
  })
}

/** The checks the native module reports a value failed (`rethrow`), by name; each throws. */
const CHECKS = {
  text,
  texts: (value, name) => textArray(value, name),
  pairs,
  flag: (value, name) => { throw new TypeError(`${name} must be a boolean, not ${describe(value)}`) },
  seconds: (value, name) => integer(value, name, 0, Number.MAX_SAFE_INTEGER),
  time: (value, name) => integer(value, name, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  option: (key, what, names) => {
    throw new TypeError(`unknown option ${JSON.stringify(key)} in ${what}; the options are ${names}`)
  },
}

/**
 * Checks that `options` is a plain object, or null or undefined (none);
 * the native module reads its keys and values, and refuses an unknown key.
 */
function plain(options, what = 'options') {
  if (options === null || options === undefined) return options
  const prototype = typeof options === 'object' && !Array.isArray(options) ? Object.getPrototypeOf(options) : undefined
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`${what} must be a plain object, not ${describe(options)}`)
  }
  return options
}

/**
 * An options object as the native calls take it: itself, checked to be a
 * plain object (null or undefined: none), and its keys, which V8 lists from
 * its enum cache faster than napi can.
 */
function given(options, what) {
  return [plain(options, what), options === null || options === undefined ? undefined : Object.keys(options)]
}

const TRANSACTION_FIELDS = new Set(['state', 'nonce', 'codeVerifier', 'redirectUri', 'returnTo', 'issuedAt'])

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
  constructor(request) {
    Object.freeze(Object.assign(this, request).headers)
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
  constructor(tokens) {
    // accessToken, tokenType, expiresIn, refreshToken, idToken, scope (null when absent)
    Object.assign(this, tokens)
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
  constructor(tokens, claims, handle) {
    super(tokens)
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
    return new HttpRequest(call(native.exchangeRequest, this.#native))
  }

  /**
   * Judges the answer to the last request sent: its HTTP `status` and
   * `body` text, at `now` (seconds since the Unix epoch; default: the
   * current time). Returns `{ done: false, request }` (send it and call
   * receive again) or `{ done: true, result }`; throws LoginKitError
   * (AuthorizationError for `token_error`).
   */
  receive(status, body, now) {
    return toStep(call(native.exchangeReceive, this.#native, integer(status, 'status', 0, 65535), body, now))
  }

  /**
   * receive on libuv's thread pool: the same step and the same errors (as
   * a rejection), with the event loop free while the ID token's signature
   * is checked, as with WebCrypto. authenticateWithCode uses it.
   */
  async receiveAsync(status, body, now) {
    const args = [this.#native, integer(status, 'status', 0, 65535), body, now]
    return call(native.exchangeReceiveAsync, ...args).then(toStep, rethrow)
  }
}

/** An exchange step from the native step. */
function toStep(step) {
  if (step.request !== null) return { done: false, request: new HttpRequest(step.request) }
  return { done: true, result: new LoginResult(step.tokens, step.claims, step.result) }
}

/**
 * The options' `fetch` (default: the global one) and time limit; the
 * native module checks the other keys (`transport` in its calls).
 */
function transport(options) {
  const o = plain(options) ?? {}
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
    step = exchange.receive(status, body)
  }
  return step.result
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
    this.#native = call(native.newClient, envUrl, clientId, ...given(options))
  }

  /** 'client_secret_post', 'client_secret_basic' or 'none'. */
  get tokenEndpointAuthMethod() {
    return native.clientAuthMethod(this.#native)
  }

  /** The normalised environment URL (also the expected `iss`). */
  get baseUrl() {
    return native.clientBaseUrl(this.#native)
  }

  /** The client id. */
  get clientId() {
    return native.clientId(this.#native)
  }

  /** Builds the authorization URL that starts a login (the seed's call, kept fast). */
  getAuthorizationUrl(redirectUri, options) {
    return call(native.authorizationUrl, this.#native, redirectUri, ...given(options))
  }

  /** Generates state, nonce and a PKCE verifier and builds the URL. */
  startLogin(redirectUri, options) {
    return call(native.startLogin, this.#native, redirectUri, ...given(options))
  }

  /** Builds the logout URL. */
  getLogoutUrl(options) {
    return call(native.logoutUrl, this.#native, ...given(options))
  }

  /**
   * Checks a callback (full URL, request target such as `req.originalUrl`,
   * or query string) against the state stored when the login started.
   */
  parseCallback(callback, expectedState) {
    return call(native.parseCallback, this.#native, callback, expectedState)
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
    const connection = transport(options)
    const args = [this.#native, code, redirectUri, ...given(options), true]
    return run(new Exchange(call(native.exchangeCode, ...args)), connection)
  }

  /**
   * Gets new tokens with a refresh token (optionally narrowing `scope`),
   * verifying the ID token when the server sends one (`user` is null
   * otherwise). `fetch` and `timeoutMs` as for authenticateWithCode.
   */
  async refreshAccessToken(refreshToken, options) {
    const connection = transport(options)
    const args = [this.#native, refreshToken, ...given(options), true]
    return run(new Exchange(call(native.exchangeRefreshToken, ...args)), connection)
  }

  /**
   * The authorization-code token request (sans-IO): an HttpRequest to send
   * with your own HTTP client; its answer goes to parseTokenResponse.
   */
  authorizationCodeRequest(code, redirectUri, options) {
    return new HttpRequest(call(native.authorizationCodeRequest, this.#native, code, redirectUri, ...given(options)))
  }

  /** The refresh-token request (sans-IO), optionally narrowing `scope`. */
  refreshTokenRequest(refreshToken, options) {
    return new HttpRequest(call(native.refreshTokenRequest, this.#native, refreshToken, ...given(options)))
  }

  /** The JWKS request: GET {environment URL}/keys. */
  jwksRequest() {
    return new HttpRequest(call(native.jwksRequest, this.#native))
  }

  /**
   * Verifies an ID token against a key set you fetched (the JWKS JSON
   * text), with this client's issuer and id, `options.nonce` (the one the
   * login sent) and `options.now` (seconds since the Unix epoch; default:
   * the current time). Returns the claims.
   */
  verifyIdToken(idToken, jwks, options) {
    return JSON.parse(call(native.clientVerifyIdToken, this.#native, idToken, jwksText(jwks), ...given(options)))
  }

  /**
   * Starts an authorization-code exchange (sans-IO; see Exchange). Pass
   * the `codeVerifier` and `nonce` that startLogin returned.
   */
  exchangeCode(code, redirectUri, options) {
    return new Exchange(call(native.exchangeCode, this.#native, code, redirectUri, ...given(options)))
  }

  /** Starts a refresh-token exchange (sans-IO; see Exchange). */
  exchangeRefreshToken(refreshToken, options) {
    return new Exchange(call(native.exchangeRefreshToken, this.#native, refreshToken, ...given(options)))
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
    const cookie = cookieArguments(plain(options)?.cookieOptions)
    const args = [this.#native, redirectUri, nativeKeys(keys), ...given(options), ...cookie]
    return new TransactionStart(call(native.startLoginTransaction, ...args))
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
    const args = [this.#native, callback, cookieHeaderText(cookieHeader), nativeKeys(keys), ...given(options),
      ...cookieArguments(options?.cookieOptions)]
    return new FinishedLogin(call(native.finishLogin, ...args))
  }
}

// ---------------------------------------------------------------------------
// The sealed login transaction (issue 12).

/** A request's `Cookie` header: a string, or null/undefined for none. */
function cookieHeaderText(value) {
  return value === null || value === undefined ? '' : text(value, 'cookieHeader')
}

/**
 * The core's defaults: how long a login may take (600 seconds), how long a
 * web session lasts (28800 seconds: 8 hours), the session cookie's name.
 */
const { DEFAULT_TRANSACTION_TTL, DEFAULT_SESSION_TTL, SESSION_COOKIE } = native

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
    this.#native = call(native.newTransactionKeys, texts)
  }

  /** A fresh key: 32 bytes from the OS CSPRNG as base64url text (43 characters). Keep it secret. */
  static generateKey() {
    return call(native.generateTransactionKey)
  }

  /** How many keys: the first seals, all open. */
  get length() {
    return native.keysLength(this.#native)
  }

  /**
   * Seals a transaction (a LoginTransaction, or a plain object with its
   * members) into a cookie value under the first key; two seals of one
   * transaction differ.
   */
  seal(transaction) {
    return call(native.seal, this.#native, transactionArgument(transaction))
  }

  /**
   * Opens a cookie value sealed under any of the keys: a LoginTransaction
   * (`transaction_truncated`, `transaction_unknown_key`,
   * `transaction_tampered` otherwise). It checks neither state nor age:
   * Client.finishLogin does.
   */
  open(value) {
    return new LoginTransaction(call(native.open, this.#native, value))
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
    const unknown = Object.keys(plain(value, 'transaction')).find((key) => !TRANSACTION_FIELDS.has(key))
    if (unknown !== undefined) CHECKS.option(unknown, 'transaction', [...TRANSACTION_FIELDS].join(', '))
  }
  return {
    state: text(value.state, 'transaction.state'),
    nonce: text(value.nonce, 'transaction.nonce'),
    codeVerifier: text(value.codeVerifier, 'transaction.codeVerifier'),
    redirectUri: text(value.redirectUri, 'transaction.redirectUri'),
    returnTo: value.returnTo === null || value.returnTo === undefined
      ? null
      : text(value.returnTo, 'transaction.returnTo'),
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
    Object.freeze(Object.assign(this, transactionArgument(fields)))
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
    Object.assign(this, call(native.cookieOptions, ...given(options, 'cookie options')))
    Object.freeze(this)
  }

  /** The `Set-Cookie` value that stores `value` under `name` for `ttl` seconds. */
  setCookie(name, value) {
    return call(native.setCookie, this, Object.keys(this), name, value)
  }

  /** The `Set-Cookie` value that deletes cookie `name`. */
  clearCookie(name) {
    return call(native.clearCookie, this, Object.keys(this), name)
  }
}

/** A CookieOptions (from itself, its plain options, or null for the defaults) and its keys, for the native calls. */
function cookieArguments(value) {
  const cookie = value instanceof CookieOptions ? value : new CookieOptions(value)
  return [cookie, Object.keys(cookie)]
}

/** The cookie name of the login whose state is `state`: `loginkit_tx_` and 16 hex characters of its hash. */
function transactionCookieName(state) {
  return call(native.transactionCookieName, state)
}

/**
 * Checks that `returnTo` is a path on the application's own origin (it
 * starts with '/', and `//evil.com`, `/\evil.com`, control characters are
 * refused); throws LoginKitError `invalid_return_to` otherwise.
 */
function validateReturnTo(returnTo) {
  call(native.validateReturnTo, returnTo)
}

/**
 * A started login with its sealed transaction cookie: redirect the
 * browser to `url` and send `setCookie` as a `Set-Cookie` header
 * (`cookieName` and `cookieValue` are its parts). Printing it shows the URL
 * and the cookie name only.
 */
class TransactionStart {
  constructor(start) {
    Object.freeze(Object.assign(this, start)) // url, cookieName, cookieValue, setCookie
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
  constructor(finished) {
    // code, transaction, clearCookie
    Object.freeze(Object.assign(this, finished, { transaction: new LoginTransaction(finished.transaction) }))
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
  constructor(response) {
    // status, and the headers: frozen pairs in order
    Object.freeze(Object.assign(this, response, { headers: Object.freeze(response.headers.map(Object.freeze)) }))
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

  constructor(callback) {
    this.#native = callback.pending
    this.exchange = new Exchange(callback.exchange)
    this.transaction = new LoginTransaction(callback.transaction)
    this.clearCookie = callback.clearCookie
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
  constructor(user) {
    this.claims = JSON.parse(user.claims)
    this.sub = typeof this.claims.sub === 'string' ? this.claims.sub : ''
    this.email = typeof this.claims.email === 'string' ? this.claims.email : null
    this.name = typeof this.claims.name === 'string' ? this.claims.name : null
    this.idToken = user.idToken
    this.expiresAt = user.expiresAt
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
    const cookie = cookieArguments(plain(options)?.cookieOptions)
    const args = [nativeClient(client), nativeKeys(keys), redirectUri, ...given(options), ...cookie]
    this.#native = call(native.newWebLogin, ...args)
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
    return new HttpResponse(call(native.webLogin, this.#native, ...given(options)))
  }

  /**
   * The login route from its request: login() with `returnTo` read by the
   * core from `requestTarget` (e.g. `req.url`: '/login?return_to=%2Finbox',
   * or the full URL), strictly: a malformed escape is `invalid_return_to`,
   * a repeated `return_to` is `duplicate_parameter`, an empty one means
   * none. What loginkit/http and loginkit/express call.
   */
  loginFromRequest(requestTarget, options) {
    return new HttpResponse(call(native.webLoginFromRequest, this.#native, requestTarget, ...given(options)))
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
    const args = [this.#native, requestTarget, cookieHeaderText(cookieHeader), ...given(options)]
    return new PendingLogin(call(native.webCallback, ...args))
  }

  /**
   * The callback route, second half: seals the session from `result` (the
   * LoginResult of the pending login's exchange) and redirects to the
   * transaction's returnTo (or '/'), deleting the transaction cookie.
   */
  complete(pending, result, options) {
    const handle = result instanceof LoginResult ? CORE_RESULTS.get(result) : undefined
    if (handle === undefined) {
      throw new TypeError(`result must be the LoginResult of the pending login's exchange, not ${describe(result)}`)
    }
    return new HttpResponse(call(native.webComplete, this.#native, nativePending(pending), handle, ...given(options)))
  }

  /**
   * The whole callback route: callback, the code exchange over
   * `options.fetch` (default: the global fetch; `timeoutMs` per request,
   * default 10000) exactly as authenticateWithCode does it, then complete.
   * Resolves to the redirect with the session cookie; rejects with
   * LoginKitError (show it with its `code`; no session is set).
   */
  async handleCallback(requestTarget, cookieHeader, options) {
    const connection = transport(options)
    call(native.checkTransportOptions, ...given(options))
    const pending = this.callback(requestTarget, cookieHeader)
    const result = await run(pending.exchange, connection)
    return this.complete(pending, result)
  }

  /**
   * The signed-in user from the request's `Cookie` header, or null (no
   * session, an expired one, or one that does not open: never an error).
   */
  user(cookieHeader, options) {
    const user = call(native.webUser, this.#native, cookieHeaderText(cookieHeader), ...given(options))
    return user === null || user === undefined ? null : new SessionUser(user)
  }

  /**
   * The logout route: deletes the session cookie and redirects to the
   * provider's logout URL (with the ID token as `id_token_hint` and the
   * post-logout redirect URI), so the provider ends its session too.
   */
  logout(cookieHeader, options) {
    return new HttpResponse(call(native.webLogout, this.#native, cookieHeaderText(cookieHeader), ...given(options)))
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
  call(native.validateRedirectUri, uri, environment)
}

/** Whether `candidate` is allowed by the registered callback URL. */
function redirectUriMatches(registered, candidate) {
  return call(native.redirectUriMatches, registered, candidate)
}

/** A fresh state: 64 lower-case hex characters from the OS CSPRNG. */
const generateState = () => call(native.generateState)
/** A fresh nonce: 64 lower-case hex characters from the OS CSPRNG. */
const generateNonce = () => call(native.generateNonce)
/** A fresh PKCE code verifier: 43 base64url characters. */
const generateCodeVerifier = () => call(native.generateCodeVerifier)

/** The S256 challenge of a code verifier. */
function pkceChallenge(verifier) {
  return call(native.pkceChallenge, verifier)
}

/** Compares states in constant time; an empty expected state never verifies. */
function verifyState(expected, received) {
  return call(native.verifyState, expected, received)
}

/**
 * Reads the token endpoint's answer (sans-IO): its HTTP status and body
 * text. Returns a TokenResponse; throws AuthorizationError (code
 * `token_error`) when the server answered with an OAuth error, else
 * LoginKitError (`invalid_token_response`, `unsupported_token_type`).
 */
function parseTokenResponse(status, body) {
  return new TokenResponse(call(native.parseTokenResponse, integer(status, 'status', 0, 65535), body))
}

/**
 * Verifies an ID token against a key set (its JSON text) and what it must
 * say: `issuer`, `clientId`, `nonce` (the login's; omit when it sent none),
 * `now` (seconds since the Unix epoch; default: the current time) and
 * `leeway` (seconds; default 60). Returns the claims, exactly as the token
 * carried them.
 */
function verifyIdToken(idToken, jwks, options) {
  return JSON.parse(call(native.verifyIdToken, idToken, jwksText(jwks), ...given(options)))
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
  // Hidden: panics inside the core on purpose, for the boundary test. Last:
  // Node's CommonJS named-export detection (index.mjs) stops at it.
  _panicForTests: () => call(native.panicForTests),
}

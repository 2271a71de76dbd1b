'use strict'
/**
 * loginkit for Node: start OAuth 2.0 / OpenID Connect logins the one
 * canonical way. Every URL, check and error comes from the loginkit core
 * (the native module); this file only checks argument types, refuses
 * strings that are not well-formed UTF-16, and gives errors their classes.
 *
 *   const { Client } = require('loginkit')
 *   const client = new Client('https://acme.scalekit.dev', 'skc_1234567890')
 *   const url = client.getAuthorizationUrl('https://yourapp.com/auth/callback', {
 *     scopes: ['openid', 'profile', 'email', 'offline_access'],
 *     state,
 *   })
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

/** The authorization server refused the login (code `authorization_error`). */
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
 * network call; a client holds no global state.
 */
class Client {
  #native

  constructor(envUrl, clientId) {
    try {
      this.#native = new native.NativeClient(text(envUrl, 'envUrl'), text(clientId, 'clientId'))
    } catch (error) {
      rethrow(error)
    }
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

module.exports = {
  Client,
  // Hidden: panics inside the core on purpose, for the boundary test.
  _panicForTests: () => call(native.panicForTests),
  LoginKitError,
  AuthorizationError,
  ERROR_CODES,
  validateRedirectUri,
  redirectUriMatches,
  generateState,
  generateNonce,
  generateCodeVerifier,
  pkceChallenge,
  verifyState,
}

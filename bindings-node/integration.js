'use strict'
// What loginkit/http and loginkit/express share (internal; not an export of
// the package): a request mapped to (request target, Cookie header), a
// WebLogin route's HttpResponse written to a node:http response, a failure
// written as the error page. No OAuth logic: every redirect, cookie, check
// and error comes from WebLogin, that is from the core.

const { WebLogin, LoginKitError } = require('./index.js')

const ROUTE_OPTIONS = new Set(['callbackPath', 'fetch', 'timeoutMs'])
const DEFAULT_CALLBACK_PATH = '/auth/callback'

/** The WebLogin whose routes saw a request last: what currentUser(req) reads. */
const REQUEST_LOGINS = new WeakMap()

function describe(value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** The options of loginHandler / loginRouter, checked. */
function routeOptions(web, options, what) {
  if (!(web instanceof WebLogin)) throw new TypeError(`${what}: web must be a loginkit WebLogin, not ${describe(web)}`)
  if (options === null || options === undefined) options = {}
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${what}: options must be a plain object, not ${describe(options)}`)
  }
  for (const key of Object.keys(options)) {
    if (!ROUTE_OPTIONS.has(key)) {
      throw new TypeError(`${what}: unknown option ${JSON.stringify(key)}; the options are ${[...ROUTE_OPTIONS].join(', ')}`)
    }
  }
  const callbackPath = options.callbackPath ?? DEFAULT_CALLBACK_PATH
  if (typeof callbackPath !== 'string' || !callbackPath.startsWith('/')) {
    throw new TypeError(`${what}: callbackPath must be a path starting with "/" (the path of web's redirect URI)`)
  }
  // Passed on as they are: WebLogin.handleCallback checks them.
  const transport = {}
  if (options.fetch !== undefined) transport.fetch = options.fetch
  if (options.timeoutMs !== undefined) transport.timeoutMs = options.timeoutMs
  return { callbackPath, transport }
}

/** The request's `Cookie` header ('' without one). Node joins repeated ones with '; '. */
function cookieHeader(req) {
  const value = req.headers?.cookie
  return typeof value === 'string' ? value : ''
}

/** The path of a request target ('/login?return_to=/x' -> '/login'). */
function pathOf(target) {
  const query = target.indexOf('?')
  return query < 0 ? target : target.slice(0, query)
}

/**
 * The four routes: path -> (request target, Cookie header) -> HttpResponse
 * (or its promise). Route paths are relative to where the routes are
 * mounted; the callback's request target is the original one.
 */
function routes(web, { callbackPath, transport }) {
  return new Map([
    // The core reads return_to from the request target: no URL parsing here.
    ['/login', (target) => web.loginFromRequest(target)],
    ['/signup', (target) => web.loginFromRequest(target, { signUp: true })],
    [callbackPath, (target, cookies) => web.handleCallback(target, cookies, transport)],
    ['/logout', (target, cookies) => web.logout(cookies)],
  ])
}

/**
 * Writes loginkit's HttpResponse to a node:http ServerResponse (an
 * Express response is one): its status and every header as given, no body.
 */
function sendResponse(res, response) {
  const headers = new Map()
  for (const [name, value] of response.headers) {
    const key = name.toLowerCase()
    if (headers.has(key)) headers.get(key).values.push(value)
    else headers.set(key, { name, values: [value] })
  }
  res.statusCode = response.status
  for (const { name, values } of headers.values()) res.setHeader(name, values.length === 1 ? values[0] : values)
  res.end()
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c])

/**
 * The failed-login page: status 400 with the error's stable code in
 * `<p id="login-error">`, and no cookie (so no session).
 */
function sendLoginError(res, error) {
  const body = '<!doctype html><meta charset="utf-8"><title>Login failed</title>' +
    `<h1>Login failed</h1><p id="login-error">${escapeHtml(error.code)}</p><a href="/">Home</a>\n`
  res.statusCode = 400
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(body)
}

/** Runs a route and writes its answer; a LoginKitError is the error page, anything else is thrown. */
async function serve(route, target, cookies, res) {
  let response
  try {
    response = await route(target, cookies)
  } catch (error) {
    if (error instanceof LoginKitError) return sendLoginError(res, error)
    throw error
  }
  sendResponse(res, response)
}

/** The signed-in user of `req` (see loginkit/http and loginkit/express). */
function currentUser(req, web, what) {
  if (req === null || typeof req !== 'object') throw new TypeError(`${what}: req must be a request, not ${describe(req)}`)
  const login = web ?? REQUEST_LOGINS.get(req)
  if (!(login instanceof WebLogin)) {
    throw new Error(`${what}: no WebLogin for this request: let the login routes see it first, or pass the WebLogin as the second argument`)
  }
  return login.user(cookieHeader(req))
}

module.exports = {
  REQUEST_LOGINS,
  routeOptions,
  cookieHeader,
  pathOf,
  routes,
  sendResponse,
  sendLoginError,
  serve,
  currentUser,
}

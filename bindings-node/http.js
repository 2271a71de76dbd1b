'use strict'
/**
 * loginkit for plain node:http: the login routes of a WebLogin as one
 * request handler, and the signed-in user.
 *
 *   const http = require('node:http')
 *   const { loginHandler, currentUser } = require('loginkit/http')
 *
 *   const handle = loginHandler(web)   // GET /login /signup /auth/callback /logout
 *   http.createServer(async (req, res) => {
 *     if (await handle(req, res)) return
 *     const user = currentUser(req)    // SessionUser or null
 *     ...
 *   })
 *
 * This module only maps node:http's request and response onto WebLogin:
 * every URL, cookie, check and error comes from the loginkit core.
 */

const integration = require('./integration.js')

/**
 * The login routes of `web` as `handle(req, res)`, which resolves to true
 * when it answered the request (one of its routes) and false otherwise
 * (the request is yours to answer):
 *
 * - `GET /login`: to the provider's login page (`?return_to=/path` says
 *   where to land afterwards, a same-origin path; default '/');
 * - `GET /signup`: the same with `prompt=create`;
 * - `GET {callbackPath}` (default '/auth/callback', the path of web's
 *   redirect URI): checks the callback against its transaction cookie,
 *   exchanges the code (over `options.fetch`, each request limited to
 *   `options.timeoutMs`, as for authenticateWithCode), sets the session
 *   cookie and redirects; a failure is the error page (status 400, the
 *   error's code in `<p id="login-error">`);
 * - `GET /logout`: ends the session here and at the provider.
 *
 * Paths are matched against `req.url` as it is. An error that is not a
 * LoginKitError rejects the promise.
 */
function loginHandler(web, options) {
  const routes = integration.routes(web, integration.routeOptions(web, options, 'loginHandler'))
  return async function handle(req, res) {
    integration.REQUEST_LOGINS.set(req, web)
    if (req.method !== 'GET') return false
    const target = typeof req.url === 'string' ? req.url : '/'
    const route = routes.get(integration.pathOf(target))
    if (route === undefined) return false
    await integration.serve(route, target, integration.cookieHeader(req), res)
    return true
  }
}

/**
 * The signed-in user of `req`, from its session cookie: a SessionUser
 * (`email`, `sub`, `name`, `claims`), or null without a valid session.
 * Uses the WebLogin of the loginHandler that saw `req`, or `web` when given.
 */
function currentUser(req, web) {
  return integration.currentUser(req, web, 'loginkit/http currentUser')
}

module.exports = {
  loginHandler,
  currentUser,
  sendResponse: integration.sendResponse,
  sendLoginError: integration.sendLoginError,
}

'use strict'
/**
 * loginkit for Express (4 and 5): the login routes of a WebLogin as one
 * router middleware, and the signed-in user.
 *
 *   const express = require('express')
 *   const { loginRouter, currentUser } = require('loginkit/express')
 *
 *   const app = express()
 *   app.use(loginRouter(web))          // GET /login /signup /auth/callback /logout
 *   app.get('/', (req, res) => {
 *     const user = currentUser(req)    // SessionUser or null
 *     ...
 *   })
 *
 * This module only maps Express's request and response onto WebLogin:
 * every URL, cookie, check and error comes from the loginkit core. It does
 * not import express (an optional peer dependency): the router is a plain
 * `(req, res, next)` middleware.
 */

const integration = require('./integration.js')

/**
 * The login routes of `web` as Express middleware:
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
 * Paths are relative to where it is mounted (`app.use('/auth', ...)`
 * serves /auth/login, ...). Every other request goes on to `next()`; an
 * error that is not a LoginKitError goes to `next(error)`. Mount it before
 * the routes that call currentUser(req).
 */
function loginRouter(web, options) {
  const routes = integration.routes(web, integration.routeOptions(web, options, 'loginRouter'))
  return function loginkitRouter(req, res, next) {
    integration.REQUEST_LOGINS.set(req, web)
    // Express gives the path relative to the mount point and the original
    // request target; plain node:http has only req.url.
    const target = typeof req.originalUrl === 'string' ? req.originalUrl : (req.url ?? '/')
    const path = typeof req.path === 'string' ? req.path : integration.pathOf(req.url ?? '/')
    const route = req.method === 'GET' ? routes.get(path) : undefined
    if (route === undefined) return next()
    integration.serve(route, target, integration.cookieHeader(req), res).catch(next)
  }
}

/**
 * The signed-in user of `req`, from its session cookie: a SessionUser
 * (`email`, `sub`, `name`, `claims`), or null without a valid session.
 * Uses the WebLogin of the loginRouter the request went through, or `web`
 * when given.
 */
function currentUser(req, web) {
  return integration.currentUser(req, web, 'loginkit/express currentUser')
}

module.exports = {
  loginRouter,
  currentUser,
  sendResponse: integration.sendResponse,
  sendLoginError: integration.sendLoginError,
}

// Types of loginkit/express: the login routes of a WebLogin as Express
// middleware. Structural, so they need neither express nor @types/express:
// Express's Request, Response and NextFunction fit them.
import type { HttpResponse, LoginKitError, SessionUser, WebLogin } from './index.js'
import type { LoginRequest, LoginResponse, LoginRoutesOptions } from './http.js'

export type { LoginRequest, LoginResponse, LoginRoutesOptions } from './http.js'

/** What the router reads of an Express request. */
export interface LoginRouterRequest extends LoginRequest {
  /** The path relative to the mount point. */
  readonly path?: string
  /** The request target as received. */
  readonly originalUrl?: string
}

/** Express middleware: `app.use(loginRouter(web))`. */
export type LoginRouter = (req: LoginRouterRequest, res: LoginResponse, next: (error?: unknown) => void) => void

/**
 * The login routes of `web` (relative to where it is mounted): GET /login
 * (`?return_to=/path`), /signup (prompt=create), the callback (a failure is
 * a 400 page with the code in `<p id="login-error">`) and /logout; every
 * other request goes on to `next()`.
 */
export function loginRouter(web: WebLogin, options?: LoginRoutesOptions | null): LoginRouter
/** The signed-in user of `req` (from the loginRouter it went through, or `web`), or null. */
export function currentUser(req: LoginRequest, web?: WebLogin | null): SessionUser | null
/** Writes loginkit's HttpResponse: status and headers, no body. */
export function sendResponse(res: LoginResponse, response: HttpResponse): void
/** Writes the failed-login page: status 400, the error's code in `<p id="login-error">`. */
export function sendLoginError(res: LoginResponse, error: LoginKitError): void

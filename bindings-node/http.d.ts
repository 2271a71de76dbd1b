// Types of loginkit/http: the login routes of a WebLogin for node:http.
// The request and response types are the parts of node:http's that
// loginkit uses, so these types need no @types/node; IncomingMessage and
// ServerResponse (and Express's Request and Response) fit them.
import type { HttpResponse, LoginKitError, SessionUser, TransportOptions, WebLogin } from './index.js'

/** What loginkit reads of a request (node:http's IncomingMessage fits). */
export interface LoginRequest {
  readonly method?: string | undefined
  readonly url?: string | undefined
  readonly headers: { readonly cookie?: string | undefined }
}

/** What loginkit uses of a response (node:http's ServerResponse fits). */
export interface LoginResponse {
  statusCode: number
  setHeader(name: string, value: string | string[]): unknown
  end(body?: string): unknown
}

/** Options of the login routes. */
export interface LoginRoutesOptions extends TransportOptions {
  /** The path of web's redirect URI (default '/auth/callback'). */
  callbackPath?: string | null
}

/** Answers the request when it is one of the login routes: resolves to whether it did. */
export type LoginHandler = (req: LoginRequest, res: LoginResponse) => Promise<boolean>

/**
 * The login routes of `web`: GET /login (`?return_to=/path`), /signup
 * (prompt=create), the callback (a failure is a 400 page with the code in
 * `<p id="login-error">`) and /logout.
 */
export function loginHandler(web: WebLogin, options?: LoginRoutesOptions | null): LoginHandler
/** The signed-in user of `req` (from the WebLogin whose handler saw it, or `web`), or null. */
export function currentUser(req: LoginRequest, web?: WebLogin | null): SessionUser | null
/** Writes loginkit's HttpResponse: status and headers, no body. */
export function sendResponse(res: LoginResponse, response: HttpResponse): void
/** Writes the failed-login page: status 400, the error's code in `<p id="login-error">`. */
export function sendLoginError(res: LoginResponse, error: LoginKitError): void

// Type-checked (tsc --noEmit) against the packed package's index.d.ts.
import { Client, LoginKitError, AuthorizationError, type AuthorizationUrlOptions } from 'loginkit'

const client = new Client('https://acme.scalekit.dev', 'skc_1234567890')
const options: AuthorizationUrlOptions = { scopes: ['openid'], state: 's', extraParams: [['resource', 'r']] }
const url: string = client.getAuthorizationUrl('https://yourapp.com/cb', options)
const login = client.startLogin('https://yourapp.com/cb', { prompt: 'create' })
const verifier: string = login.codeVerifier
try {
  client.parseCallback(url, login.state)
} catch (error) {
  if (error instanceof AuthorizationError) console.log(error.errorDescription ?? error.error)
  else if (error instanceof LoginKitError) console.log(error.code)
}
// @ts-expect-error scopes must be an array of strings
client.getAuthorizationUrl('https://yourapp.com/cb', { scopes: 'openid' })
// @ts-expect-error unknown option
client.getAuthorizationUrl('https://yourapp.com/cb', { loginhint: 'a@b.co' })
void verifier

// Issue 11: token exchange.
import {
  parseTokenResponse, verifyIdToken, DEFAULT_TIMEOUT_MS, Exchange, HttpRequest, TokenResponse, LoginResult,
  type ClientOptions, type Fetch, type IdTokenClaims, type ExchangeStep, type TokenEndpointAuthMethod,
} from 'loginkit'

const clientOptions: ClientOptions = { clientSecret: 's', tokenEndpointAuthMethod: 'client_secret_basic', jwksRefetchIntervalSeconds: 60 }
const confidential = new Client('https://acme.scalekit.dev', 'skc_1234567890', clientOptions)
const method: TokenEndpointAuthMethod = confidential.tokenEndpointAuthMethod
const timeout: number = DEFAULT_TIMEOUT_MS

async function callbackRoute(query: string): Promise<string> {
  const { code } = confidential.parseCallback(query, login.state)
  const result: LoginResult = await confidential.authenticateWithCode(code, 'https://yourapp.com/cb', {
    codeVerifier: login.codeVerifier, nonce: login.nonce, fetch: globalThis.fetch, timeoutMs: 5000,
  })
  const accessToken: string = result.accessToken
  const refreshToken: string | null = result.refreshToken
  const expiresIn: number | null = result.expiresIn
  const user: IdTokenClaims | null = result.user
  const email: string | undefined = user?.email
  const refreshed = await confidential.refreshAccessToken(refreshToken ?? '', { scope: 'openid', timeoutMs: null })
  void [accessToken, expiresIn, email, refreshed.accessToken]
  return user === null ? '' : user.sub
}

// An application's own fetch (e.g. with a proxy or logging).
const myFetch: Fetch = async (url, init) => {
  console.log(init.method, url)
  return fetch(url, init)
}
void confidential.authenticateWithCode('code', 'https://yourapp.com/cb', { fetch: myFetch })

// Sans-IO: the application's own HTTP stack.
const request: HttpRequest = confidential.authorizationCodeRequest('code', 'https://yourapp.com/cb', { codeVerifier: verifier })
const headers: ReadonlyArray<readonly [string, string]> = request.headers
const tokens: TokenResponse = parseTokenResponse(200, request.body)
const claims: IdTokenClaims = verifyIdToken(tokens.idToken ?? '', '{"keys":[]}', { issuer: 'https://acme.scalekit.dev', clientId: 'skc_1234567890', leeway: 0 })
const sameClaims: IdTokenClaims = confidential.verifyIdToken('token', '{"keys":[]}', { nonce: login.nonce, now: 1767225600 })
const exchange: Exchange = confidential.exchangeCode('code', 'https://yourapp.com/cb', { codeVerifier: verifier, nonce: login.nonce })
let step: ExchangeStep = { done: false, request: exchange.request() }
while (!step.done) step = exchange.receive(200, '{}', 1767225600)
void exchange.receiveAsync(200, '{}').then((next: ExchangeStep) => next.done)
const subject: string | undefined = step.result.user?.sub
const refresh: Exchange = confidential.exchangeRefreshToken('rt', { scope: null })
const keys: HttpRequest = confidential.jwksRequest()
try {
  parseTokenResponse(400, '{"error":"invalid_grant"}')
} catch (error) {
  if (error instanceof AuthorizationError && error.code === 'token_error') console.log(error.error)
}
void [method, timeout, callbackRoute, headers, claims, sameClaims, subject, refresh, keys, confidential.refreshTokenRequest('rt')]
// @ts-expect-error the client secret goes in the options object
new Client('https://acme.scalekit.dev', 'skc_1234567890', 'secret')
// @ts-expect-error unknown auth method
new Client('https://acme.scalekit.dev', 'skc_1234567890', { tokenEndpointAuthMethod: 'private_key_jwt' })
// @ts-expect-error the JWKS is passed as text
verifyIdToken('token', { keys: [] }, { issuer: 'https://acme.scalekit.dev', clientId: 'skc_1234567890' })
// @ts-expect-error unknown option
void confidential.authenticateWithCode('code', 'https://yourapp.com/cb', { code_verifier: 'v' })
// @ts-expect-error HttpRequest values come from the client
new HttpRequest()

// Issues 12 and 13: the sealed transaction, WebLogin and the integrations.
import {
  TransactionKeys, LoginTransaction, CookieOptions, WebLogin, HttpResponse, SessionUser, PendingLogin,
  DEFAULT_SESSION_TTL, DEFAULT_TRANSACTION_TTL, SESSION_COOKIE, transactionCookieName, validateReturnTo,
  type TransactionStart, type FinishedLogin, type CookieOptionsInit, type WebLoginOptions,
} from 'loginkit'
import { loginRouter, currentUser, type LoginRouter, type LoginRequest, type LoginResponse } from 'loginkit/express'
import { loginHandler, currentUser as currentHttpUser, sendResponse, sendLoginError, type LoginHandler } from 'loginkit/http'

const txKeys = new TransactionKeys([TransactionKeys.generateKey(), ...'k1,k2'.split(',')])
const cookieInit: CookieOptionsInit = { secure: false, ttl: 300 }
const start: TransactionStart = confidential.startLoginTransaction('https://yourapp.com/cb', txKeys, {
  scopes: ['openid'], returnTo: '/inbox', cookieOptions: cookieInit, now: null,
})
const setCookie: string = start.setCookie
const finished: FinishedLogin = confidential.finishLogin('/cb?code=c&state=s', undefined, txKeys, { cookieOptions: new CookieOptions(cookieInit) })
const t: LoginTransaction = finished.transaction
const returnTo: string | null = t.returnTo
void confidential.authenticateWithCode(finished.code, t.redirectUri, { codeVerifier: t.codeVerifier, nonce: t.nonce })
const sealed: string = txKeys.seal({ state: 's', nonce: 'n', codeVerifier: 'v', redirectUri: 'https://yourapp.com/cb', issuedAt: 0 })
const opened: LoginTransaction = txKeys.open(sealed)
const name: string = transactionCookieName(opened.state)
validateReturnTo('/inbox')
const webOptions: WebLoginOptions = { postLogoutRedirectUri: 'https://yourapp.com/', cookieOptions: { secure: true }, sessionTtl: DEFAULT_SESSION_TTL }
const web = new WebLogin(confidential, txKeys, 'https://yourapp.com/auth/callback', webOptions)
const redirect: HttpResponse = web.login({ signUp: true, returnTo: '/inbox' })
const location: string | null = redirect.location
const headerPairs: ReadonlyArray<readonly [string, string]> = redirect.headers
async function callbackByHand(target: string, cookies: string | undefined): Promise<HttpResponse> {
  const pending: PendingLogin = web.callback(target, cookies)
  let next: ExchangeStep = { done: false, request: pending.exchange.request() }
  while (!next.done) next = await pending.exchange.receiveAsync(200, '{}')
  return web.complete(pending, next.result)
}
const whole: Promise<HttpResponse> = web.handleCallback('/auth/callback?code=c&state=s', undefined, { timeoutMs: 5000 })
const sessionUser: SessionUser | null = web.user('a=b', { now: 0 })
const userEmail: string | null | undefined = sessionUser?.email
void [setCookie, returnTo, name, location, headerPairs, callbackByHand, whole, userEmail, web.logout(undefined), DEFAULT_TRANSACTION_TTL, SESSION_COOKIE]

// The integrations' request and response shapes.
const router: LoginRouter = loginRouter(web, { callbackPath: '/auth/callback', timeoutMs: 5000 })
const handler: LoginHandler = loginHandler(web)
const incoming: LoginRequest = { method: 'GET', url: '/', headers: { cookie: undefined } }
const response: LoginResponse = { statusCode: 200, setHeader: () => undefined, end: () => undefined }
router(incoming, response, (error?: unknown) => void error)
void handler(incoming, response).then((handled: boolean) => handled)
const signedIn: SessionUser | null = currentUser(incoming) ?? currentHttpUser(incoming, web)
sendResponse(response, redirect)
try {
  web.login({ returnTo: '//evil.com' })
} catch (error) {
  if (error instanceof LoginKitError) sendLoginError(response, error)
}
void signedIn
// @ts-expect-error keys are an array of key texts
new TransactionKeys('key')
// @ts-expect-error secure is a boolean
new CookieOptions({ secure: 'yes' })
// @ts-expect-error complete takes a LoginResult
web.complete(web.callback('/cb'), { accessToken: 'at' })
// @ts-expect-error unknown option
loginRouter(web, { callback_path: '/cb' })

// Issue 14: error codes are a string-literal union, the core's list.
import { ERROR_CODES, type ErrorCode } from 'loginkit'
const everyCode: readonly ErrorCode[] = ERROR_CODES
function codeOf(error: LoginKitError): ErrorCode {
  // @ts-expect-error not one of loginkit's codes (a typo of state_mismatch)
  if (error.code === 'state_missmatch') return 'state_mismatch'
  return error.code
}
const loginFromRequest: HttpResponse = web.loginFromRequest('/login?return_to=%2Finbox', { signUp: false })
void [everyCode, codeOf, loginFromRequest]
// @ts-expect-error the return-to path comes from the request target
web.loginFromRequest('/login', { returnTo: '/inbox' })

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

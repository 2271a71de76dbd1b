// ESM entry point: the same objects as the CommonJS one, so instanceof and
// error classes agree whichever way the package is loaded.
import loginkit from './index.js'

export const {
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
} = loginkit
export default loginkit

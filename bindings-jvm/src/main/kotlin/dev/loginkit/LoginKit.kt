package dev.loginkit

import dev.loginkit.internal.*
import dev.loginkit.internal.ffi.errorCodes as ffiErrorCodes
import dev.loginkit.internal.ffi.panicForTests as ffiPanicForTests
import dev.loginkit.internal.ffi.transactionCookieName as ffiTransactionCookieName
import dev.loginkit.internal.ffi.validateReturnTo as ffiValidateReturnTo
import java.time.Instant

/** The functions that need no client: `LoginKit.generateState()` from Java and Kotlin alike. */
object LoginKit {
    /** Every error code loginkit can report. */
    @JvmStatic
    val errorCodes: List<String> by lazy { ffi { ffiErrorCodes() } }

    /** Checks a callback URL against the registration rules of [environment]; throws on a broken rule. */
    @JvmStatic
    fun validateRedirectUri(uri: String, environment: Environment) = validateRedirectUri(uri, environment.wireName)

    /** As above, with the environment by name (`"development"` or `"production"`; others are `invalid_argument`). */
    @JvmStatic
    fun validateRedirectUri(uri: String, environment: String) =
        Direct.validateRedirectUri(uri, environment)

    /** Whether [candidate] is allowed by the registered callback URL. */
    @JvmStatic
    fun redirectUriMatches(registered: String, candidate: String): Boolean =
        Direct.redirectUriMatches(registered, candidate)

    /** 64 lower-case hex characters from the OS CSPRNG. */
    @JvmStatic
    fun generateState(): String = Direct.generateState()

    /** 64 lower-case hex characters from the OS CSPRNG. */
    @JvmStatic
    fun generateNonce(): String = Direct.generateNonce()

    /** A PKCE code verifier: 43 base64url characters from the OS CSPRNG. */
    @JvmStatic
    fun generateCodeVerifier(): String = Direct.generateCodeVerifier()

    /** The S256 challenge of a code verifier. */
    @JvmStatic
    fun pkceChallenge(verifier: String): String = Direct.pkceChallenge(verifier)

    /** Compares states in constant time; an empty expected state never verifies. */
    @JvmStatic
    fun verifyState(expected: String, received: String): Boolean =
        Direct.verifyState(expected, received)

    /**
     * Reads the token endpoint's answer from its HTTP [status] and [body]
     * text: the tokens, or [AuthorizationException] (`token_error`) with
     * the server's `error`, or `invalid_token_response` /
     * `unsupported_token_type`. The message never quotes the body.
     */
    @JvmStatic
    fun parseTokenResponse(status: Int, body: String): TokenResponse {
        if (status !in 0..65535) throw LoginKitException("invalid_argument", "the HTTP status $status is not in 0..65535")
        return Direct.parseTokenResponse(status, body)
    }

    /**
     * Verifies an ID token against the key set's JSON text and
     * [expected] (issuer, client id, nonce, clock, leeway) and returns its
     * claims. Only RS256, PS256, ES256 and EdDSA are accepted; each failed
     * check has its own code (`invalid_signature`, `id_token_expired`,
     * `nonce_mismatch`, ...).
     */
    @JvmStatic
    fun verifyIdToken(idToken: String, jwks: String, expected: IdTokenExpectations): IdTokenClaims {
        val leeway = expected.leewaySeconds
        if (leeway != null && leeway < 0) throw LoginKitException("invalid_argument", "the leeway $leeway is negative")
        val now = expected.nowUnixSeconds ?: Instant.now().epochSecond
        return IdTokenClaims(Direct.verifyIdToken(expected.issuer, expected.clientId, idToken, jwks, expected.nonce, now, leeway))
    }

    /**
     * Checks that [returnTo] is a path on the application's own origin
     * (starts with `/`, stays on the origin: `//evil.com` and `/\\evil.com`
     * are refused); throws `invalid_return_to`.
     */
    @JvmStatic
    fun validateReturnTo(returnTo: String) = ffi { ffiValidateReturnTo(text(returnTo, "returnTo")) }

    /** The transaction cookie's name for the login with [state]: `loginkit_tx_` and 16 hex characters. */
    @JvmStatic
    fun transactionCookieName(state: String): String = ffi { ffiTransactionCookieName(text(state, "state")) }

    /** Panics inside the core on purpose; for the boundary test only. */
    @JvmSynthetic
    internal fun panicForTests() = ffi { ffiPanicForTests() }
}

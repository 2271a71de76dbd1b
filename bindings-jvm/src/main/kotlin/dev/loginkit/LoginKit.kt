package dev.loginkit

import dev.loginkit.ffi.errorCodes as ffiErrorCodes
import dev.loginkit.ffi.generateCodeVerifier as ffiGenerateCodeVerifier
import dev.loginkit.ffi.generateNonce as ffiGenerateNonce
import dev.loginkit.ffi.generateState as ffiGenerateState
import dev.loginkit.ffi.pkceChallenge as ffiPkceChallenge
import dev.loginkit.ffi.redirectUriMatches as ffiRedirectUriMatches
import dev.loginkit.ffi.validateRedirectUri as ffiValidateRedirectUri
import dev.loginkit.ffi.verifyState as ffiVerifyState
import dev.loginkit.ffi.panicForTests as ffiPanicForTests

/** The functions that need no client: `LoginKit.generateState()` from Java and Kotlin alike. */
object LoginKit {
    /** Every error code loginkit can report. */
    @JvmStatic
    val errorCodes: List<String> by lazy { ffiErrorCodes() }

    /** Checks a callback URL against the registration rules of [environment]; throws on a broken rule. */
    @JvmStatic
    fun validateRedirectUri(uri: String, environment: Environment) = validateRedirectUri(uri, environment.wireName)

    /** As above, with the environment by name (`"development"` or `"production"`; others are `invalid_argument`). */
    @JvmStatic
    fun validateRedirectUri(uri: String, environment: String) =
        ffi { ffiValidateRedirectUri(text(uri, "uri"), text(environment, "environment")) }

    /** Whether [candidate] is allowed by the registered callback URL. */
    @JvmStatic
    fun redirectUriMatches(registered: String, candidate: String): Boolean =
        ffi { ffiRedirectUriMatches(text(registered, "registered"), text(candidate, "candidate")) }

    /** 64 lower-case hex characters from the OS CSPRNG. */
    @JvmStatic
    fun generateState(): String = ffi { ffiGenerateState() }

    /** 64 lower-case hex characters from the OS CSPRNG. */
    @JvmStatic
    fun generateNonce(): String = ffi { ffiGenerateNonce() }

    /** A PKCE code verifier: 43 base64url characters from the OS CSPRNG. */
    @JvmStatic
    fun generateCodeVerifier(): String = ffi { ffiGenerateCodeVerifier() }

    /** The S256 challenge of a code verifier. */
    @JvmStatic
    fun pkceChallenge(verifier: String): String = ffi { ffiPkceChallenge(text(verifier, "verifier")) }

    /** Compares states in constant time; an empty expected state never verifies. */
    @JvmStatic
    fun verifyState(expected: String, received: String): Boolean =
        ffi { ffiVerifyState(text(expected, "expected"), text(received, "received")) }

    /** Panics inside the core on purpose; for the boundary test only. */
    @JvmSynthetic
    internal fun panicForTests() = ffi { ffiPanicForTests() }
}

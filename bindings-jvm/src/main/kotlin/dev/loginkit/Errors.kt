package dev.loginkit

import dev.loginkit.ffi.FfiException

/**
 * Every loginkit failure. [code] is the stable snake_case code, identical in
 * every language (`invalid_redirect_uri`, `state_mismatch`, ...); the message
 * names the offending value and the rule. Unchecked, like
 * [IllegalArgumentException].
 *
 * `network_error` is this binding's own: the HTTP client could not get an
 * answer (connection refused, timeout, TLS); the message names the method
 * and URL, never a body, and [cause] is the client's exception.
 */
open class LoginKitException @JvmOverloads constructor(
    /** The stable error code. */
    val code: String,
    message: String,
    cause: Throwable? = null,
) : RuntimeException(message, cause)

/**
 * The authorization server refused: the login (code `authorization_error`,
 * from [Client.parseCallback]) or a token request (code `token_error`, from
 * the token endpoint's answer). [error], [errorDescription] and [errorUri]
 * are what it sent.
 */
class AuthorizationException(
    code: String,
    message: String,
    /** The server's `error`, e.g. `access_denied`. */
    val error: String,
    /** The server's `error_description`, or null when not sent. */
    val errorDescription: String?,
    /** The server's `error_uri`, or null when not sent. */
    val errorUri: String?,
) : LoginKitException(code, message)

/** The public exception for a failure the core reported, by either path. */
internal fun loginKitException(
    code: String,
    message: String,
    oauthError: String?,
    errorDescription: String?,
    errorUri: String?,
): LoginKitException =
    if (oauthError != null) {
        AuthorizationException(code, message, oauthError, errorDescription, errorUri)
    } else {
        LoginKitException(code, message)
    }

/** Runs a uniffi call, turning its error into the public exception types. */
internal inline fun <T> ffi(call: () -> T): T =
    try {
        call()
    } catch (failure: FfiException.Failure) {
        throw loginKitException(failure.code, failure.detail, failure.oauthError, failure.errorDescription, failure.errorUri)
    } catch (failure: dev.loginkit.ffi.InternalException) {
        // uniffi's own panic guard; the core's catch_panic normally answers first.
        throw LoginKitException("internal_error", "loginkit failed inside its native library: ${failure.message}")
    }

/**
 * A JVM string may hold a lone surrogate, which has no UTF-8 form; it is
 * refused (`invalid_string`) rather than replaced, so nothing the caller
 * passed is silently changed.
 */
internal fun text(value: String, name: String): String {
    var index = 0
    while (index < value.length) {
        val char = value[index]
        if (Character.isHighSurrogate(char) && index + 1 < value.length && Character.isLowSurrogate(value[index + 1])) {
            index += 2
            continue
        }
        if (Character.isSurrogate(char)) {
            throw LoginKitException(
                "invalid_string",
                "$name is not well-formed UTF-16 (a lone surrogate at index $index); loginkit never replaces characters",
            )
        }
        index++
    }
    return value
}

internal fun optionalText(value: String?, name: String): String? = value?.let { text(it, name) }

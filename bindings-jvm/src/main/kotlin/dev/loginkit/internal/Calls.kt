// The facade's own helpers, out of the API package: Kotlin code outside
// this module cannot call them, and Java users find them under "internal".
@file:JvmName("Calls")

package dev.loginkit.internal

import dev.loginkit.AuthorizationException
import dev.loginkit.LoginKitException
import dev.loginkit.internal.ffi.FfiException

/** The time limit of each HTTP request when the options set none. */
internal val DEFAULT_TIMEOUT: java.time.Duration = java.time.Duration.ofSeconds(10)

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
        Direct.ensureLoaded()
        call()
    } catch (failure: FfiException.Failure) {
        throw loginKitException(failure.code, failure.detail, failure.oauthError, failure.errorDescription, failure.errorUri)
    } catch (failure: IllegalStateException) {
        // uniffi's answer to a call on an object that was closed: the same
        // typed error the direct path gives for a closed client.
        if (failure.message?.endsWith("has already been destroyed") != true) throw failure
        throw LoginKitException("invalid_argument", "this object is closed: ${failure.message}")
    } catch (failure: dev.loginkit.internal.ffi.InternalException) {
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

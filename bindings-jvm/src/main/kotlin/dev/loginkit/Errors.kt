package dev.loginkit

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

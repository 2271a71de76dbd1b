package dev.loginkit

import dev.loginkit.internal.*
import dev.loginkit.internal.ffi.FfiCookieOptions
import dev.loginkit.internal.ffi.FfiLoginTransaction
import dev.loginkit.internal.ffi.FfiTransactionKeys
import dev.loginkit.internal.ffi.cookieClearCookie
import dev.loginkit.internal.ffi.cookieSetCookie
import dev.loginkit.internal.ffi.defaultCookieOptions
import dev.loginkit.internal.ffi.generateTransactionKey
import java.io.Serializable
import java.time.Duration

/**
 * The keys that seal and open login-transaction cookies (AES-256-GCM in
 * the core): the first key seals, every key opens, so keys rotate without
 * breaking logins in flight. Each key is base64url text of at least 256
 * bits; [generateKey] makes one. Keep them secret, like the client
 * secret (e.g. in `LOGINKIT_KEYS`). An empty list or a bad key is
 * `invalid_transaction_key` (naming its position, never its text). Never
 * printed; share one instance per application.
 *
 * ```java
 * TransactionKeys keys = new TransactionKeys(List.of(System.getenv("LOGINKIT_KEY")));
 * ```
 */
class TransactionKeys(keys: List<String>) : AutoCloseable {
    /** One key (the usual case). */
    constructor(key: String) : this(listOf(key))

    internal val native: FfiTransactionKeys = ffi { FfiTransactionKeys(keys.mapIndexed { index, key -> text(key, "keys[$index]") }) }

    internal val handle: Long = native.directHandle().toLong()

    /** Seals [transaction] into a cookie value (base64url text). */
    fun seal(transaction: LoginTransaction): String = ffi { native.seal(transaction.toFfi()) }

    /**
     * Opens a sealed value: `transaction_truncated`, `transaction_unknown_key`
     * (sealed under a key not in this list) or `transaction_tampered` when
     * it does not open.
     */
    fun open(sealed: String): LoginTransaction = LoginTransaction(ffi { native.open(text(sealed, "sealed")) })

    override fun close() = native.close()

    override fun toString() = "TransactionKeys(redacted)"

    companion object {
        /** A fresh key: 32 bytes from the OS CSPRNG as base64url text. */
        @JvmStatic
        fun generateKey(): String = ffi { generateTransactionKey() }
    }
}

/**
 * A login in flight, as sealed in its cookie: what the callback needs
 * (state, nonce, PKCE verifier, redirect URI), where to go afterwards, and
 * when it started. [toString] hides the nonce and the verifier.
 * Serializable, like [LoginStart], for applications that keep it in a
 * server session instead of the cookie.
 */
class LoginTransaction(
    val state: String,
    val nonce: String,
    val codeVerifier: String,
    val redirectUri: String,
    /** The same-origin path to go to after the login, or null. */
    val returnTo: String?,
    /** When the login started, in Unix seconds. */
    val issuedAt: Long,
) : Serializable {
    internal constructor(native: FfiLoginTransaction) :
        this(native.state, native.nonce, native.codeVerifier, native.redirectUri, native.returnTo, native.issuedAt)

    internal fun toFfi() = FfiLoginTransaction(
        text(state, "state"),
        text(nonce, "nonce"),
        text(codeVerifier, "codeVerifier"),
        text(redirectUri, "redirectUri"),
        optionalText(returnTo, "returnTo"),
        issuedAt,
    )

    override fun equals(other: Any?) = other is LoginTransaction && state == other.state && nonce == other.nonce &&
        codeVerifier == other.codeVerifier && redirectUri == other.redirectUri && returnTo == other.returnTo && issuedAt == other.issuedAt

    override fun hashCode() = state.hashCode()

    override fun toString() = "LoginTransaction(state=$state, redirectUri=$redirectUri, returnTo=$returnTo, issuedAt=$issuedAt, nonce and codeVerifier redacted)"

    private companion object {
        private const val serialVersionUID: Long = 1L
    }
}

/**
 * Cookie attributes: `Path` ([path], default `/`), `Secure` ([secure],
 * default true; browsers treat `http://localhost` as secure), and the
 * login's lifetime [ttlSeconds] (default 600: `Max-Age` and the age
 * checked when the callback arrives). Cookies are always `HttpOnly` and
 * `SameSite=Lax`.
 */
class CookieOptions @JvmOverloads constructor(
    val path: String = DEFAULTS.path,
    val secure: Boolean = DEFAULTS.secure,
    val ttlSeconds: Long = DEFAULTS.ttl.toLong(),
) {
    /** With the lifetime as a [Duration]. */
    constructor(path: String, secure: Boolean, ttl: Duration) : this(path, secure, ttl.seconds)

    internal fun toFfi(): FfiCookieOptions {
        if (ttlSeconds < 0) throw LoginKitException("invalid_argument", "the cookie ttl $ttlSeconds is negative")
        return FfiCookieOptions(text(path, "path"), secure, ttlSeconds.toULong())
    }

    /** The `Set-Cookie` header value that stores [value] under [name]. */
    fun setCookie(name: String, value: String): String = ffi { cookieSetCookie(toFfi(), text(name, "name"), text(value, "value")) }

    /** The `Set-Cookie` header value that deletes cookie [name]. */
    fun clearCookie(name: String): String = ffi { cookieClearCookie(toFfi(), text(name, "name")) }

    override fun toString() = "CookieOptions(path=$path, secure=$secure, ttlSeconds=$ttlSeconds)"

    companion object {
        private val DEFAULTS by lazy { defaultCookieOptions() }
    }
}

/**
 * A started login with its sealed transaction cookie: redirect to [url]
 * and send [setCookie] as a `Set-Cookie` header. [toString] hides the
 * cookie value.
 */
class TransactionStart internal constructor(
    val url: String,
    val cookieName: String,
    val cookieValue: String,
    val setCookie: String,
) {
    override fun toString() = "TransactionStart(url=$url, cookieName=$cookieName)"
}

/**
 * A checked callback: exchange [code] with
 * `client.authenticateWithCode(code, transaction.redirectUri, options with transaction.codeVerifier and transaction.nonce)`
 * (or [authenticationOptions]) and send [clearCookie] as a `Set-Cookie`
 * header to delete the used cookie.
 */
class FinishedLogin internal constructor(
    val code: String,
    val transaction: LoginTransaction,
    val clearCookie: String,
) {
    /** The options for `authenticateWithCode`: this login's PKCE verifier and nonce. */
    fun authenticationOptions(): AuthenticationOptions =
        AuthenticationOptions.builder().codeVerifier(transaction.codeVerifier).nonce(transaction.nonce).build()

    override fun toString() = "FinishedLogin(transaction=$transaction)"
}

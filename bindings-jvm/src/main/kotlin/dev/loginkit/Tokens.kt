package dev.loginkit

import dev.loginkit.internal.*
import dev.loginkit.internal.ffi.FfiHttpRequest
import java.lang.ref.Cleaner
import java.time.Instant

/** One HTTP header. [toString] hides an `Authorization` value. */
data class Header(val name: String, val value: String) {
    override fun toString() = "Header($name: ${if (name.equals("Authorization", ignoreCase = true)) "<redacted>" else value})"
}

/**
 * An HTTP request as data, built by the core: send exactly these bytes
 * with any HTTP client and add nothing. The token requests carry secrets
 * (the client secret, the code, the refresh token) in [body] and, with
 * `client_secret_basic`, the `Authorization` header, so [toString] shows
 * neither.
 */
class HttpRequest internal constructor(
    /** `POST` for the token endpoint, `GET` for the key set. */
    val method: String,
    /** The absolute URL, e.g. `https://acme.scalekit.dev/oauth/token`. */
    val url: String,
    /** The headers, in the order to send them. */
    val headers: List<Header>,
    /** The `application/x-www-form-urlencoded` body; empty for a GET. */
    val body: String,
) {
    internal constructor(native: FfiHttpRequest) :
        this(native.method, native.url, native.headers.map { Header(it.name, it.value) }, native.body)

    override fun equals(other: Any?) =
        other is HttpRequest && method == other.method && url == other.url && headers == other.headers && body == other.body

    override fun hashCode() = listOf(method, url, headers, body).hashCode()

    override fun toString() = "HttpRequest(method=$method, url=$url, headers=$headers, body=<${body.length} characters redacted>)"
}

/**
 * The token endpoint's successful answer (RFC 6749 §5.1), values as sent;
 * absent members are null. [toString] redacts the tokens.
 */
class TokenResponse internal constructor(
    val accessToken: String,
    /** As sent: `Bearer` in any case. */
    val tokenType: String,
    /** Lifetime of the access token in seconds, when sent. */
    val expiresIn: Long?,
    val refreshToken: String?,
    /** The ID token as sent (its verified claims are [LoginResult.user]). */
    val idToken: String?,
    val scope: String?,
) {
    override fun equals(other: Any?) =
        other is TokenResponse && accessToken == other.accessToken && tokenType == other.tokenType &&
            expiresIn == other.expiresIn && refreshToken == other.refreshToken && idToken == other.idToken && scope == other.scope

    override fun hashCode() = listOf(accessToken, tokenType, expiresIn, refreshToken, idToken, scope).hashCode()

    override fun toString(): String {
        fun redact(token: String?) = if (token == null) "null" else "<redacted>"
        return "TokenResponse(accessToken=<redacted>, tokenType=$tokenType, expiresIn=$expiresIn, " +
            "refreshToken=${redact(refreshToken)}, idToken=${redact(idToken)}, scope=$scope)"
    }
}

/**
 * The verified claims of an ID token: the user. It is the claims object
 * itself, as an unmodifiable `Map` in the token's member order
 * (`user.get("org_id")`), with typed getters for the standard claims.
 * Integers are [Long] (or `BigInteger` past its range), other numbers
 * [Double], objects maps and arrays lists.
 */
class IdTokenClaims internal constructor(private val json: String) : Map<String, Any?> by Json.parseObject(json) {
    private fun text(name: String) = get(name) as? String

    /** `sub`: the user's identifier at the issuer. */
    val subject: String get() = text("sub") ?: ""

    /** `iss`. */
    val issuer: String get() = text("iss") ?: ""

    /** `email`, when present. */
    val email: String? get() = text("email")

    /** `email_verified`, when present. */
    val emailVerified: Boolean? get() = get("email_verified") as? Boolean

    /** `name`, when present. */
    val name: String? get() = text("name")

    /** `nonce`, when present. */
    val nonce: String? get() = text("nonce")

    /** `exp`, seconds since the Unix epoch. */
    val expiresAt: Long get() = get("exp") as? Long ?: 0

    /** `iat`, seconds since the Unix epoch. */
    val issuedAt: Long get() = get("iat") as? Long ?: 0

    /** The claims as the core's compact JSON text, in token order (e.g. to store in a session). */
    fun toJson(): String = json

    override fun equals(other: Any?) = other is Map<*, *> && entries == other.entries

    override fun hashCode() = entries.hashCode()

    /** Only `sub` and `iss`, as the core's Debug: claims may hold personal data. */
    override fun toString() = "IdTokenClaims(sub=$subject, iss=$issuer, ...)"
}

/**
 * A finished login or refresh: the [tokens] and the [user], the verified
 * ID token's claims, or null when the server issued no ID token (a refresh
 * may not). The token getters are shortcuts for `getTokens().get...()`.
 */
class LoginResult internal constructor(
    val tokens: TokenResponse,
    /** The verified ID-token claims (`sub`, `email`, `name`, ...), or null. */
    val user: IdTokenClaims?,
) {
    val accessToken: String get() = tokens.accessToken
    val refreshToken: String? get() = tokens.refreshToken
    val idToken: String? get() = tokens.idToken
    val expiresIn: Long? get() = tokens.expiresIn

    override fun toString() = "LoginResult(tokens=$tokens, user=$user)"
}

/** What an [Exchange] says to do next. */
sealed class ExchangeStep {
    /** Send [request] and pass its answer to [Exchange.receive]. */
    class Send internal constructor(val request: HttpRequest) : ExchangeStep() {
        override fun toString() = "Send($request)"
    }

    /** The exchange is complete. */
    class Done internal constructor(val result: LoginResult) : ExchangeStep() {
        override fun toString() = "Done($result)"
    }
}

/**
 * One token exchange in progress: the core's sans-IO state machine, for
 * an application with its own HTTP stack. Send [request], give the answer
 * to [receive], and send each request it returns until it is done:
 *
 * ```java
 * try (Exchange exchange = client.exchangeCode(code, redirectUri, login.getCodeVerifier(), login.getNonce())) {
 *     HttpRequest request = exchange.request();
 *     while (true) {
 *         MyResponse response = myHttp.send(request);
 *         ExchangeStep step = exchange.receive(response.status(), response.body());
 *         if (step instanceof ExchangeStep.Done done) return done.getResult();
 *         request = ((ExchangeStep.Send) step).getRequest();
 *     }
 * }
 * ```
 *
 * It shares its [Client]'s key-set cache. Not for concurrent use; its
 * native half is freed by [close] or when it is garbage collected.
 */
class Exchange internal constructor(private val handle: Long, private val first: HttpRequest) : AutoCloseable {
    // The core's exchange lives in the native registry until closed; the
    // cleaner closes it if the application forgets.
    private val cleanable = CLEANER.register(this, Closer(handle))

    @Volatile
    private var closed = false

    private class Closer(private val handle: Long) : Runnable {
        override fun run() = Direct.exchangeClose(handle)
    }

    /** The first request to send: the token request. */
    fun request(): HttpRequest = first

    /**
     * Judges the answer to the last request sent, its HTTP [status] and
     * [body] text, at [nowUnixSeconds] (default: now). Throws
     * [LoginKitException], or [AuthorizationException] for `token_error`.
     */
    @JvmOverloads
    fun receive(status: Int, body: String, nowUnixSeconds: Long = Instant.now().epochSecond): ExchangeStep {
        if (closed) throw LoginKitException("invalid_argument", "this exchange is closed")
        if (status !in 0..65535) throw LoginKitException("invalid_argument", "the HTTP status $status is not in 0..65535")
        return Direct.exchangeReceive(handle, status, body, nowUnixSeconds)
    }

    /** Frees the exchange; it cannot receive afterwards. */
    override fun close() {
        closed = true
        cleanable.clean()
    }

    override fun toString() = "Exchange"

    private companion object {
        val CLEANER: Cleaner = Cleaner.create()
    }
}

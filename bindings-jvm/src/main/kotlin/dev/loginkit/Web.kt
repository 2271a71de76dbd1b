package dev.loginkit

import dev.loginkit.internal.*
import dev.loginkit.internal.ffi.FfiHttpResponse
import dev.loginkit.internal.ffi.FfiWebLogin
import java.net.http.HttpClient
import java.time.Duration
import java.time.Instant

/**
 * An HTTP response as data, built by the core: send exactly this status
 * and these headers (`Set-Cookie` may repeat).
 */
class WebResponse internal constructor(val status: Int, val headers: List<Header>) {
    internal constructor(native: FfiHttpResponse) : this(native.status.toInt(), native.headers.map { Header(it.name, it.value) })

    /** The `Location` header, for a redirect. */
    val location: String? get() = headers.firstOrNull { it.name.equals("Location", ignoreCase = true) }?.value

    /** Cookie values are sealed but still not for logs: names only. */
    override fun toString() = "WebResponse(status=$status, location=$location, headers=${headers.map { it.name }})"
}

/** The signed-in user, from the session cookie: the verified ID-token claims. [toString] hides the ID token. */
class SessionUser internal constructor(
    /** The verified claims. */
    val claims: IdTokenClaims,
    /** The ID token (the logout hint). */
    val idToken: String,
    /** When the session ends, in Unix seconds. */
    val expiresAt: Long,
) {
    /** `sub`. */
    val subject: String get() = claims.subject

    /** `email`, when present. */
    val email: String? get() = claims.email

    /** `name`, when present. */
    val name: String? get() = claims.name

    override fun toString() = "SessionUser(subject=$subject, email=$email, expiresAt=$expiresAt)"
}

/**
 * A web application's login routes, as the core builds them: login,
 * sign-up, callback, logout and the current user, each taking what the
 * framework's request gives (request target, `Cookie` header) and
 * returning a [WebResponse] to send. The session is a sealed cookie
 * (`loginkit_session`); nothing is stored on the server. Framework
 * integrations (e.g. [dev.loginkit.servlet.LoginKitFilter]) only map
 * their request and response types onto this.
 *
 * ```java
 * WebLogin web = WebLogin.builder(client, keys, "https://yourapp.com/auth/callback")
 *     .postLogoutRedirectUri("https://yourapp.com/").build();
 * ```
 */
class WebLogin private constructor(
    /** The client (its exchanges and key-set cache). */
    val client: Client,
    private val native: FfiWebLogin,
    private val httpClient: HttpClient?,
    private val timeout: Duration?,
) : AutoCloseable {
    /** The login route: a redirect to the provider with a fresh sealed transaction cookie; [signUp] adds `prompt=create`. */
    @JvmOverloads
    fun login(signUp: Boolean = false, returnTo: String? = null, nowUnixSeconds: Long = Instant.now().epochSecond): WebResponse =
        WebResponse(ffi { native.login(signUp, optionalText(returnTo, "returnTo"), nowUnixSeconds) })

    /**
     * [login] with the return-to path read by the core from [requestTarget]
     * (the path and raw query as received, the full URL, or the query), so
     * an integration never parses a URL: a malformed `return_to` is
     * `invalid_return_to`, a repeated one `duplicate_parameter`.
     */
    @JvmOverloads
    fun loginFromRequest(requestTarget: String, signUp: Boolean = false, nowUnixSeconds: Long = Instant.now().epochSecond): WebResponse =
        WebResponse(ffi { native.loginFromRequest(text(requestTarget, "requestTarget"), signUp, nowUnixSeconds) })

    /**
     * The callback route: checks the callback ([requestTarget], e.g.
     * `/auth/callback?code=...&state=...`) against its transaction cookie
     * in [cookieHeader], exchanges the code with `java.net.http.HttpClient`
     * (as [Client.authenticateWithCode]), and returns the redirect that
     * stores the session and deletes the transaction cookie. Failures
     * throw [LoginKitException] with the core's code.
     */
    @JvmOverloads
    fun callback(requestTarget: String, cookieHeader: String?, nowUnixSeconds: Long = Instant.now().epochSecond): WebResponse {
        val pending = ffi { native.callback(text(requestTarget, "requestTarget"), text(cookieHeader ?: "", "cookieHeader"), nowUnixSeconds) }
        val handle = pending.exchangeHandle.toLong()
        return Exchange(handle, HttpRequest(pending.firstRequest)).use { exchange ->
            Http.run(exchange, client.http(httpClient), client.timeout(timeout))
            WebResponse(ffi { native.complete(pending.exchangeHandle, nowUnixSeconds) })
        }
    }

    /** The current user from the request's [cookieHeader], or null (no session, expired, or not ours). */
    @JvmOverloads
    fun user(cookieHeader: String?, nowUnixSeconds: Long = Instant.now().epochSecond): SessionUser? {
        if (cookieHeader.isNullOrEmpty()) return null
        val user = ffi { native.user(text(cookieHeader, "cookieHeader"), nowUnixSeconds) } ?: return null
        return SessionUser(IdTokenClaims(user.claimsJson), user.idToken, user.expiresAt)
    }

    /** The logout route: deletes the session cookie and redirects to the provider's logout with the ID-token hint. */
    @JvmOverloads
    fun logout(cookieHeader: String?, nowUnixSeconds: Long = Instant.now().epochSecond): WebResponse =
        WebResponse(ffi { native.logout(text(cookieHeader ?: "", "cookieHeader"), nowUnixSeconds) })

    override fun close() = native.close()

    override fun toString() = "WebLogin(client=$client)"

    /** Builds a [WebLogin]; see [WebLogin.builder]. */
    class Builder internal constructor(private val client: Client, private val keys: TransactionKeys, private val redirectUri: String) {
        private var postLogoutRedirectUri: String? = null
        private var scopes: List<String>? = null
        private var cookieOptions: CookieOptions? = null
        private var sessionTtl: Duration? = null
        private var httpClient: HttpClient? = null
        private var timeout: Duration? = null

        /** Where the provider sends the browser after logout (registered at the provider). */
        fun postLogoutRedirectUri(uri: String?) = apply { postLogoutRedirectUri = uri }

        /** The scopes (default `openid profile email offline_access`). */
        fun scopes(scopes: List<String>?) = apply { this.scopes = scopes }

        /** Cookie path, `Secure` and the login's lifetime (default: `/`, secure, 600 s). */
        fun cookieOptions(options: CookieOptions?) = apply { cookieOptions = options }

        /** How long a session lasts (default 8 hours). */
        fun sessionTtl(ttl: Duration?) = apply { sessionTtl = ttl }

        /** The HTTP client for the code exchange (default: the client's). */
        fun httpClient(httpClient: HttpClient?) = apply { this.httpClient = httpClient }

        /** The time limit of each request of the exchange (default 10 s). */
        fun timeout(timeout: Duration?) = apply { this.timeout = timeout }

        fun build(): WebLogin {
            val ttl = sessionTtl?.let {
                if (it.isNegative) throw LoginKitException("invalid_argument", "the session ttl $it is negative")
                it.seconds.toULong()
            }
            val native = ffi {
                FfiWebLogin(
                    client.native,
                    keys.native,
                    text(redirectUri, "redirectUri"),
                    optionalText(postLogoutRedirectUri, "postLogoutRedirectUri"),
                    scopes?.mapIndexed { index, scope -> text(scope, "scopes[$index]") },
                    cookieOptions?.toFfi(),
                    ttl,
                )
            }
            return WebLogin(client, native, httpClient, timeout)
        }
    }

    companion object {
        /** Starts a [Builder] for [client], sealing with [keys], with the callback route's full URL [redirectUri]. */
        @JvmStatic
        fun builder(client: Client, keys: TransactionKeys, redirectUri: String): Builder = Builder(client, keys, redirectUri)
    }
}

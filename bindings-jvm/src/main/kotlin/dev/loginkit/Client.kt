package dev.loginkit

import dev.loginkit.internal.*
import dev.loginkit.internal.ffi.FfiClient
import java.net.http.HttpClient
import java.time.Duration
import java.time.Instant
import java.util.concurrent.CompletableFuture

/**
 * A loginkit client for one environment and one application.
 *
 * Construction checks and normalises its arguments and makes no network
 * call. A client holds no global state, so clients for different
 * environments work side by side, and one client is safe to share between
 * threads. It keeps the key set (JWKS) it fetched to verify ID tokens, so
 * create one client per application and reuse it. Its native half is freed
 * when the client is garbage collected or [close]d.
 *
 * ```java
 * Client client = new Client("https://acme.scalekit.dev", "skc_1234567890", System.getenv("SCALEKIT_CLIENT_SECRET"));
 * LoginStart login = client.startLogin("https://yourapp.com/auth/callback",
 *     AuthorizationUrlOptions.builder().scopes(List.of("openid", "profile", "email", "offline_access")).build());
 * // ... in the callback handler:
 * Callback callback = client.parseCallback(request.getRequestURI() + "?" + request.getQueryString(), login.getState());
 * LoginResult result = client.authenticateWithCode(callback.getCode(), "https://yourapp.com/auth/callback",
 *     AuthenticationOptions.builder().codeVerifier(login.getCodeVerifier()).nonce(login.getNonce()).build());
 * String email = result.getUser().getEmail();
 * ```
 */
class Client private constructor(
    envUrl: String,
    clientId: String,
    clientSecret: String?,
    tokenEndpointAuthMethod: TokenEndpointAuthMethod?,
    private val httpClient: HttpClient?,
    jwksRefetchInterval: Duration?,
) : AutoCloseable {
    /**
     * A client; with a [clientSecret] it authenticates at the token
     * endpoint by [tokenEndpointAuthMethod] (default `client_secret_post`),
     * without one it is a public client (`none`: PKCE required). An empty
     * secret means none. A secret with [TokenEndpointAuthMethod.NONE] is
     * `invalid_argument`; a secret-based method without a secret is
     * `missing_client_secret`.
     */
    @JvmOverloads
    constructor(
        envUrl: String,
        clientId: String,
        clientSecret: String? = null,
        tokenEndpointAuthMethod: TokenEndpointAuthMethod? = null,
    ) : this(envUrl, clientId, clientSecret, tokenEndpointAuthMethod, null, null)

    internal val native: FfiClient = ffi {
        val refetch = jwksRefetchInterval?.let {
            if (it.isNegative) throw LoginKitException("invalid_argument", "jwksRefetchInterval $it is negative")
            it.seconds.toULong()
        }
        FfiClient(
            text(envUrl, "envUrl"),
            text(clientId, "clientId"),
            optionalText(clientSecret, "clientSecret"),
            tokenEndpointAuthMethod?.wireName,
            refetch,
        )
    }

    /** The normalised environment URL (also the expected `iss`). */
    val baseUrl: String = native.baseUrl()

    /** The client id. */
    val clientId: String = native.clientId()

    /** This client's handle on the direct path, where its exchanges run. */
    private val handle: Long = native.directHandle().toLong()

    /** How this client authenticates at the token endpoint. */
    val tokenEndpointAuthMethod: TokenEndpointAuthMethod =
        native.tokenEndpointAuthMethod().let { name -> TokenEndpointAuthMethod.entries.first { it.wireName == name } }

    // The per-request calls take the direct-mapped path (Direct.kt,
    // decision record 10) and name this client by its handle: the
    // environment URL was parsed once, by the constructor.

    /** Builds the authorization URL that starts a login. */
    @JvmOverloads
    fun getAuthorizationUrl(redirectUri: String, options: AuthorizationUrlOptions = AuthorizationUrlOptions()): String =
        Direct.authorizationUrl(handle, redirectUri, options)

    /** Generates the state and nonce the options leave out and a PKCE verifier, and builds the URL. */
    @JvmOverloads
    fun startLogin(redirectUri: String, options: AuthorizationUrlOptions = AuthorizationUrlOptions()): LoginStart =
        Direct.startLogin(handle, redirectUri, options)

    /** Builds the logout URL. */
    @JvmOverloads
    fun getLogoutUrl(options: LogoutUrlOptions = LogoutUrlOptions()): String = Direct.logoutUrl(handle, options)

    /**
     * Checks a callback (the full URL, the request target or the query
     * string) against the state stored when the login started. A server
     * refusal is an [AuthorizationException], but only after the state has
     * been verified.
     */
    fun parseCallback(callback: String, expectedState: String): Callback =
        Direct.parseCallback(handle, callback, expectedState)

    /**
     * Exchanges the authorization code of a callback for tokens and the
     * verified user: sends the token request (and, the first time or for a
     * new signing key, fetches the key set) with `java.net.http.HttpClient`,
     * then verifies the ID token (signature, issuer, audience, expiry and
     * the nonce in [options]). [redirectUri] is the one the login started
     * with; [options] carry the login's PKCE verifier and nonce, and
     * optionally an HTTP client and a time limit (default 10 s per request).
     *
     * Throws [AuthorizationException] (`token_error`) when the server
     * refuses, [LoginKitException] with `network_error` when it cannot be
     * reached, and the core's codes for everything else.
     */
    @JvmOverloads
    fun authenticateWithCode(code: String, redirectUri: String, options: AuthenticationOptions = AuthenticationOptions()): LoginResult =
        Http.drive(exchangeCode(code, redirectUri, options.codeVerifier, options.nonce), http(options.httpClient), timeout(options.timeout))

    /**
     * [authenticateWithCode] with `HttpClient.sendAsync`: the future
     * completes with the result, or exceptionally with the
     * [LoginKitException] (wrapped in `CompletionException` by `join`, in
     * `ExecutionException` by `get`).
     */
    @JvmOverloads
    fun authenticateWithCodeAsync(
        code: String,
        redirectUri: String,
        options: AuthenticationOptions = AuthenticationOptions(),
    ): CompletableFuture<LoginResult> =
        async { Http.driveAsync(exchangeCode(code, redirectUri, options.codeVerifier, options.nonce), http(options.httpClient), timeout(options.timeout)) }

    /**
     * Gets a new access token with a refresh token (the refresh grant). An
     * ID token in the answer is verified too; the result's `user` is null
     * when the server sent none. Errors as for [authenticateWithCode]
     * (`missing_refresh_token` for an empty token).
     */
    @JvmOverloads
    fun refreshAccessToken(refreshToken: String, options: RefreshOptions = RefreshOptions()): LoginResult =
        Http.drive(exchangeRefreshToken(refreshToken, options.scope), http(options.httpClient), timeout(options.timeout))

    /** [refreshAccessToken] with `HttpClient.sendAsync`; failures complete the future exceptionally. */
    @JvmOverloads
    fun refreshAccessTokenAsync(refreshToken: String, options: RefreshOptions = RefreshOptions()): CompletableFuture<LoginResult> =
        async { Http.driveAsync(exchangeRefreshToken(refreshToken, options.scope), http(options.httpClient), timeout(options.timeout)) }

    internal fun http(override: HttpClient?) = override ?: httpClient ?: Http.defaultClient

    internal fun timeout(override: Duration?): Duration {
        val timeout = override ?: DEFAULT_TIMEOUT
        if (timeout.isNegative || timeout.isZero) throw LoginKitException("invalid_argument", "the timeout $timeout is not positive")
        return timeout
    }

    private inline fun async(start: () -> CompletableFuture<LoginResult>): CompletableFuture<LoginResult> =
        try {
            start()
        } catch (failure: LoginKitException) {
            CompletableFuture.failedFuture(failure)
        }

    // The sans-IO calls, for an application with its own HTTP stack.

    /**
     * The authorization-code token request to send (RFC 6749 §4.1.3):
     * `POST {baseUrl}/oauth/token` with the form body and, for
     * `client_secret_basic`, the `Authorization` header. A public client
     * must give the [codeVerifier] (`pkce_required`).
     */
    @JvmOverloads
    fun authorizationCodeRequest(code: String, redirectUri: String, codeVerifier: String? = null): HttpRequest =
        HttpRequest(ffi { native.authorizationCodeRequest(text(code, "code"), text(redirectUri, "redirectUri"), optionalText(codeVerifier, "codeVerifier")) })

    /** The refresh-token request to send (RFC 6749 §6), optionally for a narrower [scope]. */
    @JvmOverloads
    fun refreshTokenRequest(refreshToken: String, scope: String? = null): HttpRequest =
        HttpRequest(ffi { native.refreshTokenRequest(text(refreshToken, "refreshToken"), optionalText(scope, "scope")) })

    /** The key-set request: `GET {baseUrl}/keys`. */
    fun jwksRequest(): HttpRequest = HttpRequest(ffi { native.jwksRequest() })

    /**
     * Verifies an ID token against a key set the caller fetched (the JWKS
     * JSON text), with this client's issuer ([baseUrl]) and id, the login's
     * [nonce] (null: not checked) and the clock [nowUnixSeconds] (default:
     * now). Returns the verified claims.
     */
    @JvmOverloads
    fun verifyIdToken(idToken: String, jwks: String, nonce: String? = null, nowUnixSeconds: Long = Instant.now().epochSecond): IdTokenClaims =
        // The direct path (as LoginKit.verifyIdToken), with the issuer and
        // id the core's Client::verify_id_token uses: baseUrl and clientId.
        IdTokenClaims(Direct.verifyIdToken(baseUrl, clientId, idToken, jwks, nonce, nowUnixSeconds, null))

    /**
     * Starts the authorization-code exchange as a sans-IO state machine
     * (see [Exchange]). With a [nonce] the server must return an ID token
     * carrying it.
     */
    @JvmOverloads
    fun exchangeCode(code: String, redirectUri: String, codeVerifier: String? = null, nonce: String? = null): Exchange =
        Direct.exchangeCode(handle, code, redirectUri, codeVerifier, nonce).let { (id, first) -> Exchange(id, first) }

    /** Starts a refresh-token exchange as a sans-IO state machine (see [Exchange]). */
    @JvmOverloads
    fun exchangeRefreshToken(refreshToken: String, scope: String? = null): Exchange =
        Direct.exchangeRefreshToken(handle, refreshToken, scope).let { (id, first) -> Exchange(id, first) }

    // The sealed login transaction (issue 12): no server-side storage; the
    // login's state, nonce and verifier travel in a cookie sealed by the core.

    /**
     * Starts a login and seals its transaction into a cookie: generates
     * state, nonce and PKCE verifier (as [startLogin]), checks [returnTo]
     * (a same-origin path, else `invalid_return_to`), and returns the URL
     * to redirect to with the `Set-Cookie` header value to send along.
     */
    @JvmOverloads
    fun startLoginTransaction(
        redirectUri: String,
        keys: TransactionKeys,
        options: AuthorizationUrlOptions = AuthorizationUrlOptions(),
        returnTo: String? = null,
        cookieOptions: CookieOptions = CookieOptions(),
        nowUnixSeconds: Long = Instant.now().epochSecond,
    ): TransactionStart = Direct.startLoginTransaction(handle, redirectUri, options, keys.handle, returnTo, cookieOptions, nowUnixSeconds)

    /**
     * Finishes a login started by [startLoginTransaction]: checks the
     * [callback] (full URL, request target or query) against the cookie
     * named after its state in [cookieHeader] (the request's `Cookie`
     * header): `transaction_missing`, `transaction_truncated`,
     * `transaction_unknown_key`, `transaction_tampered`,
     * `transaction_swapped`, `transaction_expired`, then the callback's own
     * errors. Then call [authenticateWithCode] with the result's code,
     * `transaction.redirectUri` and [FinishedLogin.authenticationOptions].
     */
    @JvmOverloads
    fun finishLogin(
        callback: String,
        cookieHeader: String?,
        keys: TransactionKeys,
        cookieOptions: CookieOptions = CookieOptions(),
        nowUnixSeconds: Long = Instant.now().epochSecond,
    ): FinishedLogin {
        val done = ffi {
            native.finishLogin(text(callback, "callback"), text(cookieHeader ?: "", "cookieHeader"), keys.native, cookieOptions.toFfi(), nowUnixSeconds)
        }
        return FinishedLogin(done.code, LoginTransaction(done.transaction), done.clearCookie)
    }

    override fun close() = native.close()

    /** Never shows the client secret. */
    override fun toString() = "Client(baseUrl=$baseUrl, clientId=$clientId, tokenEndpointAuthMethod=${tokenEndpointAuthMethod.wireName})"

    /**
     * Builds a client with the settings the constructor does not take:
     * `Client.builder(envUrl, clientId).clientSecret(secret).httpClient(http).build()`.
     */
    class Builder internal constructor(private val envUrl: String, private val clientId: String) {
        private var clientSecret: String? = null
        private var method: TokenEndpointAuthMethod? = null
        private var httpClient: HttpClient? = null
        private var jwksRefetchInterval: Duration? = null

        /** The client secret (none: a public client). */
        fun clientSecret(clientSecret: String?) = apply { this.clientSecret = clientSecret }

        /** How to authenticate at the token endpoint (default: from the secret). */
        fun tokenEndpointAuthMethod(method: TokenEndpointAuthMethod?) = apply { this.method = method }

        /** The HTTP client for [authenticateWithCode] and [refreshAccessToken] when a call names none (default: one with a 10 s connect timeout). */
        fun httpClient(httpClient: HttpClient?) = apply { this.httpClient = httpClient }

        /** The shortest time between two key-set fetches caused by unknown key ids (default: the core's, 5 minutes). */
        fun jwksRefetchInterval(interval: Duration?) = apply { this.jwksRefetchInterval = interval }

        fun build(): Client = Client(envUrl, clientId, clientSecret, method, httpClient, jwksRefetchInterval)
    }

    companion object {
        /** Starts a [Builder]. */
        @JvmStatic
        fun builder(envUrl: String, clientId: String): Builder = Builder(envUrl, clientId)
    }
}

package dev.loginkit

import dev.loginkit.ffi.FfiClient

/**
 * A loginkit client for one environment and one application.
 *
 * Construction checks and normalises its arguments and makes no network
 * call. A client holds no global state, so clients for different
 * environments work side by side, and one client is safe to share between
 * threads. Its native half is freed when the client is garbage collected
 * or [close]d.
 *
 * ```java
 * Client client = new Client("https://acme.scalekit.dev", "skc_1234567890");
 * String url = client.getAuthorizationUrl("https://yourapp.com/auth/callback",
 *     AuthorizationUrlOptions.builder().scopes(List.of("openid", "profile", "email", "offline_access")).state(state).build());
 * ```
 */
class Client(envUrl: String, clientId: String) : AutoCloseable {
    private val native: FfiClient = ffi { FfiClient(text(envUrl, "envUrl"), text(clientId, "clientId")) }

    /** The normalised environment URL (also the expected `iss`). */
    val baseUrl: String = native.baseUrl()

    /** The client id. */
    val clientId: String = native.clientId()

    // The per-request calls (getAuthorizationUrl, startLogin, parseCallback)
    // take the direct-mapped path (Direct.kt, decision record 10): the
    // environment URL and client id travel with each call, already
    // normalised and checked by the constructor.

    /** Builds the authorization URL that starts a login. */
    @JvmOverloads
    fun getAuthorizationUrl(redirectUri: String, options: AuthorizationUrlOptions = AuthorizationUrlOptions()): String =
        Direct.authorizationUrl(baseUrl, clientId, redirectUri, options)

    /** Generates the state and nonce the options leave out and a PKCE verifier, and builds the URL. */
    @JvmOverloads
    fun startLogin(redirectUri: String, options: AuthorizationUrlOptions = AuthorizationUrlOptions()): LoginStart =
        Direct.startLogin(baseUrl, clientId, redirectUri, options)

    /** Builds the logout URL. */
    @JvmOverloads
    fun getLogoutUrl(options: LogoutUrlOptions = LogoutUrlOptions()): String = ffi {
        native.logoutUrl(
            optionalText(options.idTokenHint, "idTokenHint"),
            optionalText(options.postLogoutRedirectUri, "postLogoutRedirectUri"),
            optionalText(options.state, "state"),
        )
    }

    /**
     * Checks a callback (the full URL, the request target or the query
     * string) against the state stored when the login started. A server
     * refusal is an [AuthorizationException], but only after the state has
     * been verified.
     */
    fun parseCallback(callback: String, expectedState: String): Callback =
        Direct.parseCallback(baseUrl, clientId, callback, expectedState)

    override fun close() = native.close()

    override fun toString() = "Client(baseUrl=$baseUrl, clientId=$clientId)"
}

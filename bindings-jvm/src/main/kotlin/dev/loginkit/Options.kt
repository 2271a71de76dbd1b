package dev.loginkit

import dev.loginkit.internal.*
import java.io.Serializable

/** One extra query parameter of an authorization URL. */
data class Param(val name: String, val value: String)

/**
 * Options of an authorization URL; null means "not given".
 *
 * Kotlin: `AuthorizationUrlOptions(scopes = listOf("openid", "profile"), state = state)`.
 * Java: `AuthorizationUrlOptions.builder().scopes(List.of("openid", "profile")).state(state).build()`.
 */
data class AuthorizationUrlOptions @JvmOverloads constructor(
    /** Scopes in order; null sends `openid profile email`, an empty list is `invalid_scopes`. */
    val scopes: List<String>? = null,
    val state: String? = null,
    val nonce: String? = null,
    val loginHint: String? = null,
    /** Sent as `domain_hint` and as `domain`. */
    val domainHint: String? = null,
    val connectionId: String? = null,
    val organizationId: String? = null,
    val provider: String? = null,
    /** `login`, `none`, `consent`, `select_account`, `create`, or several separated by spaces. */
    val prompt: String? = null,
    val codeChallenge: String? = null,
    /** Only `S256`. */
    val codeChallengeMethod: String? = null,
    /** Appended in order; names may repeat. */
    val extraParams: List<Param> = emptyList(),
) {
    /** A builder for Java callers. */
    class Builder {
        private var options = AuthorizationUrlOptions()

        fun scopes(scopes: List<String>?) = apply { options = options.copy(scopes = scopes) }
        fun state(state: String?) = apply { options = options.copy(state = state) }
        fun nonce(nonce: String?) = apply { options = options.copy(nonce = nonce) }
        fun loginHint(loginHint: String?) = apply { options = options.copy(loginHint = loginHint) }
        fun domainHint(domainHint: String?) = apply { options = options.copy(domainHint = domainHint) }
        fun connectionId(connectionId: String?) = apply { options = options.copy(connectionId = connectionId) }
        fun organizationId(organizationId: String?) = apply { options = options.copy(organizationId = organizationId) }
        fun provider(provider: String?) = apply { options = options.copy(provider = provider) }
        fun prompt(prompt: String?) = apply { options = options.copy(prompt = prompt) }
        fun codeChallenge(codeChallenge: String?) = apply { options = options.copy(codeChallenge = codeChallenge) }
        fun codeChallengeMethod(method: String?) = apply { options = options.copy(codeChallengeMethod = method) }
        fun extraParams(extraParams: List<Param>) = apply { options = options.copy(extraParams = extraParams) }
        /** Appends one extra parameter. */
        fun extraParam(name: String, value: String) = apply { options = options.copy(extraParams = options.extraParams + Param(name, value)) }
        fun build(): AuthorizationUrlOptions = options
    }

    companion object {
        /** Starts a builder: `AuthorizationUrlOptions.builder().state(s).build()`. */
        @JvmStatic
        fun builder(): Builder = Builder()
    }
}

/** Options of a logout URL; null means "not given". */
data class LogoutUrlOptions @JvmOverloads constructor(
    val idTokenHint: String? = null,
    val postLogoutRedirectUri: String? = null,
    val state: String? = null,
) {
    /** A builder for Java callers. */
    class Builder {
        private var options = LogoutUrlOptions()

        fun idTokenHint(idTokenHint: String?) = apply { options = options.copy(idTokenHint = idTokenHint) }
        fun postLogoutRedirectUri(uri: String?) = apply { options = options.copy(postLogoutRedirectUri = uri) }
        fun state(state: String?) = apply { options = options.copy(state = state) }
        fun build(): LogoutUrlOptions = options
    }

    companion object {
        /** Starts a builder. */
        @JvmStatic
        fun builder(): Builder = Builder()
    }
}

/**
 * The URL to redirect to and the secrets to keep until the callback.
 * Serializable, so that it can live in a servlet session that is persisted
 * or replicated between nodes.
 */
data class LoginStart(val url: String, val state: String, val nonce: String, val codeVerifier: String) : Serializable {
    // The verifier never appears in logs.
    override fun toString() = "LoginStart(url=$url, state=$state, nonce=$nonce, codeVerifier=...)"

    private companion object {
        private const val serialVersionUID: Long = 1L
    }
}

/** A verified callback: the code to exchange and its state. */
data class Callback(val code: String, val state: String)

/** Where a callback URL is registered. */
enum class Environment(internal val wireName: String) {
    DEVELOPMENT("development"),
    PRODUCTION("production"),
}

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
 * Not given: [CLIENT_SECRET_POST] when the client has a secret, [NONE]
 * otherwise.
 */
enum class TokenEndpointAuthMethod(
    /** The registered name: `client_secret_post`, `client_secret_basic` or `none`. */
    val wireName: String,
) {
    /** `client_id` and `client_secret` in the form body, as the Scalekit SDKs send them. */
    CLIENT_SECRET_POST("client_secret_post"),

    /** HTTP Basic with the form-encoded client id and secret. */
    CLIENT_SECRET_BASIC("client_secret_basic"),

    /** A public client: no secret, PKCE mandatory. */
    NONE("none");

    companion object {
        /**
         * The method by its registered name, exactly as the core reads it;
         * any other name (`Client_Secret_Post` included) is
         * `invalid_argument`.
         */
        @JvmStatic
        fun fromName(name: String): TokenEndpointAuthMethod {
            val canonical = ffi { dev.loginkit.internal.ffi.parseTokenEndpointAuthMethod(text(name, "name")) }
            return entries.first { it.wireName == canonical }
        }
    }
}

/**
 * Options of [Client.authenticateWithCode].
 *
 * Kotlin: `AuthenticationOptions(codeVerifier = login.codeVerifier, nonce = login.nonce)`.
 * Java: `AuthenticationOptions.builder().codeVerifier(login.getCodeVerifier()).nonce(login.getNonce()).build()`.
 */
data class AuthenticationOptions @JvmOverloads constructor(
    /** The PKCE verifier of the login ([LoginStart.codeVerifier]); required for a public client. */
    val codeVerifier: String? = null,
    /**
     * The nonce the login sent ([LoginStart.nonce]). When given, the
     * server must return an ID token carrying it; when null, an ID token
     * is still verified if one comes, without the nonce check.
     */
    val nonce: String? = null,
    /** The HTTP client to send with (proxies, TLS, executor); default: the [Client]'s. */
    val httpClient: java.net.http.HttpClient? = null,
    /** The time limit of each request; default 10 seconds. */
    val timeout: java.time.Duration? = null,
) {
    /** A builder for Java callers. */
    class Builder {
        private var options = AuthenticationOptions()

        fun codeVerifier(codeVerifier: String?) = apply { options = options.copy(codeVerifier = codeVerifier) }
        fun nonce(nonce: String?) = apply { options = options.copy(nonce = nonce) }
        fun httpClient(httpClient: java.net.http.HttpClient?) = apply { options = options.copy(httpClient = httpClient) }
        fun timeout(timeout: java.time.Duration?) = apply { options = options.copy(timeout = timeout) }
        fun build(): AuthenticationOptions = options
    }

    // The verifier never appears in logs.
    override fun toString() =
        "AuthenticationOptions(codeVerifier=${codeVerifier?.let { "..." }}, nonce=$nonce, httpClient=$httpClient, timeout=$timeout)"

    companion object {
        /** Starts a builder: `AuthenticationOptions.builder().codeVerifier(v).nonce(n).build()`. */
        @JvmStatic
        fun builder(): Builder = Builder()
    }
}

/** Options of [Client.refreshAccessToken]. */
data class RefreshOptions @JvmOverloads constructor(
    /** A narrower scope to ask for; null keeps the granted one. */
    val scope: String? = null,
    /** The HTTP client to send with; default: the [Client]'s. */
    val httpClient: java.net.http.HttpClient? = null,
    /** The time limit of each request; default 10 seconds. */
    val timeout: java.time.Duration? = null,
) {
    /** A builder for Java callers. */
    class Builder {
        private var options = RefreshOptions()

        fun scope(scope: String?) = apply { options = options.copy(scope = scope) }
        fun httpClient(httpClient: java.net.http.HttpClient?) = apply { options = options.copy(httpClient = httpClient) }
        fun timeout(timeout: java.time.Duration?) = apply { options = options.copy(timeout = timeout) }
        fun build(): RefreshOptions = options
    }

    companion object {
        /** Starts a builder. */
        @JvmStatic
        fun builder(): Builder = Builder()
    }
}

/**
 * What [LoginKit.verifyIdToken] requires of an ID token, and the clock to
 * judge it by. A [Client] fills in its own issuer and id
 * ([Client.verifyIdToken]).
 */
data class IdTokenExpectations @JvmOverloads constructor(
    /** The exact `iss`, e.g. [Client.baseUrl]. */
    val issuer: String,
    /** The client id, which `aud` must contain (and `azp` equal). */
    val clientId: String,
    /** The nonce the login sent; null when it sent none. */
    val nonce: String? = null,
    /** Now, in seconds since the Unix epoch; null: the current time. */
    val nowUnixSeconds: Long? = null,
    /** Clock leeway in seconds for `exp`, `nbf` and `iat`; null: the core's default (60). */
    val leewaySeconds: Long? = null,
) {
    /** A builder for Java callers. */
    class Builder(issuer: String, clientId: String) {
        private var expected = IdTokenExpectations(issuer, clientId)

        fun nonce(nonce: String?) = apply { expected = expected.copy(nonce = nonce) }
        fun nowUnixSeconds(now: Long?) = apply { expected = expected.copy(nowUnixSeconds = now) }
        fun leewaySeconds(leeway: Long?) = apply { expected = expected.copy(leewaySeconds = leeway) }
        fun build(): IdTokenExpectations = expected
    }

    companion object {
        /** Starts a builder: `IdTokenExpectations.builder(issuer, clientId).nonce(n).build()`. */
        @JvmStatic
        fun builder(issuer: String, clientId: String): Builder = Builder(issuer, clientId)
    }
}

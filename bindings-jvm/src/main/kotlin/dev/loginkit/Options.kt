package dev.loginkit

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

/** The URL to redirect to and the secrets to keep until the callback. */
data class LoginStart(val url: String, val state: String, val nonce: String, val codeVerifier: String) {
    // The verifier never appears in logs.
    override fun toString() = "LoginStart(url=$url, state=$state, nonce=$nonce, codeVerifier=...)"
}

/** A verified callback: the code to exchange and its state. */
data class Callback(val code: String, val state: String)

/** Where a callback URL is registered. */
enum class Environment(internal val wireName: String) {
    DEVELOPMENT("development"),
    PRODUCTION("production"),
}

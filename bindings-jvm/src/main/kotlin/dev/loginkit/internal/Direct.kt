package dev.loginkit.internal

import dev.loginkit.*

import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.charset.StandardCharsets.UTF_8

/**
 * The fast path for every per-request call (decision record 10): the
 * arguments go to Rust in one direct buffer and the result comes back in
 * another, in the format documented in src/direct.rs. A client's calls name
 * it by its handle, so the environment URL is parsed once, at construction,
 * and a closed client answers every call with `invalid_argument`.
 */
internal object Direct {
    private const val ABSENT = -1 // u32::MAX
    private const val OP_AUTHORIZATION_URL = 0
    private const val OP_START_LOGIN = 1
    private const val OP_PARSE_CALLBACK = 2
    private const val OP_PARSE_TOKEN_RESPONSE = 3
    private const val OP_VERIFY_ID_TOKEN = 4
    private const val OP_EXCHANGE_CODE = 5
    private const val OP_EXCHANGE_REFRESH = 6
    private const val OP_EXCHANGE_RECEIVE = 7
    private const val OP_EXCHANGE_CLOSE = 8
    private const val OP_START_LOGIN_TRANSACTION = 9
    private const val OP_LOGOUT_URL = 10
    private const val OP_VALIDATE_REDIRECT_URI = 11
    private const val OP_REDIRECT_URI_MATCHES = 12
    private const val OP_VERIFY_STATE = 13
    private const val OP_GENERATE_STATE = 14
    private const val OP_GENERATE_NONCE = 15
    private const val OP_GENERATE_CODE_VERIFIER = 16
    private const val OP_PKCE_CHALLENGE = 17
    private const val STEP_SEND = 0
    private const val OK = 0

    /** A direct buffer and its native address, which is what crosses. */
    private class Native(val buffer: ByteBuffer) {
        val address: Long = com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(buffer))
    }

    /** A growable direct buffer, reused per thread. */
    private class Request {
        // Room for a typical ID token and key set without growing.
        var native = Native(direct(8192))
        val buffer: ByteBuffer get() = native.buffer

        fun ensure(extra: Int) {
            if (buffer.remaining() < extra) {
                val bigger = direct(maxOf(buffer.capacity() * 2, buffer.position() + extra))
                buffer.flip()
                bigger.put(buffer)
                native = Native(bigger)
            }
        }

        fun int(value: Int) {
            ensure(4)
            buffer.putInt(value)
        }

        fun long(value: Long) {
            ensure(8)
            buffer.putLong(value)
        }

        fun optionalLong(value: Long?) {
            if (value == null) return int(0)
            int(1)
            long(value)
        }

        fun text(value: String?) {
            if (value == null) return int(ABSENT)
            val encoded = value.toByteArray(UTF_8)
            ensure(4 + encoded.size)
            buffer.putInt(encoded.size)
            buffer.put(encoded)
        }
    }

    private class Response(val buffer: ByteBuffer) {
        fun int(): Int = buffer.getInt()

        fun long(): Long = buffer.getLong()

        fun request(): HttpRequest {
            val method = text()!!
            val url = text()!!
            val headers = List(int()) { Header(text()!!, text()!!) }
            return HttpRequest(method, url, headers, text()!!)
        }

        fun tokens() = TokenResponse(text()!!, text()!!, optionalUnsignedLong(), text(), text(), text())

        fun optionalUnsignedLong(): Long? {
            if (int() == 0) return null
            val value = buffer.getLong()
            // A u64 past Long.MAX_VALUE (292 billion years) saturates.
            return if (value < 0) Long.MAX_VALUE else value
        }

        fun text(): String? {
            val length = int()
            if (length == ABSENT) return null
            val bytes = ByteArray(length)
            buffer.get(bytes)
            return String(bytes, UTF_8)
        }
    }

    private fun direct(capacity: Int): ByteBuffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN)

    /**
     * Loads the native library for both bindings (see DirectMapping);
     * called before every uniffi call, free after the first.
     */
    fun ensureLoaded(): String = DirectMapping.LIBRARY

    private val requests = ThreadLocal.withInitial { Request() }
    // Room for typical tokens or claims: a larger answer grows it once per thread.
    private val responses = ThreadLocal.withInitial { Native(direct(8192)) }

    /** Starts a request for [op]. */
    private fun request(op: Int): Request {
        val request = requests.get()
        request.buffer.clear()
        request.int(op)
        return request
    }

    /** Starts a request for [op] on the client [clientHandle]. */
    private fun request(op: Int, clientHandle: Long): Request {
        val request = request(op)
        request.long(clientHandle)
        return request
    }

    private fun Request.authorization(redirectUri: String, options: AuthorizationUrlOptions): Request {
        text(text(redirectUri, "redirectUri"))
        text(optionalText(options.state, "state"))
        text(optionalText(options.nonce, "nonce"))
        text(optionalText(options.loginHint, "loginHint"))
        text(optionalText(options.domainHint, "domainHint"))
        text(optionalText(options.connectionId, "connectionId"))
        text(optionalText(options.organizationId, "organizationId"))
        text(optionalText(options.provider, "provider"))
        text(optionalText(options.prompt, "prompt"))
        text(optionalText(options.codeChallenge, "codeChallenge"))
        text(optionalText(options.codeChallengeMethod, "codeChallengeMethod"))
        val scopes = options.scopes
        if (scopes == null) {
            int(ABSENT)
        } else {
            int(scopes.size)
            scopes.forEachIndexed { index, scope -> text(text(scope, "scopes[$index]")) }
        }
        int(options.extraParams.size)
        options.extraParams.forEachIndexed { index, param ->
            text(text(param.name, "extraParams[$index].name"))
            text(text(param.value, "extraParams[$index].value"))
        }
        return this
    }

    /** Sends [request], and returns the response or throws its failure. */
    private fun send(request: Request): Response {
        val requestLength = request.buffer.position()
        val requestAddress = request.native.address
        var response = responses.get()
        var length = DirectMapping.call(requestAddress, requestLength, response.address, response.buffer.capacity())
        if (length < 0) {
            response = Native(direct(-length))
            responses.set(response)
            length = DirectMapping.call(requestAddress, requestLength, response.address, response.buffer.capacity())
        }
        val buffer = response.buffer
        buffer.clear().limit(length)
        val result = Response(buffer)
        if (result.int() != OK) {
            throw loginKitException(result.text()!!, result.text()!!, result.text(), result.text(), result.text())
        }
        return result
    }

    fun authorizationUrl(clientHandle: Long, redirectUri: String, options: AuthorizationUrlOptions): String =
        send(request(OP_AUTHORIZATION_URL, clientHandle).authorization(redirectUri, options)).text()!!

    fun startLogin(clientHandle: Long, redirectUri: String, options: AuthorizationUrlOptions): LoginStart {
        val result = send(request(OP_START_LOGIN, clientHandle).authorization(redirectUri, options))
        return LoginStart(result.text()!!, result.text()!!, result.text()!!, result.text()!!)
    }

    fun startLoginTransaction(
        clientHandle: Long,
        redirectUri: String,
        options: AuthorizationUrlOptions,
        keysHandle: Long,
        returnTo: String?,
        cookie: CookieOptions,
        now: Long,
    ): TransactionStart {
        if (cookie.ttlSeconds < 0) throw LoginKitException("invalid_argument", "the cookie ttl ${cookie.ttlSeconds} is negative")
        val request = request(OP_START_LOGIN_TRANSACTION, clientHandle)
        request.long(keysHandle)
        request.authorization(redirectUri, options)
        request.text(optionalText(returnTo, "returnTo"))
        request.text(text(cookie.path, "path"))
        request.int(if (cookie.secure) 1 else 0)
        request.optionalLong(cookie.ttlSeconds)
        request.long(now)
        val result = send(request)
        return TransactionStart(result.text()!!, result.text()!!, result.text()!!, result.text()!!)
    }

    fun parseCallback(clientHandle: Long, callback: String, expectedState: String): Callback {
        val request = request(OP_PARSE_CALLBACK, clientHandle)
        request.text(text(callback, "callback"))
        request.text(text(expectedState, "expectedState"))
        val result = send(request)
        return Callback(result.text()!!, result.text()!!)
    }

    fun logoutUrl(clientHandle: Long, options: LogoutUrlOptions): String {
        val request = request(OP_LOGOUT_URL, clientHandle)
        request.text(optionalText(options.idTokenHint, "idTokenHint"))
        request.text(optionalText(options.postLogoutRedirectUri, "postLogoutRedirectUri"))
        request.text(optionalText(options.state, "state"))
        return send(request).text()!!
    }

    fun validateRedirectUri(uri: String, environment: String) {
        val request = request(OP_VALIDATE_REDIRECT_URI)
        request.text(text(uri, "uri"))
        request.text(text(environment, "environment"))
        send(request)
    }

    fun redirectUriMatches(registered: String, candidate: String): Boolean =
        verdict(OP_REDIRECT_URI_MATCHES, text(registered, "registered"), text(candidate, "candidate"))

    fun verifyState(expected: String, received: String): Boolean =
        verdict(OP_VERIFY_STATE, text(expected, "expected"), text(received, "received"))

    private fun verdict(op: Int, first: String, second: String): Boolean {
        val request = request(op)
        request.text(first)
        request.text(second)
        return send(request).int() != 0
    }

    fun generateState(): String = send(request(OP_GENERATE_STATE)).text()!!

    fun generateNonce(): String = send(request(OP_GENERATE_NONCE)).text()!!

    fun generateCodeVerifier(): String = send(request(OP_GENERATE_CODE_VERIFIER)).text()!!

    fun pkceChallenge(verifier: String): String {
        val request = request(OP_PKCE_CHALLENGE)
        request.text(text(verifier, "verifier"))
        return send(request).text()!!
    }

    fun parseTokenResponse(status: Int, body: String): TokenResponse {
        val request = request(OP_PARSE_TOKEN_RESPONSE)
        request.int(status)
        request.text(text(body, "body"))
        return send(request).tokens()
    }

    /** The claims as the core's compact JSON text; [leeway] null is the core's default. */
    fun verifyIdToken(issuer: String, clientId: String, idToken: String, jwks: String, nonce: String?, now: Long, leeway: Long?): String {
        val request = request(OP_VERIFY_ID_TOKEN)
        request.text(text(issuer, "issuer"))
        request.text(text(clientId, "clientId"))
        request.text(text(idToken, "idToken"))
        request.text(text(jwks, "jwks"))
        request.text(optionalText(nonce, "nonce"))
        request.long(now)
        request.optionalLong(leeway)
        return send(request).text()!!
    }

    /** Starts an authorization-code exchange on the client [clientHandle]: its handle and first request. */
    fun exchangeCode(clientHandle: Long, code: String, redirectUri: String, codeVerifier: String?, nonce: String?): Pair<Long, HttpRequest> {
        val request = request(OP_EXCHANGE_CODE, clientHandle)
        request.text(text(code, "code"))
        request.text(text(redirectUri, "redirectUri"))
        request.text(optionalText(codeVerifier, "codeVerifier"))
        request.text(optionalText(nonce, "nonce"))
        val result = send(request)
        return result.long() to result.request()
    }

    /** Starts a refresh-token exchange on the client [clientHandle]: its handle and first request. */
    fun exchangeRefreshToken(clientHandle: Long, refreshToken: String, scope: String?): Pair<Long, HttpRequest> {
        val request = request(OP_EXCHANGE_REFRESH, clientHandle)
        request.text(text(refreshToken, "refreshToken"))
        request.text(optionalText(scope, "scope"))
        val result = send(request)
        return result.long() to result.request()
    }

    fun exchangeReceive(handle: Long, status: Int, body: String, now: Long): ExchangeStep {
        val request = request(OP_EXCHANGE_RECEIVE)
        request.long(handle)
        request.int(status)
        request.text(text(body, "body"))
        request.long(now)
        val result = send(request)
        if (result.int() == STEP_SEND) return ExchangeStep.Send(result.request())
        val tokens = result.tokens()
        return ExchangeStep.Done(LoginResult(tokens, result.text()?.let(::IdTokenClaims)))
    }

    fun exchangeClose(handle: Long) {
        val request = request(OP_EXCHANGE_CLOSE)
        request.long(handle)
        send(request)
    }
}

package dev.loginkit

import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.charset.StandardCharsets.UTF_8

/**
 * The fast path for getAuthorizationUrl and startLogin (decision record 10):
 * the arguments go to Rust in one direct buffer and the result comes back in
 * another, in the format documented in src/direct.rs.
 */
internal object Direct {
    private const val ABSENT = -1 // u32::MAX
    private const val OP_AUTHORIZATION_URL = 0
    private const val OP_START_LOGIN = 1
    private const val OK = 0

    /** A growable direct buffer, reused per thread: JNA passes it by address. */
    private class Request {
        var buffer: ByteBuffer = direct(1024)

        fun ensure(extra: Int) {
            if (buffer.remaining() < extra) {
                val bigger = direct(maxOf(buffer.capacity() * 2, buffer.position() + extra))
                buffer.flip()
                bigger.put(buffer)
                buffer = bigger
            }
        }

        fun int(value: Int) {
            ensure(4)
            buffer.putInt(value)
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

        fun text(): String? {
            val length = int()
            if (length == ABSENT) return null
            val bytes = ByteArray(length)
            buffer.get(bytes)
            return String(bytes, UTF_8)
        }
    }

    private fun direct(capacity: Int): ByteBuffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN)

    private val requests = ThreadLocal.withInitial { Request() }
    private val responses = ThreadLocal.withInitial { direct(1024) }

    private fun call(op: Int, envUrl: String, clientId: String, redirectUri: String, options: AuthorizationUrlOptions): Response {
        val request = requests.get()
        request.buffer.clear()
        request.int(op)
        request.text(envUrl)
        request.text(clientId)
        request.text(text(redirectUri, "redirectUri"))
        request.text(optionalText(options.state, "state"))
        request.text(optionalText(options.nonce, "nonce"))
        request.text(optionalText(options.loginHint, "loginHint"))
        request.text(optionalText(options.domainHint, "domainHint"))
        request.text(optionalText(options.connectionId, "connectionId"))
        request.text(optionalText(options.organizationId, "organizationId"))
        request.text(optionalText(options.provider, "provider"))
        request.text(optionalText(options.prompt, "prompt"))
        request.text(optionalText(options.codeChallenge, "codeChallenge"))
        request.text(optionalText(options.codeChallengeMethod, "codeChallengeMethod"))
        val scopes = options.scopes
        if (scopes == null) {
            request.int(ABSENT)
        } else {
            request.int(scopes.size)
            scopes.forEachIndexed { index, scope -> request.text(text(scope, "scopes[$index]")) }
        }
        request.int(options.extraParams.size)
        options.extraParams.forEachIndexed { index, param ->
            request.text(text(param.name, "extraParams[$index].name"))
            request.text(text(param.value, "extraParams[$index].value"))
        }
        val requestLength = request.buffer.position()
        // JNA passes a direct buffer's address at its current position.
        request.buffer.flip()
        var response = responses.get()
        response.clear()
        var length = DirectMapping.loginkit_jvm_direct_login_url(request.buffer, requestLength, response, response.capacity())
        if (length < 0) {
            response = direct(-length)
            responses.set(response)
            length = DirectMapping.loginkit_jvm_direct_login_url(request.buffer, requestLength, response, response.capacity())
        }
        response.clear().limit(length)
        val result = Response(response)
        if (result.int() != OK) {
            val code = result.text()!!
            val message = result.text()!!
            val oauthError = result.text()
            val description = result.text()
            val uri = result.text()
            throw if (oauthError != null) {
                AuthorizationException(code, message, oauthError, description, uri)
            } else {
                LoginKitException(code, message)
            }
        }
        return result
    }

    fun authorizationUrl(envUrl: String, clientId: String, redirectUri: String, options: AuthorizationUrlOptions): String =
        call(OP_AUTHORIZATION_URL, envUrl, clientId, redirectUri, options).text()!!

    fun startLogin(envUrl: String, clientId: String, redirectUri: String, options: AuthorizationUrlOptions): LoginStart {
        val result = call(OP_START_LOGIN, envUrl, clientId, redirectUri, options)
        return LoginStart(result.text()!!, result.text()!!, result.text()!!, result.text()!!)
    }
}

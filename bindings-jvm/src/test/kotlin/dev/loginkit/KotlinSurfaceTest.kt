package dev.loginkit

import com.fasterxml.jackson.databind.ObjectMapper
import dev.loginkit.internal.Json
import java.math.BigInteger
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The Kotlin surface: named arguments, data classes, exceptions. */
class KotlinSurfaceTest {
    private val client = Client("https://acme.scalekit.dev", "skc_1234567890")

    @Test
    fun `the seed example with named arguments`() {
        val url = client.getAuthorizationUrl(
            "https://yourapp.com/auth/callback",
            AuthorizationUrlOptions(
                scopes = listOf("openid", "profile", "email", "offline_access"),
                state = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ),
        )
        assertEquals(
            "https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890" +
                "&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access" +
                "&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            url,
        )
    }

    @Test
    fun `builder and named arguments give the same options`() {
        val named = AuthorizationUrlOptions(prompt = "login", extraParams = listOf(Param("resource", "https://api.example.com")))
        val built = AuthorizationUrlOptions.builder().prompt("login").extraParam("resource", "https://api.example.com").build()
        assertEquals(named, built)
        assertTrue(client.getAuthorizationUrl("https://yourapp.com/cb", named).endsWith("&prompt=login&resource=https%3A%2F%2Fapi.example.com"))
    }

    @Test
    fun `start login and parse callback round trip`() {
        val login = client.startLogin("https://yourapp.com/cb", AuthorizationUrlOptions(scopes = listOf("openid")))
        assertTrue("code_challenge=${LoginKit.pkceChallenge(login.codeVerifier)}&code_challenge_method=S256" in login.url)
        assertTrue(login.codeVerifier !in login.toString())
        assertEquals(Callback("abc", login.state), client.parseCallback("?code=abc&state=${login.state}", login.state))
    }

    @Test
    fun `errors carry codes`() {
        val error = assertThrows<LoginKitException> { LoginKit.validateRedirectUri("https://*.co.uk", Environment.DEVELOPMENT) }
        assertEquals("redirect_uri_wildcard_root_domain", error.code)
        assertEquals("invalid_argument", assertThrows<LoginKitException> { LoginKit.validateRedirectUri("https://a.com/cb", "staging") }.code)
        assertTrue("internal_error" in LoginKit.errorCodes)
    }

    @Test
    fun `a closed client answers every call with invalid_argument, never a crash`() {
        val closed = Client("https://acme.scalekit.dev", "skc_1234567890")
        assertTrue(closed.getLogoutUrl().endsWith("/oidc/logout"))
        closed.close()
        closed.close() // closing twice is harmless
        val calls = listOf<() -> Any>(
            { closed.getAuthorizationUrl("https://yourapp.com/cb") },
            { closed.startLogin("https://yourapp.com/cb") },
            { closed.parseCallback("?code=abc&state=s", "s") },
            { closed.getLogoutUrl() },
            { closed.authorizationCodeRequest("abc", "https://yourapp.com/cb", "v".repeat(43)) },
            { closed.exchangeCode("abc", "https://yourapp.com/cb", "v".repeat(43)) },
        )
        for (call in calls) {
            val error = assertThrows<LoginKitException> { call() }
            assertEquals("invalid_argument", error.code)
            assertTrue("closed" in error.message!!, error.message)
        }
        // Other clients are untouched.
        assertTrue(client.getLogoutUrl().endsWith("/oidc/logout"))
    }

    @Test
    fun `a panic in the core is an internal_error and the JVM carries on`() {
        repeat(3) {
            val failure = assertThrows<LoginKitException> { LoginKit.panicForTests() }
            assertEquals("internal_error", failure.code)
        }
        assertTrue(LoginKit.verifyState("abc", "abc"))
    }

    @Test
    fun `encoded wildcards are refused and never match`() {
        val failure = assertThrows<LoginKitException> { LoginKit.validateRedirectUri("https://%2A.com/cb", "production") }
        assertEquals("invalid_redirect_uri", failure.code)
        assertFalse(LoginKit.redirectUriMatches("https://acmecorp.%2A.com/cb", "https://x.%2A.com/cb"))
    }

    private fun idTokenCase(id: String) =
        ObjectMapper().readTree(Path.of(System.getProperty("user.dir")).parent.resolve("conformance/cases/id_token.json").toFile())
            .get("cases").first { it.get("id").asText() == id }.get("input")

    @Test
    fun `claims are a map with exact values, in token order`() {
        val input = idTokenCase("idt.claims-unicode-nested")
        val claims = LoginKit.verifyIdToken(
            input.get("id_token").asText(),
            input.get("jwks").asText(),
            IdTokenExpectations(issuer = input.get("issuer").asText(), clientId = input.get("client_id").asText(), nowUnixSeconds = input.get("now").asLong()),
        )
        // The Map agrees with Jackson's reading of the core's JSON text, key order included.
        val mapper = ObjectMapper()
        assertEquals(mapper.readTree(claims.toJson()), mapper.readTree(mapper.writeValueAsString(claims as Map<*, *>)))
        assertEquals(mapper.readTree(claims.toJson()).fieldNames().asSequence().toList(), claims.keys.toList())
        assertTrue(claims["exp"] is Long)
        assertEquals(claims.expiresAt, claims["exp"])
        assertTrue(claims.subject.isNotEmpty())
    }

    @Test
    fun `the JSON reader keeps every kind of value`() {
        val parsed = Json.parseObject(
            """{"a":9007199254740991,"b":-9007199254740991,"c":18446744073709551615,"d":1.5,"e":1e30,"f":"\u00e9\ud83d\ude00\n\"","g":[true,false,null,{}],"h":{"i":[]}}""",
        )
        assertEquals(9007199254740991L, parsed["a"])
        assertEquals(-9007199254740991L, parsed["b"])
        assertEquals(BigInteger("18446744073709551615"), parsed["c"])
        assertEquals(1.5, parsed["d"])
        assertEquals(1e30, parsed["e"])
        assertEquals("\u00e9\ud83d\ude00\n\"", parsed["f"])
        assertEquals(listOf(true, false, null, emptyMap<String, Any?>()), parsed["g"])
        assertEquals(mapOf("i" to emptyList<Any?>()), parsed["h"])
        assertEquals("internal_error", assertThrows<LoginKitException> { Json.parseObject("""{"a":1""") }.code)
    }

    @Test
    fun `token options with named arguments`() {
        val options = AuthenticationOptions(codeVerifier = "v".repeat(43), nonce = "n")
        assertEquals(options, AuthenticationOptions.builder().codeVerifier("v".repeat(43)).nonce("n").build())
        assertFalse("v".repeat(43) in options.toString())
        val confidential = Client("https://acme.scalekit.dev", "skc_1", clientSecret = "s3cret", tokenEndpointAuthMethod = TokenEndpointAuthMethod.CLIENT_SECRET_BASIC)
        assertFalse("s3cret" in confidential.toString())
        val request = confidential.authorizationCodeRequest("abc", "https://app.example/cb")
        assertEquals("Basic c2tjXzE6czNjcmV0", request.headers.single { it.name == "Authorization" }.value)
        assertFalse("c2tjXzE6czNjcmV0" in request.toString())
        assertEquals("pkce_required", assertThrows<LoginKitException> { Client("https://acme.scalekit.dev", "skc_1").authorizationCodeRequest("abc", "https://app.example/cb") }.code)
    }
}

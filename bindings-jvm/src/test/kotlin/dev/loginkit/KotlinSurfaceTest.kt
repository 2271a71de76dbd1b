package dev.loginkit

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
}

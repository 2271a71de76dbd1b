package dev.loginkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A complete login against a real OpenID provider (testing/op: oidc-provider
 * with Scalekit's paths), with each of its three clients: start the login,
 * follow the provider's pages (drive-login.mjs), parse the callback,
 * authenticateWithCode, then refreshAccessToken.
 *
 * The test script starts the provider and sets LOGINKIT_OP_ISSUER; without it
 * this test fails, unless LOGINKIT_SKIP_OP=1 says to skip it on purpose. The
 * callback URL is the first of OP_REDIRECT_URIS (the provider's default when
 * unset).
 */
class RealProviderTest {
    static final String SECRET = "s3cr3t:with/special+chars%";
    static final List<String> SCOPES = List.of("openid", "profile", "email", "offline_access");
    static final Path DRIVER = Path.of(System.getProperty("user.dir")).getParent().resolve("testing/op/drive-login.mjs");

    static String issuer() {
        String issuer = System.getenv("LOGINKIT_OP_ISSUER");
        if (issuer == null || issuer.isEmpty()) {
            if ("1".equals(System.getenv("LOGINKIT_SKIP_OP"))) {
                org.junit.jupiter.api.Assumptions.abort("LOGINKIT_SKIP_OP=1: the real-provider login is skipped on purpose");
            }
            fail("LOGINKIT_OP_ISSUER is not set: start the provider (source testing/op/start.sh && op_start <port>) and export "
                    + "LOGINKIT_OP_ISSUER=\"$OP_ISSUER\", or set LOGINKIT_SKIP_OP=1 to skip this test on purpose");
        }
        return issuer;
    }

    static String redirectUri() {
        String configured = System.getenv("OP_REDIRECT_URIS");
        return configured == null || configured.isEmpty() ? "http://127.0.0.1:9401/auth/callback" : configured.split(",")[0].strip();
    }

    /** Follows the provider's login and consent pages; returns the callback URL. */
    static String driveLogin(String authorizationUrl) throws IOException, InterruptedException {
        Process driver = new ProcessBuilder("node", DRIVER.toString(), authorizationUrl)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String callback = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "drive-login.mjs did not finish");
        assertEquals(0, driver.exitValue(), "drive-login.mjs failed; callback output: " + callback);
        return callback;
    }

    static void loginAndRefresh(Client client) throws Exception {
        String redirectUri = redirectUri();
        LoginStart login = client.startLogin(redirectUri, AuthorizationUrlOptions.builder().scopes(SCOPES).build());
        Callback callback = client.parseCallback(driveLogin(login.getUrl()), login.getState());

        LoginResult result = client.authenticateWithCode(callback.getCode(), redirectUri,
                AuthenticationOptions.builder().codeVerifier(login.getCodeVerifier()).nonce(login.getNonce()).build());
        IdTokenClaims user = result.getUser();
        assertNotNull(user, "an ID token was verified");
        assertEquals("alice", user.getSubject());
        assertEquals("alice@example.com", user.getEmail());
        assertEquals(login.getNonce(), user.getNonce());
        assertEquals(client.getBaseUrl(), user.getIssuer());
        assertEquals("Alice", user.get("name"));
        assertEquals(Boolean.TRUE, user.getEmailVerified());
        assertNotNull(result.getRefreshToken(), "offline_access gives a refresh token");
        assertFalse(result.toString().contains(result.getAccessToken()), "toString redacts the access token");

        LoginResult refreshed = client.refreshAccessTokenAsync(result.getRefreshToken()).get(30, TimeUnit.SECONDS);
        assertNotEquals(result.getAccessToken(), refreshed.getAccessToken(), "a new access token");
        if (refreshed.getUser() != null) {
            assertEquals("alice", refreshed.getUser().getSubject());
        }
    }

    @Test
    void confidentialClientWithClientSecretPost() throws Exception {
        try (Client client = new Client(issuer(), "skc_test_confidential", SECRET)) {
            assertEquals(TokenEndpointAuthMethod.CLIENT_SECRET_POST, client.getTokenEndpointAuthMethod());
            loginAndRefresh(client);
        }
    }

    @Test
    void confidentialClientWithClientSecretBasic() throws Exception {
        try (Client client = new Client(issuer(), "skc_test_basic", SECRET, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC)) {
            loginAndRefresh(client);
        }
    }

    @Test
    void publicClientWithPkceOnly() throws Exception {
        try (Client client = new Client(issuer(), "skc_test_public")) {
            assertEquals(TokenEndpointAuthMethod.NONE, client.getTokenEndpointAuthMethod());
            loginAndRefresh(client);
        }
    }
}

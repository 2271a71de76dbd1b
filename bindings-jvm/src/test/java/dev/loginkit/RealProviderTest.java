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

    /** The `name=value` part of a Set-Cookie header value, as a browser sends it back. */
    static String cookiePair(String setCookie) {
        return setCookie.split(";", 2)[0];
    }

    /** Issue 12: the sealed transaction cookie carries the login to the callback; no server-side storage. */
    @Test
    void sealedTransactionLogin() throws Exception {
        String redirectUri = redirectUri();
        CookieOptions cookies = new CookieOptions("/", false);
        try (Client client = new Client(issuer(), "skc_test_confidential", SECRET);
                TransactionKeys keys = new TransactionKeys(TransactionKeys.generateKey())) {
            TransactionStart start = client.startLoginTransaction(redirectUri, keys,
                    AuthorizationUrlOptions.builder().scopes(SCOPES).build(), "/dashboard?tab=1", cookies);
            assertTrue(start.getSetCookie().startsWith(start.getCookieName() + "="));
            assertFalse(start.toString().contains(start.getCookieValue()), "toString hides the sealed value");
            String callback = driveLogin(start.getUrl());
            String cookieHeader = "other=1; " + cookiePair(start.getSetCookie());

            try (TransactionKeys otherKeys = new TransactionKeys(TransactionKeys.generateKey())) {
                LoginKitException wrongKey = org.junit.jupiter.api.Assertions.assertThrows(LoginKitException.class,
                        () -> client.finishLogin(callback, cookieHeader, otherKeys, cookies));
                assertEquals("transaction_unknown_key", wrongKey.getCode());
            }
            LoginKitException missing = org.junit.jupiter.api.Assertions.assertThrows(LoginKitException.class,
                    () -> client.finishLogin(callback, "other=1", keys, cookies));
            assertEquals("transaction_missing", missing.getCode());

            FinishedLogin done = client.finishLogin(callback, cookieHeader, keys, cookies);
            assertEquals("/dashboard?tab=1", done.getTransaction().getReturnTo());
            assertEquals(redirectUri, done.getTransaction().getRedirectUri());
            assertTrue(done.getClearCookie().contains("Max-Age=0"));
            assertFalse(done.toString().contains(done.getCode()), "toString hides the code");
            assertFalse(done.getTransaction().toString().contains(done.getTransaction().getCodeVerifier()), "toString hides the verifier");

            LoginResult result = client.authenticateWithCode(done.getCode(), done.getTransaction().getRedirectUri(), done.authenticationOptions());
            assertEquals("alice@example.com", result.getUser().getEmail());
            assertEquals(done.getTransaction().getNonce(), result.getUser().getNonce());
        }
    }

    /** Issue 13: the web routes (what LoginKitFilter maps onto servlets) against the real provider. */
    @Test
    void webLoginRoutes() throws Exception {
        String redirectUri = redirectUri();
        try (Client client = new Client(issuer(), "skc_test_confidential", SECRET);
                TransactionKeys keys = new TransactionKeys(TransactionKeys.generateKey());
                WebLogin web = WebLogin.builder(client, keys, redirectUri)
                        .postLogoutRedirectUri(redirectUri.replace("/auth/callback", "/"))
                        .cookieOptions(new CookieOptions("/", false))
                        .build()) {
            assertEquals(null, web.user(null));
            WebResponse login = web.login(true, null);
            assertEquals(302, login.getStatus());
            assertTrue(login.getLocation().contains("prompt=create"));
            String transactionCookie = cookiePair(login.getHeaders().stream()
                    .filter(h -> h.getName().equals("Set-Cookie")).findFirst().orElseThrow().getValue());
            java.net.URI callback = java.net.URI.create(driveLogin(login.getLocation()));
            String target = callback.getRawPath() + "?" + callback.getRawQuery();

            LoginKitException tampered = org.junit.jupiter.api.Assertions.assertThrows(LoginKitException.class,
                    () -> web.callback(target.replace("state=", "state=x"), transactionCookie));
            assertEquals("transaction_missing", tampered.getCode());

            WebResponse done = web.callback(target, transactionCookie);
            assertEquals(302, done.getStatus());
            assertEquals("/", done.getLocation());
            String session = done.getHeaders().stream().filter(h -> h.getName().equals("Set-Cookie"))
                    .map(h -> cookiePair(h.getValue())).filter(c -> c.startsWith("loginkit_session=")).findFirst().orElseThrow();
            assertFalse(done.toString().contains(session), "toString shows header names only");
            SessionUser user = web.user("a=b; " + session);
            assertNotNull(user);
            assertEquals("alice@example.com", user.getEmail());
            assertFalse(user.toString().contains(user.getIdToken()), "toString hides the ID token");

            WebResponse logout = web.logout(session);
            assertTrue(logout.getLocation().contains("id_token_hint="));
            assertTrue(logout.getHeaders().stream().anyMatch(h -> h.getValue().startsWith("loginkit_session=;")));
        }
    }
}

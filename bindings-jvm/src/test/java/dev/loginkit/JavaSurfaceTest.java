package dev.loginkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Java surface: the seed snippet as a Java user writes it, and the bad inputs. */
class JavaSurfaceTest {
    static final String SEED_URL = "https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890"
            + "&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access"
            + "&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String STATE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void theSeedSnippet() {
        Client scalekit = new Client("https://acme.scalekit.dev", "skc_1234567890");

        // Basic authorization URL for general login
        String redirectUri = "https://yourapp.com/auth/callback";
        AuthorizationUrlOptions options = AuthorizationUrlOptions.builder()
                .scopes(List.of("openid", "profile", "email", "offline_access"))
                .state(STATE)
                .build();

        String authorizationUrl = scalekit.getAuthorizationUrl(redirectUri, options);
        assertEquals(SEED_URL, authorizationUrl);
    }

    @Test
    void theSignUpSnippetAndStaticHelpers() {
        Client scalekit = new Client("https://acme.scalekit.dev", "skc_1234567890");
        String url = scalekit.getAuthorizationUrl("http://localhost:3000/api/callback",
                AuthorizationUrlOptions.builder().scopes(List.of("openid", "profile", "email", "offline_access")).prompt("create").build());
        assertTrue(url.endsWith("&scope=openid+profile+email+offline_access&prompt=create"));
        assertEquals(64, LoginKit.generateState().length());
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", LoginKit.pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        LoginKit.validateRedirectUri("https://*.acmecorp.com", Environment.DEVELOPMENT);
        assertEquals("https://acme.scalekit.dev/oidc/logout", scalekit.getLogoutUrl());
    }

    @Test
    void errorsAreUncheckedWithCodes() {
        Client scalekit = new Client("https://acme.scalekit.dev", "skc_1234567890");
        LoginKitException error = assertThrows(LoginKitException.class,
                () -> scalekit.getAuthorizationUrl("https://yourapp.com/cb?a=1"));
        assertInstanceOf(RuntimeException.class, error);
        assertEquals("redirect_uri_query_not_allowed", error.getCode());
        assertTrue(error.getMessage().contains("?a=1"), error.getMessage());
        assertFalse(error.getMessage().contains("detail="), "the message is the core's, not a dump of fields");

        AuthorizationException refused = assertThrows(AuthorizationException.class,
                () -> scalekit.parseCallback("/cb?error=access_denied&error_description=No+thanks&state=s1", "s1"));
        assertEquals("access_denied", refused.getError());
        assertEquals("No thanks", refused.getErrorDescription());
        assertNull(refused.getErrorUri());
        assertEquals("state_mismatch", assertThrows(LoginKitException.class,
                () -> scalekit.parseCallback("/cb?error=access_denied&state=forged", "s1")).getCode());
    }

    @Test
    void nullForARequiredArgumentNamesIt() {
        NullPointerException error = assertThrows(NullPointerException.class, () -> new Client(null, "skc"));
        assertTrue(error.getMessage().contains("envUrl"), error.getMessage());
        Client scalekit = new Client("https://acme.scalekit.dev", "skc");
        assertTrue(assertThrows(NullPointerException.class, () -> scalekit.getAuthorizationUrl(null))
                .getMessage().contains("redirectUri"));
    }

    @Test
    void loneSurrogatesAreInvalidString() {
        Client scalekit = new Client("https://acme.scalekit.dev", "skc");
        for (Runnable call : List.<Runnable>of(
                () -> scalekit.getAuthorizationUrl("https://yourapp.com/cb", AuthorizationUrlOptions.builder().state("a\ud800").build()),
                () -> scalekit.getAuthorizationUrl("https://yourapp.com/\udfff"),
                () -> new Client("https://acme.scalekit.dev", "skc\ud800"),
                () -> scalekit.parseCallback("code=a&state=s", "s\ud800"))) {
            assertEquals("invalid_string", assertThrows(LoginKitException.class, call::run).getCode());
        }
        // A well-formed pair is fine: U+1F600 is encoded as four bytes.
        assertTrue(scalekit.getAuthorizationUrl("https://yourapp.com/cb",
                AuthorizationUrlOptions.builder().state("\ud83d\ude00").build()).contains("state=%F0%9F%98%80"));
    }

    @Test
    void twoClientsSideBySide() {
        try (Client first = new Client("https://first.scalekit.dev/", "a");
             Client second = new Client("HTTPS://Second.scalekit.dev", "b")) {
            assertEquals("https://first.scalekit.dev/oidc/logout", first.getLogoutUrl());
            assertEquals("https://second.scalekit.dev/oidc/logout", second.getLogoutUrl());
            assertEquals("https://first.scalekit.dev", first.getBaseUrl());
        }
    }

    @Test
    void eightThreadsTimesTenThousandCallsAgree() throws Exception {
        Client scalekit = new Client("https://acme.scalekit.dev", "skc_1234567890");
        AuthorizationUrlOptions options = AuthorizationUrlOptions.builder()
                .scopes(List.of("openid", "profile", "email", "offline_access")).state(STATE).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> mismatches = pool.invokeAll(java.util.Collections.nCopies(8, () -> {
                int count = 0;
                for (int i = 0; i < 10_000; i++) {
                    if (!SEED_URL.equals(scalekit.getAuthorizationUrl("https://yourapp.com/auth/callback", options))) {
                        count++;
                    }
                }
                return count;
            }));
            for (Future<Integer> result : mismatches) {
                assertEquals(0, result.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}

package dev.loginkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sealed login transaction's Java surface, offline. */
class TransactionTest {
    static final LoginTransaction TX = new LoginTransaction("state-1", "nonce-1", "verifier-secret-1234567890",
            "https://yourapp.com/auth/callback", "/after", 1767225600L);

    @Test
    void sealsAndOpensWithRotation() {
        String oldKey = TransactionKeys.generateKey();
        String newKey = TransactionKeys.generateKey();
        try (TransactionKeys old = new TransactionKeys(oldKey); TransactionKeys rotated = new TransactionKeys(List.of(newKey, oldKey))) {
            String sealed = old.seal(TX);
            assertEquals(TX, rotated.open(sealed));
            assertEquals(TX, rotated.open(rotated.seal(TX)));
            LoginKitException unknown = assertThrows(LoginKitException.class, () -> new TransactionKeys(newKey).open(sealed));
            assertEquals("transaction_unknown_key", unknown.getCode());
            assertFalse(rotated.toString().contains(newKey));
            assertFalse(TX.toString().contains("verifier-secret"));
        }
    }

    @Test
    void theWebLoginReadsReturnToFromTheRequestTarget() {
        try (Client client = new Client("https://acme.scalekit.dev", "skc_1"); TransactionKeys keys = new TransactionKeys(TransactionKeys.generateKey())) {
            WebLogin web = WebLogin.builder(client, keys, "https://yourapp.com/auth/callback").build();
            WebResponse response = web.loginFromRequest("/signup?other=%&return_to=%2Finbox%3Ftab%3D2+3", true);
            String location = response.getHeaders().stream().filter(h -> h.getName().equals("Location")).findFirst().orElseThrow().getValue();
            assertTrue(location.contains("prompt=create"), location);
            String setCookie = response.getHeaders().stream().filter(h -> h.getName().equals("Set-Cookie")).findFirst().orElseThrow().getValue();
            String sealed = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
            assertEquals("/inbox?tab=2 3", keys.open(sealed).getReturnTo());
            assertEquals("invalid_return_to", assertThrows(LoginKitException.class, () -> web.loginFromRequest("/login?return_to=%FF")).getCode());
            assertEquals("duplicate_parameter",
                    assertThrows(LoginKitException.class, () -> web.loginFromRequest("?return_to=/a&return_to=/b")).getCode());
        }
    }

    @Test
    void rejectsBadKeysAndReturnTo() {
        assertEquals("invalid_transaction_key", assertThrows(LoginKitException.class, () -> new TransactionKeys("short")).getCode());
        assertEquals("invalid_transaction_key", assertThrows(LoginKitException.class, () -> new TransactionKeys(List.of())).getCode());
        LoginKit.validateReturnTo("/ok?x=1");
        assertEquals("invalid_return_to", assertThrows(LoginKitException.class, () -> LoginKit.validateReturnTo("//evil.com")).getCode());
        try (Client client = new Client("https://acme.scalekit.dev", "skc_1"); TransactionKeys keys = new TransactionKeys(TransactionKeys.generateKey())) {
            assertEquals("invalid_return_to", assertThrows(LoginKitException.class,
                    () -> client.startLoginTransaction("https://yourapp.com/auth/callback", keys, new AuthorizationUrlOptions(), "https://evil.com")).getCode());
        }
    }

    @Test
    void cookiesComeFromTheCore() {
        CookieOptions defaults = new CookieOptions();
        assertEquals("/", defaults.getPath());
        assertTrue(defaults.getSecure());
        assertEquals(600, defaults.getTtlSeconds());
        String name = LoginKit.transactionCookieName("state-1");
        assertTrue(name.startsWith("loginkit_tx_"));
        assertEquals(name + "=v; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax", defaults.setCookie(name, "v"));
        assertTrue(new CookieOptions("/app", false).clearCookie(name).contains("Max-Age=0"));
    }

    @Test
    void startsALoginWithItsCookie() {
        try (Client client = new Client("https://acme.scalekit.dev", "skc_1"); TransactionKeys keys = new TransactionKeys(TransactionKeys.generateKey())) {
            TransactionStart start = client.startLoginTransaction("https://yourapp.com/auth/callback", keys);
            assertTrue(start.getUrl().startsWith("https://acme.scalekit.dev/oauth/authorize?"));
            assertTrue(start.getSetCookie().startsWith(start.getCookieName() + "=" + start.getCookieValue() + ";"));
            LoginTransaction opened = keys.open(start.getCookieValue());
            assertEquals(start.getCookieName(), LoginKit.transactionCookieName(opened.getState()));
            assertEquals(null, opened.getReturnTo());
        }
    }
}

package dev.loginkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an application relies on beyond the calls: session storage and where the classes live. */
class PackagingTest {
    /** Serialises and reads back, as a servlet container persisting or replicating a session does. */
    private static Object roundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void loginStartSurvivesASessionStore() throws Exception {
        // The README keeps it with session.setAttribute("login", login).
        Client scalekit = new Client("https://acme.scalekit.dev", "skc_1234567890");
        LoginStart login = scalekit.startLogin("https://yourapp.com/auth/callback",
                AuthorizationUrlOptions.builder().scopes(List.of("openid", "profile", "email", "offline_access")).build());

        LoginStart stored = assertInstanceOf(LoginStart.class, roundTrip(login));

        assertNotSame(login, stored);
        assertEquals(login, stored);
        assertEquals(login.getCodeVerifier(), stored.getCodeVerifier());
        // The restored secrets still finish the login they started.
        String callback = "https://yourapp.com/auth/callback?code=abc&state=" + stored.getState();
        assertEquals("abc", scalekit.parseCallback(callback, stored.getState()).getCode());
    }

    @Test
    void loginTransactionSurvivesASessionStore() throws Exception {
        LoginTransaction transaction = new LoginTransaction(LoginKit.generateState(), LoginKit.generateNonce(),
                LoginKit.generateCodeVerifier(), "https://yourapp.com/auth/callback", "/dashboard", 1_700_000_000L);

        LoginTransaction stored = assertInstanceOf(LoginTransaction.class, roundTrip(transaction));

        assertEquals(transaction, stored);
        TransactionKeys keys = new TransactionKeys(TransactionKeys.generateKey());
        assertEquals(transaction, keys.open(keys.seal(stored)));
    }

    @Test
    void theGeneratedBindingsAreInAnInternalPackage() throws Exception {
        // Applications use dev.loginkit; uniffi's classes are an implementation detail.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.loginkit.ffi.FfiClient"));
        assertEquals("dev.loginkit.internal.ffi", Class.forName("dev.loginkit.internal.ffi.FfiClient").getPackageName());
    }
}

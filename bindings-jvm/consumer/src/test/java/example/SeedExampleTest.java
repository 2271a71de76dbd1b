package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loginkit.AuthenticationOptions;
import dev.loginkit.AuthorizationException;
import dev.loginkit.AuthorizationUrlOptions;
import dev.loginkit.Client;
import dev.loginkit.HttpRequest;
import dev.loginkit.LoginKit;
import dev.loginkit.LoginKitException;
import dev.loginkit.TokenResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's Java example, written against the installed dev.loginkit:loginkit jar. */
class SeedExampleTest {
    @Test
    void buildsTheSeedUrlFromTheInstalledJar() throws Exception {
        Client scalekit = new Client("https://acme.scalekit.dev", "skc_1234567890");

        // Basic authorization URL for general login
        String redirectUri = "https://yourapp.com/auth/callback";
        AuthorizationUrlOptions options = AuthorizationUrlOptions.builder()
                .scopes(List.of("openid", "profile", "email", "offline_access"))
                .state("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .build();
        String authorizationUrl = scalekit.getAuthorizationUrl(redirectUri, options);

        assertEquals("https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890"
                + "&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access"
                + "&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", authorizationUrl);
        assertEquals(64, LoginKit.generateState().length());

        // Loaded from the jar in the local repository that Maven resolved it
        // into: the one given with -Dmaven.repo.local (a fresh one in
        // scripts/dist/jvm.sh install_check_jvm), else ~/.m2.
        String jar = Paths.get(Client.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath().toString();
        String version = Client.class.getPackage().getImplementationVersion();
        assertTrue(version != null && jar.endsWith("/dev/loginkit/loginkit/" + version + "/loginkit-" + version + ".jar"),
                "loaded from the jar of version " + version + ": " + jar);
        String expectedVersion = System.getProperty("loginkit.version");
        if (expectedVersion != null) {
            assertEquals(expectedVersion, version);
        }
        String repository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        assertTrue(jar.startsWith(Paths.get(repository).toRealPath() + "/"), "loaded from " + repository + ": " + jar);
        // JNA extracted the library from the jar, not from a path on this machine.
        assertTrue(System.getProperty("jna.library.path") == null, "no jna.library.path set");
    }

    @Test
    void theTokenCallsFromTheInstalledJar() throws Exception {
        Client scalekit = new Client("https://acme.scalekit.dev", "skc_1234567890", "test_secret_abc123");
        HttpRequest request = scalekit.authorizationCodeRequest("abc", "https://yourapp.com/auth/callback");
        assertEquals("https://acme.scalekit.dev/oauth/token", request.getUrl());
        assertTrue(request.getBody().endsWith("&client_secret=test_secret_abc123"));

        TokenResponse tokens = LoginKit.parseTokenResponse(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300}");
        assertEquals(300L, tokens.getExpiresIn());
        assertEquals("invalid_grant", assertThrows(AuthorizationException.class,
                () -> LoginKit.parseTokenResponse(400, "{\"error\":\"invalid_grant\"}")).getError());

        // authenticateWithCode moves the request with java.net.http: nothing listens here.
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (Client local = new Client("http://127.0.0.1:" + closedPort, "skc_1234567890", "test_secret_abc123")) {
            LoginKitException failure = assertThrows(LoginKitException.class, () -> local.authenticateWithCode("abc",
                    "https://yourapp.com/auth/callback", AuthenticationOptions.builder().nonce("n").build()));
            assertEquals("network_error", failure.getCode());
        }
    }
}

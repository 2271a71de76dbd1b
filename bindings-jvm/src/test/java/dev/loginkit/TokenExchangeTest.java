package dev.loginkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * authenticateWithCode and refreshAccessToken as a Java application uses
 * them, against a local token endpoint and key set (the JDK's HttpServer on
 * loopback); the sans-IO calls; and what must never leak into toString.
 * The ID tokens are signed here with a fresh RSA key (test code only: the
 * binding never builds a token).
 */
class TokenExchangeTest {
    static final String CLIENT_ID = "skc_1234567890";
    static final String SECRET = "s3cr3t:with/special+chars%";
    static final String REDIRECT_URI = "https://yourapp.com/auth/callback";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String NONCE = "n-0S6_WzA2Mj";
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static KeyPair key;
    static String jwks;

    HttpServer server;
    String issuer;
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger keyFetches = new AtomicInteger();
    volatile int tokenStatus = 200;
    volatile String tokenBody;
    volatile long tokenDelayMillis;

    @BeforeAll
    static void makeKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"" + unsigned(pub.getModulus().toByteArray())
                + "\",\"e\":\"" + unsigned(pub.getPublicExponent().toByteArray()) + "\"}]}";
    }

    static String unsigned(byte[] bytes) {
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return B64.encodeToString(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    String idToken(String claimsJson) throws Exception {
        String signingInput = B64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key.getPrivate());
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(signer.sign());
    }

    String userToken(String nonce) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return idToken("{\"iss\":\"" + issuer + "\",\"sub\":\"usr_42\",\"aud\":\"" + CLIENT_ID + "\",\"exp\":" + (now + 300) + ",\"iat\":" + now
                + (nonce == null ? "" : ",\"nonce\":\"" + nonce + "\"")
                + ",\"email\":\"jane@example.com\",\"name\":\"Jane Doe\",\"org\":{\"id\":\"org_1\",\"roles\":[\"admin\",\"dev\"]},\"level\":-9007199254740991}");
    }

    String tokens(String idToken) {
        return "{\"access_token\":\"at_secret_1\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"rt_secret_1\""
                + (idToken == null ? "" : ",\"id_token\":\"" + idToken + "\"") + ",\"scope\":\"openid profile email offline_access\"}";
    }

    static void answer(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        tokenBody = tokens(userToken(NONCE));
        server.createContext("/oauth/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth=" + exchange.getRequestHeaders().getFirst("Authorization")
                    + " type=" + exchange.getRequestHeaders().getFirst("Content-Type") + " body=" + body);
            try {
                Thread.sleep(tokenDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, tokenStatus, tokenBody, tokenBody.startsWith("<") ? "text/html" : "application/json");
        });
        server.createContext("/keys", exchange -> {
            keyFetches.incrementAndGet();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            answer(exchange, 200, jwks, "application/json");
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    AuthenticationOptions pkce() {
        return AuthenticationOptions.builder().codeVerifier(VERIFIER).nonce(NONCE).build();
    }

    @Test
    void authenticateWithCodeReturnsTheVerifiedUser() {
        try (Client client = new Client(issuer, CLIENT_ID, SECRET)) {
            LoginResult result = client.authenticateWithCode("code_1", REDIRECT_URI, pkce());
            assertEquals("at_secret_1", result.getAccessToken());
            assertEquals("rt_secret_1", result.getRefreshToken());
            assertEquals(3600L, result.getExpiresIn());
            assertEquals("openid profile email offline_access", result.getTokens().getScope());
            IdTokenClaims user = result.getUser();
            assertEquals("usr_42", user.getSubject());
            assertEquals("jane@example.com", user.getEmail());
            assertEquals("Jane Doe", user.getName());
            assertEquals(NONCE, user.getNonce());
            assertEquals(issuer, user.getIssuer());
            // The claims are a Map: nested objects, arrays and exact integers.
            assertEquals(Map.of("id", "org_1", "roles", List.of("admin", "dev")), user.get("org"));
            assertEquals(-9007199254740991L, user.get("level"));
            assertEquals(List.of("iss", "sub", "aud", "exp", "iat", "nonce", "email", "name", "org", "level"), List.copyOf(user.keySet()));
            assertThrows(UnsupportedOperationException.class, () -> user.put("sub", "forged"));

            assertEquals(List.of(
                    "POST /oauth/token auth=null type=application/x-www-form-urlencoded body=grant_type=authorization_code&code=code_1"
                            + "&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&client_id=skc_1234567890"
                            + "&client_secret=s3cr3t%3Awith%2Fspecial%2Bchars%25&code_verifier=" + VERIFIER,
                    "GET /keys"), seen);

            // The key set is cached by the client: the next login fetches nothing.
            client.authenticateWithCode("code_2", REDIRECT_URI, pkce());
            assertEquals(1, keyFetches.get());
        }
    }

    @Test
    void clientSecretBasicSendsTheAuthorizationHeader() {
        try (Client client = new Client(issuer, CLIENT_ID, SECRET, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC)) {
            client.authenticateWithCode("code_1", REDIRECT_URI, pkce());
            String expected = "Basic " + Base64.getEncoder().encodeToString("skc_1234567890:s3cr3t%3Awith%2Fspecial%2Bchars%25".getBytes(StandardCharsets.UTF_8));
            assertTrue(seen.get(0).contains("auth=" + expected + " "), seen.get(0));
            assertFalse(seen.get(0).contains("client_secret="), seen.get(0));
        }
    }

    @Test
    void asyncCompletesAndFailsThroughTheFuture() throws Exception {
        try (Client client = Client.builder(issuer, CLIENT_ID).clientSecret(SECRET).build()) {
            LoginResult result = client.authenticateWithCodeAsync("code_1", REDIRECT_URI, pkce()).get(30, TimeUnit.SECONDS);
            assertEquals("usr_42", result.getUser().getSubject());

            tokenStatus = 400;
            tokenBody = "{\"error\":\"invalid_grant\",\"error_description\":\"code already used\"}";
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> client.authenticateWithCodeAsync("code_1", REDIRECT_URI, pkce()).get(30, TimeUnit.SECONDS));
            AuthorizationException refused = assertInstanceOf(AuthorizationException.class, failed.getCause());
            assertEquals("token_error", refused.getCode());
            assertEquals("invalid_grant", refused.getError());
            assertEquals("code already used", refused.getErrorDescription());

            // An argument the core refuses fails the future too, with its code.
            CompletionException missing = assertThrows(CompletionException.class,
                    () -> client.refreshAccessTokenAsync("").join());
            assertEquals("missing_refresh_token", ((LoginKitException) missing.getCause()).getCode());
        }
    }

    @Test
    void refreshAccessTokenWithoutAnIdToken() throws Exception {
        tokenBody = tokens(null);
        try (Client client = new Client(issuer, CLIENT_ID, SECRET)) {
            LoginResult result = client.refreshAccessToken("rt_secret_1", RefreshOptions.builder().scope("openid email").build());
            assertNull(result.getUser());
            assertEquals("at_secret_1", result.getAccessToken());
            assertTrue(seen.get(0).endsWith("body=grant_type=refresh_token&refresh_token=rt_secret_1&scope=openid+email"
                    + "&client_id=skc_1234567890&client_secret=s3cr3t%3Awith%2Fspecial%2Bchars%25"), seen.get(0));
            // An ID token in a refresh answer is verified, without a nonce.
            tokenBody = tokens(userToken(null));
            assertEquals("usr_42", client.refreshAccessToken("rt_secret_1").getUser().getSubject());
        }
    }

    @Test
    void failuresCarryTheirCodes() throws Exception {
        try (Client client = new Client(issuer, CLIENT_ID, SECRET)) {
            tokenStatus = 502;
            tokenBody = "<html>Bad gateway</html>";
            assertEquals("invalid_token_response",
                    assertThrows(LoginKitException.class, () -> client.authenticateWithCode("c", REDIRECT_URI, pkce())).getCode());

            tokenStatus = 200;
            tokenBody = tokens(userToken("another-nonce"));
            assertEquals("nonce_mismatch",
                    assertThrows(LoginKitException.class, () -> client.authenticateWithCode("c", REDIRECT_URI, pkce())).getCode());

            tokenBody = tokens(null);
            assertEquals("invalid_token_response",
                    assertThrows(LoginKitException.class, () -> client.authenticateWithCode("c", REDIRECT_URI, pkce())).getCode(),
                    "a nonce was given, so an ID token is required");
        }
        try (Client publicClient = new Client(issuer, CLIENT_ID)) {
            assertEquals("pkce_required",
                    assertThrows(LoginKitException.class, () -> publicClient.authenticateWithCode("c", REDIRECT_URI)).getCode());
        }
        assertEquals("missing_client_secret",
                assertThrows(LoginKitException.class, () -> new Client(issuer, CLIENT_ID, null, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC)).getCode());
        assertEquals("invalid_argument",
                assertThrows(LoginKitException.class, () -> new Client(issuer, CLIENT_ID, SECRET, TokenEndpointAuthMethod.NONE)).getCode());
        assertEquals("invalid_argument", assertThrows(LoginKitException.class, () -> TokenEndpointAuthMethod.fromName("Client_Secret_Post")).getCode());
        assertEquals(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, TokenEndpointAuthMethod.fromName("client_secret_basic"));
    }

    @Test
    void networkFailuresAreNetworkErrorNamingTheUrlOnly() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (Client client = new Client("http://127.0.0.1:" + closedPort, CLIENT_ID, SECRET)) {
            LoginKitException refused = assertThrows(LoginKitException.class, () -> client.authenticateWithCode("code_1", REDIRECT_URI, pkce()));
            assertEquals("network_error", refused.getCode());
            assertTrue(refused.getMessage().startsWith("POST http://127.0.0.1:" + closedPort + "/oauth/token "), refused.getMessage());
            assertFalse(refused.getMessage().contains("s3cr3t") || refused.getMessage().contains("code_1"), refused.getMessage());
            assertInstanceOf(IOException.class, refused.getCause());

            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> client.refreshAccessTokenAsync("rt_secret_1").get(30, TimeUnit.SECONDS));
            assertEquals("network_error", ((LoginKitException) async.getCause()).getCode());
        }
        tokenDelayMillis = 3000;
        try (Client client = new Client(issuer, CLIENT_ID, SECRET)) {
            LoginKitException slow = assertThrows(LoginKitException.class, () -> client.authenticateWithCode("code_1", REDIRECT_URI,
                    AuthenticationOptions.builder().codeVerifier(VERIFIER).nonce(NONCE).timeout(Duration.ofMillis(300)).build()));
            assertEquals("network_error", slow.getCode());
            assertTrue(slow.getMessage().contains("timed out after 300 ms"), slow.getMessage());
        }
    }

    @Test
    void theApplicationsHttpClientIsUsed() {
        AtomicInteger selected = new AtomicInteger();
        HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                selected.incrementAndGet();
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {}
        }).build();
        try (Client client = new Client(issuer, CLIENT_ID, SECRET)) {
            client.authenticateWithCode("code_1", REDIRECT_URI, AuthenticationOptions.builder().codeVerifier(VERIFIER).nonce(NONCE).httpClient(own).build());
            assertEquals(2, selected.get(), "the token request and the key-set fetch");
        }
        try (Client client = Client.builder(issuer, CLIENT_ID).clientSecret(SECRET).httpClient(own).build()) {
            client.refreshAccessToken("rt_secret_1");
            assertEquals(4, selected.get(), "the client's own HttpClient");
        }
    }

    @Test
    void theSansIoCallsLetAnApplicationDriveItsOwnHttp() throws Exception {
        try (Client client = new Client(issuer, CLIENT_ID, SECRET)) {
            HttpRequest request = client.authorizationCodeRequest("code_1", REDIRECT_URI, VERIFIER);
            assertEquals("POST", request.getMethod());
            assertEquals(issuer + "/oauth/token", request.getUrl());
            assertEquals(List.of(new Header("Content-Type", "application/x-www-form-urlencoded"), new Header("Accept", "application/json")),
                    request.getHeaders());
            assertEquals(new HttpRequest("GET", issuer + "/keys", List.of(new Header("Accept", "application/json")), ""), client.jwksRequest());
            assertTrue(client.refreshTokenRequest("rt_secret_1").getBody().startsWith("grant_type=refresh_token&refresh_token=rt_secret_1"));

            TokenResponse tokens = LoginKit.parseTokenResponse(200, tokenBody);
            assertEquals("usr_42", client.verifyIdToken(tokens.getIdToken(), jwks, NONCE).getSubject());
            IdTokenClaims claims = LoginKit.verifyIdToken(tokens.getIdToken(), jwks,
                    IdTokenExpectations.builder(issuer, CLIENT_ID).nonce(NONCE).leewaySeconds(0L).build());
            assertEquals("jane@example.com", claims.getEmail());
            assertTrue(claims.toJson().startsWith("{\"iss\":\"" + issuer + "\",\"sub\":\"usr_42\""), claims.toJson());
            assertEquals("issuer_mismatch", assertThrows(LoginKitException.class,
                    () -> LoginKit.verifyIdToken(tokens.getIdToken(), jwks, new IdTokenExpectations("https://other.example", CLIENT_ID))).getCode());

            AuthorizationException refused = assertThrows(AuthorizationException.class,
                    () -> LoginKit.parseTokenResponse(401, "{\"error\":\"invalid_client\",\"error_uri\":\"https://e.example/doc\"}"));
            assertEquals("invalid_client", refused.getError());
            assertEquals("https://e.example/doc", refused.getErrorUri());

            // The Exchange, driven by hand with canned answers.
            try (Exchange exchange = client.exchangeCode("code_1", REDIRECT_URI, VERIFIER, NONCE)) {
                assertEquals(request, exchange.request());
                ExchangeStep.Send fetch = assertInstanceOf(ExchangeStep.Send.class, exchange.receive(200, tokenBody));
                assertEquals(client.jwksRequest(), fetch.getRequest());
                ExchangeStep.Done done = assertInstanceOf(ExchangeStep.Done.class, exchange.receive(200, jwks));
                assertEquals("usr_42", done.getResult().getUser().getSubject());
                assertEquals("invalid_argument", assertThrows(LoginKitException.class, () -> exchange.receive(200, jwks)).getCode());
                assertEquals("invalid_argument", assertThrows(LoginKitException.class, () -> exchange.receive(70000, "")).getCode());
                exchange.close();
                assertTrue(assertThrows(LoginKitException.class, () -> exchange.receive(200, jwks)).getMessage().contains("closed"));
            }
        }
        Client closed = new Client(issuer, CLIENT_ID, SECRET);
        closed.close();
        assertEquals("invalid_argument", assertThrows(LoginKitException.class, () -> closed.exchangeCode("c", REDIRECT_URI, VERIFIER, NONCE)).getCode());
    }

    @Test
    void exchangesOnManyThreadsShareOneKeySet() throws Exception {
        try (Client client = new Client(issuer, CLIENT_ID, SECRET)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<String>> subjects = pool.invokeAll(Collections.nCopies(400, () -> {
                    try (Exchange exchange = client.exchangeCode("code_1", REDIRECT_URI, VERIFIER, NONCE)) {
                        ExchangeStep step = exchange.receive(200, tokenBody);
                        if (step instanceof ExchangeStep.Send) {
                            step = exchange.receive(200, jwks);
                        }
                        return ((ExchangeStep.Done) step).getResult().getUser().getSubject();
                    }
                }));
                for (java.util.concurrent.Future<String> subject : subjects) {
                    assertEquals("usr_42", subject.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void secretsNeverAppearInToString() throws Exception {
        try (Client client = new Client(issuer, CLIENT_ID, SECRET, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC)) {
            HttpRequest request = client.authorizationCodeRequest("code_1", REDIRECT_URI, VERIFIER);
            LoginResult result = client.authenticateWithCode("code_1", REDIRECT_URI, pkce());
            AuthenticationOptions options = pkce();
            String basic = request.getHeaders().get(2).getValue();
            for (Object value : List.of(client, request, request.getHeaders().get(2), result, result.getTokens(), result.getUser(), options,
                    client.exchangeCode("code_1", REDIRECT_URI, VERIFIER, NONCE))) {
                String shown = value.toString();
                for (String secret : List.of(SECRET, "s3cr3t", basic.substring(6), "at_secret_1", "rt_secret_1", result.getIdToken(), VERIFIER, "code_1")) {
                    assertFalse(shown.contains(secret), value.getClass().getSimpleName() + " shows a secret: " + shown);
                }
            }
            assertTrue(request.toString().contains("Authorization: <redacted>"), request.toString());
        }
    }
}

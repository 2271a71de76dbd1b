package dev.loginkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JVM conformance runner: every case of conformance/cases/ (or of the file
 * or folder in CONFORMANCE_CASES) through the Java API, one dynamic test per
 * case id. Results go to CONFORMANCE_OUT in the shape of `expect`; ids in
 * conformance/expected-failures/jvm.txt must fail.
 */
class ConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).getParent();
    private static final ObjectNode RESULTS = NODES.objectNode();
    private static final Map<String, int[]> PER_OP = new TreeMap<>();

    private static List<Path> caseFiles() throws IOException {
        String configured = System.getenv("CONFORMANCE_CASES");
        Path source = configured != null ? Path.of(configured) : REPOSITORY.resolve("conformance/cases");
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        try (Stream<Path> files = Files.list(source)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no case files in " + source);
            }
            return found;
        }
    }

    private static Set<String> expectedFailures() throws IOException {
        Path listed = REPOSITORY.resolve("conformance/expected-failures/jvm.txt");
        Set<String> ids = new HashSet<>();
        if (Files.exists(listed)) {
            for (String line : Files.readAllLines(listed)) {
                String id = line.strip();
                if (!id.isEmpty() && !id.startsWith("#")) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** An optional string input: a missing key and null both mean "not given". */
    private static String text(JsonNode node, String key) {
        JsonNode value = node == null ? null : node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String required(JsonNode node, String key) {
        String value = text(node, key);
        return value == null ? "" : value;
    }

    private static AuthorizationUrlOptions options(JsonNode input) {
        JsonNode o = input.get("options");
        AuthorizationUrlOptions.Builder builder = AuthorizationUrlOptions.builder();
        if (o == null || o.isNull()) {
            return builder.build();
        }
        JsonNode scopes = o.get("scopes");
        if (scopes != null && !scopes.isNull()) {
            List<String> list = new ArrayList<>();
            scopes.forEach(scope -> list.add(scope.asText()));
            builder.scopes(list);
        }
        JsonNode extra = o.get("extra_params");
        if (extra != null && !extra.isNull()) {
            extra.forEach(pair -> builder.extraParam(pair.get(0).asText(), pair.get(1).asText()));
        }
        return builder.state(text(o, "state")).nonce(text(o, "nonce")).loginHint(text(o, "login_hint"))
                .domainHint(text(o, "domain_hint")).connectionId(text(o, "connection_id"))
                .organizationId(text(o, "organization_id")).provider(text(o, "provider"))
                .prompt(text(o, "prompt")).codeChallenge(text(o, "code_challenge"))
                .codeChallengeMethod(text(o, "code_challenge_method")).build();
    }

    private static Client client(JsonNode input) {
        return new Client(required(input, "env_url"), required(input, "client_id"));
    }

    /** A client for the token ops: the auth method is read first, as the core's runner does. */
    private static Client tokenClient(JsonNode input) {
        String method = text(input, "auth_method");
        JsonNode refetch = input.get("jwks_refetch_interval");
        return Client.builder(required(input, "env_url"), required(input, "client_id"))
                .clientSecret(text(input, "client_secret"))
                .tokenEndpointAuthMethod(method == null ? null : TokenEndpointAuthMethod.fromName(method))
                .jwksRefetchInterval(refetch == null || refetch.isNull() ? null : Duration.ofSeconds(refetch.asLong()))
                .build();
    }

    private static ObjectNode requestJson(HttpRequest request) {
        ObjectNode result = NODES.objectNode().put("method", request.getMethod()).put("url", request.getUrl());
        var headers = result.putArray("headers");
        for (Header header : request.getHeaders()) {
            headers.addArray().add(header.getName()).add(header.getValue());
        }
        return result.put("body", request.getBody());
    }

    private static ObjectNode tokensJson(TokenResponse tokens) {
        ObjectNode result = NODES.objectNode().put("access_token", tokens.getAccessToken()).put("token_type", tokens.getTokenType());
        if (tokens.getExpiresIn() == null) {
            result.putNull("expires_in");
        } else {
            result.put("expires_in", tokens.getExpiresIn());
        }
        return result.put("refresh_token", tokens.getRefreshToken()).put("id_token", tokens.getIdToken()).put("scope", tokens.getScope());
    }

    /**
     * The claims through the public Map (not the JSON text), written and
     * read back, so the comparison proves the Map keeps every value exact.
     */
    private static JsonNode claimsJson(IdTokenClaims claims) {
        try {
            return JSON.readTree(JSON.writeValueAsString((Map<String, Object>) claims));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest grantRequest(Client client, JsonNode grant) {
        return switch (grant.get("type").asText()) {
            case "authorization_code" -> client.authorizationCodeRequest(required(grant, "code"), required(grant, "redirect_uri"), text(grant, "code_verifier"));
            case "refresh_token" -> client.refreshTokenRequest(required(grant, "refresh_token"), text(grant, "scope"));
            default -> throw new IllegalArgumentException("unknown grant " + grant.get("type"));
        };
    }

    /** One exchange driven as authenticateWithCode drives it, with canned answers instead of HTTP. */
    private static ObjectNode runExchange(Client client, JsonNode input) {
        JsonNode grant = input.get("grant");
        var requests = NODES.arrayNode();
        Exchange exchange;
        try {
            exchange = switch (grant.get("type").asText()) {
                case "authorization_code" -> client.exchangeCode(required(grant, "code"), required(grant, "redirect_uri"),
                        text(grant, "code_verifier"), text(input, "nonce"));
                case "refresh_token" -> client.exchangeRefreshToken(required(grant, "refresh_token"), text(grant, "scope"));
                default -> throw new IllegalArgumentException("unknown grant " + grant.get("type"));
            };
        } catch (LoginKitException error) {
            ObjectNode entry = errorResult(error);
            entry.set("requests", requests);
            return entry;
        }
        try (exchange) {
            requests.add(requestJson(exchange.request()));
            long now = input.get("now").asLong();
            for (JsonNode response : input.get("responses")) {
                ExchangeStep step;
                try {
                    step = exchange.receive(response.get("status").asInt(), response.get("body").asText(), now);
                } catch (LoginKitException error) {
                    ObjectNode entry = errorResult(error);
                    entry.set("requests", requests);
                    return entry;
                }
                if (step instanceof ExchangeStep.Send send) {
                    requests.add(requestJson(send.getRequest()));
                } else {
                    LoginResult login = ((ExchangeStep.Done) step).getResult();
                    ObjectNode entry = NODES.objectNode();
                    entry.set("requests", requests);
                    ObjectNode result = entry.putObject("result");
                    result.set("tokens", tokensJson(login.getTokens()));
                    result.set("claims", login.getUser() == null ? NODES.nullNode() : claimsJson(login.getUser()));
                    return entry;
                }
            }
        }
        ObjectNode entry = NODES.objectNode();
        entry.set("requests", requests);
        return entry.put("pending", true);
    }

    private static TransactionKeys keys(JsonNode input) {
        List<String> keys = new ArrayList<>();
        for (JsonNode key : input.get("keys")) {
            keys.add(key.asText());
        }
        return new TransactionKeys(keys);
    }

    private static ObjectNode transactionJson(LoginTransaction t) {
        return NODES.objectNode().put("state", t.getState()).put("nonce", t.getNonce()).put("code_verifier", t.getCodeVerifier())
                .put("redirect_uri", t.getRedirectUri()).put("return_to", t.getReturnTo()).put("issued_at", t.getIssuedAt());
    }

    /** Adds a sealed value to CONFORMANCE_SEALED_OUT ({case id: value}) for the parity run's cross-language round trip. */
    private static synchronized void recordSealed(String id, String sealed) {
        String out = System.getenv("CONFORMANCE_SEALED_OUT");
        if (out == null) {
            return;
        }
        Path path = Path.of(out);
        ObjectNode all;
        try {
            JsonNode existing = Files.exists(path) ? JSON.readTree(path.toFile()) : null;
            all = existing instanceof ObjectNode object ? object : NODES.objectNode();
        } catch (IOException unreadable) {
            all = NODES.objectNode();
        }
        all.put(id, sealed);
        try {
            JSON.writeValue(path.toFile(), all);
        } catch (IOException failure) {
            throw new java.io.UncheckedIOException(failure);
        }
    }

    private static ObjectNode errorResult(LoginKitException error) {
        ObjectNode result = NODES.objectNode().put("error", error.getCode());
        if (error instanceof AuthorizationException refused) {
            result.put("oauth_error", refused.getError());
            if (refused.getErrorDescription() != null) {
                result.put("error_description", refused.getErrorDescription());
            }
            if (refused.getErrorUri() != null) {
                result.put("error_uri", refused.getErrorUri());
            }
        }
        return result;
    }

    private static boolean startLoginIsConsistent(Client client, String redirectUri, AuthorizationUrlOptions options, LoginStart login) {
        boolean stateKept = options.getState() == null || options.getState().isEmpty()
                ? !login.getState().isEmpty() : options.getState().equals(login.getState());
        boolean nonceKept = options.getNonce() == null || options.getNonce().isEmpty()
                ? !login.getNonce().isEmpty() : options.getNonce().equals(login.getNonce());
        if (!login.getCodeVerifier().matches("[A-Za-z0-9_-]{43}")) {
            return false;
        }
        AuthorizationUrlOptions replay = options.copy(options.getScopes(), login.getState(), login.getNonce(),
                options.getLoginHint(), options.getDomainHint(), options.getConnectionId(), options.getOrganizationId(),
                options.getProvider(), options.getPrompt(), LoginKit.pkceChallenge(login.getCodeVerifier()), "S256",
                options.getExtraParams());
        return stateKept && nonceKept && client.getAuthorizationUrl(redirectUri, replay).equals(login.getUrl());
    }

    private static JsonNode run(JsonNode testCase) {
        JsonNode input = testCase.get("input");
        try {
            switch (testCase.get("op").asText()) {
                case "authorization_url":
                    try (Client client = client(input)) {
                        return NODES.objectNode().put("url", client.getAuthorizationUrl(required(input, "redirect_uri"), options(input)));
                    }
                case "logout_url":
                    try (Client client = client(input)) {
                        JsonNode o = input.get("options");
                        return NODES.objectNode().put("url", client.getLogoutUrl(new LogoutUrlOptions(
                                text(o, "id_token_hint"), text(o, "post_logout_redirect_uri"), text(o, "state"))));
                    }
                case "validate_redirect_uri":
                    LoginKit.validateRedirectUri(input.get("uri").asText(), input.get("environment").asText());
                    return NODES.objectNode().put("valid", true);
                case "redirect_uri_matches":
                    return NODES.objectNode().put("matches",
                            LoginKit.redirectUriMatches(input.get("registered").asText(), input.get("candidate").asText()));
                case "pkce_challenge":
                    return NODES.objectNode().put("code_challenge", LoginKit.pkceChallenge(input.get("code_verifier").asText()));
                case "parse_callback":
                    try (Client client = client(input)) {
                        Callback callback = client.parseCallback(input.get("callback").asText(), input.get("expected_state").asText());
                        return NODES.objectNode().put("code", callback.getCode()).put("state", callback.getState());
                    }
                case "generate": {
                    String what = input.get("what").asText();
                    String pattern = testCase.get("expect").get("pattern").asText();
                    Pattern regex = Pattern.compile(pattern);
                    Set<String> values = new HashSet<>();
                    boolean allMatch = true;
                    int count = input.get("count").asInt();
                    for (int i = 0; i < count; i++) {
                        String value = switch (what) {
                            case "state" -> LoginKit.generateState();
                            case "nonce" -> LoginKit.generateNonce();
                            case "code_verifier" -> LoginKit.generateCodeVerifier();
                            default -> throw new IllegalArgumentException("unknown generate target " + what);
                        };
                        allMatch &= regex.matcher(value).find();
                        values.add(value);
                    }
                    ObjectNode result = NODES.objectNode();
                    if (allMatch) {
                        result.put("pattern", pattern);
                    } else {
                        result.putNull("pattern");
                    }
                    return result.put("distinct", values.size() == count);
                }
                case "start_login":
                    try (Client client = client(input)) {
                        AuthorizationUrlOptions options = options(input);
                        String redirectUri = required(input, "redirect_uri");
                        LoginStart login = client.startLogin(redirectUri, options);
                        return NODES.objectNode().put("consistent", startLoginIsConsistent(client, redirectUri, options, login));
                    }
                case "token_request":
                    try (Client client = tokenClient(input)) {
                        return requestJson(grantRequest(client, input.get("grant")));
                    }
                case "parse_token_response": {
                    ObjectNode result = NODES.objectNode();
                    result.set("tokens", tokensJson(LoginKit.parseTokenResponse(input.get("status").asInt(), input.get("body").asText())));
                    return result;
                }
                case "verify_id_token": {
                    JsonNode leeway = input.get("leeway");
                    IdTokenExpectations expected = IdTokenExpectations.builder(input.get("issuer").asText(), input.get("client_id").asText())
                            .nonce(text(input, "nonce"))
                            .nowUnixSeconds(input.get("now").asLong())
                            .leewaySeconds(leeway == null || leeway.isNull() ? null : leeway.asLong())
                            .build();
                    ObjectNode result = NODES.objectNode();
                    result.set("claims", claimsJson(LoginKit.verifyIdToken(input.get("id_token").asText(), input.get("jwks").asText(), expected)));
                    return result;
                }
                case "exchange": {
                    ObjectNode result = NODES.objectNode();
                    var entries = result.putArray("exchanges");
                    Client client;
                    try {
                        client = tokenClient(input);
                    } catch (LoginKitException error) {
                        ObjectNode entry = errorResult(error);
                        entry.putArray("requests");
                        entries.add(entry);
                        return result;
                    }
                    try (client) {
                        for (JsonNode exchange : input.get("exchanges")) {
                            entries.add(runExchange(client, exchange));
                        }
                    }
                    return result;
                }
                case "finish_login": {
                    try (TransactionKeys keys = keys(input); Client client = client(input)) {
                        JsonNode ttl = input.get("ttl");
                        CookieOptions defaults = new CookieOptions();
                        CookieOptions cookie = new CookieOptions(defaults.getPath(), defaults.getSecure(),
                                ttl == null || ttl.isNull() ? defaults.getTtlSeconds() : ttl.asLong());
                        FinishedLogin done = client.finishLogin(required(input, "callback"), required(input, "cookie_header"), keys, cookie,
                                input.get("now").asLong());
                        ObjectNode result = NODES.objectNode().put("code", done.getCode());
                        result.set("transaction", transactionJson(done.getTransaction()));
                        return result.put("clear_cookie", done.getClearCookie());
                    }
                }
                case "seal_transaction": {
                    try (TransactionKeys keys = keys(input)) {
                        JsonNode t = input.get("transaction");
                        LoginTransaction transaction = new LoginTransaction(required(t, "state"), required(t, "nonce"),
                                required(t, "code_verifier"), required(t, "redirect_uri"), text(t, "return_to"), t.get("issued_at").asLong());
                        String sealed = keys.seal(transaction);
                        recordSealed(testCase.get("id").asText(), sealed);
                        ObjectNode result = NODES.objectNode();
                        result.set("opened", transactionJson(keys.open(sealed)));
                        return result;
                    }
                }
                case "open_transaction": {
                    try (TransactionKeys keys = keys(input)) {
                        ObjectNode result = NODES.objectNode();
                        result.set("transaction", transactionJson(keys.open(required(input, "sealed"))));
                        return result;
                    }
                }
                case "validate_return_to":
                    LoginKit.validateReturnTo(required(input, "return_to"));
                    return NODES.objectNode().put("valid", true);
                case "transaction_cookie": {
                    CookieOptions defaults = new CookieOptions();
                    JsonNode secure = input.get("secure");
                    JsonNode ttl = input.get("ttl");
                    CookieOptions options = new CookieOptions(
                            text(input, "path") != null ? text(input, "path") : defaults.getPath(),
                            secure == null || secure.isNull() ? defaults.getSecure() : secure.asBoolean(),
                            ttl == null || ttl.isNull() ? defaults.getTtlSeconds() : ttl.asLong());
                    String name = LoginKit.transactionCookieName(required(input, "state"));
                    return NODES.objectNode().put("cookie_name", name)
                            .put("set_cookie", options.setCookie(name, required(input, "cookie_value")))
                            .put("clear_cookie", options.clearCookie(name));
                }
                default:
                    throw new IllegalArgumentException("unknown op " + testCase.get("op"));
            }
        } catch (LoginKitException error) {
            return errorResult(error);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        Set<String> expectedFailures = expectedFailures();
        List<JsonNode> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : caseFiles()) {
            for (JsonNode testCase : JSON.readTree(file.toFile()).get("cases")) {
                if (!ids.add(testCase.get("id").asText())) {
                    throw new IllegalStateException("duplicate case id " + testCase.get("id"));
                }
                cases.add(testCase);
            }
        }
        return cases.stream().map(testCase -> DynamicTest.dynamicTest(testCase.get("id").asText(), () -> {
            String id = testCase.get("id").asText();
            JsonNode actual;
            try {
                // Written and read back: numbers get the node types a parse
                // gives them (an int-sized long becomes an IntNode), as in
                // the expectation.
                actual = JSON.readTree(JSON.writeValueAsString(run(testCase)));
            } catch (RuntimeException | Error | IOException unexpected) {
                // Recorded as this case's result (it can never equal an
                // expectation) so one broken case never hides the others.
                actual = NODES.objectNode().put("runner_exception", unexpected.toString());
            }
            RESULTS.set(id, actual);
            boolean passed = actual.equals(testCase.get("expect"));
            int[] tally = PER_OP.computeIfAbsent(testCase.get("op").asText(), op -> new int[2]);
            tally[1]++;
            if (passed) {
                tally[0]++;
            }
            if (expectedFailures.contains(id)) {
                assertNotEquals(testCase.get("expect"), actual, "listed as an expected failure but passed");
            } else {
                assertEquals(testCase.get("expect"), actual);
            }
        }));
    }

    @AfterAll
    static void writeResults() throws IOException {
        String out = System.getenv("CONFORMANCE_OUT");
        if (out != null) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(out).toFile(), RESULTS);
        }
        int passed = 0;
        int total = 0;
        System.out.println("conformance (jvm):");
        for (Map.Entry<String, int[]> entry : PER_OP.entrySet()) {
            System.out.printf("  %-24s %d/%d%n", entry.getKey(), entry.getValue()[0], entry.getValue()[1]);
            passed += entry.getValue()[0];
            total += entry.getValue()[1];
        }
        System.out.printf("conformance (jvm): %d/%d cases passed%n", passed, total);
    }
}

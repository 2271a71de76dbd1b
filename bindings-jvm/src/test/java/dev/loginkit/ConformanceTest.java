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
            JsonNode actual = run(testCase);
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

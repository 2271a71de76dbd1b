package dev.loginkit.benches;

import dev.loginkit.AuthorizationUrlOptions;
import dev.loginkit.Callback;
import dev.loginkit.Client;
import dev.loginkit.LoginStart;
import dev.loginkit.LogoutUrlOptions;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-request calls (the seed authorization URL, starting a login,
 * reading its callback, the logout URL), each against the same work written
 * by hand with the JDK: URLEncoder, SecureRandom, MessageDigest,
 * URLDecoder. Each contender builds its client once
 * and its options per call. The official Java SDK
 * (com.scalekit:scalekit-sdk-java) is not served by Maven Central, which this
 * project builds from, so it cannot be a committed contender: see the README.
 */
@State(Scope.Benchmark)
public class SeedAuthorizationUrl {
    static final String ENV_URL = "https://acme.scalekit.dev";
    static final String CLIENT_ID = "skc_1234567890";
    static final String REDIRECT_URI = "https://yourapp.com/auth/callback";
    static final List<String> SCOPES = List.of("openid", "profile", "email", "offline_access");
    static final String STATE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final Client client = new Client(ENV_URL, CLIENT_ID);

    @Benchmark
    public String loginkit() {
        return client.getAuthorizationUrl(REDIRECT_URI, AuthorizationUrlOptions.builder().scopes(SCOPES).state(STATE).build());
    }

    @Benchmark
    public String urlEncoderByHand() {
        return ENV_URL + "/oauth/authorize?response_type=code&client_id=" + URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(String.join(" ", SCOPES), StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(STATE, StandardCharsets.UTF_8);
    }

    static final String CALLBACK = "/auth/callback?code=c0de_4b1d&state=" + STATE;
    static final String POST_LOGOUT = "https://yourapp.com/";

    private final SecureRandom random = new SecureRandom();

    @Benchmark
    public LoginStart loginkitStartLogin() {
        return client.startLogin(REDIRECT_URI, AuthorizationUrlOptions.builder().scopes(SCOPES).build());
    }

    /** What startLogin does: state, nonce and verifier from the OS CSPRNG, the S256 challenge, the URL. */
    @Benchmark
    public String[] startLoginByHand() throws NoSuchAlgorithmException {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = HexFormat.of().formatHex(bytes);
        random.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        random.nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String url = ENV_URL + "/oauth/authorize?response_type=code&client_id=" + URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(String.join(" ", SCOPES), StandardCharsets.UTF_8)
                + "&state=" + state + "&nonce=" + nonce + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        return new String[] {url, state, nonce, verifier};
    }

    @Benchmark
    public Callback loginkitParseCallback() {
        return client.parseCallback(CALLBACK, STATE);
    }

    /** The query split and decoded, the state compared in constant time (no duplicate or error checks). */
    @Benchmark
    public String parseCallbackByHand() {
        String query = CALLBACK.substring(CALLBACK.indexOf('?') + 1);
        String code = null;
        String state = null;
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (name.equals("code")) code = value;
            if (name.equals("state")) state = value;
        }
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), STATE.getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalStateException("state mismatch");
        }
        return code;
    }

    @Benchmark
    public String loginkitLogoutUrl() {
        return client.getLogoutUrl(LogoutUrlOptions.builder().postLogoutRedirectUri(POST_LOGOUT).state(STATE).build());
    }

    @Benchmark
    public String logoutUrlByHand() {
        return ENV_URL + "/oidc/logout?post_logout_redirect_uri=" + URLEncoder.encode(POST_LOGOUT, StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(STATE, StandardCharsets.UTF_8);
    }
}

package dev.loginkit.benches;

import dev.loginkit.AuthorizationUrlOptions;
import dev.loginkit.Client;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The seed authorization URL per call. Each contender builds its client once
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
}

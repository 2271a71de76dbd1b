package dev.loginkit.benches;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import dev.loginkit.Client;
import dev.loginkit.Exchange;
import dev.loginkit.ExchangeStep;
import dev.loginkit.IdTokenClaims;
import dev.loginkit.LoginKit;
import dev.loginkit.LoginResult;
import dev.loginkit.TokenResponse;
import java.text.ParseException;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a token endpoint's answer and verifying its RS256 ID token
 * (2048-bit key), per call, with loginkit and with nimbus-jose-jwt, on the
 * same answer and key set.
 *
 * <ul>
 *   <li>{@code *KeySetText}: the key set arrives as JWKS text and is parsed
 *       on each call ({@code LoginKit.parseTokenResponse} +
 *       {@code Client.verifyIdToken} against {@code JWKSet.parse} +
 *       {@code RSASSAVerifier} + {@code DefaultJWTClaimsVerifier}).</li>
 *   <li>{@code *CachedKey}: what {@code authenticateWithCode} does once the
 *       client holds the key set: loginkit's {@code Exchange} with its
 *       client's cached JWKS (the token request is built too) against nimbus
 *       with a verifier built once.</li>
 * </ul>
 * Both check the signature, {@code iss}, {@code aud}, {@code exp} with 60 s
 * leeway and the nonce, and return the claims as a map.
 */
@State(Scope.Benchmark)
public class TokenVerification {
    static final String ISSUER = "https://acme.scalekit.dev";
    static final String CLIENT_ID = "skc_1234567890";
    static final String NONCE = "n-0S6_WzA2Mj";
    static final String REDIRECT_URI = "https://yourapp.com/auth/callback";
    static final String CODE_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    String jwks;
    String body;
    long now;

    Client client;

    RSASSAVerifier cachedVerifier;
    DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("rsa-2048-a").generate();
        jwks = new JWKSet(key.toPublicJWK()).toString();
        now = System.currentTimeMillis() / 1000;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("usr_0123456789")
                .audience(CLIENT_ID)
                .expirationTime(new Date((now + 3600) * 1000))
                .issueTime(new Date(now * 1000))
                .claim("nonce", NONCE)
                .claim("email", "jane@example.com")
                .claim("email_verified", true)
                .claim("name", "Jane Doe")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-2048-a").type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        body = "{\"access_token\":\"at_Zx81kLpQ2vN4\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"refresh_token\":\"rt_8xLOxBtZp8\",\"id_token\":\"" + jwt.serialize() + "\","
                + "\"scope\":\"openid profile email offline_access\"}";

        client = new Client(ISSUER, CLIENT_ID, "test_secret_abc123");
        // Warm the client's key-set cache: the first exchange fetches it.
        try (Exchange exchange = client.exchangeCode("code", REDIRECT_URI, CODE_VERIFIER, NONCE)) {
            if (!(exchange.receive(200, body, now) instanceof ExchangeStep.Send)) {
                throw new IllegalStateException("a cold client must ask for the key set");
            }
            exchange.receive(200, jwks, now);
        }

        cachedVerifier = new RSASSAVerifier(key.toRSAPublicKey());
        claimsVerifier = new DefaultJWTClaimsVerifier<>(CLIENT_ID,
                new JWTClaimsSet.Builder().issuer(ISSUER).claim("nonce", NONCE).build(), Set.of("sub", "iat", "exp"));

        // Both sides agree before anything is measured.
        if (!loginkitKeySetText().getSubject().equals(nimbusKeySetText().get("sub"))
                || !loginkitCachedKey().getUser().getEmail().equals(nimbusCachedKey().get("email"))) {
            throw new IllegalStateException("loginkit and nimbus disagree");
        }
    }

    @Benchmark
    public IdTokenClaims loginkitKeySetText() {
        TokenResponse tokens = LoginKit.parseTokenResponse(200, body);
        return client.verifyIdToken(tokens.getIdToken(), jwks, NONCE, now);
    }

    @Benchmark
    public LoginResult loginkitCachedKey() {
        try (Exchange exchange = client.exchangeCode("code", REDIRECT_URI, CODE_VERIFIER, NONCE)) {
            return ((ExchangeStep.Done) exchange.receive(200, body, now)).getResult();
        }
    }

    /** The token response as RFC 6749 §5.1 asks, then the ID token. */
    private static SignedJWT nimbusTokenResponse(String body) throws ParseException {
        Map<String, Object> answer = JSONObjectUtils.parse(body);
        String accessToken = JSONObjectUtils.getString(answer, "access_token");
        if (accessToken == null || accessToken.isEmpty()) {
            throw new ParseException("no access_token", 0);
        }
        if (!"bearer".equalsIgnoreCase(JSONObjectUtils.getString(answer, "token_type"))) {
            throw new ParseException("not a Bearer token", 0);
        }
        JSONObjectUtils.getLong(answer, "expires_in");
        JSONObjectUtils.getString(answer, "refresh_token");
        JSONObjectUtils.getString(answer, "scope");
        SignedJWT jwt = SignedJWT.parse(JSONObjectUtils.getString(answer, "id_token"));
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new ParseException("not RS256", 0);
        }
        return jwt;
    }

    private Map<String, Object> nimbusClaims(SignedJWT jwt, RSASSAVerifier verifier) throws Exception {
        if (!jwt.verify(verifier)) {
            throw new JOSEException("bad signature");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        claimsVerifier.verify(claims, null);
        return claims.toJSONObject();
    }

    @Benchmark
    public Map<String, Object> nimbusKeySetText() throws Exception {
        SignedJWT jwt = nimbusTokenResponse(body);
        JWK key = JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
        return nimbusClaims(jwt, new RSASSAVerifier(key.toRSAKey()));
    }

    @Benchmark
    public Map<String, Object> nimbusCachedKey() throws Exception {
        return nimbusClaims(nimbusTokenResponse(body), cachedVerifier);
    }
}

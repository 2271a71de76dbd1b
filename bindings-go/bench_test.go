package loginkit

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// go test -run '^$' -bench . -benchmem
//
// The seed example per call, built by loginkit and by hand with
// url.Values (what most Go code does; note that url.Values.Encode sorts
// the parameters, as the official Go SDK's URLs are sorted). The client is
// built once, as an application does at start-up.

func BenchmarkSeedLoginkit(b *testing.B) {
	client := mustClient(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := client.AuthorizationURL(seedRedirect, AuthorizationURLOptions{
			Scopes: []string{"openid", "profile", "email", "offline_access"},
			State:  seedState,
		}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSeedURLValues(b *testing.B) {
	base, _ := url.Parse(seedEnv)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		u := *base
		u.Path = "/oauth/authorize"
		query := url.Values{}
		query.Set("response_type", "code")
		query.Set("client_id", seedClientID)
		query.Set("redirect_uri", seedRedirect)
		query.Set("scope", strings.Join([]string{"openid", "profile", "email", "offline_access"}, " "))
		query.Set("state", seedState)
		u.RawQuery = query.Encode()
		_ = u.String()
	}
}

// Token-response parsing plus RS256 (2048-bit) ID-token verification per
// call, loginkit side by side with github.com/golang-jwt/jwt/v5 (a test
// dependency only), on the same token, key and clock:
//
//	go test -run '^$' -bench 'TokenAndIDToken' -benchmem
//
// Both sides parse the token endpoint's JSON answer, check the token type,
// verify the signature and check iss, aud, exp, iat (60 s leeway) and the
// nonce, and decode the claims with json.Number for integers.
// "JWKSText" variants start from the key set's JSON text on every call,
// as loginkit's sans-IO VerifyIDToken does; "ParsedKey" ones reuse a key
// parsed once, as the Exchange does from the client's cache.

type benchFixture struct {
	body     []byte
	jwks     string
	issuer   string
	clientID string
	nonce    string
	now      time.Time
}

var benchData = sync.OnceValue(func() benchFixture {
	now := time.Unix(time.Now().Unix(), 0)
	f := benchFixture{jwks: testJWKS(), issuer: "https://acme.scalekit.dev", clientID: "skc_1234567890", nonce: testNonce, now: now}
	claims := fmt.Sprintf(`{"iss":%q,"sub":"usr_0123456789","aud":%q,"exp":%d,"iat":%d,"nonce":%q,"email":"user@example.com","email_verified":true,"name":"Example User"}`,
		f.issuer, f.clientID, now.Unix()+3600, now.Unix(), f.nonce)
	f.body = []byte(fmt.Sprintf(`{"access_token":"at_Zx81kLpQ2vN4","token_type":"Bearer","expires_in":3600,"refresh_token":"rt_8xLOxBtZp8","id_token":%q,"scope":"openid profile email offline_access"}`,
		signIDToken(claims)))
	return f
})

func BenchmarkTokenAndIDTokenLoginkitJWKSText(b *testing.B) {
	f := benchData()
	expected := IDTokenExpectations{Issuer: f.issuer, ClientID: f.clientID, Nonce: f.nonce, Now: f.now}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		loginkitVerify(b, f, expected)
	}
}

// loginkitVerify is one call's work (a function of its own so that
// callgrind can count exactly it; see README.md).
func loginkitVerify(b *testing.B, f benchFixture, expected IDTokenExpectations) {
	tokens, err := ParseTokenResponse(200, f.body)
	if err != nil {
		b.Fatal(err)
	}
	claims, err := VerifyIDToken(tokens.IDToken, f.jwks, expected)
	if err != nil || claims.Subject != "usr_0123456789" {
		b.Fatal(err)
	}
}

// The Exchange with the key set in the client's cache: what
// AuthenticateWithCode does per login after the first (the token request
// is built too).
func BenchmarkTokenAndIDTokenLoginkitParsedKey(b *testing.B) {
	f := benchData()
	client, err := NewClient(f.issuer, f.clientID, WithClientSecret("s3cret", ""))
	if err != nil {
		b.Fatal(err)
	}
	// The first login fetches the key set into the client's cache.
	exchange, err := client.ExchangeCode("code", seedRedirect, testVerifier, f.nonce)
	if err != nil {
		b.Fatal(err)
	}
	if step, err := exchange.Receive(200, f.body, f.now); err != nil || step.Request == nil {
		b.Fatal("expected the key-set request", err)
	}
	if step, err := exchange.Receive(200, []byte(f.jwks), f.now); err != nil || step.Result == nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		loginkitExchange(b, f, client)
	}
}

func loginkitExchange(b *testing.B, f benchFixture, client *Client) {
	exchange, err := client.ExchangeCode("code", seedRedirect, testVerifier, f.nonce)
	if err != nil {
		b.Fatal(err)
	}
	step, err := exchange.Receive(200, f.body, f.now)
	if err != nil || step.Result == nil || step.Result.User.Subject != "usr_0123456789" {
		b.Fatal("no result", err)
	}
	exchange.close()
}

type goTokenResponse struct {
	AccessToken  string  `json:"access_token"`
	TokenType    string  `json:"token_type"`
	ExpiresIn    *uint64 `json:"expires_in"`
	RefreshToken string  `json:"refresh_token"`
	IDToken      string  `json:"id_token"`
	Scope        string  `json:"scope"`
}

// goJWKSKeys parses RSA keys from JWKS text, as an application using
// golang-jwt must do itself.
func goJWKSKeys(text string) (map[string]*rsa.PublicKey, error) {
	var set struct {
		Keys []struct {
			Kty, Kid, N, E string
		} `json:"keys"`
	}
	if err := json.Unmarshal([]byte(text), &set); err != nil {
		return nil, err
	}
	keys := map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		if k.Kty != "RSA" {
			continue
		}
		n, err := base64.RawURLEncoding.DecodeString(k.N)
		if err != nil {
			return nil, err
		}
		e, err := base64.RawURLEncoding.DecodeString(k.E)
		if err != nil {
			return nil, err
		}
		keys[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	}
	return keys, nil
}

func goVerify(b *testing.B, f benchFixture, parser *jwt.Parser, keys func() (map[string]*rsa.PublicKey, error)) {
	var tokens goTokenResponse
	if err := json.Unmarshal(f.body, &tokens); err != nil || tokens.AccessToken == "" || !strings.EqualFold(tokens.TokenType, "bearer") {
		b.Fatal("token response", err)
	}
	claims := jwt.MapClaims{}
	_, err := parser.ParseWithClaims(tokens.IDToken, claims, func(token *jwt.Token) (any, error) {
		set, err := keys()
		if err != nil {
			return nil, err
		}
		kid, _ := token.Header["kid"].(string)
		if key, ok := set[kid]; ok {
			return key, nil
		}
		return nil, errors.New("unknown kid")
	})
	if err != nil || claims["nonce"] != f.nonce || claims["sub"] != "usr_0123456789" {
		b.Fatal(err)
	}
}

func goParser(f benchFixture) *jwt.Parser {
	return jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(f.issuer), jwt.WithAudience(f.clientID),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithLeeway(60*time.Second),
		jwt.WithTimeFunc(func() time.Time { return f.now }), jwt.WithJSONNumber())
}

func BenchmarkTokenAndIDTokenGolangJWTJWKSText(b *testing.B) {
	f := benchData()
	parser := goParser(f)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		goVerify(b, f, parser, func() (map[string]*rsa.PublicKey, error) { return goJWKSKeys(f.jwks) })
	}
}

func BenchmarkTokenAndIDTokenGolangJWTParsedKey(b *testing.B) {
	f := benchData()
	parser := goParser(f)
	keys, err := goJWKSKeys(f.jwks)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		goVerify(b, f, parser, func() (map[string]*rsa.PublicKey, error) { return keys, nil })
	}
}

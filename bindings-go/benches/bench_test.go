package benches

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	loginkit "github.com/loginkit/loginkit/bindings-go"
)

const (
	seedRedirect = "https://yourapp.com/auth/callback"
	testVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	testNonce    = "n-0S6_WzA2Mj"
	testKid      = "go-bench-rsa"
)

// testKey is one RSA 2048 key, made once per run.
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

func b64(data []byte) string { return base64.RawURLEncoding.EncodeToString(data) }

// testJWKS is the key set holding testKey's public half.
func testJWKS() string {
	key := testKey()
	return fmt.Sprintf(`{"keys":[{"kty":"RSA","kid":%q,"use":"sig","alg":"RS256","n":%q,"e":%q}]}`,
		testKid, b64(key.N.Bytes()), b64(big.NewInt(int64(key.E)).Bytes()))
}

// signIDToken signs claims (JSON text) with testKey, RS256.
func signIDToken(claims string) string {
	header := b64([]byte(fmt.Sprintf(`{"alg":"RS256","kid":%q,"typ":"JWT"}`, testKid)))
	input := header + "." + b64([]byte(claims))
	digest := sha256.Sum256([]byte(input))
	signature, err := rsa.SignPKCS1v15(rand.Reader, testKey(), crypto.SHA256, digest[:])
	if err != nil {
		panic(err)
	}
	return input + "." + b64(signature)
}

// Token-response parsing plus RS256 (2048-bit) ID-token verification per
// call, loginkit side by side with github.com/golang-jwt/jwt/v5, on the
// same token, key and clock. A module of its own, so that golang-jwt is
// no requirement of loginkit's module (bindings-go/benches):
//
//	go test -run '^$' -bench 'TokenAndIDToken' -benchmem
//
// Both sides parse the token endpoint's JSON answer, check the token type,
// verify the signature and check iss, aud, exp, iat (60 s leeway) and the
// nonce, and decode the claims with json.Number for integers.
// "JWKSText" variants start from the key set's JSON text on every call,
// as loginkit's sans-IO loginkit.VerifyIDToken does; "ParsedKey" ones reuse a key
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
	expected := loginkit.IDTokenExpectations{Issuer: f.issuer, ClientID: f.clientID, Nonce: f.nonce, Now: f.now}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		loginkitVerify(b, f, expected)
	}
}

// loginkitVerify is one call's work (a function of its own so that
// callgrind can count exactly it; see README.md).
func loginkitVerify(b *testing.B, f benchFixture, expected loginkit.IDTokenExpectations) {
	tokens, err := loginkit.ParseTokenResponse(200, f.body)
	if err != nil {
		b.Fatal(err)
	}
	claims, err := loginkit.VerifyIDToken(tokens.IDToken, f.jwks, expected)
	if err != nil || claims.Subject != "usr_0123456789" {
		b.Fatal(err)
	}
}

// The Exchange with the key set in the client's cache: what
// AuthenticateWithCode does per login after the first (the token request
// is built too).
func BenchmarkTokenAndIDTokenLoginkitParsedKey(b *testing.B) {
	f := benchData()
	client, err := loginkit.NewClient(f.issuer, f.clientID, loginkit.WithClientSecret("s3cret", ""))
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

func loginkitExchange(b *testing.B, f benchFixture, client *loginkit.Client) {
	exchange, err := client.ExchangeCode("code", seedRedirect, testVerifier, f.nonce)
	if err != nil {
		b.Fatal(err)
	}
	step, err := exchange.Receive(200, f.body, f.now)
	if err != nil || step.Result == nil || step.Result.User.Subject != "usr_0123456789" {
		b.Fatal("no result", err)
	}
	// The finished exchange's native half is released by its finalizer,
	// as for any Exchange an application lets go of.
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

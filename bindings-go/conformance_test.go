package loginkit

// The Go conformance runner: every case of conformance/cases/ (or of the
// file or folder in CONFORMANCE_CASES) through the Go API, one subtest
// per case id. Results go to CONFORMANCE_OUT in the shape of `expect`;
// ids in conformance/expected-failures/go.txt must fail. A case that
// panics is recorded as that case's failure ({"panic": ...}) and the run
// goes on. Numbers are json.Number on both sides, so integers stay exact
// integers in the output.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

type conformanceCase struct {
	ID     string                     `json:"id"`
	Op     string                     `json:"op"`
	Input  map[string]json.RawMessage `json:"input"`
	Expect any                        `json:"expect"`
}

func caseFiles(t *testing.T) []string {
	source := os.Getenv("CONFORMANCE_CASES")
	if source == "" {
		source = filepath.Join("..", "conformance", "cases")
	}
	info, err := os.Stat(source)
	if err != nil {
		t.Fatalf("cannot read cases: %v", err)
	}
	if !info.IsDir() {
		return []string{source}
	}
	files, _ := filepath.Glob(filepath.Join(source, "*.json"))
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no case files in %s", source)
	}
	return files
}

func loadCases(t *testing.T) []conformanceCase {
	var all []conformanceCase
	seen := map[string]bool{}
	for _, path := range caseFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var file struct {
			Cases []conformanceCase `json:"cases"`
		}
		decoder := json.NewDecoder(bytes.NewReader(data))
		decoder.UseNumber()
		if err := decoder.Decode(&file); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, c := range file.Cases {
			if seen[c.ID] {
				t.Fatalf("duplicate case id %s", c.ID)
			}
			seen[c.ID] = true
		}
		all = append(all, file.Cases...)
	}
	return all
}

func expectedFailures() map[string]bool {
	listed := map[string]bool{}
	data, _ := os.ReadFile(filepath.Join("..", "conformance", "expected-failures", "go.txt"))
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			listed[line] = true
		}
	}
	return listed
}

// str reads an optional string input: a missing key and null are "".
func str(input map[string]json.RawMessage, key string) string {
	var value *string
	if raw, ok := input[key]; ok {
		if err := json.Unmarshal(raw, &value); err != nil {
			panic(fmt.Sprintf("input %s: %v", key, err))
		}
	}
	if value == nil {
		return ""
	}
	return *value
}

// optional reads an optional string input: a missing key and null are nil.
func optional(input map[string]json.RawMessage, key string) *string {
	var value *string
	if raw, ok := input[key]; ok {
		if err := json.Unmarshal(raw, &value); err != nil {
			panic(fmt.Sprintf("input %s: %v", key, err))
		}
	}
	return value
}

// integer reads an integer input; a missing key and null are nil.
func integer(input map[string]json.RawMessage, key string) *int64 {
	var value *int64
	if raw, ok := input[key]; ok {
		if err := json.Unmarshal(raw, &value); err != nil {
			panic(fmt.Sprintf("input %s: %v", key, err))
		}
	}
	return value
}

func object(input map[string]json.RawMessage, key string) map[string]json.RawMessage {
	var value map[string]json.RawMessage
	if raw, ok := input[key]; ok {
		if err := json.Unmarshal(raw, &value); err != nil {
			panic(fmt.Sprintf("input %s: %v", key, err))
		}
	}
	if value == nil {
		value = map[string]json.RawMessage{}
	}
	return value
}

func authorizationOptions(input map[string]json.RawMessage) AuthorizationURLOptions {
	o := object(input, "options")
	opts := AuthorizationURLOptions{
		State: str(o, "state"), Nonce: str(o, "nonce"), LoginHint: str(o, "login_hint"),
		DomainHint: str(o, "domain_hint"), ConnectionID: str(o, "connection_id"),
		OrganizationID: str(o, "organization_id"), Provider: str(o, "provider"), Prompt: str(o, "prompt"),
		CodeChallenge: str(o, "code_challenge"), CodeChallengeMethod: str(o, "code_challenge_method"),
	}
	if raw, ok := o["scopes"]; ok {
		// null stays nil ("not given"); [] becomes an empty, non-nil slice.
		if err := json.Unmarshal(raw, &opts.Scopes); err != nil {
			panic(err)
		}
		if opts.Scopes == nil && string(raw) != "null" {
			opts.Scopes = []string{}
		}
	}
	if raw, ok := o["extra_params"]; ok {
		var pairs [][]string
		if err := json.Unmarshal(raw, &pairs); err != nil {
			panic(err)
		}
		for _, pair := range pairs {
			opts.ExtraParams = append(opts.ExtraParams, [2]string{pair[0], pair[1]})
		}
	}
	return opts
}

// errorResult is a failure in the shape of `expect`.
func errorResult(err error) map[string]any {
	var authErr *AuthorizationError
	if errors.As(err, &authErr) {
		result := map[string]any{"error": string(authErr.Code), "oauth_error": authErr.OAuthError}
		if authErr.ErrorDescription != "" {
			result["error_description"] = authErr.ErrorDescription
		}
		if authErr.ErrorURI != "" {
			result["error_uri"] = authErr.ErrorURI
		}
		return result
	}
	var lkErr *Error
	if errors.As(err, &lkErr) {
		return map[string]any{"error": string(lkErr.Code)}
	}
	panic(fmt.Sprintf("not a loginkit error: %v", err))
}

func result(value map[string]any, err error) map[string]any {
	if err != nil {
		return errorResult(err)
	}
	return value
}

// runCase runs one case; a panic becomes the case's result, so one bad
// case never hides the others.
func runCase(c conformanceCase) (result map[string]any) {
	defer func() {
		if r := recover(); r != nil {
			result = map[string]any{"panic": fmt.Sprint(r)}
		}
	}()
	return runOp(c)
}

func runOp(c conformanceCase) map[string]any {
	in := c.Input
	switch c.Op {
	case "authorization_url":
		client, err := NewClient(str(in, "env_url"), str(in, "client_id"))
		if err != nil {
			return errorResult(err)
		}
		url, err := client.AuthorizationURL(str(in, "redirect_uri"), authorizationOptions(in))
		return result(map[string]any{"url": url}, err)
	case "logout_url":
		client, err := NewClient(str(in, "env_url"), str(in, "client_id"))
		if err != nil {
			return errorResult(err)
		}
		o := object(in, "options")
		url, err := client.LogoutURL(LogoutURLOptions{
			IDTokenHint: str(o, "id_token_hint"), PostLogoutRedirectURI: str(o, "post_logout_redirect_uri"), State: str(o, "state"),
		})
		return result(map[string]any{"url": url}, err)
	case "validate_redirect_uri":
		err := ValidateRedirectURI(str(in, "uri"), Environment(str(in, "environment")))
		return result(map[string]any{"valid": true}, err)
	case "redirect_uri_matches":
		matches, err := RedirectURIMatches(str(in, "registered"), str(in, "candidate"))
		return result(map[string]any{"matches": matches}, err)
	case "pkce_challenge":
		challenge, err := PKCEChallenge(str(in, "code_verifier"))
		return result(map[string]any{"code_challenge": challenge}, err)
	case "parse_callback":
		client, err := NewClient(str(in, "env_url"), str(in, "client_id"))
		if err != nil {
			return errorResult(err)
		}
		callback, err := client.ParseCallback(str(in, "callback"), str(in, "expected_state"))
		if err != nil {
			return errorResult(err)
		}
		return map[string]any{"code": callback.Code, "state": callback.State}
	case "generate":
		var count int
		_ = json.Unmarshal(in["count"], &count)
		generate := map[string]func() (string, error){
			"state": GenerateState, "nonce": GenerateNonce, "code_verifier": GenerateCodeVerifier,
		}[str(in, "what")]
		pattern := c.Expect.(map[string]any)["pattern"].(string)
		re := regexp.MustCompile(pattern)
		seen, allMatch := map[string]bool{}, true
		for i := 0; i < count; i++ {
			value, err := generate()
			if err != nil {
				return errorResult(err)
			}
			allMatch = allMatch && re.MatchString(value)
			seen[value] = true
		}
		var matched any
		if allMatch {
			matched = pattern
		}
		return map[string]any{"pattern": matched, "distinct": len(seen) == count}
	case "start_login":
		client, err := NewClient(str(in, "env_url"), str(in, "client_id"))
		if err != nil {
			return errorResult(err)
		}
		opts := authorizationOptions(in)
		login, err := client.StartLogin(str(in, "redirect_uri"), opts)
		if err != nil {
			return errorResult(err)
		}
		return map[string]any{"consistent": startLoginIsConsistent(client, str(in, "redirect_uri"), opts, login)}
	case "token_request":
		client, err := tokenClient(in)
		if err != nil {
			return errorResult(err)
		}
		request, err := grantRequest(client, object(in, "grant"))
		if err != nil {
			return errorResult(err)
		}
		return requestResult(request)
	case "parse_token_response":
		var status int
		if err := json.Unmarshal(in["status"], &status); err != nil {
			panic(err)
		}
		tokens, err := ParseTokenResponse(status, []byte(str(in, "body")))
		if err != nil {
			return errorResult(err)
		}
		return map[string]any{"tokens": tokensResult(tokens)}
	case "verify_id_token":
		expected := IDTokenExpectations{
			Issuer: str(in, "issuer"), ClientID: str(in, "client_id"), Nonce: str(in, "nonce"),
			Now: time.Unix(*integer(in, "now"), 0),
		}
		if leeway := integer(in, "leeway"); leeway != nil {
			d := time.Duration(*leeway) * time.Second
			expected.Leeway = &d
		}
		claims, err := VerifyIDToken(str(in, "id_token"), str(in, "jwks"), expected)
		if err != nil {
			return errorResult(err)
		}
		return map[string]any{"claims": claims.Claims}
	case "exchange":
		opts := []ClientOption{WithClientSecret(str(in, "client_secret"), TokenEndpointAuthMethod(str(in, "auth_method")))}
		if interval := integer(in, "jwks_refetch_interval"); interval != nil {
			opts = append(opts, WithJWKSRefetchInterval(time.Duration(*interval)*time.Second))
		}
		client, err := NewClient(str(in, "env_url"), str(in, "client_id"), opts...)
		if err != nil {
			entry := errorResult(err)
			entry["requests"] = []any{}
			return map[string]any{"exchanges": []any{entry}}
		}
		var exchanges []map[string]json.RawMessage
		if err := json.Unmarshal(in["exchanges"], &exchanges); err != nil {
			panic(err)
		}
		entries := []any{}
		for _, exchange := range exchanges {
			entries = append(entries, runExchange(client, exchange))
		}
		return map[string]any{"exchanges": entries}
	case "finish_login":
		keys, err := NewTransactionKeys(stringList(in, "keys")...)
		if err != nil {
			return errorResult(err)
		}
		client, err := NewClient(str(in, "env_url"), str(in, "client_id"))
		if err != nil {
			return errorResult(err)
		}
		opts := TransactionOptions{Now: time.Unix(*integer(in, "now"), 0)}
		if ttl := integer(in, "ttl"); ttl != nil {
			opts.Cookie.TTL = time.Duration(*ttl) * time.Second
		}
		finished, err := client.FinishLogin(str(in, "callback"), str(in, "cookie_header"), keys, opts)
		if err != nil {
			return errorResult(err)
		}
		return map[string]any{
			"code": finished.Code, "transaction": transactionResult(&finished.Transaction), "clear_cookie": finished.ClearCookie,
		}
	case "seal_transaction":
		keys, err := NewTransactionKeys(stringList(in, "keys")...)
		if err != nil {
			return errorResult(err)
		}
		t := object(in, "transaction")
		sealed, err := keys.Seal(LoginTransaction{
			State: str(t, "state"), Nonce: str(t, "nonce"), CodeVerifier: str(t, "code_verifier"),
			RedirectURI: str(t, "redirect_uri"), ReturnTo: str(t, "return_to"), IssuedAt: time.Unix(*integer(t, "issued_at"), 0),
		})
		if err != nil {
			return errorResult(err)
		}
		sealedValues[c.ID] = sealed
		opened, err := keys.Open(sealed)
		if err != nil {
			return errorResult(err)
		}
		return map[string]any{"opened": transactionResult(opened)}
	case "open_transaction":
		keys, err := NewTransactionKeys(stringList(in, "keys")...)
		if err != nil {
			return errorResult(err)
		}
		opened, err := keys.Open(str(in, "sealed"))
		if err != nil {
			return errorResult(err)
		}
		return map[string]any{"transaction": transactionResult(opened)}
	case "validate_return_to":
		return result(map[string]any{"valid": true}, ValidateReturnTo(str(in, "return_to")))
	case "transaction_cookie":
		var options CookieOptions
		options.Path = str(in, "path")
		if raw, ok := in["secure"]; ok && string(raw) != "null" {
			var secure bool
			if err := json.Unmarshal(raw, &secure); err != nil {
				panic(err)
			}
			options.Insecure = !secure
		}
		if ttl := integer(in, "ttl"); ttl != nil {
			options.TTL = time.Duration(*ttl) * time.Second
		}
		name, err := TransactionCookieName(str(in, "state"))
		if err != nil {
			return errorResult(err)
		}
		setCookie, err := options.SetCookie(name, str(in, "cookie_value"))
		if err != nil {
			return errorResult(err)
		}
		clearCookie, err := options.ClearCookie(name)
		if err != nil {
			return errorResult(err)
		}
		return map[string]any{"cookie_name": name, "set_cookie": setCookie, "clear_cookie": clearCookie}
	}
	panic("unknown op " + c.Op)
}

// stringList reads a list of strings; a missing key and null are nil.
func stringList(input map[string]json.RawMessage, key string) []string {
	var value []string
	if raw, ok := input[key]; ok {
		if err := json.Unmarshal(raw, &value); err != nil {
			panic(fmt.Sprintf("input %s: %v", key, err))
		}
	}
	return value
}

// transactionResult is a transaction in the shape of `expect`: a missing
// return-to is null.
func transactionResult(t *LoginTransaction) map[string]any {
	var returnTo any
	if t.ReturnTo != "" {
		returnTo = t.ReturnTo
	}
	return map[string]any{
		"state": t.State, "nonce": t.Nonce, "code_verifier": t.CodeVerifier,
		"redirect_uri": t.RedirectURI, "return_to": returnTo, "issued_at": t.IssuedAt.Unix(),
	}
}

// sealedValues are the values the seal_transaction cases sealed, by case
// id, for the parity run's cross-language round trip (written to
// CONFORMANCE_SEALED_OUT).
var sealedValues = map[string]string{}

// recordSealed merges sealedValues into the JSON object in the file named
// by CONFORMANCE_SEALED_OUT, when set.
func recordSealed(t *testing.T) {
	path := os.Getenv("CONFORMANCE_SEALED_OUT")
	if path == "" || len(sealedValues) == 0 {
		return
	}
	all := map[string]any{}
	if data, err := os.ReadFile(path); err == nil {
		_ = json.Unmarshal(data, &all)
	}
	for id, sealed := range sealedValues {
		all[id] = sealed
	}
	data, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tokenClient is the client of a token_request case: the auth method
// passed as given (the core parses it), null and a missing key as "".
func tokenClient(in map[string]json.RawMessage) (*Client, error) {
	return NewClient(str(in, "env_url"), str(in, "client_id"),
		WithClientSecret(str(in, "client_secret"), TokenEndpointAuthMethod(str(in, "auth_method"))))
}

func grantRequest(client *Client, grant map[string]json.RawMessage) (HTTPRequest, error) {
	switch str(grant, "type") {
	case "authorization_code":
		return client.AuthorizationCodeRequest(str(grant, "code"), str(grant, "redirect_uri"), str(grant, "code_verifier"))
	case "refresh_token":
		return client.RefreshTokenRequest(str(grant, "refresh_token"), str(grant, "scope"))
	}
	panic("unknown grant type " + str(grant, "type"))
}

func requestResult(r HTTPRequest) map[string]any {
	headers := make([]any, len(r.Headers))
	for i, h := range r.Headers {
		headers[i] = []any{h[0], h[1]}
	}
	return map[string]any{"method": r.Method, "url": r.URL, "headers": headers, "body": r.Body}
}

// tokensResult has the six keys, null for what the server did not send.
func tokensResult(t *TokenResponse) map[string]any {
	orNull := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	var expiresIn any
	if t.ExpiresIn != nil {
		expiresIn = *t.ExpiresIn
	}
	return map[string]any{
		"access_token": t.AccessToken, "token_type": t.TokenType, "expires_in": expiresIn,
		"refresh_token": orNull(t.RefreshToken), "id_token": orNull(t.IDToken), "scope": orNull(t.Scope),
	}
}

// runExchange drives one exchange the way AuthenticateWithCode does, with
// the case's canned answers instead of HTTP: send, receive, until done,
// an error, or no answers left.
func runExchange(client *Client, in map[string]json.RawMessage) map[string]any {
	grant := object(in, "grant")
	var exchange *Exchange
	var err error
	switch str(grant, "type") {
	case "authorization_code":
		exchange, err = client.ExchangeCode(str(grant, "code"), str(grant, "redirect_uri"), str(grant, "code_verifier"), str(in, "nonce"))
	case "refresh_token":
		exchange, err = client.ExchangeRefreshToken(str(grant, "refresh_token"), str(grant, "scope"))
	default:
		panic("unknown grant type " + str(grant, "type"))
	}
	if err != nil {
		entry := errorResult(err)
		entry["requests"] = []any{}
		return entry
	}
	now := time.Unix(*integer(in, "now"), 0)
	var responses []map[string]json.RawMessage
	if err := json.Unmarshal(in["responses"], &responses); err != nil {
		panic(err)
	}
	requests := []any{requestResult(exchange.Request())}
	for _, response := range responses {
		var status int
		if err := json.Unmarshal(response["status"], &status); err != nil {
			panic(err)
		}
		step, err := exchange.Receive(status, []byte(str(response, "body")), now)
		switch {
		case err != nil:
			entry := errorResult(err)
			entry["requests"] = requests
			return entry
		case step.Request != nil:
			requests = append(requests, requestResult(*step.Request))
		default:
			var claims any
			if step.Result.User != nil {
				claims = step.Result.User.Claims
			}
			return map[string]any{
				"requests": requests,
				"result":   map[string]any{"tokens": tokensResult(&step.Result.Tokens), "claims": claims},
			}
		}
	}
	return map[string]any{"requests": requests, "pending": true}
}

// startLoginIsConsistent: the URL equals AuthorizationURL fed the returned
// state, nonce and the challenge of the returned verifier, and a state or
// nonce given in the options is kept.
func startLoginIsConsistent(client *Client, redirectURI string, opts AuthorizationURLOptions, login *LoginStart) bool {
	kept := func(given, returned string) bool { return (given == "" && returned != "") || given == returned }
	challenge, err := PKCEChallenge(login.CodeVerifier)
	if err != nil || !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(login.CodeVerifier) {
		return false
	}
	replay := opts
	replay.State, replay.Nonce, replay.CodeChallenge, replay.CodeChallengeMethod = login.State, login.Nonce, challenge, "S256"
	url, err := client.AuthorizationURL(redirectURI, replay)
	return err == nil && url == login.URL && kept(opts.State, login.State) && kept(opts.Nonce, login.Nonce)
}

// normalize gives a result the types `expect` is decoded into (numbers
// as json.Number).
func normalize(value map[string]any) any {
	data, err := json.Marshal(value)
	if err != nil {
		return map[string]any{"panic": fmt.Sprintf("result is not JSON: %v", err)}
	}
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber()
	var out any
	_ = decoder.Decode(&out)
	return out
}

// canonicalNumber is a number's canonical text, a type of its own so that
// it never equals a string.
type canonicalNumber string

// canonicalNumbers rewrites every json.Number so that equal values are
// equal: integers in decimal, other numbers as big.Float text.
func canonicalNumbers(value any) any {
	switch v := value.(type) {
	case json.Number:
		if i, ok := new(big.Int).SetString(string(v), 10); ok {
			return canonicalNumber(i.String())
		}
		if f, ok := new(big.Float).SetPrec(200).SetString(string(v)); ok {
			return canonicalNumber(f.Text('g', -1))
		}
		return canonicalNumber(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for key, item := range v {
			out[key] = canonicalNumbers(item)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = canonicalNumbers(item)
		}
		return out
	}
	return value
}

// sameJSON compares two decoded JSON values, numbers by value.
func sameJSON(a, b any) bool {
	return reflect.DeepEqual(canonicalNumbers(a), canonicalNumbers(b))
}

func TestConformance(t *testing.T) {
	cases := loadCases(t)
	listed := expectedFailures()
	outputs := map[string]any{}
	type tally struct{ passed, total int }
	perOp := map[string]*tally{}
	for _, c := range cases {
		actual := normalize(runCase(c))
		outputs[c.ID] = actual
		passed := sameJSON(actual, c.Expect)
		if perOp[c.Op] == nil {
			perOp[c.Op] = &tally{}
		}
		perOp[c.Op].total++
		if passed {
			perOp[c.Op].passed++
		}
		t.Run(c.ID, func(t *testing.T) {
			switch {
			case passed && listed[c.ID]:
				t.Errorf("listed as an expected failure but passed")
			case !passed && !listed[c.ID]:
				expected, _ := json.Marshal(c.Expect)
				got, _ := json.Marshal(actual)
				t.Errorf("expected %s got %s", expected, got)
			}
		})
	}
	recordSealed(t)
	if out := os.Getenv("CONFORMANCE_OUT"); out != "" {
		data, _ := json.MarshalIndent(outputs, "", "  ")
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ops := make([]string, 0, len(perOp))
	for op := range perOp {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	passed, total := 0, 0
	fmt.Println("conformance (go):")
	for _, op := range ops {
		fmt.Printf("  %-24s %d/%d\n", op, perOp[op].passed, perOp[op].total)
		passed += perOp[op].passed
		total += perOp[op].total
	}
	fmt.Printf("conformance (go): %d/%d cases passed\n", passed, total)
}

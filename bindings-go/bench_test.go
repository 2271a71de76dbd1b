package loginkit

import (
	"net/url"
	"strings"
	"testing"
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

//go:build loginkit_includelib

package loginkit

// `go mod vendor` copies only the directories of packages it needs, and
// considers every build tag but "ignore": these imports, never compiled,
// make it copy the header and the static libraries along with the
// package.
import (
	_ "github.com/loginkit/loginkit/bindings-go/lib/darwin_amd64"
	_ "github.com/loginkit/loginkit/bindings-go/lib/darwin_arm64"
	_ "github.com/loginkit/loginkit/bindings-go/lib/include"
	_ "github.com/loginkit/loginkit/bindings-go/lib/linux_amd64"
	_ "github.com/loginkit/loginkit/bindings-go/lib/linux_arm64"
	_ "github.com/loginkit/loginkit/bindings-go/lib/windows_amd64"
)

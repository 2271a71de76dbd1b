// Package lib holds the native half of the Go module: the C ABI's header
// (include/loginkit.h) and one static library per platform
// (<goos>_<goarch>/libloginkit_c.a), linked by the package's #cgo lines.
//
// In a release the files are inside the module zip that the module proxy
// serves, so `go get` needs no Rust toolchain. In the repository they are
// build output, not committed: scripts/lib.sh (build_c_abi) builds the
// linux_amd64 library and copies it and the header here, and
// scripts/dist/go.sh builds linux_amd64 and linux_arm64 for the release.
//
// Each directory is a Go package with no code only so that `go mod vendor`
// copies it (it copies the directories of packages, see includelib.go).
package lib

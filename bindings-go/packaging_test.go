package loginkit

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var cgoLine = regexp.MustCompile(`(?m)^#cgo .*$`)

func cgoLines(t *testing.T, path string) []string {
	t.Helper()
	source, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return cgoLine.FindAllString(string(source), -1)
}

// go generate links the library through internal/gencodes, whose #cgo
// block cannot be shared with the package's: it must stay the same one.
func TestGencodesLinksLikeThePackage(t *testing.T) {
	want := cgoLines(t, "loginkit.go")
	var got []string
	for _, line := range cgoLines(t, "internal/gencodes/main.go") {
		got = append(got, strings.ReplaceAll(line, "${SRCDIR}/../../", "${SRCDIR}/"))
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("internal/gencodes/main.go's #cgo lines differ from loginkit.go's:\n%s\nwant\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Every platform the #cgo lines link has its directory imported by
// includelib.go, or `go mod vendor` would leave its library behind.
func TestEveryLibraryDirectoryIsVendored(t *testing.T) {
	includes, err := os.ReadFile("includelib.go")
	if err != nil {
		t.Fatal(err)
	}
	library := regexp.MustCompile(`\$\{SRCDIR\}/lib/([a-z0-9_]+)/libloginkit_c\.a`)
	platforms := 0
	for _, line := range cgoLines(t, "loginkit.go") {
		for _, m := range library.FindAllStringSubmatch(line, -1) {
			platforms++
			if !bytes.Contains(includes, []byte(`"github.com/loginkit/loginkit/bindings-go/lib/`+m[1]+`"`)) {
				t.Errorf("includelib.go does not import lib/%s", m[1])
			}
			if _, err := os.Stat("lib/" + m[1] + "/doc.go"); err != nil {
				t.Error(err)
			}
		}
	}
	if platforms != 5 {
		t.Fatalf("%d platforms in loginkit.go's #cgo lines, expected 5", platforms)
	}
}

// The header in lib/ is copied next to the library when it is built
// (scripts/lib.sh build_c_abi, scripts/dist/go.sh); in the repository it
// must be the C ABI's current one. A module downloaded from a proxy has
// no ../bindings-c to compare with.
func TestHeaderIsTheCABIs(t *testing.T) {
	original, err := os.ReadFile("../bindings-c/include/loginkit.h")
	if os.IsNotExist(err) {
		t.Skip("not in the repository: no ../bindings-c/include/loginkit.h")
	} else if err != nil {
		t.Fatal(err)
	}
	copied, err := os.ReadFile("lib/include/loginkit.h")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(copied, original) {
		t.Fatal("lib/include/loginkit.h differs from bindings-c/include/loginkit.h: rebuild with build_c_abi (scripts/lib.sh)")
	}
}

// Command gomodproxy writes one version of a Go module into a GOPROXY=file://
// tree: @v/list, <version>.info, .mod and .zip, the zip made and checked by
// golang.org/x/mod/zip, the implementation the go command itself uses, so
// it holds exactly what a module proxy would serve (every file under
// <module>@<version>/, no nested modules, no vendor directories).
//
//	go run . -module M -version vX.Y.Z -dir DIR -proxy ROOT [-time RFC3339]
//
// DIR is the module's root, staged with the files the module zip must hold.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/zip"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gomodproxy: ")
	modulePath := flag.String("module", "", "module path")
	version := flag.String("version", "", "version, vX.Y.Z")
	dir := flag.String("dir", "", "the module's staged root directory")
	proxy := flag.String("proxy", "", "root of the GOPROXY=file:// tree")
	stamp := flag.String("time", "", "the version's time (RFC 3339; default now)")
	flag.Parse()
	if *modulePath == "" || *version == "" || *dir == "" || *proxy == "" {
		flag.Usage()
		os.Exit(2)
	}
	m := module.Version{Path: *modulePath, Version: *version}
	if err := module.Check(m.Path, m.Version); err != nil {
		log.Fatal(err)
	}
	when := time.Now().UTC()
	if *stamp != "" {
		parsed, err := time.Parse(time.RFC3339, *stamp)
		if err != nil {
			log.Fatal(err)
		}
		when = parsed.UTC()
	}

	escaped, err := module.EscapePath(m.Path)
	if err != nil {
		log.Fatal(err)
	}
	escapedVersion, err := module.EscapeVersion(m.Version)
	if err != nil {
		log.Fatal(err)
	}
	versions := filepath.Join(*proxy, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(versions, 0o755); err != nil {
		log.Fatal(err)
	}
	base := filepath.Join(versions, escapedVersion)

	// The .mod file is the module's go.mod as it is in the zip.
	goMod, err := os.ReadFile(filepath.Join(*dir, "go.mod"))
	if err != nil {
		log.Fatal(err)
	}
	write(base+".mod", goMod)

	// What CreateFromDir leaves out of DIR: another module's files, a
	// vendor directory.
	staged, err := zip.CheckDir(*dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, omitted := range staged.Omitted {
		fmt.Printf("left out: %s (%v)\n", omitted.Path, omitted.Err)
	}

	var archive bytes.Buffer
	if err := zip.CreateFromDir(&archive, m, *dir); err != nil {
		log.Fatal(err)
	}
	write(base+".zip", archive.Bytes())
	checked, err := zip.CheckZip(m, base+".zip")
	if err != nil {
		log.Fatal(err)
	}
	if err := checked.Err(); err != nil {
		log.Fatal(err)
	}
	var unpacked int64
	prefix := m.Path + "@" + m.Version + "/"
	for _, name := range checked.Valid {
		info, err := os.Stat(filepath.Join(*dir, filepath.FromSlash(strings.TrimPrefix(name, prefix))))
		if err != nil {
			log.Fatal(err)
		}
		unpacked += info.Size()
	}

	info, err := json.Marshal(struct {
		Version string
		Time    string
	}{m.Version, when.Format(time.RFC3339)})
	if err != nil {
		log.Fatal(err)
	}
	write(base+".info", append(info, '\n'))

	list := []string{m.Version}
	if old, err := os.ReadFile(filepath.Join(versions, "list")); err == nil {
		list = append(list, strings.Fields(string(old))...)
	}
	semver.Sort(list)
	list = slices.Compact(list)
	write(filepath.Join(versions, "list"), []byte(strings.Join(list, "\n")+"\n"))

	hash, err := dirhash.HashZip(base+".zip", dirhash.Hash1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s@%s: %d files, %d bytes unpacked, zip %d bytes\n", m.Path, m.Version, len(checked.Valid), unpacked, archive.Len())
	fmt.Printf("go.sum: %s %s %s\n", m.Path, m.Version, hash)
}

func write(path string, data []byte) {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		log.Fatal(err)
	}
}

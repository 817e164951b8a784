package notices

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite go_modules.txt from the module cache")

// licenceFile matches the files of a module that carry its licence terms.
var licenceFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|notice|patents)([-._].*)?$`)

// TestGoModuleNotices checks that go_modules.txt holds, for the Go
// standard library and every module the parvis command links, its
// licence files as the module cache has them: a new or upgraded
// dependency fails until `go test ./internal/notices -update` is run.
func TestGoModuleNotices(t *testing.T) {
	want := goModuleNotices(t)
	if *update {
		if err := os.WriteFile("go_modules.txt", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("go_modules.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("go_modules.txt is not the licences of the modules parvis links (%d bytes, want %d): run go test ./internal/notices -update", len(got), len(want))
	}
}

// goModuleNotices builds go_modules.txt: the licence files of the standard
// library and of each module in the dependencies of ./cmd/parvis.
func goModuleNotices(t *testing.T) []byte {
	t.Helper()
	goroot := goCommand(t, nil, "env", "GOROOT")
	var b bytes.Buffer
	b.WriteString("GO STANDARD LIBRARY AND MODULES BUILT INTO PARVIS\n")
	section(t, &b, "Go standard library", strings.TrimSpace(string(goroot)))
	type module struct {
		Path, Version, Dir string
		Main               bool
	}
	var mods []module
	for _, platform := range noticePlatforms {
		goos, goarch, _ := strings.Cut(platform, "/")
		out := goCommand(t, []string{"GOOS=" + goos, "GOARCH=" + goarch}, "list", "-deps", "-json=Module", "../../cmd/parvis")
		dec := json.NewDecoder(bytes.NewReader(out))
		for dec.More() {
			var p struct{ Module *module }
			if err := dec.Decode(&p); err != nil {
				t.Fatal(err)
			}
			if p.Module != nil && !p.Module.Main && !slices.Contains(mods, *p.Module) {
				mods = append(mods, *p.Module)
			}
		}
	}
	slices.SortFunc(mods, func(a, b module) int { return strings.Compare(a.Path, b.Path) })
	for _, m := range mods {
		section(t, &b, m.Path+" "+m.Version, m.Dir)
	}
	return b.Bytes()
}

// section appends the licence files of the directory dir under a title.
func section(t *testing.T, b *bytes.Buffer, title, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !licenceFile.MatchString(e.Name()) {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("\n\n==== " + title + ": " + e.Name() + " ====\n\n")
		b.Write(bytes.TrimRight(text, "\n"))
		b.WriteString("\n")
		n++
	}
	if n == 0 {
		t.Fatalf("%s: no licence file in %s", title, dir)
	}
}

// noticePlatforms are those whose builds go_modules.txt covers: the
// union of the modules each links (darwin and windows also link
// go-isatty and go-strftime), the same wherever the test runs.
var noticePlatforms = []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "freebsd/amd64"}

// goCommand runs the go command of the toolchain running the tests, with
// env added to the environment.
func goCommand(t *testing.T, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return out
}

// TestTextDataNotices checks that every file of internal/text/data that
// SOURCES.md says comes from another work is named in text_data.txt.
func TestTextDataNotices(t *testing.T) {
	f, err := os.Open("../text/data/SOURCES.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	third := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 6 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		file := strings.Trim(strings.TrimSpace(cells[1]), "`")
		licence := cells[4]
		if strings.Contains(licence, "Parvis's licence") || file == "sentiment_lr.bin" {
			continue
		}
		third++
		if !strings.Contains(textData, file) {
			t.Errorf("%s (licence %q in SOURCES.md) is not named in text_data.txt", file, strings.TrimSpace(licence))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if third < 9 {
		t.Fatalf("found %d files from other works in SOURCES.md, want at least 9: has its table changed?", third)
	}
}

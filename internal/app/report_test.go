package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportOnce: an error its command has written on stderr (a flag's,
// analyze's malformed line under --strict) is not written again; an
// error keeps its message (a cancellation that no signal caused too); bad
// usage exits 2.
func TestReportOnce(t *testing.T) {
	e := &testEnv{t: t, env: map[string]string{}}
	for _, tc := range []struct {
		stdin    string
		args     []string
		report   string // what Report writes
		stderr   string // what the command wrote itself
		exitCode int
	}{
		{`{"text":"ok"}` + "\n[1]\n", []string{"analyze", "--strict"}, "", "analyze: line 2: not a JSON object", 1},
		{"", []string{"analyze", "--workers", "x"}, "", `invalid value "x" for flag -workers`, 2},
		{"", []string{"analyze", "--workers", "5000"}, "parvis: --workers must be 0 (all cores) to 1024\n", "", 2},
		{"", []string{"match", "--nope"}, "", "flag provided but not defined: -nope", 2},
	} {
		_, stderr, err := e.run(context.Background(), tc.stdin, tc.args...)
		if err == nil {
			t.Fatalf("%v: no error", tc.args)
		}
		var rep bytes.Buffer
		Report(&rep, err)
		if rep.String() != tc.report || !strings.Contains(stderr, tc.stderr) || ExitCode(err) != tc.exitCode {
			t.Errorf("%v: Report wrote %q after %q, exit %d; want %q after %q, exit %d", tc.args, rep.String(), stderr, ExitCode(err), tc.report, tc.stderr, tc.exitCode)
		}
	}
	var rep bytes.Buffer
	cancelled := errors.Join(errors.New("reading posts"), context.Canceled)
	if Report(&rep, cancelled); rep.String() != "parvis: "+cancelled.Error()+"\n" || ExitCode(cancelled) != 1 {
		t.Errorf("a cancellation: %q, exit %d", rep.String(), ExitCode(cancelled))
	}
	rep.Reset()
	if Report(&rep, errors.New("boom")); rep.String() != "parvis: boom\n" || ExitCode(errors.New("boom")) != 1 {
		t.Errorf("plain error: %q", rep.String())
	}
}

// TestNotices: `parvis notices` prints the attributions of the embedded
// data and the licences of the Go modules.
func TestNotices(t *testing.T) {
	e := &testEnv{t: t, env: map[string]string{}}
	stdout, _, err := e.run(context.Background(), "", "notices")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"AFINN-165", "Open Database License", "CC BY-SA 4.0", "Copyright 2023 Nito T.M.", "Apache License", "==== github.com/jackc/pgx/v5 ", "==== Go standard library: LICENSE"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("notices lack %q", want)
		}
	}
}

// TestNoticesDatabases: `parvis notices --databases DIR` writes the
// embedded ODbL and CC BY-SA databases, as the repository holds them.
func TestNoticesDatabases(t *testing.T) {
	e := &testEnv{t: t, env: map[string]string{}}
	dir := filepath.Join(t.TempDir(), "made")
	if _, _, err := e.run(context.Background(), "", "notices", "--databases", dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"afinn_en.tsv", "afinn_fr.tsv", "emoji_ranking.tsv"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "text", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes written, the repository's has %d", name, len(got), len(want))
		}
	}
	if _, _, err := e.run(context.Background(), "", "notices", "--databases", filepath.Join(dir, "afinn_en.tsv")); err == nil || !strings.Contains(err.Error(), "notices:") {
		t.Errorf("a file for a directory: %v, want an error", err)
	}
}

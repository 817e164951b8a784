// Package app wires Parvis together: it parses the command line and the
// configuration, opens the store, builds the services and runs the chosen
// command (serve, migrate, user, token, and the batch tools).
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/parvis/parvis/internal/notices"
	"github.com/parvis/parvis/internal/text"
)

// Env is everything a command may touch of the outside world. Commands get
// it explicitly so that tests can run them in-process.
type Env struct {
	Args   []string
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// command is one sub-command of the binary.
type command struct {
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// commands lists every sub-command. Each one lives in its own cmd_*.go file.
func commands() map[string]command {
	return map[string]command{
		"serve":     {"run the web server and background workers", runServe},
		"migrate":   {"apply database migrations and exit", runMigrate},
		"user":      {"manage users (user create --email E --password-file F [--admin])", runUser},
		"token":     {"manage API tokens (token create --email E --name N)", runToken},
		"analyze":   {"add language, sentiment and entities to JSONL posts (stdin → stdout)", runAnalyze},
		"match":     {"match JSONL items against boolean queries (--queries FILE)", runMatch},
		"import":    {"import items from JSONL or CSV (--workspace WS [--format jsonl|csv] FILE|-)", runImport},
		"reanalyze": {"read the stored items again with this version's text analysis ([--workspace WS] [--dry-run] [--redetect-languages]), or tell where it stands (--status)", runReanalyze},
		"version":   {"print the version", runVersion},
		"notices":   {"print the licences and attributions of the data and modules built into the binary (--databases DIR: write its share-alike databases)", runNotices},
	}
}

// UsageError is returned for bad command-line usage; it exits with code 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// reported marks an error its command has already written on stderr
// (the flag package's own message, analyze's malformed line).
type reported struct{ error }

func (r reported) Unwrap() error { return r.error }

// ExitCode maps an error returned by Run to a process exit code: 2 for
// bad usage, else 1 (main exits 128 + the signal's number when a signal
// stopped the command).
func ExitCode(err error) int {
	var u *UsageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// Report writes an error returned by Run on w, once: not at all when its
// command has written it already.
func Report(w io.Writer, err error) {
	var r reported
	if !errors.As(err, &r) {
		fmt.Fprintln(w, "parvis:", err)
	}
}

// Version is set at build time with -ldflags "-X .../internal/app.Version=…".
var Version = "dev"

// Run runs the command named by env.Args[1].
func Run(ctx context.Context, env *Env) error {
	cmds := commands()
	if len(env.Args) < 2 || env.Args[1] == "help" || env.Args[1] == "-h" || env.Args[1] == "--help" {
		usage(env.Stdout, cmds)
		if len(env.Args) < 2 {
			return &UsageError{"missing command"}
		}
		return nil
	}
	name := env.Args[1]
	cmd, ok := cmds[name]
	if !ok {
		usage(env.Stderr, cmds)
		return &UsageError{fmt.Sprintf("unknown command %q", name)}
	}
	return cmd.run(ctx, env, env.Args[2:])
}

func usage(w io.Writer, cmds map[string]command) {
	names, width := make([]string, 0, len(cmds)), 0
	for n := range cmds {
		names, width = append(names, n), max(width, len(n))
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("usage: parvis <command> [flags]\n\ncommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-*s %s\n", width, n, cmds[n].summary)
	}
	b.WriteString("\nRun 'parvis <command> -h' for the flags of a command.\n")
	io.WriteString(w, b.String())
}

func runVersion(_ context.Context, env *Env, _ []string) error {
	_, err := fmt.Fprintln(env.Stdout, "parvis", Version)
	return err
}

// runNotices prints the notices, or with --databases DIR writes the
// embedded share-alike databases there.
func runNotices(_ context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("parvis notices", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	dir := fs.String("databases", "", "write the embedded databases whose licences ask that they be offered (ODbL, CC BY-SA) to this directory (made if missing) instead")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return reported{&UsageError{err.Error()}} // the flag package printed it
	}
	if fs.NArg() > 0 {
		return &UsageError{fmt.Sprintf("notices: unexpected argument %q", fs.Arg(0))}
	}
	if *dir == "" {
		return notices.WriteTo(env.Stdout)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("notices: %w", err)
	}
	data := text.ShareAlikeData()
	for _, name := range slices.Sorted(maps.Keys(data)) {
		path := filepath.Join(*dir, name)
		if err := os.WriteFile(path, []byte(data[name]), 0o644); err != nil {
			return fmt.Errorf("notices: %w", err)
		}
		fmt.Fprintln(env.Stdout, "wrote", path)
	}
	return nil
}

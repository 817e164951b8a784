package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/listen"
)

func runImport(ctx context.Context, env *Env, args []string) error {
	var ws, format, mapping string
	cfg, fs, err := configFlags(env, "import", args, func(fs *flag.FlagSet) {
		fs.StringVar(&ws, "workspace", "", "workspace id or slug")
		fs.StringVar(&format, "format", "", "jsonl or csv (default: from the file extension, else jsonl)")
		fs.StringVar(&mapping, "map", "", "CSV column mapping, e.g. text=message,created_at=date,author.handle=user")
	})
	if err != nil {
		return err
	}
	if ws == "" || fs.NArg() != 1 {
		return &UsageError{"usage: parvis import --workspace WS [--format jsonl|csv] [--map field=column,…] FILE|-"}
	}
	path := fs.Arg(0)
	if format == "" {
		format = "jsonl"
		if strings.EqualFold(filepath.Ext(path), ".csv") {
			format = "csv"
		}
	}
	m, err := listen.ParseMapping(mapping)
	if err != nil {
		return &UsageError{"--map: " + err.Error()}
	}
	var r io.Reader = env.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	a, err := open(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.Listen.Import(auth.SystemContext(ctx, "cli"), ws, r, listen.ImportOptions{Format: format, Mapping: m},
		func(line int, err error) { fmt.Fprintf(env.Stderr, "line %d: %v\n", line, trimLinePrefix(err.Error())) })
	fmt.Fprintf(env.Stdout, "imported %d, duplicates %d, rejected %d\n", res.Imported, res.Duplicates, res.Rejected)
	return err
}

// trimLinePrefix drops a "line N: " prefix the error already carries.
func trimLinePrefix(s string) string {
	if rest, ok := strings.CutPrefix(s, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 && strings.Trim(rest[:i], "0123456789") == "" {
			return rest[i+2:]
		}
	}
	return s
}

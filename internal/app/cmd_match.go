package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/parvis/parvis/internal/query"
)

// runMatch is `parvis match --queries FILE [--strict]`: JSONL items on
// stdin, one line per matching item on stdout. The work is in
// query.ReadQueries and query.MatchStream.
func runMatch(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("parvis match", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	queriesFile := fs.String("queries", "", "file of queries, one `id<TAB>query` per line")
	strict := fs.Bool("strict", false, "stop at the first malformed item instead of skipping it")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: parvis match --queries FILE [--strict] < items.jsonl")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return reported{&UsageError{err.Error()}} // the flag package printed it
	}
	if *queriesFile == "" {
		return &UsageError{"match: --queries FILE is required"}
	}
	if fs.NArg() > 0 {
		return &UsageError{fmt.Sprintf("match: unexpected argument %q (items are read from stdin)", fs.Arg(0))}
	}
	f, err := os.Open(*queriesFile)
	if err != nil {
		return err
	}
	defer f.Close()
	qs, err := query.ReadQueries(*queriesFile, f, env.Stderr)
	if err != nil {
		return err
	}
	m := query.NewMatcher[string]()
	for _, q := range qs {
		if err := m.Add(q.ID, q.Expr); err != nil {
			return fmt.Errorf("%s:%d: %w", *queriesFile, q.Line, err)
		}
	}
	return query.MatchStream(ctx, m, env.Stdin, env.Stdout, env.Stderr, query.StreamOptions{Strict: *strict})
}

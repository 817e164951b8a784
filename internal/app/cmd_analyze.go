package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/text/analyze"
)

// runAnalyze is `parvis analyze`: JSONL posts on stdin, the same posts with
// language, sentiment and entities on stdout; or, with --evaluate, quality
// figures for labelled files.
func runAnalyze(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	workers := fs.Int("workers", 0, "posts analysed in parallel (0: all cores)")
	strict := fs.Bool("strict", false, "stop with an error at the first malformed line")
	evaluate := fs.Bool("evaluate", false, "print sentiment and language scores for the labelled JSONL files given as arguments")
	holdout := fs.Bool("holdout", false, "with --evaluate: only the held-out 20% of posts that training never saw")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: parvis analyze [--workers N] [--strict] < posts.jsonl > analysed.jsonl")
		fmt.Fprintln(env.Stderr, "       parvis analyze --evaluate [--holdout] FILE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return reported{&UsageError{Msg: err.Error()}} // the flag package printed it
	}
	if *workers < 0 || *workers > analyze.MaxWorkers {
		return &UsageError{Msg: fmt.Sprintf("--workers must be 0 (all cores) to %d", analyze.MaxWorkers)}
	}
	if *holdout && !*evaluate {
		return &UsageError{Msg: "--holdout needs --evaluate"}
	}
	if *evaluate && fs.NArg() == 0 {
		return &UsageError{Msg: "--evaluate needs at least one labelled JSONL file"}
	}
	if !*evaluate && fs.NArg() > 0 {
		return &UsageError{Msg: "analyze reads standard input; files are only for --evaluate"}
	}
	engine, err := text.NewEngine()
	if err != nil {
		return err
	}
	if *evaluate {
		return evaluateFiles(env.Stdout, engine, fs.Args(), *holdout)
	}
	err = analyze.AnalyzeStream(ctx, engine, env.Stdin, env.Stdout, env.Stderr, analyze.Options{Workers: *workers, Strict: *strict})
	if malformed := (*analyze.MalformedLineError)(nil); errors.As(err, &malformed) {
		return reported{err} // the stream wrote "analyze: line N: …"
	}
	return err
}

func evaluateFiles(w io.Writer, engine *text.Engine, files []string, holdout bool) error {
	var filter func(string) bool
	if holdout {
		filter = text.IsHeldOut
	}
	for _, f := range files {
		s, err := analyze.EvaluateFile(engine, f, filter)
		if err != nil {
			return err
		}
		analyze.WriteReport(w, s)
	}
	return nil
}

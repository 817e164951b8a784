package app

import (
	"context"
	"flag"
	"fmt"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
)

// runReanalyze reads the stored items again with this binary's text
// engine: after an upgrade, what it reads better (language, sentiment,
// entities, search words) reaches the items stored before.
func runReanalyze(ctx context.Context, env *Env, args []string) error {
	var ws string
	var dryRun, redetect bool
	cfg, fs, err := configFlags(env, "reanalyze", args, func(fs *flag.FlagSet) {
		fs.StringVar(&ws, "workspace", "", "workspace id or slug (default: every workspace)")
		fs.BoolVar(&dryRun, "dry-run", false, "count what would change, write nothing")
		fs.BoolVar(&redetect, "redetect-languages", false, "detect the language of every item again, those a source gave too (databases from before 2026-11-27 stored detected languages as given ones)")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return &UsageError{"usage: parvis reanalyze [--workspace WS] [--dry-run] [--redetect-languages]"}
	}
	a, err := open(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	opts := ingest.ReanalyzeOptions{DryRun: dryRun, Redetect: redetect}
	if ws != "" {
		w, err := a.Workspaces.Authorize(auth.SystemContext(ctx, "cli"), ws, model.RoleOwner)
		if err != nil {
			return fmt.Errorf("--workspace %s: %w", ws, err)
		}
		opts.WorkspaceID = w.ID
	}
	reported := 0
	opts.Progress = func(r ingest.ReanalyzeResult) {
		if r.Read-reported >= 20000 {
			fmt.Fprintf(env.Stderr, "reanalyze: %d items read, %d changed\n", r.Read, r.Changed)
			reported = r.Read
		}
	}
	res, err := a.Pipeline.Reanalyze(ctx, opts)
	if err == nil && res.Done && opts.WorkspaceID == 0 && !dryRun {
		// Every item is read: serve need not read them again.
		err = a.Pipeline.MarkAnalysisCurrent(ctx)
	}
	fmt.Fprintf(env.Stdout, "%d items read; %d changed (language %d, sentiment %d, entities %d, search words %d)",
		res.Read, res.Changed, res.Lang, res.Sentiment, res.Entities, res.Search)
	switch {
	case dryRun:
		fmt.Fprintln(env.Stdout, "; dry run, nothing written")
	case res.Edited > 0:
		fmt.Fprintf(env.Stdout, "; %d written, %d edited meanwhile and left as the pipeline wrote them\n", res.Written, res.Edited)
	default:
		fmt.Fprintf(env.Stdout, "; %d written\n", res.Written)
	}
	return err
}

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
	var dryRun, redetect, status bool
	cfg, fs, err := configFlags(env, "reanalyze", args, func(fs *flag.FlagSet) {
		fs.StringVar(&ws, "workspace", "", "workspace id or slug (default: every workspace)")
		fs.BoolVar(&dryRun, "dry-run", false, "count what would change, write nothing")
		fs.BoolVar(&redetect, "redetect-languages", false, "detect the language of every item again, those a source gave too (databases from before 2026-11-27 stored detected languages as given ones)")
		fs.BoolVar(&status, "status", false, "tell which analysis version the stored items carry and how the server's reading of them goes (with its last error, which /readyz keeps to itself); read nothing")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return &UsageError{"usage: parvis reanalyze [--workspace WS] [--dry-run] [--redetect-languages] | --status"}
	}
	a, err := open(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if status {
		st, err := a.Pipeline.AnalysisState(ctx)
		if err != nil {
			return err
		}
		has, err := a.DB.Q().HasItems(ctx)
		if err != nil {
			return err
		}
		if !has {
			fmt.Fprintln(env.Stdout, "no stored items: nothing to read")
			return nil
		}
		fmt.Fprintln(env.Stdout, describeAnalysisState(st))
		return nil
	}
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

// describeAnalysisState says where the stored items' analysis stands
// (parvis reanalyze --status).
func describeAnalysisState(st ingest.AnalysisState) string {
	stored := "no recorded version"
	if st.Stored != 0 {
		stored = fmt.Sprintf("version %d", st.Stored)
	}
	if st.Stored == st.Version {
		return fmt.Sprintf("stored items analysed by version %d, this one's: nothing to read", st.Version)
	}
	s := fmt.Sprintf("stored items analysed by %s; this server's analysis is version %d", stored, st.Version)
	switch {
	case st.Stored > st.Version:
		return s + ": a newer server's, which this one leaves alone"
	case st.Reading == "":
		return s + "; no reading queued (serve queues one when it starts; or run parvis reanalyze)"
	}
	s += "; reading " + st.Reading
	if st.ReadThrough > 0 {
		s += fmt.Sprintf(", read through item %d", st.ReadThrough)
	}
	if st.LastError != "" {
		s += "; last error: " + st.LastError
	}
	return s
}

package app

import (
	"context"
	"fmt"

	"github.com/parvis/parvis/internal/store"
)

func runMigrate(ctx context.Context, env *Env, args []string) error {
	cfg, _, err := configFlags(env, "migrate", args, nil)
	if err != nil {
		return err
	}
	log := newLogger(env.Stderr, cfg)
	db, err := store.Open(ctx, store.Options{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, Logger: log})
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d migration(s) applied, schema up to date\n", db.Dialect(), n)
	return nil
}

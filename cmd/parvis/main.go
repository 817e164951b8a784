// Command parvis is the Parvis community-management platform: one binary
// that serves the web UI and API, runs background jobs and offers batch
// tools on JSONL streams. All the work happens in internal/app.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones work even where the system has no tz database

	"github.com/parvis/parvis/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &app.Env{Args: os.Args, Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	if err := app.Run(ctx, env); err != nil {
		app.Report(os.Stderr, err)
		os.Exit(app.ExitCode(err))
	}
}

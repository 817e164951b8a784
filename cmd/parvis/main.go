// Command parvis is the Parvis community-management platform: one binary
// that serves the web UI and API, runs background jobs and offers batch
// tools on JSONL streams. All the work happens in internal/app.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones work even where the system has no tz database

	"github.com/parvis/parvis/internal/app"
)

func main() {
	// SIGINT or SIGTERM cancels the context: serve shuts down cleanly, a
	// batch command stops. A second signal kills at once.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	caught := make(chan os.Signal, 1)
	go func() {
		s := <-sigs
		signal.Stop(sigs)
		caught <- s
		cancel()
	}()
	env := &app.Env{Args: os.Args, Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	err := app.Run(ctx, env)
	if err == nil {
		return
	}
	select {
	case s := <-caught:
		if !errors.Is(err, context.Canceled) {
			break // failed on its own while a signal came: say why
		}
		// Stopped by a signal: the shell's convention, 128 + its number.
		fmt.Fprintln(os.Stderr, "parvis: interrupted")
		if n, ok := s.(syscall.Signal); ok {
			os.Exit(128 + int(n))
		}
		os.Exit(130)
	default:
	}
	app.Report(os.Stderr, err)
	os.Exit(app.ExitCode(err))
}

package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain runs main itself when asked to, so that the tests below can
// start this test binary as parvis.
func TestMain(m *testing.M) {
	if os.Getenv("PARVIS_RUN_MAIN") == "1" {
		os.Args = append([]string{"parvis"}, strings.Fields(os.Getenv("PARVIS_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// parvis starts this binary as parvis with args, its stdin a pipe the
// test holds open, its stdout read line by line.
func parvis(t *testing.T, args string) (*exec.Cmd, *bytes.Buffer, *os.File, *bufio.Reader) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "PARVIS_RUN_MAIN=1", "PARVIS_ARGS="+args)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = pr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pr.Close()
	t.Cleanup(func() { pw.Close(); _ = cmd.Process.Kill() })
	return cmd, &stderr, pw, bufio.NewReader(stdout)
}

// TestSignalStopsABatchCommand: SIGTERM or SIGINT stops `parvis analyze`
// waiting on its input with "interrupted" and 128 + the signal's number,
// not an error's message and 1.
func TestSignalStopsABatchCommand(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd, stderr, stdin, stdout := parvis(t, "analyze --workers 1")
		// A line's output says main has set up its signal handler and
		// analyze is waiting on its input, which stays open.
		if _, err := stdin.WriteString(`{"text":"bonjour à tous"}` + "\n"); err != nil {
			t.Fatal(err)
		}
		first := make(chan string, 1)
		go func() {
			line, _ := stdout.ReadString('\n')
			first <- line
			io.Copy(io.Discard, stdout)
		}()
		select {
		case line := <-first:
			if !strings.Contains(line, `"lang"`) {
				t.Fatalf("%v: output %q", sig, line)
			}
		case <-time.After(time.Minute):
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("%v: no output while the input stays open (stderr %q)", sig, stderr.String())
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(time.Minute):
			_ = cmd.Process.Kill()
			<-done
			t.Fatalf("%v: parvis analyze did not stop (stderr %q)", sig, stderr.String())
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) || !strings.Contains(stderr.String(), "parvis: interrupted") {
			t.Errorf("%v: %v, stderr %q; want exit %d and interrupted", sig, err, stderr.String(), 128+int(sig))
		}
	}
}

// Package browser starts a real headless Chromium for tests, through
// chromedp. A test calls New and drives the returned tab context; the
// browser stops when the test ends. Without a browser on the machine the
// test is skipped with the reason, unless PARVIS_REQUIRE_BROWSER=1, which
// turns the skip into a failure (CI sets it).
package browser

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Options tune the browser of a test.
type Options struct {
	// Width and Height of the window (default 1280×900).
	Width, Height int
	// Timeout bounds the whole test's use of the browser (default 2 min).
	Timeout time.Duration
}

// candidates are the browser binaries looked for, in order; Debian's
// chromium package installs /usr/bin/chromium.
var candidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "headless-shell"}

// Find returns the path of a Chromium-compatible browser: PARVIS_BROWSER
// when set, else the first of the usual names found.
func Find() (string, error) {
	if p := os.Getenv("PARVIS_BROWSER"); p != "" {
		return exec.LookPath(p)
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium or chrome binary found (install Debian's chromium package: apt-get install -y chromium, or set PARVIS_BROWSER)")
}

// New starts a headless browser and returns the context of its first tab,
// or skips (fails with PARVIS_REQUIRE_BROWSER=1) when there is no browser.
func New(t testing.TB, o Options) context.Context {
	t.Helper()
	path, err := Find()
	if err != nil {
		if os.Getenv("PARVIS_REQUIRE_BROWSER") == "1" {
			t.Fatalf("browser required (PARVIS_REQUIRE_BROWSER=1): %v", err)
		}
		t.Skipf("browser test skipped: %v; set PARVIS_REQUIRE_BROWSER=1 to make this a failure", err)
	}
	if o.Width == 0 {
		o.Width, o.Height = 1280, 900
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Minute
	}
	out := &syncBuffer{}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(o.Width, o.Height),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("mute-audio", true),
		chromedp.CombinedOutput(out),
	}
	if os.Geteuid() == 0 {
		// Chromium refuses to run as root with its sandbox.
		opts = append(opts, chromedp.NoSandbox)
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), o.Timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
		if t.Failed() && out.Len() > 0 {
			t.Logf("browser output:\n%s", out.String())
		}
	})
	// Start the browser now, so a browser that cannot start is reported
	// here rather than at the test's first step.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("start %s: %v\n%s", path, err, out.String())
	}
	return tabCtx
}

// Screenshot sets the viewport to width×height and captures the whole page
// as PNG.
func Screenshot(ctx context.Context, width, height int64) ([]byte, error) {
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.FullScreenshot(100))
}

// SaveScreenshot writes a screenshot into PARVIS_SCREENSHOT_DIR when that is
// set (for people to look at; screenshots are not committed).
func SaveScreenshot(t testing.TB, name string, png []byte) {
	t.Helper()
	dir := os.Getenv("PARVIS_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := dir + "/" + name + ".png"
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// syncBuffer collects the browser's output from its own goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

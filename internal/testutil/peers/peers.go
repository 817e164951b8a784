// Package peers starts the real local servers of ../shared/peers (the
// reference AT Protocol servers for Bluesky, snac2 for the Mastodon API)
// for integration tests. A test that needs a peer skips with the reason
// when the peer is not installed, and fails instead when
// PARVIS_REQUIRE_PEERS=1 (as in CI).
package peers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// StartTimeout bounds the wait for a peer's READY line.
const StartTimeout = 120 * time.Second

// Client returns an HTTP client for a test's own calls to a peer (seeding
// posts, logging in): one connection per request. snac closes every
// connection after one answer without saying so, and the PDS after a few
// idle seconds, so a POST sent on a kept-alive connection can fail with
// "connection reset by peer" (Go sends only GETs and the like again).
func Client() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 60 * time.Second}
}

// Required reports whether missing peers fail the tests (PARVIS_REQUIRE_PEERS=1).
func Required() bool { return os.Getenv("PARVIS_REQUIRE_PEERS") == "1" }

// Unavailable skips the test with reason, or fails it when peers are required.
func Unavailable(t testing.TB, reason string) {
	t.Helper()
	if Required() {
		t.Fatalf("peer unavailable and PARVIS_REQUIRE_PEERS=1: %s", reason)
	}
	t.Skipf("peer unavailable (set PARVIS_REQUIRE_PEERS=1 to fail instead): %s", reason)
}

// Cache is the directory the peers are installed in: $PEERS_CACHE, by
// default ~/.cache/parvis-peers.
func Cache() string {
	if c := os.Getenv("PEERS_CACHE"); c != "" {
		return c
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "parvis-peers")
	}
	return filepath.Join(home, ".cache", "parvis-peers")
}

// ScriptsDir finds ../shared/peers beside the repository: the directory
// holding go.mod is found by walking up from the working directory.
func ScriptsDir() (string, error) {
	if d := os.Getenv("PARVIS_PEERS_DIR"); d != "" {
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			peers := filepath.Join(dir, "..", "shared", "peers")
			if _, err := os.Stat(peers); err != nil {
				return "", fmt.Errorf("no peers scripts at %s (the repository's ../shared/peers)", filepath.Clean(peers))
			}
			return filepath.Clean(peers), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// start runs <scripts>/<name>/start.sh OUT.json with env, waits for READY
// on its stdout, decodes OUT.json into out, and stops the peer with
// SIGTERM when the test ends. A peer that could not bind the port its
// script picked (another process took it between the script's check and
// the server's bind: the scripts pick in a range that overlaps the
// ephemeral ports of the tests' own connections) is started again, up to
// three times.
func start(t testing.TB, name string, installed func(cache string) bool, env []string, out any) {
	t.Helper()
	scripts, err := ScriptsDir()
	if err != nil {
		Unavailable(t, err.Error())
		return
	}
	cache := Cache()
	if !installed(cache) {
		Unavailable(t, fmt.Sprintf("%s peer not installed in %s; run bash %s/%s/setup.sh", name, cache, scripts, name))
		return
	}
	const attempts = 3
	for attempt := 1; ; attempt++ {
		outPath := filepath.Join(t.TempDir(), name+".json")
		stderr, err := startOnce(t, filepath.Join(scripts, name, "start.sh"), outPath, env)
		if err != nil {
			if attempt < attempts && bindFailed(stderr) {
				t.Logf("%s peer could not bind its port (attempt %d of %d), starting it again:\n%s", name, attempt, attempts, stderr)
				continue
			}
			t.Fatalf("%s peer %v; stderr:\n%s", name, err, stderr)
		}
		b, err := os.ReadFile(outPath)
		if err != nil {
			t.Fatalf("%s peer: read %s: %v", name, outPath, err)
		}
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s peer: decode %s: %v", name, outPath, err)
		}
		return
	}
}

// bindFailed reports whether a peer's stderr says its server could not
// bind its address.
func bindFailed(stderr string) bool {
	s := strings.ToLower(stderr)
	return strings.Contains(s, "cannot bind") || strings.Contains(s, "address already in use") || strings.Contains(s, "eaddrinuse")
}

// startOnce runs the script and waits for READY; the peer is stopped when
// the test ends. It returns the tail of the script's stderr, and an error
// when the peer exited or timed out before READY.
func startOnce(t testing.TB, script, outPath string, env []string) (string, error) {
	t.Helper()
	cmd := exec.Command("bash", script, outPath)
	cmd.Env = append(os.Environ(), env...)
	stderr := &tailBuffer{max: 16 << 10}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", script, err)
	}
	done := make(chan error, 1)
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "READY" {
				close(ready)
				break
			}
		}
		for sc.Scan() { // keep draining so the script never blocks on stdout
		}
	}()
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	timer := time.NewTimer(StartTimeout)
	defer timer.Stop()
	select {
	case <-ready:
		return stderr.String(), nil
	case err := <-done:
		done <- err // for the cleanup, which waits for the exit too
		return stderr.String(), fmt.Errorf("exited before READY (%v)", err)
	case <-timer.C:
		return stderr.String(), fmt.Errorf("not READY after %v", StartTimeout)
	}
}

// tailBuffer keeps the last max bytes written, for failure messages.
type tailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if over := b.buf.Len() - b.max; over > 0 {
		b.buf.Next(over)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// BlueskyAccount is an account created by the Bluesky peer.
type BlueskyAccount struct {
	Handle     string `json:"handle"`
	DID        string `json:"did"`
	Password   string `json:"password"`
	AccessJWT  string `json:"accessJwt"`
	RefreshJWT string `json:"refreshJwt"`
}

// Bluesky is a running Bluesky peer (OUT.json of its start.sh).
type Bluesky struct {
	PDSURL      string                    `json:"pds_url"`
	FirehoseURL string                    `json:"firehose_url"`
	AppViewURL  string                    `json:"appview_url"`
	AppViewDID  string                    `json:"appview_did"`
	Accounts    map[string]BlueskyAccount `json:"accounts"`
}

// StartBluesky starts the PLC and PDS, and with appView also the AppView
// (search, notifications; needs PostgreSQL binaries).
func StartBluesky(t testing.TB, appView bool) *Bluesky {
	t.Helper()
	env := []string{"BSKY_SKIP_SETUP=1"}
	if appView {
		env = append(env, "BSKY_APPVIEW=1")
	}
	var b Bluesky
	start(t, "bluesky", func(cache string) bool {
		_, err := os.Stat(filepath.Join(cache, "bluesky", "node_modules", "@atproto", "dev-env"))
		return err == nil
	}, env, &b)
	return &b
}

// MastodonAccount is an account created by the Mastodon peer.
type MastodonAccount struct {
	Username    string `json:"username"`
	Acct        string `json:"acct"`
	ID          string `json:"id"`
	URL         string `json:"url"`
	AccessToken string `json:"access_token"`
	Password    string `json:"password"`
}

// Mastodon is a running snac2 peer (OUT.json of its start.sh).
type Mastodon struct {
	BaseURL  string                     `json:"base_url"`
	Host     string                     `json:"host"`
	Accounts map[string]MastodonAccount `json:"accounts"`
}

// StartMastodon starts snac2 with the users alice and bob.
func StartMastodon(t testing.TB) *Mastodon {
	t.Helper()
	var m Mastodon
	start(t, "mastodon", func(cache string) bool {
		bins, _ := filepath.Glob(filepath.Join(cache, "snac2-*", "usr", "bin", "snac"))
		return len(bins) > 0
	}, []string{"SNAC_SKIP_SETUP=1"}, &m)
	return &m
}

package peers

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestScriptsDir(t *testing.T) {
	dir, err := ScriptsDir()
	if err != nil {
		Unavailable(t, err.Error())
	}
	if !strings.HasSuffix(dir, "/shared/peers") {
		t.Errorf("ScriptsDir() = %s, want …/shared/peers", dir)
	}
}

func TestStartMastodon(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	m := StartMastodon(t)
	if !strings.HasPrefix(m.BaseURL, "http://127.0.0.1:") || m.Accounts["alice"].AccessToken == "" || m.Accounts["bob"].ID == "" {
		t.Fatalf("peer description incomplete: %+v", m)
	}
	req, _ := http.NewRequest("GET", m.BaseURL+"/api/v1/accounts/verify_credentials", nil)
	req.Header.Set("Authorization", "Bearer "+m.Accounts["alice"].AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("verify_credentials: %s", resp.Status)
	}
}

// TestMissingPeerSkipsOrFails runs a test needing a peer in a child
// process whose peer cache is empty: it must skip, or fail with
// PARVIS_REQUIRE_PEERS=1.
func TestMissingPeerSkipsOrFails(t *testing.T) {
	if os.Getenv("PARVIS_PEERS_CHILD") == "1" {
		StartMastodon(t)
		t.Fatal("StartMastodon returned without a peer")
		return
	}
	for _, tt := range []struct {
		require  string
		wantFail bool
		want     string
	}{
		{"", false, "--- SKIP: TestMissingPeerSkipsOrFails"},
		{"1", true, "PARVIS_REQUIRE_PEERS=1: mastodon peer not installed in"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMissingPeerSkipsOrFails$", "-test.v")
		cmd.Env = append(os.Environ(), "PARVIS_PEERS_CHILD=1", "PEERS_CACHE="+t.TempDir(), "PARVIS_REQUIRE_PEERS="+tt.require)
		out, err := cmd.CombinedOutput()
		if failed := err != nil; failed != tt.wantFail || !strings.Contains(string(out), tt.want) {
			t.Errorf("PARVIS_REQUIRE_PEERS=%q: failed=%v, want %v and output containing %q:\n%s", tt.require, failed, tt.wantFail, tt.want, out)
		}
	}
}

// TestStartRetriesWhenThePortIsTaken runs a peer script that fails to bind
// twice, as snac does when another process took the port the script
// picked, and then starts.
func TestStartRetriesWhenThePortIsTaken(t *testing.T) {
	dir := t.TempDir()
	counter := filepath.Join(dir, "runs")
	script := `set -eu
n=$(cat "` + counter + `" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "` + counter + `"
if [ $n -lt 3 ]; then echo "cannot bind socket to 127.0.0.1:38316" >&2; exit 1; fi
echo '{"base_url":"http://127.0.0.1:1"}' > "$1"
echo READY
exec sleep 30`
	if err := os.MkdirAll(filepath.Join(dir, "fake"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fake", "start.sh"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PARVIS_PEERS_DIR", dir)
	var out struct {
		BaseURL string `json:"base_url"`
	}
	start(t, "fake", func(string) bool { return true }, nil, &out)
	if out.BaseURL != "http://127.0.0.1:1" {
		t.Errorf("out = %+v", out)
	}
	if b, _ := os.ReadFile(counter); strings.TrimSpace(string(b)) != "3" {
		t.Errorf("script ran %q times, want 3", b)
	}
}

func TestBindFailed(t *testing.T) {
	for s, want := range map[string]bool{
		"Error binding with status -1\n19:35:09 cannot bind socket to 127.0.0.1:38316": true,
		"listen tcp 127.0.0.1:2583: bind: address already in use":                      true,
		"Error: listen EADDRINUSE: address already in use :::2582":                     true,
		"snac: cannot open data directory":                                             false,
	} {
		if got := bindFailed(s); got != want {
			t.Errorf("bindFailed(%q) = %v, want %v", s, got, want)
		}
	}
}

package peers

import (
	"net/http"
	"os"
	"os/exec"
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

package peers

import (
	"net/http"
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

package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/store/storetest"
)

// crashReceiver is a webhook endpoint that publishes each Idempotency-Key
// once (as the generic webhook asks receivers to) and records every
// delivery, so that a post sent under two keys, or never, shows.
type crashReceiver struct {
	mu         sync.Mutex
	keysByText map[string]map[string]bool
	deliveries map[string]int
	total      int
}

func (rc *crashReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var p struct {
		Text string `json:"text"`
	}
	body, _ := io.ReadAll(r.Body)
	json.Unmarshal(body, &p)
	key := r.Header.Get("Idempotency-Key")
	rc.mu.Lock()
	if rc.keysByText[p.Text] == nil {
		rc.keysByText[p.Text] = map[string]bool{}
	}
	rc.keysByText[p.Text][key] = true
	rc.deliveries[key]++
	rc.total++
	rc.mu.Unlock()
	// A slow receiver widens the window in which the process dies
	// between sending a post and recording that it went out.
	time.Sleep(40 * time.Millisecond)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"id":"msg-%s"}`, key)
}

func (rc *crashReceiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.total
}

// TestPublishingSurvivesSIGKILL schedules posts a few seconds ahead, kills
// the server with SIGKILL while it publishes them, restarts it, and checks
// that every post was published exactly once.
func TestPublishingSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "parvis")
	// -pgo=off: this test needs no speed, and without cmd/parvis/default.pgo
	// the build reuses the packages the tests compiled.
	build := exec.Command("go", "build", "-pgo=off", "-o", bin, "../../cmd/parvis")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			var db []string
			if engine == "postgres" {
				db = []string{"PARVIS_DATABASE_URL=" + storetest.NewPostgresDatabase(t), "PARVIS_SECRET_KEY=" + strings.Repeat("cd", 32)}
			}
			crashAndRestart(t, bin, t.TempDir(), db)
		})
	}
}

func crashAndRestart(t *testing.T, bin, dir string, dbEnv []string) {
	const posts = 80
	rc := &crashReceiver{keysByText: map[string]map[string]bool{}, deliveries: map[string]int{}}
	hook := httptest.NewServer(rc)
	defer hook.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := append(os.Environ(), "PARVIS_DATA_DIR="+filepath.Join(dir, "data"), "PARVIS_ADDR="+addr, "PARVIS_LOG_LEVEL=warn",
		"PARVIS_FETCH_ALLOW_NETWORKS=127.0.0.0/8", "PARVIS_WORKERS=4", "PARVIS_JOB_LEASE=2s")
	env = append(env, dbEnv...)
	parvis := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("parvis %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	parvis("user", "create", "--email", "ada@example.org", "--password-file", pw, "--admin")
	out := parvis("token", "create", "--email", "ada@example.org", "--name", "crash")
	token := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])

	serve := func() *exec.Cmd {
		t.Helper()
		cmd := exec.Command(bin, "serve")
		cmd.Env = env
		var logs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, err := http.Get("http://" + addr + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return cmd
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("server not ready: %v\n%s", err, logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	api := func(method, path, body string, into any) {
		t.Helper()
		req, _ := http.NewRequest(method, "http://"+addr+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %s %s", method, path, resp.Status, b)
		}
		if into != nil {
			json.Unmarshal(b, into)
		}
	}

	first := serve()
	api("POST", "/api/v1/workspaces", `{"name":"Crash","slug":"crash","time_zone":"Europe/Paris","language":"fr"}`, nil)
	var ch struct{ ID int64 }
	api("POST", "/api/v1/workspaces/crash/channels", fmt.Sprintf(`{"type":"webhook","name":"Hook","config":{"url":%q,"secret":"k"}}`, hook.URL), &ch)
	at := time.Now().Add(3 * time.Second).UTC().Format(time.RFC3339)
	for i := range posts {
		api("POST", "/api/v1/workspaces/crash/posts", fmt.Sprintf(`{"text":"post %03d","channels":[%d],"scheduled_at":%q}`, i, ch.ID, at), nil)
	}
	// Kill the server while it publishes: some posts are out, some in
	// flight, some not started.
	deadline := time.Now().Add(60 * time.Second)
	for rc.count() < posts/3 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d deliveries after 60s", rc.count())
		}
		time.Sleep(5 * time.Millisecond)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	atKill := rc.count()
	if atKill >= posts {
		t.Fatalf("all %d posts were out before the kill; the test did not test a crash", atKill)
	}

	serve()
	type post struct {
		Text     string
		Status   string
		Variants []struct {
			Status     string
			ExternalID string `json:"external_id"`
			Attempts   int
		}
	}
	var list struct{ Items []post }
	deadline = time.Now().Add(90 * time.Second)
	for {
		api("GET", "/api/v1/workspaces/crash/posts?limit=200", "", &list)
		done := 0
		for _, p := range list.Items {
			if p.Status == "published" {
				done++
			}
		}
		if done == posts {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d posts published 90s after the restart", done, posts)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// The calendar feed, fetched as a calendar app does: no bearer token.
	var feed struct{ URL, Token string }
	api("POST", "/api/v1/workspaces/crash/calendar-token", "", &feed)
	resp, err := http.Get("http://" + addr + "/api/v1/workspaces/crash/calendar.ics?token=" + feed.Token)
	if err != nil {
		t.Fatal(err)
	}
	ics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") || strings.Count(string(ics), "BEGIN:VEVENT") != posts {
		t.Errorf("calendar feed: %s %s, %d events", resp.Status, resp.Header.Get("Content-Type"), strings.Count(string(ics), "BEGIN:VEVENT"))
	}
	if resp, err := http.Get("http://" + addr + "/api/v1/workspaces/crash/calendar.ics?token=wrong"); err != nil || resp.StatusCode != 404 {
		t.Errorf("feed with a wrong token: %v %v", resp.Status, err)
	}

	rc.mu.Lock()
	defer rc.mu.Unlock()
	redelivered := 0
	for _, n := range rc.deliveries {
		if n > 1 {
			redelivered++
		}
	}
	for _, p := range list.Items {
		keys := rc.keysByText[p.Text]
		if len(keys) != 1 {
			t.Errorf("%q reached the receiver under %d keys (want exactly 1): published %d times", p.Text, len(keys), len(keys))
			continue
		}
		for k := range keys {
			if v := p.Variants[0]; v.ExternalID != "msg-"+k {
				t.Errorf("%q: external id %q, want msg-%s", p.Text, v.ExternalID, k)
			}
		}
	}
	if len(rc.keysByText) != posts {
		t.Errorf("receiver saw %d posts, want %d", len(rc.keysByText), posts)
	}
	t.Logf("%d posts: %d deliveries before SIGKILL, %d in all; %d posts delivered twice under the same key (recognised by the receiver) after the restart",
		posts, atKill, rc.total, redelivered)
}

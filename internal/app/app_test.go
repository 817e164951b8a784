package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// testEnv runs commands in-process with a private environment.
type testEnv struct {
	t   *testing.T
	env map[string]string
}

func (e *testEnv) run(ctx context.Context, stdin string, args ...string) (string, string, error) {
	var out, errb bytes.Buffer
	err := Run(ctx, &Env{Args: append([]string{"parvis"}, args...), Getenv: func(k string) string { return e.env[k] },
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return out.String(), errb.String(), err
}

// startServe runs 'parvis serve' on a free port and returns its URL.
func (e *testEnv) startServe(ctx context.Context) string {
	e.t.Helper()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, &Env{Args: []string{"parvis", "serve", "--addr", "127.0.0.1:0"}, Getenv: func(k string) string { return e.env[k] },
			Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard})
		pw.Close()
	}()
	e.t.Cleanup(func() {
		if err := <-done; err != nil {
			e.t.Errorf("serve: %v", err)
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		e.t.Fatalf("serve did not start: %v", err)
	}
	go io.Copy(io.Discard, pr)
	f := strings.Fields(line)
	for _, w := range f {
		if strings.HasPrefix(w, "http://127.0.0.1:") {
			return strings.TrimSuffix(w, "/.")
		}
	}
	e.t.Fatalf("no URL in %q", line)
	return ""
}

// serveAsUser runs 'parvis serve' on the engine ("sqlite" or "postgres")
// after creating an administrator ada@example.org and an API token with
// the CLI; it returns the environment, the server URL and the token. The
// server stops when ctx ends.
func serveAsUser(t *testing.T, ctx context.Context, engine string) (*testEnv, string, string) {
	t.Helper()
	dir := t.TempDir()
	e := &testEnv{t: t, env: map[string]string{"PARVIS_DATA_DIR": filepath.Join(dir, "data"), "PARVIS_LOG_LEVEL": "warn"}}
	if engine == "postgres" {
		e.env["PARVIS_DATABASE_URL"] = storetest.NewPostgresDatabase(t)
		e.env["PARVIS_SECRET_KEY"] = strings.Repeat("ab", 32)
	}
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	if _, _, err := e.run(ctx, "", "user", "create", "--email", "ada@example.org", "--password-file", pw); err != nil {
		t.Fatal(err)
	}
	out, _, err := e.run(ctx, "", "token", "create", "--email", "ada@example.org", "--name", "ci")
	if err != nil {
		t.Fatal(err)
	}
	return e, e.startServe(ctx), strings.TrimSpace(out)
}

func call(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v map[string]any
	b, _ := io.ReadAll(res.Body)
	if len(b) > 0 {
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s %s: not JSON: %s", method, url, b)
		}
	}
	return res.StatusCode, v
}

// TestCLIAndAPIEndToEnd is the foundation's acceptance test: the CLI
// creates a user and a token, and the API works with that token, on the
// embedded SQLite and on PostgreSQL.
func TestCLIAndAPIEndToEnd(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			e := &testEnv{t: t, env: map[string]string{"PARVIS_DATA_DIR": filepath.Join(dir, "data"), "PARVIS_LOG_LEVEL": "warn"}}
			if engine == "postgres" {
				e.env["PARVIS_DATABASE_URL"] = storetest.NewPostgresDatabase(t)
				e.env["PARVIS_SECRET_KEY"] = strings.Repeat("ab", 32)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			pw := filepath.Join(dir, "pw")
			os.WriteFile(pw, []byte("a long enough password\n"), 0o600)

			out, _, err := e.run(ctx, "", "user", "create", "--email", "ada@example.org", "--password-file", pw, "--admin")
			if err != nil || !strings.Contains(out, "created administrator ada@example.org") {
				t.Fatalf("user create: %q %v", out, err)
			}
			_, _, err = e.run(ctx, "", "user", "create", "--email", "ada@example.org", "--password-file", pw)
			if err == nil || !strings.Contains(err.Error(), "already exists") {
				t.Fatalf("duplicate user: %v", err)
			}
			out, _, err = e.run(ctx, "", "token", "create", "--email", "ada@example.org", "--name", "ci")
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			token := lines[len(lines)-1]
			if !strings.HasPrefix(token, "pvs_") || len(lines) != 1 {
				t.Fatalf("token create printed %q", out)
			}

			base := e.startServe(ctx)
			if code, _ := call(t, "GET", base+"/api/v1/me", "", ""); code != 401 {
				t.Fatalf("no token: %d", code)
			}
			if code, _ := call(t, "GET", base+"/api/v1/me", "pvs_wrong", ""); code != 401 {
				t.Fatalf("bad token: %d", code)
			}
			code, me := call(t, "GET", base+"/api/v1/me", token, "")
			if code != 200 || me["email"] != "ada@example.org" {
				t.Fatalf("me: %d %v", code, me)
			}
			code, ws := call(t, "POST", base+"/api/v1/workspaces", token, `{"name":"Mairie de Lyon","time_zone":"Europe/Paris","language":"fr"}`)
			if code != 201 || ws["slug"] != "mairie-de-lyon" {
				t.Fatalf("create workspace: %d %v", code, ws)
			}
			code, body := call(t, "POST", base+"/api/v1/workspaces", token, `{"name":"x","time_zone":7}`)
			if code != 400 || body["error"].(map[string]any)["field"] != "time_zone" {
				t.Fatalf("wrong type: %d %v", code, body)
			}
			code, body = call(t, "POST", base+"/api/v1/workspaces", token, `{"name":"x","colour":"red"}`)
			if code != 400 || body["error"].(map[string]any)["field"] != "colour" {
				t.Fatalf("unknown field: %d %v", code, body)
			}
			code, body = call(t, "POST", base+"/api/v1/workspaces", token, `{"name":`)
			if code != 400 || body["error"].(map[string]any)["code"] != "invalid_json" {
				t.Fatalf("malformed: %d %v", code, body)
			}
			code, body = call(t, "PATCH", base+"/api/v1/workspaces/mairie-de-lyon", token, `{"time_zone":"America/Montreal"}`)
			if code != 200 || body["time_zone"] != "America/Montreal" {
				t.Fatalf("patch: %d %v", code, body)
			}
			code, body = call(t, "GET", base+"/api/v1/workspaces", token, "")
			if code != 200 || len(body["items"].([]any)) != 1 {
				t.Fatalf("list: %d %v", code, body)
			}
			code, body = call(t, "POST", base+"/api/v1/workspaces/mairie-de-lyon/members", token, `{"email":"bob@example.org","role":"viewer"}`)
			if code != 202 || !strings.Contains(body["url"].(string), "/invite/") {
				t.Fatalf("invite: %d %v", code, body)
			}
			code, body = call(t, "GET", base+"/api/v1/workspaces/mairie-de-lyon/members", token, "")
			if code != 200 || len(body["items"].([]any)) != 1 {
				t.Fatalf("members: %d %v", code, body)
			}
			code, body = call(t, "GET", base+"/api/v1/workspaces/mairie-de-lyon/audit?limit=2", token, "")
			if code != 200 || len(body["items"].([]any)) != 2 || body["next_cursor"] == nil {
				t.Fatalf("audit: %d %v", code, body)
			}
			code, body = call(t, "GET", base+"/api/v1/workspaces/mairie-de-lyon/audit?cursor="+body["next_cursor"].(string), token, "")
			if code != 200 || len(body["items"].([]any)) != 1 {
				t.Fatalf("audit page 2: %d %v", code, body)
			}
			if code, _ := call(t, "GET", base+"/api/v1/workspaces/nope", token, ""); code != 404 {
				t.Fatalf("unknown workspace: %d", code)
			}
			// Listening: a webhook source, an import from the CLI, items through the API.
			code, src := call(t, "POST", base+"/api/v1/workspaces/mairie-de-lyon/sources", token, `{"type":"webhook","name":"Formulaire"}`)
			if code != 201 || !strings.Contains(src["webhook_url"].(string), "/hooks/") {
				t.Fatalf("create webhook source: %d %v", code, src)
			}
			hook := base + src["webhook_url"].(string)[strings.Index(src["webhook_url"].(string), "/hooks/"):]
			code, body = call(t, "POST", hook, "", "{\"text\":\"La grève des bus, encore !\",\"external_id\":\"w1\"}\n{\"text\":\"Merci pour l'accueil\"}")
			if code != 202 || body["inserted"].(float64) != 2 {
				t.Fatalf("webhook: %d %v", code, body)
			}
			// The same items again: nothing changed, nothing updated; one
			// edited: updated.
			code, body = call(t, "POST", hook, "", "{\"text\":\"La grève des bus, encore !\",\"external_id\":\"w1\"}\n{\"text\":\"Merci pour l'accueil\"}")
			if code != 202 || body["inserted"].(float64) != 0 || body["updated"].(float64) != 0 || body["duplicates"].(float64) != 2 {
				t.Fatalf("webhook again: %d %v", code, body)
			}
			code, body = call(t, "POST", hook, "", "{\"text\":\"La grève des bus, encore et toujours !\",\"external_id\":\"w1\"}")
			if code != 202 || body["inserted"].(float64) != 0 || body["updated"].(float64) != 1 || body["duplicates"].(float64) != 0 {
				t.Fatalf("webhook edit: %d %v", code, body)
			}
			code, body = call(t, "POST", hook, "", "{\"text\":\"ok\"}\n{\"text\":\"bad\",\"created_at\":\"hier\"}")
			if code != 400 || body["error"].(map[string]any)["field"] != "created_at" || !strings.Contains(body["error"].(map[string]any)["message"].(string), "line 2") {
				t.Fatalf("bad webhook line: %d %v", code, body)
			}
			code, body = call(t, "POST", base+"/api/v1/workspaces/mairie-de-lyon/sources", token, `{"type":"feed","name":"Local","config":{"url":"http://127.0.0.1:9/feed"}}`)
			if code != 400 || body["error"].(map[string]any)["field"] != "config.url" {
				t.Fatalf("feed on loopback: %d %v", code, body)
			}
			jsonl := filepath.Join(dir, "items.jsonl")
			os.WriteFile(jsonl, []byte("{\"text\":\"Super concert hier soir #Lyon\",\"author\":{\"handle\":\"ada\"}}\n{\"text\":3}\n"), 0o600)
			out, errOut, err := e.run(ctx, "", "import", "--workspace", "mairie-de-lyon", jsonl)
			if err != nil || strings.TrimSpace(out) != "imported 1, duplicates 0, rejected 1" || !strings.Contains(errOut, "line 2: text:") {
				t.Fatalf("import: %q %q %v", out, errOut, err)
			}
			code, body = call(t, "GET", base+"/api/v1/workspaces/mairie-de-lyon/items?q=greve", token, "")
			if code != 200 || len(body["items"].([]any)) != 1 {
				t.Fatalf("search: %d %v", code, body)
			}
			code, body = call(t, "GET", base+"/api/v1/workspaces/mairie-de-lyon/items?limit=2", token, "")
			if code != 200 || len(body["items"].([]any)) != 2 || body["next_cursor"] == nil {
				t.Fatalf("items page: %d %v", code, body)
			}
			code, body = call(t, "GET", base+"/api/v1/workspaces/mairie-de-lyon/items?since=yesterday", token, "")
			if code != 400 || body["error"].(map[string]any)["field"] != "since" {
				t.Fatalf("bad since: %d %v", code, body)
			}
			// Language and sentiment filters: a hint's region is dropped
			// on ingest and in the filter; the filters give what the
			// items say; a filter naming no language is refused.
			code, body = call(t, "POST", hook, "", `{"text":"Great concert last night, thank you so much!","lang":"en-GB","external_id":"w3"}`)
			if code != 202 || body["inserted"].(float64) != 1 {
				t.Fatalf("webhook with a language: %d %v", code, body)
			}
			code, body = call(t, "GET", base+"/api/v1/workspaces/mairie-de-lyon/items?limit=200", token, "")
			if code != 200 {
				t.Fatalf("all items: %d %v", code, body)
			}
			wantFrPos := 0
			for _, it := range body["items"].([]any) {
				m := it.(map[string]any)
				if m["lang"] == "fr" && m["sentiment"].(map[string]any)["label"] == "positive" {
					wantFrPos++
				}
			}
			for _, tc := range []struct {
				query string
				want  int
			}{{"lang=en-GB", 1}, {"lang=EN", 1}, {"lang=fr&sentiment=Positive", wantFrPos}, {"lang=und", 0}} {
				code, body = call(t, "GET", base+"/api/v1/workspaces/mairie-de-lyon/items?"+tc.query, token, "")
				if code != 200 || len(body["items"].([]any)) != tc.want {
					t.Fatalf("items?%s: %d %v, want %d items", tc.query, code, body, tc.want)
				}
			}
			if wantFrPos == 0 {
				t.Fatalf("no positive French item among %v", body)
			}
			code, body = call(t, "GET", base+"/api/v1/workspaces/mairie-de-lyon/items?lang=english", token, "")
			if code != 400 || body["error"].(map[string]any)["field"] != "lang" {
				t.Fatalf("bad lang: %d %v", code, body)
			}

			if code, _ := call(t, "DELETE", base+"/api/v1/workspaces/mairie-de-lyon", token, ""); code != 204 {
				t.Fatalf("delete: %d", code)
			}
			code, body = call(t, "GET", base+"/readyz", "", "")
			if an, _ := body["analysis"].(map[string]any); code != 200 || an["version"] != float64(ingest.AnalysisVersion) || an["stored"] != float64(ingest.AnalysisVersion) || an["reading"] != nil {
				t.Fatalf("readyz: %d %v, want the stored items analysed by version %d and no reading", code, body, ingest.AnalysisVersion)
			}
			res, err := http.Get(base + "/metrics")
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("metrics: %v", err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if !bytes.Contains(b, []byte("parvis_http_requests_total")) {
				t.Fatal("metrics lack parvis_http_requests_total")
			}
			cancel()
		})
	}
}

func TestBodiesAreSizeLimited(t *testing.T) {
	dir := t.TempDir()
	e := &testEnv{t: t, env: map[string]string{"PARVIS_DATA_DIR": dir, "PARVIS_LOG_LEVEL": "error", "PARVIS_MAX_BODY_BYTES": "2048"}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long enough password"), 0o600)
	if _, _, err := e.run(ctx, "", "user", "create", "--email", "a@example.org", "--password-file", pw); err != nil {
		t.Fatal(err)
	}
	out, _, _ := e.run(ctx, "", "token", "create", "--email", "a@example.org", "--name", "t")
	token := strings.TrimSpace(out)
	base := e.startServe(ctx)
	code, body := call(t, "POST", base+"/api/v1/workspaces", token, `{"name":"`+strings.Repeat("x", 4000)+`"}`)
	if code != 413 {
		t.Fatalf("oversized body: %d %v", code, body)
	}
}

func TestConfigErrorsNameTheSetting(t *testing.T) {
	cases := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"PARVIS_ADDR": "nonsense"}, nil, "PARVIS_ADDR"},
		{map[string]string{"PARVIS_WORKERS": "0"}, nil, "PARVIS_WORKERS"},
		{map[string]string{"PARVIS_DATABASE_URL": "mysql://x"}, nil, "PARVIS_DATABASE_URL"},
		{nil, []string{"--log-level", "loud"}, "log-level"},
		{nil, []string{"--no-such-flag"}, "no-such-flag"},
		{map[string]string{"PARVIS_FETCH_ALLOW_NETWORKS": "10.0.0.0/8,banana"}, nil, "banana"},
	}
	for _, c := range cases {
		e := &testEnv{t: t, env: c.env}
		if e.env == nil {
			e.env = map[string]string{}
		}
		e.env["PARVIS_DATA_DIR"] = t.TempDir()
		_, _, err := e.run(context.Background(), "", append([]string{"migrate"}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v %v: got %v, want an error naming %s", c.env, c.args, err, c.want)
		}
	}
	// An unknown PARVIS_ variable stops start-up.
	t.Setenv("PARVIS_TYPO_ADDR", "x")
	e := &testEnv{t: t, env: map[string]string{"PARVIS_TYPO_ADDR": "x", "PARVIS_DATA_DIR": t.TempDir()}}
	if _, _, err := e.run(context.Background(), "", "migrate"); err == nil || !strings.Contains(err.Error(), "PARVIS_TYPO_ADDR") {
		t.Fatalf("unknown variable: %v", err)
	}
}

func TestSecretKeyFileIsCreatedPrivate(t *testing.T) {
	dir := t.TempDir()
	e := &testEnv{t: t, env: map[string]string{"PARVIS_DATA_DIR": dir}}
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long enough password"), 0o600)
	if _, _, err := e.run(context.Background(), "", "user", "create", "--email", "a@example.org", "--password-file", pw); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "secret.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret.key: %v %v", st, err)
	}
}

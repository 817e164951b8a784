package app

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/store"
)

// TestReanalyzeCommand: items an older version analysed (stale language,
// sentiment, entities and search words) are read again by 'parvis
// reanalyze' while the server runs, on both engines: a dry run counts
// and writes nothing, a run writes what changed (a language given as a
// hint stays, and its sentiment is read in that language), the API then filters and searches by the new analysis,
// and a second run changes nothing.
func TestReanalyzeCommand(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			e, base, token := serveAsUser(t, ctx, engine)
			if code, ws := call(t, "POST", base+"/api/v1/workspaces", token, `{"name":"Acme","time_zone":"Europe/Paris","language":"fr"}`); code != 201 {
				t.Fatalf("workspace: %d %v", code, ws)
			}
			api := base + "/api/v1/workspaces/acme"
			jsonl := filepath.Join(t.TempDir(), "items.jsonl")
			os.WriteFile(jsonl, []byte(`{"external_id":"1","text":"Trop bien ce concert hier soir, merci 😍 #FeteDesLumieres","author":{"handle":"ada"}}`+"\n"+
				`{"external_id":"2","text":"la grève continue, c'est nul","lang":"es","author":{"handle":"bob"}}`+"\n"), 0o600)
			if out, errOut, err := e.run(ctx, "", "import", "--workspace", "acme", jsonl); err != nil || strings.TrimSpace(out) != "imported 2, duplicates 0, rejected 0" {
				t.Fatalf("import: %q %q %v", out, errOut, err)
			}
			db, err := store.Open(ctx, store.Options{URL: e.env["PARVIS_DATABASE_URL"], DataDir: e.env["PARVIS_DATA_DIR"]})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Q().Exec(ctx, `UPDATE items SET lang = CASE WHEN lang_confidence = 1 THEN lang ELSE 'it' END,
				lang_confidence = CASE WHEN lang_confidence = 1 THEN 1 ELSE 0.5 END, sentiment = 'negative', sentiment_score = -0.9, entities = '', search_text = 'stale'`); err != nil {
				t.Fatal(err)
			}
			count := func(query string) int {
				t.Helper()
				code, body := call(t, "GET", api+"/items?"+query, token, "")
				if code != 200 {
					t.Fatalf("items?%s: %d %v", query, code, body)
				}
				return len(body["items"].([]any))
			}
			current := fmt.Sprintf("stored items analysed by version %d, this one's: nothing to read", ingest.AnalysisVersion)
			if out, _, err := e.run(ctx, "", "reanalyze", "--status"); err != nil || strings.TrimSpace(out) != current {
				t.Errorf("--status: %q (%v), want %q", out, err, current)
			}
			const stale = "2 items read; 2 changed (language 1, sentiment 2, entities 1, search words 2)"
			out, _, err := e.run(ctx, "", "reanalyze", "--dry-run")
			if err != nil || strings.TrimSpace(out) != stale+"; dry run, nothing written" {
				t.Fatalf("dry run: %q %v", out, err)
			}
			if n := count("sentiment=negative"); n != 2 {
				t.Errorf("after a dry run, %d negative items; want the 2 stale ones", n)
			}
			out, _, err = e.run(ctx, "", "reanalyze", "--workspace", "acme")
			if err != nil || strings.TrimSpace(out) != stale+"; 2 written" {
				t.Fatalf("reanalyze: %q %v", out, err)
			}
			for query, want := range map[string]int{"lang=fr&sentiment=positive": 1, "lang=es": 1, "lang=it": 0,
				"sentiment=negative": 0, "q=concert": 1, "q=greve": 1, "q=fetedeslumieres": 1, "q=stale": 0} {
				if n := count(query); n != want {
					t.Errorf("items?%s: %d items, want %d", query, n, want)
				}
			}
			_, body := call(t, "GET", api+"/items?q=concert", token, "")
			ents, _ := json.Marshal(body["items"].([]any)[0].(map[string]any)["entities"])
			if !strings.Contains(strings.ToLower(string(ents)), `"fetedeslumieres"`) || !strings.Contains(string(ents), "😍") {
				t.Errorf("entities of the concert post: %s", ents)
			}
			out, _, err = e.run(ctx, "", "reanalyze")
			if err != nil || strings.TrimSpace(out) != "2 items read; 0 changed (language 0, sentiment 0, entities 0, search words 0); 0 written" {
				t.Errorf("second run: %q %v", out, err)
			}
			// A whole run records the version: serve will not read them again.
			if v, _, err := db.Q().Setting(ctx, "analysis_version"); err != nil || v != strconv.Itoa(ingest.AnalysisVersion) {
				t.Errorf("analysis_version = %q (%v), want %d", v, err, ingest.AnalysisVersion)
			}
			// A database another version analysed, whose server has not
			// started since.
			if err := db.Q().PutSetting(ctx, "analysis_version", "1"); err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("stored items analysed by version 1; this server's analysis is version %d; no reading queued (serve queues one when it starts; or run parvis reanalyze)", ingest.AnalysisVersion)
			if out, _, err := e.run(ctx, "", "reanalyze", "--status"); err != nil || strings.TrimSpace(out) != want {
				t.Errorf("--status: %q (%v), want %q", out, err, want)
			}
			// Languages given as hints are detected again on request.
			out, _, err = e.run(ctx, "", "reanalyze", "--redetect-languages", "--dry-run")
			if err != nil || !strings.HasPrefix(out, "2 items read; 1 changed (language 1,") {
				t.Errorf("--redetect-languages: %q %v", out, err)
			}
			if _, _, err := e.run(ctx, "", "reanalyze", "--workspace", "nope"); err == nil || !strings.Contains(err.Error(), "--workspace nope") {
				t.Errorf("unknown workspace: %v", err)
			}
		})
	}
}

// TestReanalyzeStatusOfAnEmptyDatabase: a database without items has
// nothing to read, whatever version is recorded (none, before serve's
// first start).
func TestReanalyzeStatusOfAnEmptyDatabase(t *testing.T) {
	e := &testEnv{t: t, env: map[string]string{"PARVIS_DATA_DIR": filepath.Join(t.TempDir(), "data"), "PARVIS_LOG_LEVEL": "warn"}}
	if out, _, err := e.run(context.Background(), "", "reanalyze", "--status"); err != nil || strings.TrimSpace(out) != "no stored items: nothing to read" {
		t.Errorf("--status: %q (%v)", out, err)
	}
}

// TestDescribeAnalysisState: what --status says in each state, the
// failed reading's error included (/readyz keeps it to itself).
func TestDescribeAnalysisState(t *testing.T) {
	for _, c := range []struct {
		st   ingest.AnalysisState
		want string
	}{
		{ingest.AnalysisState{Version: 7, Stored: 7}, "stored items analysed by version 7, this one's: nothing to read"},
		{ingest.AnalysisState{Version: 7}, "stored items analysed by no recorded version; this server's analysis is version 7; no reading queued (serve queues one when it starts; or run parvis reanalyze)"},
		{ingest.AnalysisState{Version: 7, Stored: 6, Reading: "failed", ReadThrough: 120000, LastError: "database unreachable"},
			"stored items analysed by version 6; this server's analysis is version 7; reading failed, read through item 120000; last error: database unreachable"},
		{ingest.AnalysisState{Version: 7, Stored: 6, Reading: "running"}, "stored items analysed by version 6; this server's analysis is version 7; reading running"},
		{ingest.AnalysisState{Version: 7, Stored: 8}, "stored items analysed by version 8; this server's analysis is version 7: a newer server's, which this one leaves alone"},
	} {
		if got := describeAnalysisState(c.st); got != c.want {
			t.Errorf("%+v:\n got %q\nwant %q", c.st, got, c.want)
		}
	}
}

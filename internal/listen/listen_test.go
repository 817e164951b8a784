package listen_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/all"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/workspace"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

type fixture struct {
	db     *store.DB
	clock  *clock.Fake
	listen *listen.Service
	jobs   *jobs.Queue
	ws     model.Workspace
	wss    *workspace.Service
	owner  context.Context
	viewer context.Context
}

func buildListen(t *testing.T, db *store.DB, fc *clock.Fake, wss *workspace.Service, q *jobs.Queue, allow ...netip.Prefix) *listen.Service {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	engine, err := text.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	p := ingest.New(db, fc, log)
	p.AddEnricher(ingest.NewTextEnricher(engine))
	reg := connector.NewRegistry()
	all.Register(reg)
	box, _ := secret.NewBox(make([]byte, 32))
	return listen.New(listen.Options{DB: db, Workspaces: wss, Pipeline: p, Registry: reg, Box: box, Jobs: q, Clock: fc, Log: log,
		AllowNetworks: allow, BaseURL: "http://parvis.test"})
}

func newFixture(t *testing.T, db *store.DB, fc *clock.Fake, allow ...netip.Prefix) *fixture {
	t.Helper()
	as := auth.NewService(db, fc, auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}})
	wss := workspace.NewService(db, as, fc)
	q := jobs.New(db, fc, slog.New(slog.DiscardHandler))
	ls := buildListen(t, db, fc, wss, q, allow...)
	sys := auth.SystemContext(context.Background(), "test")
	owner, _ := as.CreateUser(sys, auth.NewUser{Email: "owner@example.org", Password: "long password 1"})
	viewer, _ := as.CreateUser(sys, auth.NewUser{Email: "viewer@example.org", Password: "long password 2"})
	f := &fixture{db: db, clock: fc, listen: ls, jobs: q, wss: wss,
		owner:  auth.WithActor(context.Background(), &auth.Actor{User: owner}),
		viewer: auth.WithActor(context.Background(), &auth.Actor{User: viewer})}
	var err error
	f.ws, err = wss.Create(f.owner, workspace.Input{Name: "Ville de Lyon", Slug: "lyon"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wss.AddMember(f.owner, "lyon", "viewer@example.org", "viewer"); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) items(t *testing.T, iq listen.ItemQuery) []model.Item {
	t.Helper()
	p, err := f.listen.Items(f.viewer, "lyon", iq)
	if err != nil {
		t.Fatal(err)
	}
	return p.Items
}

// TestSearchMatchesTheIndexedWords: what the tokenizer writes in the
// search text and what a search splits the query into agree, on both
// engines: possessives, handles, addresses and decimals.
func TestSearchMatchesTheIndexedWords(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		in := strings.Join([]string{
			`{"external_id":"a","text":"John's bike is great"}`,
			`{"external_id":"b","text":"Merci @bob@mastodon.social et @alice.bsky.social pour les 1.000 participants"}`,
			`{"external_id":"c","text":"Rendez-vous à l'Hôtel de Ville, 14h30"}`,
			// Escapes an API left in the text are read as the analysis
			// reads them.
			`{"external_id":"d","text":"Je t&#39;aime &lt;3 #Gr\\u00e8veSNCF AT&amp;T"}`,
			// Every spelling of a hashtag is found by every other.
			`{"external_id":"e","text":"Soutien #GREVESNCF 🔥"}`,
			`{"external_id":"f","text":"#grevesncf https://www.sncf.com/fr/trafic"}`,
			// Spacing vowel signs are part of a word (PostgreSQL cut it).
			`{"external_id":"g","text":"हिन्दी समाचार"}`,
			`{"external_id":"h","text":"Trafic perturbé","author":"SNCF_Voyageurs"}`,
			`{"external_id":"i","text":"Bonjour","author":"Élodie_M"}`,
			// An elongated word is found by the word written right.
			`{"external_id":"j","text":"Allllez l'OM, c'était goooood"}`,
			// Greek final sigma is sigma, whatever the case; accents go.
			`{"external_id":"k","text":"ΟΔΟΣ ΚΛΕΙΣΤΗ"}`,
			`{"external_id":"l","text":"Η οδός είναι κλειστή"}`,
			// An apostrophe typed as an acute accent or a backtick.
			`{"external_id":"m","text":"c´est l` + "`" + `hôtel"}`,
			// The full-width signs of Chinese and Japanese keyboards.
			`{"external_id":"n","text":"＃GreveSNCF ＠Ratp"}`,
		}, "\n")
		if _, err := f.listen.Import(f.owner, "lyon", strings.NewReader(in), listen.ImportOptions{Format: "jsonl"}, nil); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]string{
			"John's": "a", "john’s bike": "a", "john": "a", "bike's": "a",
			"bob@mastodon.social": "b", "@bob@mastodon.social": "b", "bob": "b", "mastodon.social": "b",
			"alice.bsky.social": "b", "1.000": "b", "1.000 participants": "b",
			"l'hôtel": "c,m", "hotel de ville": "c", "rendez-vous": "c", "14h30": "c",
			"bob's": "b", "johns": "", "s": "",
			"greve": "d,n", "sncf": "d,n", "aime": "d", "amp": "", "u00e8ve": "",
			"#GreveSNCF": "d,e,f,n", "#grevesncf": "d,e,f,n", "#GrèveSN*": "d,e,f,n", "grevesncf": "d,e,f,n", "＃grevesncf": "d,e,f,n", "ratp": "n", "🔥 soutien": "e", "हिन्दी": "g", "समाचार": "g", "allez": "j", "good": "j", "god": "j", "οδος": "k,l", "Οδός": "k,l", "κλειστη": "k,l",
			"c'est": "m", "hotel": "c,m",
		} {
			var got []string
			for _, it := range f.items(t, listen.ItemQuery{Q: q}) {
				got = append(got, it.ExternalID)
			}
			slices.Sort(got)
			if strings.Join(got, ",") != want {
				t.Errorf("q=%q: found %v, want %q", q, got, want)
			}
		}
		// The author filter takes a handle whatever its case, with or
		// without its @.
		for a, want := range map[string]string{"sncf_voyageurs": "h", "@SNCF_VOYAGEURS": "h", "SNCF_Voyageurs": "h",
			// Only ASCII letters are lowered, alike on both engines.
			"Élodie_m": "i", "Élodie_M": "i", "élodie_m": ""} {
			var got []string
			for _, it := range f.items(t, listen.ItemQuery{Author: a}) {
				got = append(got, it.ExternalID)
			}
			if strings.Join(got, ",") != want {
				t.Errorf("author=%q: found %v, want %q", a, got, want)
			}
		}
		// A search of no word is refused: it would list every item.
		for _, q := range []string{"🔥", "https://www.sncf.com/fr/trafic", ":)"} {
			var ae *apperr.Error
			if _, err := (listen.ItemQuery{Q: q}).ToFilter(1); !errors.As(err, &ae) || ae.Field != "q" {
				t.Errorf("q=%q: %v, want an error on q", q, err)
			}
		}
	})
}

// TestReingestKeepsAGivenLanguage: a language given as a hint stays when
// the same text comes again without one (new metrics from another
// source), a new hint replaces it, and a new text is read afresh.
func TestReingestKeepsAGivenLanguage(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		const text = "Franchement le concert d'hier soir était génial, merci à toute l'équipe"
		for i, step := range []struct{ line, lang string }{
			{`{"external_id":"h","text":"` + text + `","lang":"pt-BR"}`, "pt"},
			{`{"external_id":"h","text":"` + text + `","metrics":{"likes":5}}`, "pt"},
			{`{"external_id":"h","text":"` + text + `","metrics":{"likes":5},"lang":"it"}`, "it"},
			{`{"external_id":"h","text":"` + text + ` (édité)","metrics":{"likes":6}}`, "fr"},
		} {
			if _, err := f.listen.Import(f.owner, "lyon", strings.NewReader(step.line), listen.ImportOptions{Format: "jsonl"}, nil); err != nil {
				t.Fatal(err)
			}
			items := f.items(t, listen.ItemQuery{})
			if len(items) != 1 || items[0].Lang != step.lang {
				t.Fatalf("step %d: %d items, lang %q, want %q", i+1, len(items), items[0].Lang, step.lang)
			}
		}
	})
}

func TestImportDedupeSearchAndFilters(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		in := strings.Join([]string{
			`{"external_id":"1","text":"La GRÈVE des bus continue, c'est vraiment nul","author":{"handle":"@ada","followers":2000},"created_at":"2026-11-20T08:00:00Z","lang":"fr","metrics":{"likes":3}}`,
			`{"external_id":"2","text":"Loving the new tram line! Great job #Lyon","created_at":"2026-11-20T09:00:00Z"}`,
			`{"text":"Une œuvre magnifique au musée, j'adore !","created_at":"2026-11-20T10:00:00Z"}`,
			`{"text":12}`,
			``,
			`{"external_id":"1","text":"La GRÈVE des bus continue, c'est vraiment nul (édité)","metrics":{"likes":9},"lang":"fr"}`,
			`{"text":"Une œuvre magnifique au musée, j'adore !","created_at":"2026-11-20T10:00:00Z"}`,
			`{"title":"<b>Bilan</b> &amp; perspectives","url":"javascript:alert(1)"}`,
		}, "\n")
		var rejects []string
		res, err := f.listen.Import(f.owner, "lyon", strings.NewReader(in), listen.ImportOptions{Format: "jsonl", BatchSize: 3},
			func(line int, err error) { rejects = append(rejects, fmt.Sprintf("%d:%v", line, err)) })
		if err != nil {
			t.Fatal(err)
		}
		if res.Imported != 3 || res.Duplicates != 2 || res.Rejected != 2 {
			t.Fatalf("result %+v, rejects %v", res, rejects)
		}
		if len(rejects) != 2 || !strings.HasPrefix(rejects[0], "4:") || !strings.Contains(rejects[0], "text") ||
			!strings.HasPrefix(rejects[1], "8:") || !strings.Contains(rejects[1], "url") {
			t.Fatalf("rejects %v", rejects)
		}
		// Re-ingesting updates edits and metrics, never duplicates.
		all := f.items(t, listen.ItemQuery{})
		if len(all) != 3 {
			t.Fatalf("%d items stored, want 3", len(all))
		}
		var bus model.Item
		for _, it := range all {
			if it.ExternalID == "1" {
				bus = it
			}
		}
		if bus.Metrics.Likes != 9 || !strings.Contains(bus.Text, "(édité)") || bus.Author.Handle != "ada" || *bus.Author.Followers != 2000 {
			t.Fatalf("re-ingested item %+v", bus)
		}
		if bus.Sentiment == nil || bus.Sentiment.Label != "negative" || bus.Lang != "fr" {
			t.Fatalf("enrichment: lang %q sentiment %+v", bus.Lang, bus.Sentiment)
		}
		// Full-text search ignores case and accents, in both directions.
		for q, want := range map[string]int{"greve": 1, "GRÈVE bus": 1, "oeuvre": 1, "œuvre": 1, "musee": 1, "tram*": 1, "lyon": 1, "nothing-here": 0, `"); DROP TABLE items; --`: 0} {
			if got := len(f.items(t, listen.ItemQuery{Q: q})); got != want {
				t.Errorf("q=%q: %d items, want %d", q, got, want)
			}
		}
		if got := f.items(t, listen.ItemQuery{Lang: "en"}); len(got) != 1 || got[0].ExternalID != "2" {
			t.Errorf("lang=en: %+v", got)
		}
		if got := f.items(t, listen.ItemQuery{Sentiment: "positive"}); len(got) != 2 {
			t.Errorf("sentiment=positive: %d items", len(got))
		}
		// Cursor pagination walks every item once, newest first.
		var seen []string
		cursor := ""
		for {
			p, err := f.listen.Items(f.viewer, "lyon", listen.ItemQuery{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range p.Items {
				seen = append(seen, it.ExternalID)
			}
			if p.NextCursor == "" {
				break
			}
			cursor = p.NextCursor
		}
		if len(seen) != 3 || seen[2] != "1" {
			t.Fatalf("pages gave %v", seen)
		}
		// Viewers read; they cannot import.
		_, err = f.listen.Import(f.viewer, "lyon", strings.NewReader(`{"text":"x"}`), listen.ImportOptions{Format: "jsonl"}, nil)
		if !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("viewer import: %v", err)
		}
	})
}

func TestCSVImportWithMapping(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	csvIn := "\ufeffid,message,user,date,likes\n" +
		"10,\"Bravo à l'équipe, super accueil\",ada,2026-11-19 10:00:00,4\n" +
		"11,\"multi\nline\",bob,not a date,1\n" +
		"12,Horrible attente,carl,2026-11-19,many\n" +
		"13,OK,dan,1763546400,0\n"
	m, err := listen.ParseMapping("external_id=id,text=message,author.handle=user,created_at=date,metrics.likes=likes")
	if err != nil {
		t.Fatal(err)
	}
	var rejects []string
	res, err := f.listen.Import(f.owner, "lyon", strings.NewReader(csvIn), listen.ImportOptions{Format: "csv", Mapping: m},
		func(line int, err error) { rejects = append(rejects, fmt.Sprintf("%d:%v", line, err)) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 2 || res.Rejected != 2 {
		t.Fatalf("%+v %v", res, rejects)
	}
	if !strings.HasPrefix(rejects[0], "3:") || !strings.Contains(rejects[0], "created_at") || !strings.HasPrefix(rejects[1], "5:") || !strings.Contains(rejects[1], "metrics.likes") {
		t.Fatalf("rejects %v", rejects)
	}
	if _, err := listen.ParseMapping("txt=message"); err == nil {
		t.Fatal("unknown field accepted in mapping")
	}
	_, err = f.listen.Import(f.owner, "lyon", strings.NewReader("a,b\n1,2\n"), listen.ImportOptions{Format: "csv"}, nil)
	if e := apperr.As(err); e.Kind != apperr.KindInvalid || !strings.Contains(e.Msg, "text") {
		t.Fatalf("csv without text column: %v", err)
	}
}

func TestWebhookSource(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		src, err := f.listen.CreateSource(f.owner, "lyon", listen.SourceInput{Type: "webhook", Name: "Zapier", Config: json.RawMessage(`{"secret":"s3cret"}`)})
		if err != nil {
			t.Fatal(err)
		}
		token := src.WebhookURL[strings.LastIndex(src.WebhookURL, "/")+1:]
		if !strings.HasPrefix(src.WebhookURL, "http://parvis.test/hooks/") || string(src.Config) != `{"secret":"••••••"}` {
			t.Fatalf("view %+v config %s", src, src.Config)
		}
		body := []byte("{\"text\":\"one\"}\n{\"text\":\"two\",\"kind\":\"review\"}\n")
		if _, err := f.listen.ReceiveWebhook(context.Background(), token, body, ""); !apperr.Is(err, apperr.KindUnauthenticated) {
			t.Fatalf("unsigned: %v", err)
		}
		if _, err := f.listen.ReceiveWebhook(context.Background(), token, body, listen.Sign("wrong", body)); !apperr.Is(err, apperr.KindUnauthenticated) {
			t.Fatalf("badly signed: %v", err)
		}
		res, err := f.listen.ReceiveWebhook(context.Background(), token, body, listen.Sign("s3cret", body))
		if err != nil || res.Inserted != 2 {
			t.Fatalf("signed: %+v %v", res, err)
		}
		bad := []byte("{\"text\":\"three\"}\n{\"text\":\"four\",\"author\":{\"followers\":\"lots\"}}\n")
		_, err = f.listen.ReceiveWebhook(context.Background(), token, bad, listen.Sign("s3cret", bad))
		if e := apperr.As(err); e.Kind != apperr.KindInvalid || e.Field != "author.followers" || !strings.Contains(e.Msg, "line 2") {
			t.Fatalf("bad line: %v (field %q)", err, e.Field)
		}
		arr := []byte(`[{"text":"a"},{"kind":"tweet","text":"b"}]`)
		_, err = f.listen.ReceiveWebhook(context.Background(), token, arr, listen.Sign("s3cret", arr))
		if e := apperr.As(err); e.Field != "kind" || !strings.Contains(e.Msg, "item 2") {
			t.Fatalf("bad array item: %v", err)
		}
		if n := len(f.items(t, listen.ItemQuery{})); n != 2 {
			t.Fatalf("a rejected delivery wrote items: %d stored", n)
		}
		if _, err := f.listen.ReceiveWebhook(context.Background(), "nope", body, ""); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("unknown token: %v", err)
		}
		// The sender says an item was deleted on its network: its words go.
		stored := f.items(t, listen.ItemQuery{})
		del := []byte(`{"network":"` + stored[0].Network + `","external_id":"` + stored[0].ExternalID + `","deleted":true}`)
		res, err = f.listen.ReceiveWebhook(context.Background(), token, del, listen.Sign("s3cret", del))
		if err != nil || res.Deleted != 1 || res.Inserted != 0 {
			t.Fatalf("deletion: %+v %v", res, err)
		}
		if n := len(f.items(t, listen.ItemQuery{})); n != 1 {
			t.Errorf("%d items listed after the deletion, want 1", n)
		}
		noID := []byte(`{"network":"web","deleted":true}`)
		_, err = f.listen.ReceiveWebhook(context.Background(), token, noID, listen.Sign("s3cret", noID))
		if e := apperr.As(err); e == nil || e.Field != "external_id" {
			t.Fatalf("deletion without an id: %v", err)
		}
	})
}

const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Actus</title><link>https://example.org/</link>
<item><title>Grève &amp; bus</title><link>/actu/1</link><guid>actu-1</guid><description>&lt;p&gt;Les bus sont &lt;b&gt;en grève&lt;/b&gt;&lt;/p&gt;</description><pubDate>Thu, 19 Nov 2026 10:00:00 +0000</pubDate></item>
<item><title>Nouveau tram</title><link>/actu/2</link><guid>actu-2</guid><description>Inauguration</description><pubDate>not a date</pubDate></item>
</channel></rss>`

func TestFeedSourcePollsAsADurableJob(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	loopback := netip.MustParsePrefix("127.0.0.0/8")
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		var hits, notModified atomic.Int32
		var mode atomic.Value
		mode.Store("ok")
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			switch mode.Load().(string) {
			case "down":
				http.Error(w, "boom", http.StatusBadGateway)
				return
			case "gone":
				http.Error(w, "gone", http.StatusGone)
				return
			}
			if r.Header.Get("If-None-Match") == `"v1"` {
				notModified.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(rssFeed))
		}))
		defer srv.Close()

		f := newFixture(t, db, fc, loopback)
		// Without the allow-list, a loopback URL is refused when created.
		strict := buildListen(t, db, fc, f.wss, jobs.New(db, fc, slog.New(slog.DiscardHandler)))
		_, err := strict.CreateSource(f.owner, "lyon", listen.SourceInput{Type: "feed", Name: "f", Config: json.RawMessage(`{"url":"` + srv.URL + `"}`)})
		if e := apperr.As(err); e.Kind != apperr.KindInvalid || e.Field != "config.url" {
			t.Fatalf("loopback feed: %v", err)
		}
		_, err = f.listen.CreateSource(f.owner, "lyon", listen.SourceInput{Type: "feed", Name: "f", Config: json.RawMessage(`{"url":"` + srv.URL + `","bogus":1}`)})
		if e := apperr.As(err); e.Kind != apperr.KindInvalid || !strings.Contains(e.Field, "bogus") {
			t.Fatalf("unknown config field: %v (field %q)", err, e.Field)
		}
		src, err := f.listen.CreateSource(f.owner, "lyon", listen.SourceInput{Type: "feed", Name: "Actus", Config: json.RawMessage(`{"url":"` + srv.URL + `"}`), Interval: "10m"})
		if err != nil {
			t.Fatal(err)
		}
		run := func() {
			t.Helper()
			if _, err := f.jobs.RunDue(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
		}
		run()
		items := f.items(t, listen.ItemQuery{})
		if len(items) != 2 {
			t.Fatalf("first poll stored %d items", len(items))
		}
		for _, it := range items {
			if strings.ContainsAny(it.Text+it.Title, "<>") || !strings.HasPrefix(it.URL, srv.URL+"/actu/") || it.SourceID != src.ID {
				t.Errorf("item not normalised: %+v", it)
			}
		}
		// Not due again before the interval; then a conditional GET.
		run()
		if hits.Load() != 1 {
			t.Fatalf("polled %d times before the interval", hits.Load())
		}
		fc.Advance(10 * time.Minute)
		run()
		if notModified.Load() != 1 || len(f.items(t, listen.ItemQuery{})) != 2 {
			t.Fatalf("second poll: 304s=%d", notModified.Load())
		}
		// Transient failures are recorded and backed off.
		mode.Store("down")
		fc.Advance(10 * time.Minute)
		run()
		v, _ := f.listen.Source(f.viewer, "lyon", src.ID)
		if v.ErrorCount != 1 || !strings.Contains(v.LastError, "502") || !v.Enabled {
			t.Fatalf("after a 502: %+v", v.Source)
		}
		// A permanent error pauses the source with its reason.
		mode.Store("gone")
		fc.Advance(time.Hour)
		run()
		v, _ = f.listen.Source(f.viewer, "lyon", src.ID)
		if v.Enabled || v.PausedReason == "" {
			t.Fatalf("after a 410: enabled=%v reason=%q", v.Enabled, v.PausedReason)
		}
		before := hits.Load()
		fc.Advance(24 * time.Hour)
		run()
		if hits.Load() != before {
			t.Fatal("a paused source was polled")
		}
		if err := f.listen.RunSource(f.owner, "lyon", src.ID); !apperr.Is(err, apperr.KindConflict) {
			t.Fatalf("run a paused source: %v", err)
		}
		// Re-enabling resumes polling at once.
		mode.Store("ok")
		on := true
		if _, err := f.listen.UpdateSource(f.owner, "lyon", src.ID, listen.SourceUpdate{Enabled: &on}); err != nil {
			t.Fatal(err)
		}
		run()
		v, _ = f.listen.Source(f.viewer, "lyon", src.ID)
		if !v.Enabled || v.ErrorCount != 0 || v.LastSuccessAt == nil || hits.Load() != before+1 {
			t.Fatalf("after resume: %+v hits %d", v.Source, hits.Load())
		}
	})
}

// failingReader gives some lines, then fails forever.
type failingReader struct{ data *strings.Reader }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data.Len() > 0 {
		return r.data.Read(p)
	}
	return 0, fmt.Errorf("disk on fire")
}

func TestImportStopsAtAReadError(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	for _, format := range []string{"jsonl", "csv"} {
		in := "{\"text\":\"one\"}\n{\"text\":\"two\"}\n"
		if format == "csv" {
			in = "text\nthree\nfour\n"
		}
		rejected := 0
		res, err := f.listen.Import(f.owner, "lyon", &failingReader{strings.NewReader(in)}, listen.ImportOptions{Format: format},
			func(int, error) { rejected++ })
		if e := apperr.As(err); e.Kind != apperr.KindInvalid || !strings.Contains(e.Msg, "disk on fire") {
			t.Fatalf("%s: got %v", format, err)
		}
		if res.Imported != 2 || rejected != 0 {
			t.Fatalf("%s: %+v, %d rejected", format, res, rejected)
		}
	}
}

// TestKindIsRefinedOnReingest: a post first seen through a search, then as
// a mention through notifications, becomes a mention (and is written again,
// so that the inbox sees it); a mention never goes back to a post.
func TestKindIsRefinedOnReingest(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		imp := func(line string) listen.ImportResult {
			t.Helper()
			res, err := f.listen.Import(f.owner, "lyon", strings.NewReader(line), listen.ImportOptions{Format: "jsonl"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		imp(`{"external_id":"s1","network":"mastodon","text":"@lyon le tram est en panne"}`)
		imp(`{"external_id":"s1","network":"mastodon","kind":"mention","text":"@lyon le tram est en panne"}`)
		imp(`{"external_id":"s1","network":"mastodon","kind":"post","text":"@lyon le tram est en panne"}`)
		items := f.items(t, listen.ItemQuery{})
		if len(items) != 1 || items[0].Kind != model.KindMention {
			t.Fatalf("kind after re-ingest: %+v", items)
		}
	})
}

package query

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestReadQueries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		ids        []string
		err        string
		warn       string
	}{
		{name: "ok", file: "# topics\n\nsncf\tgreve sncf\r\n  \nratp\t\"grève RATP\" OR #ratp\n", ids: []string{"sncf", "ratp"}},
		{name: "bad query", file: "a\tx\n# c\nb\t(greve AND sncf))\n", err: "queries.txt:3: unexpected ')' at column 17"},
		{name: "phrase", file: "a\tx \"open\n", err: "queries.txt:1: unterminated phrase starting at column 3"},
		{name: "no tab", file: "a greve\n", err: "queries.txt:1: expected id<TAB>query"},
		{name: "empty id", file: "\tgreve\n", err: "queries.txt:1: empty query id"},
		{name: "duplicate", file: "a\tx\na\ty\n", err: `queries.txt:2: duplicate query id "a" (first on line 1)`},
		{name: "empty query", file: "a\t \n", err: "queries.txt:1: empty query at column 1"},
		{name: "warning", file: "a\tNOT x\n", ids: []string{"a"}, warn: "queries.txt:1: warning: query a: the query matches items that contain none of its words"},
	}
	for _, tc := range tests {
		var warn bytes.Buffer
		qs, err := ReadQueries("queries.txt", strings.NewReader(tc.file), &warn)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var ids []string
		for _, q := range qs {
			ids = append(ids, q.ID)
		}
		if strings.Join(ids, ",") != strings.Join(tc.ids, ",") {
			t.Errorf("%s: ids %v, want %v", tc.name, ids, tc.ids)
		}
		if !strings.HasPrefix(warn.String(), tc.warn) || (tc.warn == "") != (warn.Len() == 0) {
			t.Errorf("%s: warnings %q, want %q", tc.name, warn.String(), tc.warn)
		}
	}
}

func TestParseItem(t *testing.T) {
	t.Parallel()
	n := int64(1200)
	tests := []struct {
		line string
		want Item
		err  string
	}{
		{line: `{"text":"grève"}`, want: Item{Text: "grève"}},
		{line: `{"id":"a1","text":"x","lang":"fr","author":"@sncf","network":"bluesky","source":"s","kind":"reply","url":"https://e.com","followers":1200,"sentiment":"negative"}`,
			want: Item{ID: json.RawMessage(`"a1"`), Text: "x", Lang: "fr", Author: "@sncf", Network: "bluesky", Source: "s", Kind: "reply", URLs: []string{"https://e.com"}, Followers: &n, Sentiment: "negative"}},
		{line: `{"id": 42, "text":"x","url":["a.com","b.org"],"sentiment":{"label":"positive","score":0.5},"extra":{"x":1}}`,
			want: Item{ID: json.RawMessage(`42`), Text: "x", URLs: []string{"a.com", "b.org"}, Sentiment: "positive"}},
		{line: `{"id":null,"text":"","url":null,"followers":null}`, want: Item{}},
		{line: `{"text":"x"`, err: "invalid JSON"},
		{line: `[1]`, err: "expected a JSON object, got array"},
		{line: `{"id":"a"}`, err: `missing "text" (or "title")`},
		{line: `{"title":"Grève SNCF"}`, want: Item{Title: "Grève SNCF"}},
		{line: `{"title":"Grève","text":"demain"}`, want: Item{Title: "Grève", Text: "demain"}},
		{line: `{"text":3}`, err: "field text: expected string, got number"},
		{line: `{"text":"x","id":true}`, err: "id: expected a string or a number"},
		{line: `{"text":"x","id":{"a":1}}`, err: "id: expected a string or a number"},
		{line: `{"text":"x","url":3}`, err: "url: expected a string or an array of strings"},
		{line: `{"text":"x","url":[3]}`, err: "url: expected a string or an array of strings"},
		{line: `{"text":"x","followers":"many"}`, err: "field followers: expected int64, got string"},
		{line: `{"text":"x","followers":1.5}`, err: "field followers: expected int64, got number 1.5"},
		{line: `{"text":"x","sentiment":1}`, err: "sentiment: expected a label"},
	}
	for _, tc := range tests {
		got, err := ParseItem([]byte(tc.line))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseItem(%s) error %v, want %q", tc.line, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseItem(%s): %v", tc.line, err)
			continue
		}
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(tc.want)
		if !bytes.Equal(gotJSON, wantJSON) {
			t.Errorf("ParseItem(%s)\n got %s\nwant %s", tc.line, gotJSON, wantJSON)
		}
	}
}

func TestMatchStream(t *testing.T) {
	t.Parallel()
	queries := "greve\tgreve OR grev*\nsncf\t@sncf OR #GreveSNCF\nfr\tsncf lang:fr\nlinks\turl:example.com/blog\nbig\tsncf followers:>=1k\n"
	items := strings.Join([]string{
		`{"id":"p1","text":"Grève à la SNCF","lang":"fr"}`,
		`{"text":"rien à voir"}`,
		``,
		`{"id":7,"text":"merci @SNCF","followers":1000}`,
		`{"text":"#GreveSNCF"`,
		`{"text":"lire ceci","url":["https://www.example.com/blog/1"]}`,
		`{"id":"x","text":"sncf","lang":"fr-CA","followers":999}`,
		// The title is read, and any HTML reference undone, as the
		// pipeline reads an item.
		`{"id":"t","title":"Appel à la gr&#232;ve","text":"rendez-vous demain"}`,
	}, "\n")
	run := func(strict bool) (string, string, error) {
		qs, err := ReadQueries("q", strings.NewReader(queries), nil)
		if err != nil {
			t.Fatal(err)
		}
		m := NewMatcher[string]()
		for _, q := range qs {
			if err := m.Add(q.ID, q.Expr); err != nil {
				t.Fatal(err)
			}
		}
		var out, errw bytes.Buffer
		err = MatchStream(context.Background(), m, strings.NewReader(items), &out, &errw, StreamOptions{Strict: strict})
		return out.String(), errw.String(), err
	}
	out, errs, err := run(false)
	if err != nil {
		t.Fatal(err)
	}
	wantOut := `{"id":"p1","queries":["fr","greve"]}
{"id":7,"queries":["big","sncf"]}
{"id":6,"queries":["links"]}
{"id":"x","queries":["fr"]}
{"id":"t","queries":["greve"]}
`
	if out != wantOut {
		t.Errorf("output\n%s\nwant\n%s", out, wantOut)
	}
	if !strings.HasPrefix(errs, "line 5: invalid JSON") || !strings.HasSuffix(errs, "1 malformed item line(s) skipped\n") {
		t.Errorf("stderr %q, want line 5 reported", errs)
	}
	out, _, err = run(true)
	if err == nil || !strings.HasPrefix(err.Error(), "line 5: invalid JSON") {
		t.Errorf("strict: error %v, want line 5", err)
	}
	if want := strings.Join(strings.SplitAfter(wantOut, "\n")[:2], ""); out != want {
		t.Errorf("strict: output before the bad line\n%s\nwant\n%s", out, want)
	}
}

func FuzzParseItem(f *testing.F) {
	for _, tc := range []string{`{"text":"grève @SNCF #GreveSNCF https://x.fr/a"}`, `{"title":"Gr&egrave;ve","text":"<p>demain</p>"}`, `{"id":1,"text":"x","url":["a"],"followers":3,"sentiment":{"label":"negative"}}`, `{"id":"a","text":"b","url":"c","sentiment":"d"}`, `[`, `{"text":null}`} {
		f.Add([]byte(tc))
	}
	m := NewMatcher[string]()
	for i, q := range []string{"greve", "#sncf OR @sncf", "url:x.fr", "NOT a", "followers:>2", `NEAR/1("a b" cat*)`} {
		if err := m.Add(string(rune('a'+i)), MustParse(q)); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		it, err := ParseItem(line)
		if err != nil {
			return
		}
		if it.ID != nil && !json.Valid(it.ID) {
			t.Fatalf("id %q is not valid JSON", it.ID)
		}
		var d Doc
		it.fill(&d)
		ids := m.Match(&d, nil)
		res := appendResult(nil, it.ID, 1, ids)
		if !json.Valid(bytes.TrimSpace(res)) {
			t.Fatalf("output %q is not valid JSON", res)
		}
	})
}

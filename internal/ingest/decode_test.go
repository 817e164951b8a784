package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/model"
)

func TestDecodeItemNamesTheField(t *testing.T) {
	cases := []struct {
		in, field, msg string
	}{
		{`{"text":12}`, "text", "string"},
		{`{"text":"x","author":{"followers":-3}}`, "author.followers", "non-negative"},
		{`{"text":"x","author":{"followers":"many"}}`, "author.followers", "whole number"},
		{`{"text":"x","author":{"name":5}}`, "author.name", "string"},
		{`{"text":"x","author":[1]}`, "author", ""},
		{`{"text":"x","created_at":"hier"}`, "created_at", "RFC 3339"},
		{`{"text":"x","metrics":{"likes":"3"}}`, "metrics.likes", "number"},
		{`{"text":"x","metrics":{"likes":-1}}`, "metrics.likes", "negative"},
		{`{"text":"x","external_id":{}}`, "external_id", "string or a number"},
		{`[1]`, "", "JSON object"},
		{`{"text":"x"`, "", "malformed"},
	}
	for _, c := range cases {
		_, err := DecodeItem([]byte(c.in))
		fe, ok := err.(*FieldError)
		if !ok || fe.Field != c.field || !strings.Contains(fe.Msg, c.msg) {
			t.Errorf("%s: got %#v, want field %q with %q", c.in, err, c.field, c.msg)
		}
	}
	it, err := DecodeItem([]byte(`{"id":123,"text":"salut","author":"@ada","created_at":1763546400,"metrics":{"likes":2}}`))
	if err != nil || it.ExternalID != "123" || it.Author.Handle != "@ada" || it.Metrics.Likes != 2 ||
		!it.CreatedAt.Equal(time.Unix(1763546400, 0)) {
		t.Fatalf("lenient forms: %+v %v", it, err)
	}
}

func TestNormalize(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	d := Defaults{WorkspaceID: 7, Network: "import", Now: now}
	it := model.Item{Text: "  <p>Bonjour <b>Lyon</b> &amp; co</p> ", Author: model.Author{Handle: "@ada"}}
	if err := Normalize(&it, d); err != nil {
		t.Fatal(err)
	}
	if it.Text != "Bonjour Lyon & co" || it.Author.Handle != "ada" || it.Kind != model.KindPost || !it.CreatedAt.Equal(now) ||
		!strings.HasPrefix(it.ExternalID, "sha256:") || it.WorkspaceID != 7 || it.Network != "import" {
		t.Fatalf("normalised %+v", it)
	}
	again := model.Item{Text: "  <p>Bonjour <b>Lyon</b> &amp; co</p> ", Author: model.Author{Handle: "ada"}}
	Normalize(&again, d)
	if again.ExternalID != it.ExternalID {
		t.Fatal("the content hash is not stable")
	}
	for _, bad := range []model.Item{{}, {Text: "<br>"}, {Text: "x", Kind: "tweet"}, {Text: "x", URL: "javascript:alert(1)"}, {Text: "x", URL: "/relative"}} {
		if err := Normalize(&bad, d); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	long := model.Item{Text: strings.Repeat("é", maxTextRunes+50)}
	if err := Normalize(&long, d); err != nil || len([]rune(long.Text)) > maxTextRunes+1 {
		t.Fatalf("long text: %v, %d runes", err, len([]rune(long.Text)))
	}
}

func FuzzDecodeItem(f *testing.F) {
	for _, s := range []string{`{"text":"x"}`, `{"text":"x","author":{"handle":"a","followers":3}}`, `{"id":1,"created_at":"2026-01-01"}`,
		`{"author":"x","metrics":{"likes":1}}`, `[`, `{"text":"\u0000<b>x</b>"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		it, err := DecodeItem(data)
		if err != nil {
			if _, ok := err.(*FieldError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		d := Defaults{WorkspaceID: 1, Network: "fuzz", Now: time.Unix(0, 0)}
		if err := Normalize(&it, d); err == nil {
			if it.ExternalID == "" || (it.Text == "" && it.Title == "") || !it.Kind.Valid() {
				t.Fatalf("normalised item is incomplete: %+v", it)
			}
		}
	})
}

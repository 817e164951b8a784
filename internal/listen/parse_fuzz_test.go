package listen

import (
	"strings"
	"testing"
)

func FuzzParseItems(f *testing.F) {
	for _, s := range []string{`{"text":"x"}`, `[{"text":"a"},{"text":"b"}]`, "{\"text\":\"a\"}\n{\"text\":\"b\"}\n", `[`, "\n\n", `{"text":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		items, lines, err := ParseItems(body)
		if err == nil && len(items) != len(lines) {
			t.Fatalf("%d items but %d line numbers", len(items), len(lines))
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error message")
		}
	})
}

func FuzzCSVRecords(f *testing.F) {
	f.Add("text,author\nbonjour,ada\n")
	f.Add("id,text,created_at\n1,\"a\nb\",2026-01-01\n2,x,bad\n")
	f.Add("text\n\"unterminated\n")
	f.Fuzz(func(t *testing.T, in string) {
		next, err := csvRecords(strings.NewReader(in), nil)
		if err != nil {
			return
		}
		for n := 0; n < 10000; n++ {
			rec, ok := next()
			if !ok {
				return
			}
			if rec.err == nil && rec.line <= 0 {
				t.Fatalf("record without a line number: %+v", rec)
			}
		}
		t.Fatal("the reader does not end")
	})
}

func FuzzJSONLRecords(f *testing.F) {
	f.Add("{\"text\":\"a\"}\n\n{\"text\":2}\nnot json\n")
	f.Fuzz(func(t *testing.T, in string) {
		next := jsonlRecords(strings.NewReader(in))
		last := 0
		for n := 0; n < 100000; n++ {
			rec, ok := next()
			if !ok {
				return
			}
			if rec.line <= last {
				t.Fatalf("line numbers not increasing: %d after %d", rec.line, last)
			}
			last = rec.line
		}
		t.Fatal("the reader does not end")
	})
}

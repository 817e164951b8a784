package publish

import (
	"strings"
	"testing"
)

func TestParseBulkCSV(t *testing.T) {
	in := "\ufefftext,channels,time,campaign\n" +
		"Bonjour,Mastodon;Bluesky,2026-12-01T10:00,noel\n" +
		"\"Deux lignes,\nune virgule\",Mastodon | 3 ,2026-12-01T11:00:00+01:00,\n" +
		",Mastodon,2026-12-01T10:00,\n" +
		"Sans canal,,2026-12-01T10:00,\n" +
		"Sans heure,Mastodon,,\n" +
		",,,\n" +
		"Mauvais \"guillemet,Mastodon,2026-12-01T10:00,\n" +
		"Dernier,Bluesky,2026-12-02T10:00\n"
	rows, errs, err := ParseBulkCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Line != 2 || rows[1].Line != 3 || rows[2].Line != 10 {
		t.Fatalf("rows = %+v", rows)
	}
	if got := strings.Join(rows[1].Channels, "/"); got != "Mastodon/3" || rows[1].Text != "Deux lignes,\nune virgule" {
		t.Errorf("row 2 = %+v", rows[1])
	}
	if rows[0].Campaign != "noel" || strings.Join(rows[0].Channels, "/") != "Mastodon/Bluesky" {
		t.Errorf("row 1 = %+v", rows[0])
	}
	want := map[int]string{5: "text", 6: "channels", 7: "time", 9: ""}
	if len(errs) != len(want) {
		t.Fatalf("errors = %+v", errs)
	}
	for _, e := range errs {
		f, ok := want[e.Line]
		if !ok || f != e.Field {
			t.Errorf("unexpected error %+v", e)
		}
	}

	semi := "text;channels;time\nSalut, vous;Mastodon, Bluesky;2026-12-01 10:00\n"
	rows, errs, err = ParseBulkCSV(strings.NewReader(semi))
	if err != nil || len(errs) != 0 || len(rows) != 1 || rows[0].Text != "Salut, vous" || len(rows[0].Channels) != 2 {
		t.Fatalf("semicolon file: %+v %+v %v", rows, errs, err)
	}

	for _, bad := range []string{"", "text,time\nx,y\n", "text,channels,time,text\n"} {
		if _, _, err := ParseBulkCSV(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseBulkCSV(%q) accepted the header", bad)
		}
	}
}

func FuzzParseBulkCSV(f *testing.F) {
	f.Add("text,channels,time\nBonjour,Mastodon,2026-12-01T10:00\n")
	f.Add("text;channels;time;media_url\n\"a\"\"b\";x|y;2026-12-01 10:00;http://e\n")
	f.Add("\ufefftext,channels,time\n\"unterminated,a,b\n")
	f.Add("text,channels,time\n\xff\xfe,a,b\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, errs, err := ParseBulkCSV(strings.NewReader(in))
		if err != nil && len(rows) > MaxBulkRows {
			t.Fatalf("too many rows")
		}
		last := 0
		for _, r := range rows {
			if r.Text == "" || len(r.Channels) == 0 || r.When == "" || r.Line < 2 {
				t.Fatalf("invalid row passed: %+v", r)
			}
			if r.Line < last {
				t.Fatalf("rows out of order: %d after %d", r.Line, last)
			}
			last = r.Line
			for _, c := range r.Channels {
				if strings.TrimSpace(c) != c || c == "" {
					t.Fatalf("untrimmed channel %q", c)
				}
			}
		}
		for _, e := range errs {
			if e.Line < 1 || e.Message == "" {
				t.Fatalf("bad line error %+v", e)
			}
		}
	})
}

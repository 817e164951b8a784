package web

import (
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/topics"
)

func TestNiceMax(t *testing.T) {
	for in, want := range map[int64]int64{0: 1, 1: 1, 2: 2, 3: 5, 7: 10, 10: 10, 11: 20, 180: 200, 501: 1000} {
		if got := niceMax(in); got != want {
			t.Errorf("niceMax(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestBucketLabelsAreLocalised(t *testing.T) {
	ws := &model.Workspace{TimeZone: "Europe/Paris"}
	// 2026-03-29 is a Sunday; 23:30 UTC on the 28th is already the 29th in Paris.
	at := time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC)
	for _, c := range []struct{ lang, interval, want string }{
		{"en", "day", "Sun Mar 29"},
		{"fr", "day", "dim. 29 mars"},
		{"fr", "hour", "29 mars 00:30"},
		{"en", "week", "week of Mar 29"},
		{"fr", "week", "semaine du 29 mars"},
	} {
		p := &page{Lang: c.lang, WS: ws}
		if got := bucketLabel(p, at, c.interval); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.interval, got, c.want)
		}
	}
}

func TestVolumeChartGeometry(t *testing.T) {
	p := &page{Lang: "en", WS: &model.Workspace{TimeZone: "UTC"}}
	day := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	st := topics.Stats{Interval: "day", Buckets: []time.Time{day, day.AddDate(0, 0, 1), day.AddDate(0, 0, 2)}}
	ts := topics.TopicStats{Topic: model.Topic{Name: "A", Color: "#112233"}, Total: 6, Volume: []int64{0, 4, 2}, Negative: []int64{0, 1, 0}}
	c := volumeChart(p, "v", st, ts)
	if len(c.Rows) != 3 || strings.Join(c.Rows[1], ",") != "Tue Jan 6,4,1" {
		t.Fatalf("rows = %v", c.Rows)
	}
	// Two volume bars and one negative bar; the tallest fills the plot
	// (4 is the axis maximum after rounding: niceMax(4) = 5, so 4/5 of it).
	if len(c.Bars) != 3 {
		t.Fatalf("bars = %+v", c.Bars)
	}
	ih := float64(plotH - padT - padB)
	if h := c.Bars[0].H; h < ih*0.79 || h > ih*0.81 {
		t.Errorf("bar of 4 is %v high, want 4/5 of %v", h, ih)
	}
	if c.Bars[1].Fill != colorNegative || c.Bars[1].H >= c.Bars[0].H {
		t.Errorf("negative bar = %+v", c.Bars[1])
	}
	if !strings.Contains(c.Desc, "6 mentions") || !strings.Contains(c.Desc, "Peak: 4 on Tue Jan 6") {
		t.Errorf("desc = %q", c.Desc)
	}
}

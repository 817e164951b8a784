package publish

import (
	"testing"
	"time"

	"github.com/parvis/parvis/internal/model"
)

func TestParseWhenAcrossDaylightSaving(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		in   string
		want string // UTC
	}{
		{"2026-11-20T10:00", "2026-11-20T09:00:00Z"},          // CET
		{"2026-07-14 22:30", "2026-07-14T20:30:00Z"},          // CEST
		{"2026-03-29T02:30", "2026-03-29T01:30:00Z"},          // gap: 03:30 CEST
		{"2026-03-29T01:59", "2026-03-29T00:59:00Z"},          // just before the gap
		{"2026-03-29T03:00", "2026-03-29T01:00:00Z"},          // just after
		{"2026-10-25T02:30", "2026-10-25T00:30:00Z"},          // repeat: first (CEST)
		{"2026-10-25T03:30", "2026-10-25T02:30:00Z"},          // after the repeat
		{"2026-11-20T10:00:00+05:00", "2026-11-20T05:00:00Z"}, // explicit offset wins
		{"2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z"},
	}
	for _, tc := range tests {
		got, err := ParseWhen("scheduled_at", tc.in, paris)
		if err != nil {
			t.Errorf("ParseWhen(%q): %v", tc.in, err)
			continue
		}
		if s := got.UTC().Format(time.RFC3339); s != tc.want {
			t.Errorf("ParseWhen(%q) = %s, want %s", tc.in, s, tc.want)
		}
	}
	for _, bad := range []string{"", "tomorrow", "2026-13-01T10:00", "2026-11-20", "20/11/2026 10:00"} {
		if _, err := ParseWhen("scheduled_at", bad, paris); err == nil {
			t.Errorf("ParseWhen(%q) accepted", bad)
		}
	}
}

func TestNextSlot(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	// Friday 20 November 2026, 10:00 in Paris.
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	slots := []model.Slot{{Day: 5, Time: "09:00"}, {Day: 5, Time: "17:30"}, {Day: 1, Time: "08:15"}}
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	tests := []struct {
		name string
		busy []time.Time
		want string
	}{
		{"later today", nil, "2026-11-20T16:30:00Z"},
		{"today taken: Monday", []time.Time{at("2026-11-20T16:30:00Z")}, "2026-11-23T07:15:00Z"},
		{"both taken: next Friday", []time.Time{at("2026-11-20T16:30:00Z"), at("2026-11-23T07:15:00Z")}, "2026-11-27T08:00:00Z"},
	}
	for _, tc := range tests {
		got, ok := NextSlot(slots, paris, now, tc.busy)
		if !ok || got.Format(time.RFC3339) != tc.want {
			t.Errorf("%s: NextSlot = %v %v, want %s", tc.name, got, ok, tc.want)
		}
	}
	if _, ok := NextSlot(nil, paris, now, nil); ok {
		t.Error("NextSlot without slots found one")
	}
	// Across the spring change: Sunday 02:30 slot does not exist on 29 March.
	sunday := []model.Slot{{Day: 0, Time: "02:30"}}
	got, _ := NextSlot(sunday, paris, time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC), nil)
	if got.Format(time.RFC3339) != "2026-03-29T01:30:00Z" {
		t.Errorf("slot in the gap = %v", got)
	}
}

func TestAggregate(t *testing.T) {
	tests := []struct {
		in   []model.VariantStatus
		want model.PostStatus
	}{
		{[]model.VariantStatus{model.VariantPublished, model.VariantPublishing}, model.PostPublishing},
		{[]model.VariantStatus{model.VariantPublished, model.VariantScheduled}, model.PostScheduled},
		{[]model.VariantStatus{model.VariantPublished, model.VariantHeld}, model.PostHeld},
		{[]model.VariantStatus{model.VariantPublished, model.VariantFailed}, model.PostFailed},
		{[]model.VariantStatus{model.VariantPublished, model.VariantCancelled}, model.PostPublished},
		{[]model.VariantStatus{model.VariantCancelled}, model.PostCancelled},
		{nil, ""},
	}
	for _, tc := range tests {
		if got := aggregate(tc.in); got != tc.want {
			t.Errorf("aggregate(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

package inbox

import (
	"testing"
	"time"

	"github.com/parvis/parvis/internal/model"
)

func weekdays(span string) model.BusinessHours {
	var bh model.BusinessHours
	for d := 1; d <= 5; d++ {
		bh.Week[d] = []string{span}
	}
	return bh
}

func at(loc *time.Location, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// TestCalendarAcrossClockChanges: business time is counted on the wall
// clock of the workspace, so days when clocks change have their real
// length, and due times land on the right local hour.
func TestCalendarAcrossClockChanges(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	ny, _ := time.LoadLocation("America/New_York")
	night := model.BusinessHours{}
	// Sundays 01:00-04:00 local: an hour after 01:00 is 03:00 on the
	// spring change (02:00 does not exist); three hours after 01:00 summer
	// time is 03:00 winter time on the autumn change.
	night.Week[0] = []string{"01:00-04:00"}
	split := weekdays("09:00-12:00")
	for d := 1; d <= 5; d++ {
		split.Week[d] = append(split.Week[d], "14:00-18:00")
	}
	withHoliday := weekdays("09:00-18:00")
	withHoliday.Holidays = []string{"2026-03-30"}
	cases := []struct {
		name     string
		bh       model.BusinessHours
		loc      *time.Location
		from, to string // local
		between  time.Duration
		add      time.Duration
		due      string // local, from + add
	}{
		{"spring night is two hours", night, paris, "2026-03-28 12:00", "2026-03-30 00:00", 2 * time.Hour, time.Hour, "2026-03-29 03:00"},
		{"autumn night is four hours", night, paris, "2026-10-24 12:00", "2026-10-26 00:00", 4 * time.Hour, 3 * time.Hour, "2026-10-25 03:00"},
		{"friday evening to monday summer time", weekdays("09:00-18:00"), paris, "2026-03-27 17:00", "2026-03-30 10:00", 2 * time.Hour, 2 * time.Hour, "2026-03-30 10:00"},
		{"friday evening to monday winter time", weekdays("09:00-18:00"), paris, "2026-10-23 17:00", "2026-10-26 10:00", 2 * time.Hour, 2 * time.Hour, "2026-10-26 10:00"},
		{"new york spring", weekdays("09:00-17:00"), ny, "2026-03-06 16:00", "2026-03-09 10:00", 2 * time.Hour, 2 * time.Hour, "2026-03-09 10:00"},
		{"lunch break", split, paris, "2026-03-27 11:00", "2026-03-27 15:00", 2 * time.Hour, 2 * time.Hour, "2026-03-27 15:00"},
		{"before opening", weekdays("09:00-18:00"), paris, "2026-03-27 07:00", "2026-03-27 10:00", time.Hour, 2 * time.Hour, "2026-03-27 11:00"},
		{"holiday monday", withHoliday, paris, "2026-03-27 17:00", "2026-03-31 10:00", 2 * time.Hour, 2 * time.Hour, "2026-03-31 10:00"},
		{"round the clock", model.BusinessHours{}, paris, "2026-03-29 01:00", "2026-03-29 04:00", 2 * time.Hour, 2 * time.Hour, "2026-03-29 04:00"},
		{"nothing backwards", weekdays("09:00-18:00"), paris, "2026-03-27 12:00", "2026-03-27 11:00", 0, 0, "2026-03-27 12:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cal, err := CompileHours(c.bh, c.loc)
			if err != nil {
				t.Fatal(err)
			}
			from, to := at(c.loc, c.from), at(c.loc, c.to)
			if got := cal.Between(from, to); got != c.between {
				t.Errorf("Between = %v, want %v", got, c.between)
			}
			if got := cal.Add(from, c.add); !got.Equal(at(c.loc, c.due)) {
				t.Errorf("Add = %v, want %s", got.In(c.loc), c.due)
			}
		})
	}
}

func TestCompileHoursRejects(t *testing.T) {
	for _, span := range []string{"9-18", "18:00-09:00", "09:00-25:00", "09:60-10:00", "", "09:00-"} {
		bh := model.BusinessHours{}
		bh.Week[1] = []string{span}
		if _, err := CompileHours(bh, time.UTC); err == nil {
			t.Errorf("%q accepted", span)
		}
	}
	bh := model.BusinessHours{}
	bh.Week[1] = []string{"09:00-12:00", "11:00-13:00"}
	if _, err := CompileHours(bh, time.UTC); err == nil {
		t.Error("overlapping spans accepted")
	}
	if _, err := CompileHours(model.BusinessHours{Holidays: []string{"25/12"}}, time.UTC); err == nil {
		t.Error("bad holiday accepted")
	}
}

func FuzzCompileHours(f *testing.F) {
	f.Add("09:00-18:00", "2026-03-30")
	f.Add("24:00-24:00", "")
	f.Fuzz(func(t *testing.T, span, holiday string) {
		bh := model.BusinessHours{Holidays: []string{holiday}}
		bh.Week[3] = []string{span}
		cal, err := CompileHours(bh, time.UTC)
		if err != nil {
			return
		}
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		due := cal.Add(start, time.Hour)
		if got := cal.Between(start, due); due.Before(start) || (got != time.Hour && !due.Equal(start.Add(maxDays*24*time.Hour))) {
			t.Fatalf("span %q: Add then Between = %v", span, got)
		}
	})
}

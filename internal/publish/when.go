package publish

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/model"
)

// ParseWhen reads a publication time. An RFC 3339 time (with an offset or
// Z) is an exact instant. A wall-clock time without an offset
// ("2026-03-29T02:30" or "2026-03-29 02:30") is read in the workspace's
// time zone, where daylight saving makes two cases:
//   - in a gap (the clocks jump forward: 02:30 does not exist in Paris on
//     the last Sunday of March), the time moves forward by the length of
//     the gap (03:30 CEST): the post goes out as soon as that wall-clock
//     moment has passed, never before;
//   - in a repeat (the clocks go back: 02:30 happens twice on the last
//     Sunday of October), the first occurrence is taken (02:30 CEST).
func ParseWhen(field, v string, loc *time.Location) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return LocalTime(t, loc), nil
		}
	}
	return time.Time{}, apperr.Invalid(field, "error.when_invalid", "must be an RFC 3339 time (2026-05-04T09:00:00+02:00) or a local time in the workspace's time zone (2026-05-04T09:00)")
}

// LocalTime returns the instant at which the wall clock of loc shows the
// date and time of naive (read as UTC fields), resolving daylight-saving
// gaps and repeats as ParseWhen documents.
func LocalTime(naive time.Time, loc *time.Location) time.Time {
	naive = time.Date(naive.Year(), naive.Month(), naive.Day(), naive.Hour(), naive.Minute(), naive.Second(), 0, time.UTC)
	_, offBefore := naive.Add(-26 * time.Hour).In(loc).Zone()
	_, offAfter := naive.Add(26 * time.Hour).In(loc).Zone()
	var valid []time.Time
	for _, off := range []int{offBefore, offAfter} {
		t := naive.Add(-time.Duration(off) * time.Second)
		l := t.In(loc)
		if l.Year() == naive.Year() && l.YearDay() == naive.YearDay() && l.Hour() == naive.Hour() && l.Minute() == naive.Minute() && l.Second() == naive.Second() {
			valid = append(valid, t.UTC())
		}
	}
	if len(valid) == 0 {
		// A gap: the offset in force before it puts the instant just as
		// far past the jump as the wall time was past its start.
		return naive.Add(-time.Duration(offBefore) * time.Second).UTC()
	}
	sort.Slice(valid, func(i, j int) bool { return valid[i].Before(valid[j]) })
	return valid[0]
}

func parseHHMM(s string) (h, m int, ok bool) {
	hs, ms, found := strings.Cut(s, ":")
	if !found || len(hs) != 2 || len(ms) != 2 {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// NextSlot returns the first slot of the weekly schedule after now that is
// not busy (no other post of the channel within the same minute), looking
// up to 8 weeks ahead. ok is false when the schedule is empty or full.
func NextSlot(slots []model.Slot, loc *time.Location, now time.Time, busy []time.Time) (time.Time, bool) {
	taken := map[int64]bool{}
	for _, b := range busy {
		taken[b.Unix()/60] = true
	}
	local := now.In(loc)
	for d := 0; d < 7*8+1; d++ {
		day := time.Date(local.Year(), local.Month(), local.Day()+d, 12, 0, 0, 0, loc)
		var cands []time.Time
		for _, sl := range slots {
			h, m, ok := parseHHMM(sl.Time)
			if !ok || int(day.Weekday()) != sl.Day {
				continue
			}
			cands = append(cands, LocalTime(time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, time.UTC), loc))
		}
		sort.Slice(cands, func(i, j int) bool { return cands[i].Before(cands[j]) })
		for _, c := range cands {
			if c.After(now) && !taken[c.Unix()/60] {
				return c, true
			}
		}
	}
	return time.Time{}, false
}

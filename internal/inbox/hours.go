package inbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

// Calendar is a compiled business-hours calendar in one time zone. Spans
// are computed from local wall-clock times on each date, so a day when
// clocks change has the real length of its opening hours (an opening
// 01:00–04:00 lasts two hours on the spring change in Paris).
type Calendar struct {
	loc      *time.Location
	week     [7][][2]int // minutes since local midnight, [start, end)
	holidays map[string]bool
	always   bool // no hours configured: every hour counts
}

// maxDays bounds the walk over a calendar (a year and a bit).
const maxDays = 400

// CompileHours checks and compiles a calendar.
func CompileHours(bh model.BusinessHours, loc *time.Location) (*Calendar, error) {
	c := &Calendar{loc: loc, holidays: map[string]bool{}, always: true}
	for d, spans := range bh.Week {
		for _, s := range spans {
			a, b, err := parseSpan(s)
			if err != nil {
				return nil, fmt.Errorf("week[%d]: %w", d, err)
			}
			c.week[d] = append(c.week[d], [2]int{a, b})
			c.always = false
		}
		for i := 1; i < len(c.week[d]); i++ {
			if c.week[d][i][0] < c.week[d][i-1][1] {
				return nil, fmt.Errorf("week[%d]: spans must be in order and not overlap", d)
			}
		}
	}
	for _, h := range bh.Holidays {
		if _, err := time.Parse(time.DateOnly, h); err != nil {
			return nil, fmt.Errorf("holiday %q is not a date YYYY-MM-DD", h)
		}
		c.holidays[h] = true
	}
	return c, nil
}

func parseSpan(s string) (int, int, error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return 0, 0, fmt.Errorf("span %q is not HH:MM-HH:MM", s)
	}
	a, err1 := parseClock(from)
	b, err2 := parseClock(to)
	if err1 != nil || err2 != nil || b <= a {
		return 0, 0, fmt.Errorf("span %q is not HH:MM-HH:MM with the end after the start", s)
	}
	return a, b, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) == 0 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("bad time")
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad time")
	}
	return hh*60 + mm, nil
}

// spans calls fn with the absolute opening spans of each local day from
// the day of t onwards, until fn returns false.
func (c *Calendar) spans(t time.Time, fn func(a, b time.Time) bool) {
	lt := t.In(c.loc)
	y, m, d := lt.Date()
	for i := 0; i < maxDays; i++ {
		day := time.Date(y, m, d+i, 12, 0, 0, 0, c.loc)
		if c.holidays[day.Format(time.DateOnly)] {
			continue
		}
		dy, dm, dd := day.Date()
		for _, s := range c.week[day.Weekday()] {
			a := time.Date(dy, dm, dd, s[0]/60, s[0]%60, 0, 0, c.loc)
			b := time.Date(dy, dm, dd, s[1]/60, s[1]%60, 0, 0, c.loc)
			if !b.After(a) {
				continue
			}
			if !fn(a, b) {
				return
			}
		}
	}
}

// Add returns the instant when d of business time has passed since t.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	if c.always {
		return t.Add(d)
	}
	left := d
	var out time.Time
	c.spans(t, func(a, b time.Time) bool {
		if !b.After(t) {
			return true
		}
		if a.Before(t) {
			a = t
		}
		if span := b.Sub(a); left <= span {
			out = a.Add(left)
			return false
		} else {
			left -= span
		}
		return true
	})
	if out.IsZero() {
		// No opening hours within the walk: the target cannot be met.
		return t.Add(maxDays * 24 * time.Hour)
	}
	return out
}

// Between returns the business time from a to b (0 when b is not after a).
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if c.always {
		return b.Sub(a)
	}
	var total time.Duration
	c.spans(a, func(x, y time.Time) bool {
		if !x.Before(b) {
			return false
		}
		if x.Before(a) {
			x = a
		}
		if y.After(b) {
			y = b
		}
		if y.After(x) {
			total += y.Sub(x)
		}
		return true
	})
	return total
}

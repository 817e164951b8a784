package auth

import (
	"sync"
	"time"

	"github.com/parvis/parvis/internal/clock"
)

// Limiter counts failed attempts per key in a sliding window and refuses a
// key that failed too often. It guards logins per account and per address.
type Limiter struct {
	mu     sync.Mutex
	clock  clock.Clock
	max    int
	window time.Duration
	fails  map[string][]time.Time
}

// NewLimiter allows max failures per key within window.
func NewLimiter(c clock.Clock, max int, window time.Duration) *Limiter {
	return &Limiter{clock: c, max: max, window: window, fails: map[string][]time.Time{}}
}

// Blocked reports whether key is blocked and for how long.
func (l *Limiter) Blocked(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	f := l.prune(key, now)
	if len(f) < l.max {
		return false, 0
	}
	return true, f[0].Add(l.window).Sub(now)
}

// Fail records a failure for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	l.fails[key] = append(l.prune(key, now), now)
	if len(l.fails) > 100000 { // bound memory under a spray of keys
		for k := range l.fails {
			if len(l.prune(k, now)) == 0 {
				delete(l.fails, k)
			}
		}
	}
}

// Reset forgets a key's failures (after a success).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.fails, key)
	l.mu.Unlock()
}

func (l *Limiter) prune(key string, now time.Time) []time.Time {
	f := l.fails[key]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= l.window {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = f
	return f
}

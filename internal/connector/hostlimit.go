package connector

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/parvis/parvis/internal/clock"
)

// HostLimiter spaces out requests to the same host (politeness: many feeds
// of one site must not hit it at once) and remembers when a host asked us
// to back off (429 with Retry-After). The app creates one and shares it
// through Deps.Hosts; a nil *HostLimiter lets every request through.
type HostLimiter struct {
	clock    clock.Clock
	interval time.Duration
	// sleep waits d or until ctx ends; tests replace it to advance a fake
	// clock instead of waiting.
	sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	next    map[string]time.Time // earliest time of the next request
	backoff map[string]time.Time // host asked us to wait until then
}

// NewHostLimiter allows one request per interval to each host.
func NewHostLimiter(c clock.Clock, interval time.Duration) *HostLimiter {
	return &HostLimiter{
		clock:    c,
		interval: interval,
		sleep:    sleepContext,
		next:     map[string]time.Time{},
		backoff:  map[string]time.Time{},
	}
}

// WithSleep replaces how the limiter waits (for tests with a fake clock).
func (l *HostLimiter) WithSleep(sleep func(ctx context.Context, d time.Duration) error) *HostLimiter {
	l.sleep = sleep
	return l
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wait blocks until a request to host is polite. When the host asked us to
// back off, Wait does not block: it returns a RateLimited error with the
// time left, so that the scheduler postpones the source.
func (l *HostLimiter) Wait(ctx context.Context, host string) error {
	if l == nil {
		return nil
	}
	host = strings.ToLower(host)
	l.mu.Lock()
	now := l.clock.Now()
	if until, ok := l.backoff[host]; ok {
		if now.Before(until) {
			l.mu.Unlock()
			return &Error{Class: RateLimited, RetryAfter: until.Sub(now), Msg: host + " asked to wait until " + until.UTC().Format(time.RFC3339)}
		}
		delete(l.backoff, host)
	}
	at := l.next[host]
	if at.Before(now) {
		at = now
	}
	l.next[host] = at.Add(l.interval)
	l.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return l.sleep(ctx, d)
	}
	return nil
}

// Backoff records that host asked us to wait d (Retry-After).
func (l *HostLimiter) Backoff(host string, d time.Duration) {
	if l == nil || d <= 0 {
		return
	}
	host = strings.ToLower(host)
	l.mu.Lock()
	defer l.mu.Unlock()
	until := l.clock.Now().Add(d)
	if until.After(l.backoff[host]) {
		l.backoff[host] = until
	}
}

package publish

import (
	"sync"
	"time"

	"github.com/parvis/parvis/internal/publish/publisher"
)

// channelLimiter spaces publications to respect each network's posting
// limits per account (publisher.Rules.Rate): a sliding window of the
// sends of each channel. It lives in the process; with several processes
// sharing a database each keeps its own window, and the network's 429
// answers (Retry-After) remain the backstop.
type channelLimiter struct {
	mu   sync.Mutex
	sent map[int64][]time.Time
}

func newChannelLimiter() *channelLimiter { return &channelLimiter{sent: map[int64][]time.Time{}} }

// reserve takes a slot for a send on channel at now and returns 0, or
// returns how long to wait for one without taking it.
func (l *channelLimiter) reserve(channel int64, r publisher.Rate, now time.Time) time.Duration {
	if r.N <= 0 || r.Per <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ts := l.sent[channel]
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-r.Per)) {
		i++
	}
	ts = ts[i:]
	if len(ts) >= r.N {
		l.sent[channel] = ts
		return ts[0].Add(r.Per).Sub(now)
	}
	l.sent[channel] = append(ts, now)
	return 0
}

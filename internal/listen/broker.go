package listen

import (
	"context"
	"sync"

	"github.com/parvis/parvis/internal/model"
)

// Broker fans persisted items out to live subscribers (the items page's
// server-sent events). A slow subscriber misses updates rather than
// slowing the pipeline: each has a small buffer and is told it lagged.
type Broker struct {
	mu   sync.Mutex
	subs map[int64]map[*Subscription]struct{}
}

// Subscription receives a workspace's new items.
type Subscription struct {
	C      chan []model.Item
	Lagged chan struct{}
	ws     int64
}

// NewBroker returns an empty broker.
func NewBroker() *Broker { return &Broker{subs: map[int64]map[*Subscription]struct{}{}} }

// Subscribe listens to a workspace until Unsubscribe.
func (b *Broker) Subscribe(ws int64) *Subscription {
	s := &Subscription{C: make(chan []model.Item, 16), Lagged: make(chan struct{}, 1), ws: ws}
	b.mu.Lock()
	if b.subs[ws] == nil {
		b.subs[ws] = map[*Subscription]struct{}{}
	}
	b.subs[ws][s] = struct{}{}
	b.mu.Unlock()
	return s
}

// Unsubscribe stops a subscription.
func (b *Broker) Unsubscribe(s *Subscription) {
	b.mu.Lock()
	delete(b.subs[s.ws], s)
	if len(b.subs[s.ws]) == 0 {
		delete(b.subs, s.ws)
	}
	b.mu.Unlock()
}

// Consume implements ingest.Consumer.
func (b *Broker) Consume(_ context.Context, ws int64, items []model.Item) {
	if len(items) == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs[ws] {
		select {
		case s.C <- items:
		default:
			select {
			case s.Lagged <- struct{}{}:
			default:
			}
		}
	}
}

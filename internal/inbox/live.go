package inbox

import "sync"

// Event tells live inbox views that conversations changed.
type Event struct {
	Type          string  `json:"type"` // "conversations"
	Conversations []int64 `json:"conversations"`
}

// Broker fans inbox events out to live subscribers (the inbox page's
// server-sent events). A slow subscriber misses events rather than slowing
// the pipeline; it is told it lagged and reloads.
type Broker struct {
	mu   sync.Mutex
	subs map[int64]map[*Subscription]struct{}
}

// Subscription receives a workspace's inbox events.
type Subscription struct {
	C      chan Event
	Lagged chan struct{}
	ws     int64
}

// NewBroker returns an empty broker.
func NewBroker() *Broker { return &Broker{subs: map[int64]map[*Subscription]struct{}{}} }

// Subscribe listens to a workspace until Unsubscribe.
func (b *Broker) Subscribe(ws int64) *Subscription {
	s := &Subscription{C: make(chan Event, 16), Lagged: make(chan struct{}, 1), ws: ws}
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

// Publish sends an event to a workspace's subscribers.
func (b *Broker) Publish(ws int64, e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs[ws] {
		select {
		case s.C <- e:
		default:
			select {
			case s.Lagged <- struct{}{}:
			default:
			}
		}
	}
}

// has reports whether a workspace has live subscribers.
func (b *Broker) has(ws int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs[ws]) > 0
}

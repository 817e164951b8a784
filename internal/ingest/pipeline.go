// Package ingest is the inbound pipeline: batches of items from any
// connector, webhook or import flow through normalise → dedupe → enrich →
// match → persist (one transaction per batch) → notify. Enrich and match
// are pure, in-process stages filled by the text and listening packages.
package ingest

import (
	"context"
	"log/slog"
	"sort"
	"sync"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
)

// Enricher adds what can be computed from an item alone (language,
// sentiment, entities). It must not do I/O.
type Enricher interface {
	Enrich(items []model.Item)
}

// Matcher tags items with what they match (topics, moderation rules). It
// must not do I/O.
type Matcher interface {
	Match(workspaceID int64, items []model.Item)
}

// Persister writes what the match stage found, in the batch's transaction
// (e.g. topic matches). Items have their ids by then.
type Persister interface {
	PersistMatches(ctx context.Context, q *store.Q, workspaceID int64, items []model.Item) error
}

// Consumer reacts to persisted items after the transaction commits
// (alerts, inbox, live updates). It must be quick or hand off the work.
type Consumer interface {
	Consume(ctx context.Context, workspaceID int64, items []model.Item)
}

// Batch is a set of items for one workspace, from one origin.
type Batch struct {
	Defaults Defaults
	Items    []model.Item
	// State, when non-nil, is the source's connector state after these
	// items; it is saved in the same transaction (Defaults.SourceID).
	State []byte
	// Lines gives each item's input line (for error messages); optional.
	Lines []int
	// Rejected are records the caller could not even decode; they are
	// reported with the batch's result, in line order.
	Rejected []Rejection
}

// Rejection is an item that could not be kept, and why.
type Rejection struct {
	Line int
	Err  error
}

// Result counts what a batch did.
type Result struct {
	Inserted   int
	Updated    int // already stored, and changed: metrics and edits refreshed
	Unchanged  int // already stored as they are now: nothing written
	Duplicates int // repeated within the batch
	Deleted    int // stored items their authors deleted
	Rejected   []Rejection
	// Persisted are the items written (new or changed), with their ids;
	// a re-delivered item that did not change is not among them.
	Persisted []model.Item
}

// Pipeline runs batches through the stages.
type Pipeline struct {
	db        *store.DB
	clock     clock.Clock
	log       *slog.Logger
	mu        sync.RWMutex
	enrichers []Enricher
	matchers  []Matcher
	persist   []Persister
	consumers []Consumer
	// ReanalysisChunk is how many items a run of ReanalysisJob reads
	// (reanalysisChunk when 0).
	ReanalysisChunk int
}

// New returns a pipeline with no enrich, match or consumer stages.
func New(db *store.DB, c clock.Clock, log *slog.Logger) *Pipeline {
	return &Pipeline{db: db, clock: c, log: log}
}

// AddEnricher appends an enrich stage.
func (p *Pipeline) AddEnricher(e Enricher) {
	p.mu.Lock()
	p.enrichers = append(p.enrichers, e)
	p.mu.Unlock()
}

// AddMatcher appends a match stage.
func (p *Pipeline) AddMatcher(m Matcher) {
	p.mu.Lock()
	p.matchers = append(p.matchers, m)
	p.mu.Unlock()
}

// Deleter is implemented by persisters that keep records derived from
// items (conversations): it learns, in the batch's transaction, of the
// stored items their authors deleted (ids set, words already erased).
type Deleter interface {
	PersistDeletions(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error
}

// AddPersister appends a writer of match results.
func (p *Pipeline) AddPersister(w Persister) {
	p.mu.Lock()
	p.persist = append(p.persist, w)
	p.mu.Unlock()
}

// AddConsumer appends a consumer.
func (p *Pipeline) AddConsumer(c Consumer) {
	p.mu.Lock()
	p.consumers = append(p.consumers, c)
	p.mu.Unlock()
}

// Prepare runs the pure stages (normalise, dedupe, enrich, match) on a
// batch and returns the items to persist with the counts so far. It does no
// I/O, so callers may run it ahead of Persist to overlap work.
func (p *Pipeline) Prepare(b Batch) ([]model.Item, Result) {
	var res Result
	res.Rejected = append(res.Rejected, b.Rejected...)
	if b.Defaults.Now.IsZero() {
		b.Defaults.Now = p.clock.Now()
	}
	keep := make([]model.Item, 0, len(b.Items))
	seen := make(map[string]int, len(b.Items))
	for i := range b.Items {
		it := b.Items[i]
		if err := Normalize(&it, b.Defaults); err != nil {
			line := i + 1
			if i < len(b.Lines) {
				line = b.Lines[i]
			}
			if fe, ok := err.(*FieldError); ok && fe.Line == 0 {
				fe.Line = line
			}
			res.Rejected = append(res.Rejected, Rejection{Line: line, Err: err})
			continue
		}
		key := store.ItemKey(it.Network, it.ExternalID)
		if j, dup := seen[key]; dup {
			// The later copy wins: it has the freshest metrics and edits.
			keep[j] = it
			res.Duplicates++
			continue
		}
		seen[key] = len(keep)
		keep = append(keep, it)
	}
	if len(b.Rejected) > 0 {
		sort.SliceStable(res.Rejected, func(i, j int) bool { return res.Rejected[i].Line < res.Rejected[j].Line })
	}
	// Deletions skip the analysis and go last.
	keep, dels := splitDeleted(keep)
	p.mu.RLock()
	defer p.mu.RUnlock()
	p.enrich(keep)
	for _, m := range p.matchers {
		m.Match(b.Defaults.WorkspaceID, keep)
	}
	return append(keep, dels...), res
}

// enrich runs the enrich stages on items; the caller holds p.mu. Every
// item gets a search text, whether an enricher set it or not.
func (p *Pipeline) enrich(items []model.Item) {
	for _, e := range p.enrichers {
		e.Enrich(items)
	}
	for i := range items {
		if items[i].SearchText == "" {
			items[i].SearchText = SearchText(text.AppendPostTokens(nil, items[i].Title+"\n"+items[i].Text))
		}
	}
}

// splitDeleted separates the deletions from the other items, keeping the
// order of each; items is left as it was.
func splitDeleted(items []model.Item) (live, dels []model.Item) {
	n := 0
	for i := range items {
		if items[i].Deleted {
			n++
		}
	}
	if n == 0 {
		return items, nil
	}
	live, dels = make([]model.Item, 0, len(items)-n), make([]model.Item, 0, n)
	for _, it := range items {
		if it.Deleted {
			dels = append(dels, it)
		} else {
			live = append(live, it)
		}
	}
	return live, dels
}

// persistTries is how many times Persist writes a batch that meets another
// writer (store.Retryable) before it gives up and returns the error.
const persistTries = 3

// Persist writes prepared items (and the source state) in one transaction,
// then notifies the consumers.
func (p *Pipeline) Persist(ctx context.Context, b Batch, items []model.Item, res Result) (Result, error) {
	ws := b.Defaults.WorkspaceID
	p.mu.RLock()
	persisters, consumers := p.persist, p.consumers
	p.mu.RUnlock()
	var written []model.Item // inserted or changed, with their ids
	items, dels := splitDeleted(items)
	write := func(q *store.Q) error {
		if len(dels) > 0 {
			// Deletions of items Parvis holds: their words are erased in
			// this transaction; the stages that keep derived records
			// (conversations) learn of them.
			gone, err := q.MarkItemsDeleted(ctx, ws, dels)
			if err != nil {
				return err
			}
			res.Deleted = len(gone)
			for _, w := range persisters {
				if d, ok := w.(Deleter); ok && len(gone) > 0 {
					if err := d.PersistDeletions(ctx, q, ws, gone); err != nil {
						return err
					}
				}
			}
		}
		if len(items) > 0 {
			inserted, err := q.UpsertItems(ctx, items)
			if err != nil {
				return err
			}
			written = written[:0]
			for _, it := range items {
				if it.ID != 0 {
					written = append(written, it)
				}
			}
			res.Inserted, res.Updated, res.Unchanged = inserted, len(written)-inserted, len(items)-len(written)
			for _, w := range persisters {
				if err := w.PersistMatches(ctx, q, ws, written); err != nil {
					return err
				}
			}
		}
		if b.Defaults.SourceID != 0 {
			if b.State != nil {
				return q.SaveSourceState(ctx, b.Defaults.SourceID, b.State, res.Inserted)
			}
			if res.Inserted > 0 {
				return q.CountSourceItems(ctx, b.Defaults.SourceID, res.Inserted)
			}
		}
		return nil
	}
	err := p.db.InTx(ctx, write)
	// Two batches that lock the same rows (conversations, authors) in
	// opposite orders deadlock on PostgreSQL, which aborts one: it is
	// written again at once, waiting this time for the other to commit,
	// rather than failing its job and waiting for the next attempt. The
	// transaction is whole again: the upsert gives the items their ids
	// anew, and every count is taken again.
	for try := 2; try <= persistTries && store.Retryable(err); try++ {
		p.log.Info("a batch met another writer: writing it again", "workspace", ws, "try", try, "err", err)
		err = p.db.InTx(ctx, write)
	}
	if err != nil {
		return res, err
	}
	res.Persisted = written
	if res.Inserted > 0 {
		if err := p.db.NoteWrites(ctx, res.Inserted); err != nil {
			p.log.Warn("refreshing planner statistics", "err", err)
		}
	}
	for _, c := range consumers {
		c.Consume(ctx, ws, written)
	}
	return res, nil
}

// Stream runs the batches that next returns through the pipeline until it
// returns false, calling done after each is persisted. The pure stages of
// the next batch run while the current one is written, so CPU and database
// work overlap; at most two batches are in memory.
func (p *Pipeline) Stream(ctx context.Context, next func() (Batch, bool), done func(Batch, Result)) error {
	type prepared struct {
		b     Batch
		items []model.Item
		res   Result
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan prepared, 1)
	go func() {
		defer close(ch)
		for {
			b, ok := next()
			if !ok {
				return
			}
			if b.Defaults.Now.IsZero() {
				b.Defaults.Now = p.clock.Now()
			}
			items, res := p.Prepare(b)
			select {
			case ch <- prepared{b, items, res}:
			case <-ctx.Done():
				return
			}
		}
	}()
	for pr := range ch {
		res, err := p.Persist(ctx, pr.b, pr.items, pr.res)
		if err != nil {
			return err
		}
		if done != nil {
			done(pr.b, res)
		}
	}
	return ctx.Err()
}

// Ingest runs a batch through every stage.
func (p *Pipeline) Ingest(ctx context.Context, b Batch) (Result, error) {
	items, res := p.Prepare(b)
	return p.Persist(ctx, b, items, res)
}

package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// Reanalyzer is implemented by persisters that keep records derived from
// items' analysis (the sentiment of contacts, the language, sentiment and
// search text of conversations): it learns, in the transaction that
// writes them, of the stored items whose analysis changed.
type Reanalyzer interface {
	PersistReanalysis(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error
}

// Refolder is a persister that keeps words folded by the text engine
// outside the items (the directory's name and handle keys). A reading of
// the stored items that reaches its end has it fold them again, for one
// workspace or (0) all: a change of text.Fold moves them too.
type Refolder interface {
	Refold(ctx context.Context, wsID int64) (int, error)
}

// ReanalyzeOptions says which stored items Reanalyze reads again.
type ReanalyzeOptions struct {
	WorkspaceID int64 // 0: every workspace
	AfterID     int64 // start after this item id
	MaxItems    int   // stop after reading this many (at most); 0: all
	BatchSize   int   // items read and written at once; 500 when 0
	DryRun      bool  // count what would change, write nothing
	// Redetect detects every item's language again, those given as hints
	// too: databases written before detection was capped at 0.999 hold
	// detected languages at confidence 1, which read as hints.
	Redetect bool
	// Progress, when set, is called after each batch with the counts so far.
	Progress func(ReanalyzeResult)
}

// ReanalyzeResult counts what Reanalyze did.
type ReanalyzeResult struct {
	Read    int // items read
	Changed int // items whose analysis is not what was stored
	Written int // of those, written (none on a dry run)
	// Edited counts changed items edited or deleted since they were read:
	// the pipeline read their new text, and they are left as it wrote them.
	Edited int
	// Items whose language, sentiment, entities or search text changed.
	Lang, Sentiment, Entities, Search int

	LastID int64 // the last item read: where a run stopped by MaxItems resumes
	Done   bool  // no item is left after LastID
}

// Reanalyze reads stored items again with the enrich stages, so that what
// a new version of the text engine reads (language, sentiment, entities,
// search words) reaches the items stored before it, and the records
// derived from them (Reanalyzer persisters) follow. A language given as a
// hint (confidence 1) stays the item's language; a detected one is
// detected again. Only items whose analysis changed are written, one
// transaction per batch, so a second run writes nothing and an
// interrupted run can be started again. Topic matches, moderation and
// alerts are not run again: they acted when the items came.
func (p *Pipeline) Reanalyze(ctx context.Context, opts ReanalyzeOptions) (ReanalyzeResult, error) {
	var res ReanalyzeResult
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	p.mu.RLock()
	persisters, enrichers := p.persist, len(p.enrichers)
	p.mu.RUnlock()
	if enrichers == 0 {
		return res, errors.New("reanalyze: the pipeline has no enrich stage; it would erase every item's analysis")
	}
	res.LastID = opts.AfterID
	for opts.MaxItems <= 0 || res.Read < opts.MaxItems {
		want := opts.BatchSize
		if opts.MaxItems > 0 {
			want = min(want, opts.MaxItems-res.Read)
		}
		stored, err := p.db.Q().ItemsToReanalyze(ctx, opts.WorkspaceID, res.LastID, want)
		if err != nil {
			return res, fmt.Errorf("reanalyze: read items after id %d: %w", res.LastID, err)
		}
		if len(stored) < want {
			res.Done = true
		}
		if len(stored) == 0 {
			return res, p.refold(ctx, persisters, opts)
		}
		after := stored[len(stored)-1].ID
		res.Read += len(stored)
		fresh := make([]model.Item, len(stored))
		for i, it := range stored {
			fresh[i] = it
			if it.LangConfidence != 1 || opts.Redetect {
				fresh[i].Lang = "" // detected: detect again
			}
			fresh[i].LangConfidence, fresh[i].Sentiment, fresh[i].Entities, fresh[i].SearchText = 0, nil, nil, ""
		}
		p.mu.RLock()
		p.enrich(fresh)
		p.mu.RUnlock()
		changed := fresh[:0]
		for i := range fresh {
			if res.count(&stored[i], &fresh[i]) {
				changed = append(changed, fresh[i])
			}
		}
		if len(changed) > 0 && !opts.DryRun {
			written, err := p.writeReanalysis(ctx, persisters, changed)
			for try := 1; try < 3 && store.Retryable(err); try++ {
				written, err = p.writeReanalysis(ctx, persisters, changed) // met the pipeline writing the same rows
			}
			if err != nil {
				return res, fmt.Errorf("reanalyze: items %d to %d: %w", stored[0].ID, after, err)
			}
			res.Written += written
			res.Edited += len(changed) - written
		}
		res.LastID = after
		if opts.Progress != nil {
			opts.Progress(res)
		}
		if res.Done {
			return res, p.refold(ctx, persisters, opts)
		}
	}
	return res, nil
}

// refold has the Refolders fold again what they keep, at the end of a
// reading that writes.
func (p *Pipeline) refold(ctx context.Context, persisters []Persister, opts ReanalyzeOptions) error {
	if opts.DryRun {
		return nil
	}
	for _, w := range persisters {
		if r, ok := w.(Refolder); ok {
			if _, err := r.Refold(ctx, opts.WorkspaceID); err != nil {
				return fmt.Errorf("reanalyze: %w", err)
			}
		}
	}
	return nil
}

// count adds what differs between the stored analysis of an item and the
// fresh one, and reports whether anything does.
func (r *ReanalyzeResult) count(stored, fresh *model.Item) bool {
	lang := stored.Lang != fresh.Lang || !sameFigure(stored.LangConfidence, fresh.LangConfidence)
	sentiment := !sameSentiment(stored.Sentiment, fresh.Sentiment)
	entities := !sameEntities(stored.Entities, fresh.Entities)
	search := stored.SearchText != fresh.SearchText
	for _, c := range []struct {
		changed bool
		n       *int
	}{{lang, &r.Lang}, {sentiment, &r.Sentiment}, {entities, &r.Entities}, {search, &r.Search}} {
		if c.changed {
			(*c.n)++
		}
	}
	if lang || sentiment || entities || search {
		r.Changed++
		return true
	}
	return false
}

// writeReanalysis writes the changed items of a batch and what derives
// from them, in one transaction; it returns how many were written.
func (p *Pipeline) writeReanalysis(ctx context.Context, persisters []Persister, changed []model.Item) (int, error) {
	written := 0
	err := p.db.InTx(ctx, func(q *store.Q) error {
		items, err := q.UpdateItemAnalysis(ctx, changed)
		if err != nil {
			return err
		}
		written = len(items)
		slices.SortStableFunc(items, func(a, b model.Item) int { return cmp.Compare(a.WorkspaceID, b.WorkspaceID) })
		for start := 0; start < len(items); {
			end := start + 1
			for end < len(items) && items[end].WorkspaceID == items[start].WorkspaceID {
				end++
			}
			for _, w := range persisters {
				if r, ok := w.(Reanalyzer); ok {
					if err := r.PersistReanalysis(ctx, q, items[start].WorkspaceID, items[start:end]); err != nil {
						return err
					}
				}
			}
			start = end
		}
		return nil
	})
	return written, err
}

// sameFigure tells whether two stored figures (a score, a confidence) are
// the same: PostgreSQL's REAL keeps about seven digits of what was written.
func sameFigure(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func sameSentiment(a, b *model.Sentiment) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Label == b.Label && sameFigure(a.Score, b.Score)
}

// sameEntities compares entities as the store keeps them: an empty list
// is no list.
func sameEntities(a, b *model.Entities) bool {
	var none model.Entities
	if a == nil {
		a = &none
	}
	if b == nil {
		b = &none
	}
	return slices.Equal(a.Hashtags, b.Hashtags) && slices.Equal(a.Mentions, b.Mentions) && slices.Equal(a.URLs, b.URLs) &&
		slices.Equal(a.Emoji, b.Emoji) && slices.Equal(a.Cashtags, b.Cashtags)
}

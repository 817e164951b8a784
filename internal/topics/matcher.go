package topics

import (
	"context"
	"slices"
	"sync"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/query"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
)

// Matcher holds the compiled queries of the active topics of every
// workspace, one query.Matcher per workspace so that an item is only
// tested against its own workspace's topics. It is the pipeline's match
// stage (Match) and writes the matches in the batch's transaction
// (PersistMatches). Set and Remove change one topic without recompiling
// the others. It is safe for concurrent use.
type Matcher struct {
	mu   sync.RWMutex
	byWS map[int64]*query.Matcher[int64]
	docs sync.Pool // of *query.Doc, to reuse token slices
}

// NewMatcher returns an empty matcher.
func NewMatcher() *Matcher {
	m := &Matcher{byWS: map[int64]*query.Matcher[int64]{}}
	m.docs.New = func() any { return new(query.Doc) }
	return m
}

// Set compiles a topic's query and adds it (or replaces its previous
// query); an inactive topic is removed.
func (m *Matcher) Set(t model.Topic) error {
	if !t.Active {
		m.Remove(t.WorkspaceID, t.ID)
		return nil
	}
	e, err := query.Parse(t.Query)
	if err != nil {
		return err
	}
	m.mu.Lock()
	qm := m.byWS[t.WorkspaceID]
	if qm == nil {
		qm = query.NewMatcher[int64]()
		m.byWS[t.WorkspaceID] = qm
	}
	m.mu.Unlock()
	return qm.Add(t.ID, e)
}

// Remove drops a topic.
func (m *Matcher) Remove(wsID, topicID int64) {
	m.mu.RLock()
	qm := m.byWS[wsID]
	m.mu.RUnlock()
	if qm != nil {
		qm.Remove(topicID)
	}
}

// Len returns the number of topics held.
func (m *Matcher) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n := 0
	for _, qm := range m.byWS {
		n += qm.Len()
	}
	return n
}

// FillDoc makes d the query document of an item: its title and text
// tokenised once by the shared tokenizer, and its attributes.
func FillDoc(d *query.Doc, it *model.Item) {
	s := it.Text
	if it.Title != "" {
		s = it.Title + "\n" + it.Text
	}
	*d = query.Doc{Tokens: text.AppendPostTokens(d.Tokens[:0], s), Lang: it.Lang, Network: it.Network, Author: it.Author.Handle,
		Source: it.Source, Kind: string(it.Kind), URLs: d.URLs[:0]}
	if it.Sentiment != nil {
		d.Sentiment = it.Sentiment.Label
	}
	if it.URL != "" {
		d.URLs = append(d.URLs, it.URL)
	}
	if it.Entities != nil {
		d.URLs = append(d.URLs, it.Entities.URLs...)
	}
	if it.Author.Followers != nil {
		d.Followers, d.FollowersKnown = *it.Author.Followers, true
	}
}

// Match implements ingest.Matcher: it sets each item's Topics.
func (m *Matcher) Match(wsID int64, items []model.Item) {
	m.mu.RLock()
	qm := m.byWS[wsID]
	m.mu.RUnlock()
	if qm == nil || qm.Len() == 0 {
		return
	}
	d := m.docs.Get().(*query.Doc)
	defer m.docs.Put(d)
	for i := range items {
		FillDoc(d, &items[i])
		items[i].Topics = qm.Match(d, items[i].Topics[:0])
		if len(items[i].Topics) == 0 {
			items[i].Topics = nil
			continue
		}
		slices.Sort(items[i].Topics)
	}
}

// PersistMatches implements ingest.Persister: it records the matches of a
// batch whose items have their ids.
func (m *Matcher) PersistMatches(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	var ms []model.TopicMatch
	for i := range items {
		if items[i].ID == 0 {
			continue
		}
		for _, t := range items[i].Topics {
			ms = append(ms, model.TopicMatch{TopicID: t, ItemID: items[i].ID, CreatedAt: items[i].CreatedAt})
		}
	}
	if len(ms) == 0 {
		return nil
	}
	_, err := q.InsertTopicMatches(ctx, wsID, ms)
	return err
}

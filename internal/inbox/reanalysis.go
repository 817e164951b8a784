package inbox

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
)

// remaining is what a conversation shows of the items its authors have
// not deleted: the preview, language and sentiment of the last inbound
// one (waiting says one remains) and the search text of all of them and
// of its notes.
type remaining struct {
	preview, lang, sentiment, search string
	waiting                          bool
}

// remains reads a conversation's items and notes again. The notes' words
// come first: a long conversation (ConversationSearchMax characters of
// item words, counted as LENGTH counts them) must not crowd out what the
// team wrote about it.
func remains(ctx context.Context, q *store.Q, convID int64) (remaining, error) {
	var r remaining
	cis, err := q.ConversationItems(ctx, convID)
	if err != nil {
		return r, err
	}
	notes, err := q.ListNotes(ctx, convID)
	if err != nil {
		return r, err
	}
	var b strings.Builder
	chars := 0
	add := func(words string) {
		if words == "" || chars > store.ConversationSearchMax {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
			chars++
		}
		b.WriteString(words)
		chars += utf8.RuneCountInString(words)
	}
	for _, n := range notes {
		add(ingest.SearchText(text.Tokenize(n.Body)))
	}
	for _, ci := range cis { // oldest first
		if ci.DeletedAt != nil {
			continue
		}
		add(searchOf(&ci.Item))
		if ci.Direction == "in" {
			r.preview, r.lang, r.waiting = preview(&ci.Item), ci.Item.Lang, true
			if ci.Item.Sentiment != nil {
				r.sentiment = ci.Item.Sentiment.Label
			}
		}
	}
	r.search = b.String()
	return r, nil
}

// PersistReanalysis implements ingest.Reanalyzer: the conversations that
// hold items read again show their new language and sentiment and are
// found by their new search words. Conversations of authors erased on
// request keep the blank search text their erasure left.
func (s *Service) PersistReanalysis(ctx context.Context, q *store.Q, wsID int64, items []model.Item) error {
	ids := make([]int64, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	convs, err := q.ConversationsOfItems(ctx, ids)
	if err != nil {
		return fmt.Errorf("inbox: conversations of items: %w", err)
	}
	for _, id := range convs {
		// Locked before it is read: a reply threaded, an erasure or a
		// note committed meanwhile would otherwise be overwritten by a
		// rebuild from what was there before.
		c, err := q.GetConversationForUpdate(ctx, wsID, id)
		if err != nil {
			return fmt.Errorf("inbox: conversation %d: %w", id, err)
		}
		if c.AuthorHandle == "" && c.Preview == store.ErasedText {
			continue
		}
		r, err := remains(ctx, q, id)
		if err != nil {
			return fmt.Errorf("inbox: conversation %d: %w", id, err)
		}
		if !r.waiting {
			r.lang, r.sentiment = c.Lang, c.Sentiment
		}
		if err := q.SetConversationAnalysis(ctx, wsID, id, r.lang, r.sentiment, r.search); err != nil {
			return fmt.Errorf("inbox: conversation %d: %w", id, err)
		}
	}
	return nil
}

package contacts

import (
	"context"
	"errors"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// FeedbackCategories are the kinds of feedback (the inbox offers the same).
var FeedbackCategories = []string{"product", "service", "price", "idea", "complaint", "praise", "other"}

// Sentiments are the sentiment labels feedback is counted by.
var Sentiments = []string{"positive", "neutral", "negative", "unknown"}

// MarkInput marks (or, with an empty category, unmarks) an item or a
// conversation as feedback.
type MarkInput struct {
	ItemID         *int64 `json:"item_id"`
	ConversationID *int64 `json:"conversation_id"`
	Category       string `json:"category"`
	Note           string `json:"note"`
}

const maxFeedbackNote = 2000

// MarkFeedback marks an item or a conversation as feedback (editor). It
// returns the mark, or a zero Feedback when it removed one.
func (s *Service) MarkFeedback(ctx context.Context, ws string, in MarkInput) (model.Feedback, error) {
	var f model.Feedback
	if (in.ItemID == nil) == (in.ConversationID == nil) {
		return f, apperr.Invalid("item_id", "error.feedback_target", "give either item_id or conversation_id")
	}
	if in.Category != "" && !contains(FeedbackCategories, in.Category) {
		return f, apperr.Invalid("category", "error.feedback_category", "must be one of %s", strings.Join(FeedbackCategories, ", "))
	}
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > maxFeedbackNote {
		return f, apperr.Invalid("note", "error.feedback_note", "a note has at most %d characters", maxFeedbackNote)
	}
	err := s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
		if err != nil {
			return err
		}
		objType, objID := "item", int64(0)
		if in.ItemID != nil {
			objID = *in.ItemID
			if _, err := q.GetItem(ctx, w.ID, objID); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return apperr.Invalid("item_id", "error.feedback_item", "is not an item of this workspace")
				}
				return apperr.Internal(err)
			}
		} else {
			objType, objID = "conversation", *in.ConversationID
			if _, err := q.GetConversation(ctx, w.ID, objID); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return apperr.Invalid("conversation_id", "error.feedback_conversation", "is not a conversation of this workspace")
				}
				return apperr.Internal(err)
			}
			// The inbox shows the category on the conversation.
			if err := q.SetConversationFeedback(ctx, w.ID, objID, in.Category); err != nil {
				return apperr.Internal(err)
			}
		}
		if in.Category == "" {
			if _, err := q.UnmarkFeedback(ctx, w.ID, in.ItemID, in.ConversationID); err != nil {
				return apperr.Internal(err)
			}
		} else {
			f = model.Feedback{WorkspaceID: w.ID, ItemID: in.ItemID, ConversationID: in.ConversationID, Category: in.Category, Note: in.Note}
			if a := auth.ActorFrom(ctx); a != nil && a.User.ID != 0 {
				uid := a.User.ID
				f.ByID, f.ByName = &uid, a.User.Name
				if f.ByName == "" {
					f.ByName = a.User.Email
				}
			}
			f.At = s.clock.Now().Truncate(time.Microsecond)
			if err := q.MarkFeedback(ctx, &f); err != nil {
				return apperr.Internal(err)
			}
			if err := s.scheduleDigest(ctx, q, w.ID); err != nil {
				return apperr.Internal(err)
			}
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "feedback.mark", objType, idStr(objID),
			map[string]any{"category": in.Category}))
	})
	return f, err
}

// CategorySummary is the feedback of one category.
type CategorySummary struct {
	Category string `json:"category"`
	Count    int    `json:"count"`
	// Sentiment counts the feedback by sentiment label.
	Sentiment map[string]int        `json:"sentiment"`
	Quotes    []model.FeedbackQuote `json:"quotes"`
}

// Summary is the feedback of a period, by category.
type Summary struct {
	From       string            `json:"from"`
	To         string            `json:"to"`
	Total      int               `json:"total"`
	Categories []CategorySummary `json:"categories"`
}

// Feedback summarises the feedback marked in a period (viewer): counts by
// category and sentiment, and representative quotes.
func (s *Service) Feedback(ctx context.Context, ws string, p Period, category string) (Summary, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return Summary{}, err
	}
	if category != "" && !contains(FeedbackCategories, category) {
		return Summary{}, apperr.Invalid("category", "error.feedback_category", "must be one of %s", strings.Join(FeedbackCategories, ", "))
	}
	if p, err = s.periodOr(w, p, 7); err != nil {
		return Summary{}, err
	}
	return s.summary(ctx, w.ID, p, category)
}

func (s *Service) summary(ctx context.Context, wsID int64, p Period, category string) (Summary, error) {
	entries, err := s.db.Q().ListFeedback(ctx, wsID, p.From, p.To, category)
	if err != nil {
		return Summary{}, apperr.Internal(err)
	}
	sum := Summarize(entries, 3)
	sum.From, sum.To = p.From.UTC().Format("2006-01-02T15:04:05Z"), p.To.UTC().Format("2006-01-02T15:04:05Z")
	return sum, nil
}

// maxQuote bounds the length of a quote, in characters.
const maxQuote = 280

// Summarize counts entries by category and sentiment and picks up to
// quotes representative texts per category: the most engaged one, then the
// most typical ones (of the category's commonest sentiment, whose score is
// closest to that sentiment's average), without repeating a text.
func Summarize(entries []store.FeedbackEntry, quotes int) Summary {
	byCat := map[string][]store.FeedbackEntry{}
	for _, e := range entries {
		byCat[e.Category] = append(byCat[e.Category], e)
	}
	sum := Summary{Total: len(entries), Categories: []CategorySummary{}}
	for _, cat := range FeedbackCategories {
		es := byCat[cat]
		if len(es) == 0 {
			continue
		}
		cs := CategorySummary{Category: cat, Count: len(es), Sentiment: map[string]int{}, Quotes: []model.FeedbackQuote{}}
		for _, l := range Sentiments {
			cs.Sentiment[l] = 0
		}
		scoreSum := map[string]float64{}
		for _, e := range es {
			l := sentimentLabel(e.Quote.Sentiment)
			cs.Sentiment[l]++
			scoreSum[l] += e.SentimentScore
		}
		dominant := ""
		for _, l := range Sentiments {
			if dominant == "" || cs.Sentiment[l] > cs.Sentiment[dominant] {
				dominant = l
			}
		}
		// Stable order first: newest, then id.
		sort.SliceStable(es, func(i, j int) bool {
			if !es[i].Quote.CreatedAt.Equal(es[j].Quote.CreatedAt) {
				return es[i].Quote.CreatedAt.After(es[j].Quote.CreatedAt)
			}
			return es[i].Quote.ItemID+es[i].Quote.ConversationID > es[j].Quote.ItemID+es[j].Quote.ConversationID
		})
		used := map[string]bool{}
		pick := func(e store.FeedbackEntry, reason string) {
			q := e.Quote
			key := strings.TrimSpace(q.Text)
			if key == "" || used[key] || len(cs.Quotes) >= quotes {
				return
			}
			used[key] = true
			q.Sentiment = sentimentLabel(q.Sentiment)
			q.Text = truncate(key, maxQuote)
			q.Reason = reason
			cs.Quotes = append(cs.Quotes, q)
		}
		best := -1
		for i, e := range es {
			if e.Quote.Engagement > 0 && (best < 0 || e.Quote.Engagement > es[best].Quote.Engagement) {
				best = i
			}
		}
		if best >= 0 {
			pick(es[best], "engaged")
		}
		mean := scoreSum[dominant] / float64(max(cs.Sentiment[dominant], 1))
		typical := make([]store.FeedbackEntry, 0, len(es))
		for _, e := range es {
			if sentimentLabel(e.Quote.Sentiment) == dominant {
				typical = append(typical, e)
			}
		}
		sort.SliceStable(typical, func(i, j int) bool {
			return math.Abs(typical[i].SentimentScore-mean) < math.Abs(typical[j].SentimentScore-mean)
		})
		for _, e := range typical {
			pick(e, "typical")
		}
		sum.Categories = append(sum.Categories, cs)
	}
	return sum
}

func sentimentLabel(l string) string {
	if contains(Sentiments, l) {
		return l
	}
	return "unknown"
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

package listen

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
)

// ItemQuery filters the items of a workspace (all fields optional).
type ItemQuery struct {
	Source    string // source id
	Network   string
	Kind      string
	Lang      string
	Sentiment string
	Author    string
	Q         string // full-text search
	Since     string // RFC 3339 or date
	Until     string
	Cursor    string
	Limit     int
}

// ItemPage is a page of items, newest first.
type ItemPage struct {
	Items      []model.Item `json:"items"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

// ToFilter validates a query into a store filter for workspace ws.
func (iq ItemQuery) ToFilter(ws int64) (store.ItemFilter, error) {
	f := store.ItemFilter{WorkspaceID: ws, Network: iq.Network, Kind: iq.Kind,
		Sentiment: strings.ToLower(strings.TrimSpace(iq.Sentiment)), Author: strings.TrimPrefix(iq.Author, "@")}
	var err error
	if f.Query, err = ingest.SearchQuery(iq.Q); err != nil {
		return f, apperr.Invalid("q", "error.search_no_words", "holds no words to search (emoji, emoticons and links are not searched; a topic's query can match them)")
	}
	// Items carry ISO 639-1 codes, or "und": a filter is normalised as
	// ingest normalises hints ("fr-FR" → "fr"), and one that names no
	// language is refused rather than matching nothing.
	var ok bool
	if f.Lang, ok = text.LangFilter(iq.Lang); !ok {
		return f, apperr.Invalid("lang", "error.lang_code_invalid", "must be a language code such as fr, en or fr-FR, or und")
	}
	if iq.Source != "" {
		id, err := strconv.ParseInt(iq.Source, 10, 64)
		if err != nil {
			return f, apperr.Invalid("source", "error.id_invalid", "must be a numeric id")
		}
		f.SourceID = id
	}
	if iq.Kind != "" && !model.ItemKind(iq.Kind).Valid() {
		return f, apperr.Invalid("kind", "error.kind_invalid", "must be one of post, reply, comment, mention, message, article, review")
	}
	switch f.Sentiment {
	case "", "positive", "negative", "neutral":
	default:
		return f, apperr.Invalid("sentiment", "error.sentiment_invalid", "must be positive, negative or neutral")
	}
	if f.Since, err = parseWhen("since", iq.Since); err != nil {
		return f, err
	}
	if f.Until, err = parseWhen("until", iq.Until); err != nil {
		return f, err
	}
	if iq.Cursor != "" {
		ts, id, ok := strings.Cut(iq.Cursor, "_")
		us, err1 := strconv.ParseInt(ts, 10, 64)
		n, err2 := strconv.ParseInt(id, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return f, apperr.Invalid("cursor", "error.cursor_invalid", "is not a cursor returned by this API")
		}
		f.BeforeCreated, f.BeforeID = time.UnixMicro(us).UTC(), n
	}
	f.Limit = iq.Limit
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 200 {
		f.Limit = 200
	}
	return f, nil
}

func parseWhen(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, nil
	}
	return time.Time{}, apperr.Invalid(field, "error.time_invalid", "must be an RFC 3339 time (2026-01-31T09:00:00Z) or a date (2026-01-31)")
}

// Cursor returns the cursor that continues after item it.
func Cursor(it model.Item) string {
	return strconv.FormatInt(it.CreatedAt.UnixMicro(), 10) + "_" + strconv.FormatInt(it.ID, 10)
}

// Items lists a workspace's items, newest first.
func (s *Service) Items(ctx context.Context, ws string, iq ItemQuery) (ItemPage, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return ItemPage{}, err
	}
	f, err := iq.ToFilter(w.ID)
	if err != nil {
		return ItemPage{}, err
	}
	limit := f.Limit
	f.Limit++
	items, err := s.db.Q().ListItems(ctx, f)
	if err != nil {
		return ItemPage{}, apperr.Internal(err)
	}
	p := ItemPage{Items: items}
	if len(items) > limit {
		p.Items = items[:limit]
		p.NextCursor = Cursor(items[limit-1])
	}
	if p.Items == nil {
		p.Items = []model.Item{}
	}
	return p, nil
}

// Item returns one item.
func (s *Service) Item(ctx context.Context, ws string, id int64) (model.Item, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return model.Item{}, err
	}
	it, err := s.db.Q().GetItem(ctx, w.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return model.Item{}, apperr.NotFound("item")
	}
	if err != nil {
		return model.Item{}, apperr.Internal(err)
	}
	return it, nil
}

package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

// FieldError is a problem with one field of one input record.
type FieldError struct {
	Line  int    // 1-based line (JSONL, CSV) or array index + 1; 0 when unknown
	Field string // e.g. "created_at", "author.followers"
	Msg   string
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// inputItem is the JSON shape accepted from webhooks, JSONL imports and the
// API. It is model.Item's shape with lenient types where senders differ:
// author may be a handle string, ids may be numbers, times may be Unix
// seconds.
type inputItem struct {
	ExternalID json.RawMessage `json:"external_id"`
	ID         json.RawMessage `json:"id"`
	Network    *string         `json:"network"`
	Kind       *string         `json:"kind"`
	URL        *string         `json:"url"`
	Author     json.RawMessage `json:"author"`
	Title      *string         `json:"title"`
	Text       *string         `json:"text"`
	Lang       *string         `json:"lang"`
	CreatedAt  json.RawMessage `json:"created_at"`
	ParentID   json.RawMessage `json:"parent_id"`
	ThreadID   json.RawMessage `json:"thread_id"`
	Metrics    *struct {
		Likes   *int64 `json:"likes"`
		Reposts *int64 `json:"reposts"`
		Replies *int64 `json:"replies"`
		Views   *int64 `json:"views"`
	} `json:"metrics"`
	Source *string `json:"source"`
	// Deleted says the author deleted the item on its network.
	Deleted *bool `json:"deleted"`
}

type inputAuthor struct {
	Handle    *string          `json:"handle"`
	Name      *string          `json:"name"`
	URL       *string          `json:"url"`
	Followers *json.RawMessage `json:"followers"`
}

// DecodeItem parses one item from JSON. Errors are *FieldError naming the
// field at fault (Line is left for the caller).
func DecodeItem(data []byte) (model.Item, error) {
	var in inputItem
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return model.Item{}, &FieldError{Msg: "expected a JSON object"}
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return model.Item{}, jsonFieldError(err)
	}
	var it model.Item
	var err error
	if it.ExternalID, err = idString("external_id", in.ExternalID); err != nil {
		return it, err
	}
	if it.ExternalID == "" {
		if it.ExternalID, err = idString("id", in.ID); err != nil {
			return it, err
		}
	}
	it.Network = deref(in.Network)
	it.Kind = model.ItemKind(deref(in.Kind))
	it.URL = deref(in.URL)
	it.Title = deref(in.Title)
	it.Text = deref(in.Text)
	it.Lang = deref(in.Lang)
	it.Source = deref(in.Source)
	it.Deleted = in.Deleted != nil && *in.Deleted
	if it.ParentID, err = idString("parent_id", in.ParentID); err != nil {
		return it, err
	}
	if it.ThreadID, err = idString("thread_id", in.ThreadID); err != nil {
		return it, err
	}
	if len(in.CreatedAt) > 0 && string(in.CreatedAt) != "null" {
		if it.CreatedAt, err = parseTimeJSON(in.CreatedAt); err != nil {
			return it, &FieldError{Field: "created_at", Msg: err.Error()}
		}
	}
	if in.Metrics != nil {
		it.Metrics.Likes, it.Metrics.Reposts = deref64(in.Metrics.Likes), deref64(in.Metrics.Reposts)
		it.Metrics.Replies, it.Metrics.Views = deref64(in.Metrics.Replies), deref64(in.Metrics.Views)
	}
	if a := bytes.TrimSpace(in.Author); len(a) > 0 && string(a) != "null" {
		if a[0] == '"' {
			var h string
			if err := json.Unmarshal(a, &h); err != nil {
				return it, &FieldError{Field: "author", Msg: "must be a string or an object"}
			}
			it.Author.Handle = h
		} else {
			var ia inputAuthor
			if err := json.Unmarshal(a, &ia); err != nil {
				fe := jsonFieldError(err).(*FieldError)
				if fe.Field != "" {
					fe.Field = "author." + fe.Field
				} else {
					fe.Field = "author"
				}
				return it, fe
			}
			it.Author.Handle, it.Author.Name, it.Author.URL = deref(ia.Handle), deref(ia.Name), deref(ia.URL)
			if ia.Followers != nil && string(*ia.Followers) != "null" {
				n, err := strconv.ParseInt(strings.Trim(string(*ia.Followers), `"`), 10, 64)
				if err != nil || n < 0 {
					return it, &FieldError{Field: "author.followers", Msg: "must be a non-negative whole number"}
				}
				it.Author.Followers = &n
			}
		}
	}
	for name, v := range map[string]int64{"metrics.likes": it.Metrics.Likes, "metrics.reposts": it.Metrics.Reposts,
		"metrics.replies": it.Metrics.Replies, "metrics.views": it.Metrics.Views} {
		if v < 0 {
			return it, &FieldError{Field: name, Msg: "must not be negative"}
		}
	}
	return it, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func deref64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// idString accepts a string or a number as an identifier.
func idString(field string, raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", &FieldError{Field: field, Msg: "must be a string or a number"}
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", &FieldError{Field: field, Msg: "must be a string or a number"}
	}
	return n.String(), nil
}

// timeLayouts are the accepted textual forms of created_at.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", time.RFC1123Z, time.RFC1123}

// ParseTime reads a time as RFC 3339, a common date form, or Unix seconds.
// A time without a zone is taken as UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 0 && n < 1e11 {
		sec := int64(n)
		return time.Unix(sec, int64((n-float64(sec))*1e9)).UTC(), nil
	}
	return time.Time{}, errors.New("must be an RFC 3339 time (2026-05-01T09:30:00Z), a date (2026-05-01) or Unix seconds")
}

func parseTimeJSON(raw json.RawMessage) (time.Time, error) {
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, err
		}
		return ParseTime(s)
	}
	return ParseTime(string(raw))
}

func jsonFieldError(err error) error {
	var typ *json.UnmarshalTypeError
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &typ):
		field := typ.Field
		return &FieldError{Field: field, Msg: "must be of type " + jsonTypeName(typ.Type.String()) + ", not " + typ.Value}
	case errors.As(err, &syn):
		return &FieldError{Msg: fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn)}
	}
	return &FieldError{Msg: "malformed JSON: " + err.Error()}
}

func jsonTypeName(t string) string {
	switch strings.TrimPrefix(t, "*") {
	case "string":
		return "string"
	case "int64", "int", "float64":
		return "number"
	}
	return "object"
}

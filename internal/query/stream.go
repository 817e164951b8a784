package query

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/parvis/parvis/internal/text"
)

// maxLine bounds one line of a queries file or of the item stream.
const maxLine = 16 << 20

// NamedQuery is one line of a queries file.
type NamedQuery struct {
	ID   string
	Line int
	Expr Expr
}

// ReadQueries reads a queries file: one query per line as id<TAB>query;
// blank lines and lines starting with '#' are ignored. name prefixes
// error messages, which give the line and the column in the query:
// « queries.txt:3: unexpected ')' at column 14 ». Each query's Lint
// warnings are written to warn (which may be nil).
func ReadQueries(name string, r io.Reader, warn io.Writer) ([]NamedQuery, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, maxLine)
	seen := map[string]int{}
	var qs []NamedQuery
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimRight(sc.Text(), "\r")
		trimmed := strings.TrimSpace(s)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		id, src, ok := strings.Cut(s, "\t")
		id = strings.TrimSpace(id)
		if !ok {
			return nil, fmt.Errorf("%s:%d: expected id<TAB>query", name, line)
		}
		if id == "" {
			return nil, fmt.Errorf("%s:%d: empty query id", name, line)
		}
		if prev, dup := seen[id]; dup {
			return nil, fmt.Errorf("%s:%d: duplicate query id %q (first on line %d)", name, line, id, prev)
		}
		seen[id] = line
		e, err := Parse(src)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if warn != nil {
			for _, w := range Lint(e) {
				fmt.Fprintf(warn, "%s:%d: warning: query %s: %s\n", name, line, id, w.Msg)
			}
		}
		qs = append(qs, NamedQuery{ID: id, Line: line, Expr: e})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return qs, nil
}

// StreamOptions configures MatchStream.
type StreamOptions struct {
	// Strict stops at the first malformed item instead of reporting it
	// and going on.
	Strict bool
}

// MatchStream reads JSONL items from in, matches each against m, and
// writes one line per matching item to out: {"id":…,"queries":[…]}
// with the query ids sorted. An item's id is echoed as given (string or
// number); an item without one is named by its 1-based line number.
// Malformed lines are reported on errw with their line number and
// skipped, or end the stream with an error when opts.Strict.
func MatchStream(ctx context.Context, m *Matcher[string], in io.Reader, out, errw io.Writer, opts StreamOptions) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	w := bufio.NewWriter(out)
	var (
		d   Doc
		ids []string
		buf []byte
		bad int
	)
	for line := 1; sc.Scan(); line++ {
		if line%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		it, err := ParseItem(raw)
		if err != nil {
			if opts.Strict {
				w.Flush()
				return fmt.Errorf("line %d: %w", line, err)
			}
			bad++
			fmt.Fprintf(errw, "line %d: %v\n", line, err)
			continue
		}
		it.fill(&d)
		ids = m.Match(&d, ids[:0])
		if len(ids) == 0 {
			continue
		}
		slices.Sort(ids)
		buf = appendResult(buf[:0], it.ID, line, ids)
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		w.Flush()
		return fmt.Errorf("reading items: %w", err)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if bad > 0 {
		fmt.Fprintf(errw, "%d malformed item line(s) skipped\n", bad)
	}
	return nil
}

// Item is one line of the item stream of `parvis match`.
type Item struct {
	// ID is the item's id as written (a JSON string or number), or nil.
	ID        json.RawMessage
	Title     string // read before the text, as the pipeline reads an item's (Doc.SetItem)
	Text      string
	Lang      string
	Author    string
	Network   string
	Source    string
	Kind      string
	Sentiment string
	URLs      []string
	Followers *int64
}

// ParseItem decodes one JSONL item line. text or title is required; url is a
// string or an array of strings; sentiment a label or an object with a
// label ({"label":"negative","score":-0.8}, as `parvis analyze` writes);
// unknown fields are ignored.
func ParseItem(line []byte) (Item, error) {
	var raw struct {
		ID        json.RawMessage `json:"id"`
		Text      *string         `json:"text"`
		Title     string          `json:"title"`
		Lang      string          `json:"lang"`
		Author    string          `json:"author"`
		Network   string          `json:"network"`
		Source    string          `json:"source"`
		Kind      string          `json:"kind"`
		URL       json.RawMessage `json:"url"`
		Followers *int64          `json:"followers"`
		Sentiment json.RawMessage `json:"sentiment"`
	}
	if err := json.Unmarshal(line, &raw); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return Item{}, fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, err)
		case errors.As(err, &te) && te.Field == "":
			return Item{}, fmt.Errorf("expected a JSON object, got %s", te.Value)
		case errors.As(err, &te):
			return Item{}, fmt.Errorf("field %s: expected %s, got %s", te.Field, te.Type, te.Value)
		}
		return Item{}, fmt.Errorf("invalid JSON: %v", err)
	}
	if raw.Text == nil && raw.Title == "" {
		return Item{}, errors.New(`missing "text" (or "title")`)
	}
	it := Item{
		Title: raw.Title, Lang: raw.Lang, Author: raw.Author, Network: raw.Network,
		Source: raw.Source, Kind: raw.Kind, Followers: raw.Followers,
	}
	if raw.Text != nil {
		it.Text = *raw.Text
	}
	if id := bytes.TrimSpace(raw.ID); len(id) > 0 && !bytes.Equal(id, []byte("null")) {
		switch id[0] {
		case '"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			var c bytes.Buffer
			if err := json.Compact(&c, id); err != nil {
				return Item{}, fmt.Errorf("id: %v", err)
			}
			it.ID = c.Bytes()
		default:
			return Item{}, errors.New("id: expected a string or a number")
		}
	}
	if u := bytes.TrimSpace(raw.URL); len(u) > 0 && !bytes.Equal(u, []byte("null")) {
		if u[0] == '[' {
			if err := json.Unmarshal(u, &it.URLs); err != nil {
				return Item{}, errors.New("url: expected a string or an array of strings")
			}
		} else {
			var s string
			if err := json.Unmarshal(u, &s); err != nil {
				return Item{}, errors.New("url: expected a string or an array of strings")
			}
			it.URLs = []string{s}
		}
	}
	if s := bytes.TrimSpace(raw.Sentiment); len(s) > 0 && !bytes.Equal(s, []byte("null")) {
		if s[0] == '{' {
			var obj struct {
				Label string `json:"label"`
			}
			if err := json.Unmarshal(s, &obj); err != nil {
				return Item{}, errors.New(`sentiment: expected a label or {"label":…}`)
			}
			it.Sentiment = obj.Label
		} else if err := json.Unmarshal(s, &it.Sentiment); err != nil {
			return Item{}, errors.New(`sentiment: expected a label or {"label":…}`)
		}
	}
	return it, nil
}

// fill makes d the Doc of the item, reusing d's token slice.
func (it *Item) fill(d *Doc) {
	toks := d.Tokens[:0]
	if it.Title != "" {
		toks = text.AppendPostTokens(toks, it.Title)
	}
	*d = Doc{
		Tokens: text.AppendPostTokens(toks, it.Text),
		Lang:   it.Lang, Network: it.Network, Author: it.Author, Source: it.Source,
		Kind: it.Kind, Sentiment: it.Sentiment, URLs: it.URLs,
	}
	if it.Followers != nil {
		d.Followers, d.FollowersKnown = *it.Followers, true
	}
}

// appendResult writes {"id":…,"queries":[…]}\n.
func appendResult(buf []byte, id json.RawMessage, line int, queries []string) []byte {
	buf = append(buf, `{"id":`...)
	if id != nil {
		buf = append(buf, id...)
	} else {
		buf = fmt.Appendf(buf, "%d", line)
	}
	buf = append(buf, `,"queries":[`...)
	for i, q := range queries {
		if i > 0 {
			buf = append(buf, ',')
		}
		b, _ := json.Marshal(q)
		buf = append(buf, b...)
	}
	return append(buf, "]}\n"...)
}

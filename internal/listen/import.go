package listen

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
)

// ImportOptions tune an import.
type ImportOptions struct {
	// Format is "jsonl" or "csv" (required).
	Format string
	// Mapping maps item fields (text, title, url, external_id, created_at,
	// author.handle, author.name, author.followers, metrics.likes, …) to CSV
	// column names. Columns named like a field map themselves.
	Mapping map[string]string
	// BatchSize is the number of records per transaction (default 4000:
	// larger transactions amortise the commit and index page writes).
	BatchSize int
}

// ImportResult counts an import.
type ImportResult struct {
	Imported   int `json:"imported"`
	Duplicates int `json:"duplicates"` // already stored, or repeated in the input
	Rejected   int `json:"rejected"`
}

// maxLine bounds one JSONL line.
const maxLine = 1 << 20

// CSVFields lists the item fields a CSV column can map to.
var CSVFields = []string{"external_id", "network", "kind", "url", "title", "text", "lang", "created_at", "parent_id", "thread_id",
	"author.handle", "author.name", "author.url", "author.followers", "metrics.likes", "metrics.reposts", "metrics.replies", "metrics.views", "source"}

// ParseMapping reads "field=column,field=column".
func ParseMapping(s string) (map[string]string, error) {
	m := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return m, nil
	}
	known := map[string]bool{}
	for _, f := range CSVFields {
		known[f] = true
	}
	for _, part := range strings.Split(s, ",") {
		field, col, ok := strings.Cut(part, "=")
		field, col = strings.TrimSpace(field), strings.TrimSpace(col)
		if !ok || field == "" || col == "" {
			return nil, apperr.Invalid("map", "error.mapping", "%q: write field=column", part)
		}
		if !known[field] {
			return nil, apperr.Invalid("map", "error.mapping_field", "%q is not an item field (%s)", field, strings.Join(CSVFields, ", "))
		}
		m[field] = col
	}
	return m, nil
}

// record is one decoded input line, or why it could not be decoded.
type record struct {
	item model.Item
	line int
	err  error
	// fatal marks a read error: the input ends there.
	fatal bool
}

// Import reads items from r into workspace ws (managers and above). Bad
// records are reported through reject with their line and never stop the
// good ones. Decoding and enrichment of the next batch overlap with the
// writing of the current one; memory stays bounded by two batches.
func (s *Service) Import(ctx context.Context, ws string, r io.Reader, o ImportOptions, reject func(line int, err error)) (ImportResult, error) {
	var res ImportResult
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return res, err
	}
	var nextRecord func() (record, bool)
	switch o.Format {
	case "jsonl", "json":
		nextRecord = jsonlRecords(r)
	case "csv":
		nextRecord, err = csvRecords(r, o.Mapping)
		if err != nil {
			return res, err
		}
	default:
		return res, apperr.Invalid("format", "error.import_format", "must be jsonl or csv")
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 4000
	}
	defaults := ingest.Defaults{WorkspaceID: w.ID, Network: "import", Source: "import"}
	var readErr error
	next := func() (ingest.Batch, bool) {
		b := ingest.Batch{Defaults: defaults}
		for len(b.Items)+len(b.Rejected) < o.BatchSize {
			rec, ok := nextRecord()
			if !ok {
				break
			}
			if rec.fatal {
				readErr = rec.err // the good records before it are kept
				break
			}
			if rec.err != nil {
				b.Rejected = append(b.Rejected, ingest.Rejection{Line: rec.line, Err: rec.err})
				continue
			}
			b.Items = append(b.Items, rec.item)
			b.Lines = append(b.Lines, rec.line)
		}
		return b, len(b.Items)+len(b.Rejected) > 0
	}
	err = s.pipeline.Stream(ctx, next, func(_ ingest.Batch, out ingest.Result) {
		for _, rj := range out.Rejected {
			res.Rejected++
			if reject != nil {
				reject(rj.Line, rj.Err)
			}
		}
		res.Imported += out.Inserted
		res.Duplicates += out.Updated + out.Unchanged + out.Duplicates
	})
	if err != nil {
		return res, apperr.Internal(fmt.Errorf("import: %w", err))
	}
	if readErr != nil {
		var tooBig *http.MaxBytesError
		if errors.As(readErr, &tooBig) {
			return res, apperr.New(apperr.KindTooLarge, "error.body_too_large", "request body larger than %d bytes", tooBig.Limit)
		}
		return res, apperr.New(apperr.KindInvalid, "error.import_read", "reading the input failed after %d records: %v", res.Imported+res.Duplicates+res.Rejected, readErr)
	}
	return res, nil
}

// jsonlRecords reads one JSON object per line.
func jsonlRecords(r io.Reader) func() (record, bool) {
	br := bufio.NewReaderSize(r, 256*1024)
	line := 0
	var buf []byte
	failed := false
	return func() (record, bool) {
		if failed {
			return record{}, false
		}
		for {
			buf = buf[:0]
			tooLong := false
			var err error
			for {
				var chunk []byte
				chunk, err = br.ReadSlice('\n')
				if len(buf)+len(chunk) > maxLine {
					tooLong = true
				} else {
					buf = append(buf, chunk...)
				}
				if err != bufio.ErrBufferFull {
					break
				}
			}
			if err != nil && err != io.EOF {
				// A read error ends the input (it would repeat forever).
				line++
				failed = true
				return record{line: line, err: fmt.Errorf("read: %w", err), fatal: true}, true
			}
			if len(buf) == 0 && !tooLong && err == io.EOF {
				return record{}, false
			}
			line++
			if tooLong {
				return record{line: line, err: fmt.Errorf("line longer than %d bytes", maxLine)}, true
			}
			b := bytes.TrimSpace(buf)
			if len(b) == 0 {
				if err == io.EOF {
					return record{}, false
				}
				continue
			}
			it, derr := ingest.DecodeItem(b)
			return record{item: it, line: line, err: derr}, true
		}
	}
}

// csvRecords reads a CSV file with a header row.
func csvRecords(r io.Reader, mapping map[string]string) (func() (record, bool), error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 256*1024))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, apperr.Invalid("file", "error.csv_header", "cannot read the CSV header: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		col[strings.ToLower(h)] = i
	}
	index := map[string]int{}
	for _, f := range CSVFields {
		name := f
		if m, ok := mapping[f]; ok {
			name = m
		}
		for _, cand := range []string{name, strings.ReplaceAll(name, ".", "_")} {
			if i, ok := col[strings.ToLower(cand)]; ok {
				index[f] = i
				break
			}
		}
		if m, ok := mapping[f]; ok {
			if _, found := index[f]; !found {
				return nil, apperr.Invalid("map", "error.csv_column", "column %q (for %s) is not in the header", m, f)
			}
		}
	}
	if _, ok := index["author.handle"]; !ok {
		if i, ok := col["author"]; ok {
			index["author.handle"] = i
		}
	}
	_, hasText := index["text"]
	_, hasTitle := index["title"]
	if !hasText && !hasTitle {
		return nil, apperr.Invalid("map", "error.csv_text", "no text or title column: name one text, or map it with text=COLUMN")
	}
	lastLine := 1
	failed := false
	return func() (record, bool) {
		if failed {
			return record{}, false
		}
		for {
			row, err := cr.Read()
			if err == io.EOF {
				return record{}, false
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					return record{line: pe.Line, err: fmt.Errorf("malformed CSV: %v", pe.Err)}, true
				}
				failed = true // a read error ends the input
				return record{line: lastLine + 1, err: err, fatal: true}, true
			}
			line, _ := cr.FieldPos(0) // row has at least one field here
			lastLine = line
			if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
				continue
			}
			it, ferr := csvItem(row, index)
			return record{item: it, line: line, err: ferr}, true
		}
	}, nil
}

func csvItem(row []string, index map[string]int) (model.Item, error) {
	get := func(f string) string {
		if i, ok := index[f]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	it := model.Item{ExternalID: get("external_id"), Network: get("network"), Kind: model.ItemKind(get("kind")), URL: get("url"),
		Title: get("title"), Text: get("text"), Lang: get("lang"), ParentID: get("parent_id"), ThreadID: get("thread_id"), Source: get("source")}
	if i, ok := index["text"]; ok && i < len(row) {
		it.Text = row[i] // keep line breaks and inner spacing
	}
	it.Author = model.Author{Handle: get("author.handle"), Name: get("author.name"), URL: get("author.url")}
	if v := get("created_at"); v != "" {
		t, err := ingest.ParseTime(v)
		if err != nil {
			return it, &ingest.FieldError{Field: "created_at", Msg: err.Error()}
		}
		it.CreatedAt = t
	}
	num := func(f string) (int64, error) {
		v := strings.ReplaceAll(get(f), " ", "")
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, &ingest.FieldError{Field: f, Msg: fmt.Sprintf("%q is not a whole number", get(f))}
		}
		return n, nil
	}
	var err error
	if v := get("author.followers"); v != "" {
		n, err := num("author.followers")
		if err != nil {
			return it, err
		}
		it.Author.Followers = &n
	}
	if it.Metrics.Likes, err = num("metrics.likes"); err != nil {
		return it, err
	}
	if it.Metrics.Reposts, err = num("metrics.reposts"); err != nil {
		return it, err
	}
	if it.Metrics.Replies, err = num("metrics.replies"); err != nil {
		return it, err
	}
	if it.Metrics.Views, err = num("metrics.views"); err != nil {
		return it, err
	}
	return it, nil
}

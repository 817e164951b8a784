package publish

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/model"
)

// BulkRow is one line of a bulk-scheduling CSV.
type BulkRow struct {
	Line     int      `json:"line"`
	Text     string   `json:"text"`
	Channels []string `json:"channels"` // names or ids
	When     string   `json:"time"`
	MediaURL string   `json:"media_url,omitempty"`
	Campaign string   `json:"campaign,omitempty"`
}

// LineError is a problem with one line (line 1 is the header).
type LineError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// MaxBulkRows bounds a bulk file.
const MaxBulkRows = 5000

var bulkColumns = map[string]string{"text": "text", "channels": "channels", "channel": "channels", "time": "time",
	"scheduled_at": "time", "when": "time", "media_url": "media_url", "media": "media_url", "campaign": "campaign"}

// ParseBulkCSV reads a CSV with a header naming its columns: text,
// channels (names or ids separated by ";" or "|"), time (RFC 3339 or a
// local time in the workspace's zone), and optionally media_url and
// campaign. Separators "," and ";" are recognised from the header. Lines
// that cannot be read are reported with their number and skipped; an error
// is returned only when the file as a whole is unusable.
func ParseBulkCSV(r io.Reader) ([]BulkRow, []LineError, error) {
	br := newSniffer(r)
	cr := csv.NewReader(br)
	cr.Comma = br.comma()
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, nil, apperr.Invalid("csv", "error.bulk_header", "cannot read the CSV header: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if name, ok := bulkColumns[h]; ok {
			if _, dup := col[name]; dup {
				return nil, nil, apperr.Invalid("csv", "error.bulk_column_twice", "column %q appears twice", name)
			}
			col[name] = i
		}
	}
	for _, need := range []string{"text", "channels", "time"} {
		if _, ok := col[need]; !ok {
			return nil, nil, apperr.Invalid("csv", "error.bulk_column_missing", "the header has no %q column (columns: text, channels, time, media_url, campaign)", need)
		}
	}
	var rows []BulkRow
	var errs []LineError
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, LineError{Line: pe.StartLine, Message: pe.Err.Error()})
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					continue
				}
			}
			return rows, errs, apperr.Invalid("csv", "error.bulk_read", "cannot read the CSV: %v", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rows)+len(errs) >= MaxBulkRows {
			return rows, errs, apperr.Invalid("csv", "error.bulk_too_many", "a file holds at most %d lines", MaxBulkRows)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // blank line
		}
		row := BulkRow{Line: line, Text: get("text"), When: get("time"), MediaURL: get("media_url"), Campaign: get("campaign")}
		for _, c := range strings.FieldsFunc(get("channels"), func(r rune) bool { return r == ';' || r == '|' || (cr.Comma != ',' && r == ',') }) {
			if c = strings.TrimSpace(c); c != "" {
				row.Channels = append(row.Channels, c)
			}
		}
		switch {
		case !utf8.ValidString(strings.Join(rec, "")):
			errs = append(errs, LineError{Line: line, Message: "not UTF-8 text"})
		case row.Text == "":
			errs = append(errs, LineError{Line: line, Field: "text", Message: "is empty"})
		case len(row.Channels) == 0:
			errs = append(errs, LineError{Line: line, Field: "channels", Message: "names no channel"})
		case row.When == "":
			errs = append(errs, LineError{Line: line, Field: "time", Message: "is empty"})
		default:
			rows = append(rows, row)
		}
	}
	return rows, errs, nil
}

// sniffer peeks at the first line to choose the separator.
type sniffer struct {
	r     io.Reader
	first []byte
}

func newSniffer(r io.Reader) *sniffer {
	buf := make([]byte, 4096)
	n, _ := io.ReadFull(r, buf)
	return &sniffer{r: io.MultiReader(strings.NewReader(string(buf[:n])), r), first: buf[:n]}
}

func (s *sniffer) Read(p []byte) (int, error) { return s.r.Read(p) }

func (s *sniffer) comma() rune {
	line := string(s.first)
	if i := strings.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	if strings.Count(line, ";") > strings.Count(line, ",") {
		return ';'
	}
	return ','
}

// BulkResult says what a bulk file did.
type BulkResult struct {
	Created []int64     `json:"created"`
	Errors  []LineError `json:"errors"`
}

// BulkSchedule validates every line of a CSV (channels, time, each
// channel's rules) and, only when all lines are valid, creates the posts
// (scheduled, or in review, as CreatePost decides). With dryRun nothing is
// created.
func (s *Service) BulkSchedule(ctx context.Context, ws string, r io.Reader, dryRun bool) (BulkResult, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return BulkResult{}, err
	}
	rows, errs, err := ParseBulkCSV(r)
	if err != nil {
		return BulkResult{Errors: errs}, err
	}
	channels, err := s.db.Q().ListChannels(ctx, w.ID)
	if err != nil {
		return BulkResult{}, apperr.Internal(err)
	}
	byName := map[string]int64{}
	for _, c := range channels {
		byName[strings.ToLower(c.Name)] = c.ID
		byName[strconv.FormatInt(c.ID, 10)] = c.ID
	}
	inputs := make([]PostInput, 0, len(rows))
	lines := make([]int, 0, len(rows))
	for _, row := range rows {
		in := PostInput{Text: row.Text, ScheduledAt: row.When, Campaign: row.Campaign}
		bad := false
		for _, name := range row.Channels {
			id, ok := byName[strings.ToLower(name)]
			if !ok {
				errs = append(errs, LineError{Line: row.Line, Field: "channels", Message: fmt.Sprintf("no channel is named %q", name)})
				bad = true
				continue
			}
			in.Channels = append(in.Channels, id)
		}
		if row.MediaURL != "" {
			errs = append(errs, LineError{Line: row.Line, Field: "media_url", Message: "media attachments are not supported yet"})
			bad = true
		}
		if bad {
			continue
		}
		if _, err := ParseWhen("time", row.When, s.loc(w)); err != nil {
			errs = append(errs, LineError{Line: row.Line, Field: "time", Message: apperr.As(err).Msg})
			continue
		}
		inputs = append(inputs, in)
		lines = append(lines, row.Line)
	}
	// The rules of each channel, checked without creating anything.
	for i, in := range inputs {
		if err := s.checkPost(ctx, w, in); err != nil {
			e := apperr.As(err)
			errs = append(errs, LineError{Line: lines[i], Field: e.Field, Message: e.Msg})
		}
	}
	res := BulkResult{Errors: errs, Created: []int64{}}
	if len(errs) > 0 {
		return res, apperr.Invalid("csv", "error.bulk_lines", "%d lines have errors; nothing was scheduled", len(errs))
	}
	if dryRun {
		return res, nil
	}
	for i, in := range inputs {
		p, err := s.CreatePost(ctx, ws, in)
		if err != nil {
			e := apperr.As(err)
			res.Errors = append(res.Errors, LineError{Line: lines[i], Field: e.Field, Message: e.Msg})
			continue
		}
		res.Created = append(res.Created, p.ID)
	}
	return res, nil
}

// checkPost validates a post input as CreatePost would, without saving.
func (s *Service) checkPost(ctx context.Context, w model.Workspace, in PostInput) error {
	text, err := validateText("text", in.Text)
	if err != nil {
		return err
	}
	q := s.db.Q()
	settings, err := q.GetPublishSettings(ctx, w.ID)
	if err != nil {
		return apperr.Internal(err)
	}
	pl, err := s.makePlan(ctx, q, w.ID, text, in.Channels, in.Variants, nil, tracking{settings: settings, campaign: strings.TrimSpace(in.Campaign)})
	if err != nil {
		return err
	}
	_, _, err = s.times(ctx, q, w, in.ScheduledAt, in.Slot, pl)
	return err
}

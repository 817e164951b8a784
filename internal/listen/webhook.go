package listen

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// SignatureHeader carries the HMAC-SHA256 of a webhook body.
const SignatureHeader = "X-Parvis-Signature"

// WebhookResult is the answer to a webhook delivery.
type WebhookResult struct {
	Received int `json:"received"`
	Inserted int `json:"inserted"`
	Updated  int `json:"updated"` // stored before, and changed
	// Duplicates counts items repeated in the batch or stored before as
	// they are: nothing was written for them.
	Duplicates int `json:"duplicates"`
	// Deleted counts stored items the batch said their authors deleted.
	Deleted int `json:"deleted"`
}

// ParseItems reads a webhook body: one JSON object, a JSON array of
// objects, or JSONL (one object per line). Any bad record fails the whole
// delivery with a *ingest.FieldError naming its line (or array position)
// and field, so the sender can fix and resend it without partial effects.
func ParseItems(body []byte) ([]model.Item, []int, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, nil, &ingest.FieldError{Msg: "empty body: send a JSON object, an array of objects or JSON lines"}
	}
	switch trimmed[0] {
	case '[':
		var raws []json.RawMessage
		if err := json.Unmarshal(trimmed, &raws); err != nil {
			return nil, nil, &ingest.FieldError{Msg: "malformed JSON array: " + err.Error()}
		}
		items := make([]model.Item, 0, len(raws))
		lines := make([]int, 0, len(raws))
		for i, raw := range raws {
			it, err := ingest.DecodeItem(raw)
			if err != nil {
				return nil, nil, withLine(err, i+1, "item")
			}
			items, lines = append(items, it), append(lines, i+1)
		}
		return items, lines, nil
	case '{':
		if json.Valid(trimmed) {
			it, err := ingest.DecodeItem(trimmed)
			if err != nil {
				return nil, nil, withLine(err, 1, "line")
			}
			return []model.Item{it}, []int{1}, nil
		}
	}
	var items []model.Item
	var lines []int
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64*1024), len(body)+1)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		it, err := ingest.DecodeItem(line)
		if err != nil {
			return nil, nil, withLine(err, n, "line")
		}
		items, lines = append(items, it), append(lines, n)
	}
	return items, lines, nil
}

func isArray(body []byte) bool {
	b := bytes.TrimSpace(body)
	return len(b) > 0 && b[0] == '['
}

func withLine(err error, n int, unit string) error {
	var fe *ingest.FieldError
	if errors.As(err, &fe) {
		fe.Line = n
		if unit == "item" {
			// Array positions are reported as "item N".
			return &itemError{fe}
		}
		return fe
	}
	return err
}

type itemError struct{ *ingest.FieldError }

func (e *itemError) Unwrap() error { return e.FieldError }

func (e *itemError) Error() string {
	s := fmt.Sprintf("item %d: ", e.Line)
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Msg
}

// ReceiveWebhook ingests a delivery to a webhook source's secret URL.
func (s *Service) ReceiveWebhook(ctx context.Context, token string, body []byte, signature string) (WebhookResult, error) {
	src, err := s.db.Q().GetSourceByWebhook(ctx, auth.HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return WebhookResult{}, apperr.NotFound("webhook")
	}
	if err != nil {
		return WebhookResult{}, apperr.Internal(err)
	}
	secrets, err := s.box.OpenFields(src.Secrets)
	if err != nil {
		return WebhookResult{}, apperr.Internal(err)
	}
	var secret string
	json.Unmarshal(secrets["secret"], &secret)
	if secret != "" && !validSignature(secret, body, signature) {
		return WebhookResult{}, apperr.New(apperr.KindUnauthenticated, "error.signature", "missing or wrong %s header (sha256=<hex HMAC-SHA256 of the body>)", SignatureHeader).WithCode("bad_signature")
	}
	if !src.Enabled {
		return WebhookResult{}, apperr.New(apperr.KindConflict, "error.source_paused", "the source is paused (%s); enable it first", src.PausedReason).WithCode("source_paused")
	}
	items, lines, err := ParseItems(body)
	if err != nil {
		return WebhookResult{}, badRecord(err)
	}
	b := ingest.Batch{Defaults: ingest.Defaults{WorkspaceID: src.WorkspaceID, SourceID: src.ID, Network: src.Network, Source: src.Name},
		Items: items, Lines: lines}
	prepared, res := s.pipeline.Prepare(b)
	if len(res.Rejected) > 0 {
		err := res.Rejected[0].Err
		var fe *ingest.FieldError
		if isArray(body) && errors.As(err, &fe) {
			err = &itemError{fe} // say "item N", as for decoding errors
		}
		return WebhookResult{}, badRecord(err)
	}
	res, err = s.pipeline.Persist(ctx, b, prepared, res)
	if err != nil {
		return WebhookResult{}, apperr.Internal(err)
	}
	s.db.Q().RecordSourceSuccess(ctx, src.ID)
	return WebhookResult{Received: len(items), Inserted: res.Inserted, Updated: res.Updated, Duplicates: res.Duplicates + res.Unchanged, Deleted: res.Deleted}, nil
}

func badRecord(err error) error {
	var fe *ingest.FieldError
	field := ""
	if errors.As(err, &fe) {
		field = fe.Field
	}
	e := apperr.New(apperr.KindInvalid, "error.record", "%s", err.Error())
	e.Field = field
	return e
}

func validSignature(secret string, body []byte, header string) bool {
	sig, ok := strings.CutPrefix(strings.TrimSpace(header), "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// Sign returns the signature header value for a body (for senders and tests).
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

package connector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// MarkReplayable lets the HTTP transport send req again, on a new
// connection, when a kept-alive connection turns out to have been closed
// by the server as the request went out. Go retries only requests it
// knows to be idempotent; a POST is one when its header map holds an
// Idempotency-Key entry, and an empty one is not sent on the wire. Some
// servers close every connection after one answer without saying so
// (snac), others after a few idle seconds (Node's default is 5): without
// this, a POST that reuses such a connection fails with "connection reset
// by peer". Only for requests whose repetition does no harm, such as
// exchanging credentials for a token or a session; req needs a body that
// can be read again (http.NewRequest gives one for bytes and strings
// readers).
func MarkReplayable(req *http.Request) {
	if _, ok := req.Header["Idempotency-Key"]; !ok {
		req.Header["Idempotency-Key"] = nil
	}
}

// Do sends req with deps.HTTP and reads the whole body (bounded by the
// fetch client). Transport failures and unsuccessful statuses come back as
// classified *Error values; resp is returned in both cases so that callers
// can read headers (rate-limit counters, Link, ETag) and network-specific
// error bodies.
func Do(deps Deps, req *http.Request) (*http.Response, []byte, error) {
	resp, err := deps.HTTP.Do(req)
	if err != nil {
		return nil, nil, classifyTransport(req.Method, req.URL.String(), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp, body, classifyTransport(req.Method, req.URL.String(), err)
	}
	if err := FromHTTPResponse(resp, body, deps.Clock.Now()); err != nil {
		return resp, body, err
	}
	return resp, body, nil
}

// GetJSON sends a GET request with the given headers and decodes the JSON
// answer into v. A body that is not the expected JSON is reported as
// Malformed, naming the request.
func GetJSON(ctx context.Context, deps Deps, rawURL string, header http.Header, v any) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, Errorf(Permanent, "build request for %s: %w", Redact(rawURL), err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Accept", "application/json")
	resp, body, err := Do(deps, req)
	if err != nil {
		return resp, err
	}
	if err := DecodeJSONBody(body, v); err != nil {
		return resp, Malformed("GET "+Redact(rawURL), err)
	}
	return resp, nil
}

// DecodeJSONBody decodes a JSON answer, with errors that say where the body
// went wrong.
func DecodeJSONBody(body []byte, v any) error {
	if len(strings.TrimSpace(string(body))) == 0 {
		return errors.New("empty body, want JSON")
	}
	if err := json.Unmarshal(body, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, err)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("field %q: JSON %s where %s was expected", te.Field, te.Value, te.Type)
		}
		return err
	}
	return nil
}

package connector

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// FieldError is a configuration error naming the field at fault, e.g.
// "config.url: required".
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return "config." + e.Field + ": " + e.Msg }

// FieldErrorf returns a *FieldError with a formatted message.
func FieldErrorf(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// DecodeConfig decodes a source configuration strictly: unknown fields,
// wrong types and trailing data are errors that name the field. An empty
// cfg decodes as {}.
func DecodeConfig(cfg json.RawMessage, dst any) error {
	if len(bytes.TrimSpace(cfg)) == 0 {
		cfg = json.RawMessage("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(cfg))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te) && te.Field != "":
			return &FieldError{Field: te.Field, Msg: fmt.Sprintf("want %s, got JSON %s", te.Type, te.Value)}
		case errors.As(err, &te):
			return fmt.Errorf("config: want a JSON object, got JSON %s", te.Value)
		case errors.As(err, &se):
			return fmt.Errorf("config: invalid JSON at byte %d: %v", se.Offset, err)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &FieldError{Field: name, Msg: "unknown field"}
		}
		return fmt.Errorf("config: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("config: unexpected data after the JSON object")
	}
	return nil
}

// Required returns a "required" *FieldError when value is blank.
func Required(field, value string) error {
	if strings.TrimSpace(value) == "" {
		return &FieldError{Field: field, Msg: "required"}
	}
	return nil
}

// CheckHTTPURL validates an http(s) URL field; an empty value uses def.
// It returns the URL without a trailing slash.
func CheckHTTPURL(field, value, def string) (string, error) {
	if strings.TrimSpace(value) == "" {
		value = def
	}
	if value == "" {
		return "", &FieldError{Field: field, Msg: "required"}
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", &FieldError{Field: field, Msg: fmt.Sprintf("%q is not an http or https URL", value)}
	}
	return strings.TrimRight(value, "/"), nil
}

// Duration is a configuration duration written as "5m" or "90s".
type Duration time.Duration

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration such as \"5m\"")
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration such as \"5m\"", s)
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// CheckURLFields runs check (fetch.CheckURL with the app's options) on
// every field of type "url" set in cfg, so that a source pointing at a
// refused address gets its error when it is created, naming the field:
// "config.url: address 10.0.0.1 of host x is private and not allowed; …".
// Websocket URLs are checked as their http(s) equivalents.
func CheckURLFields(ctx context.Context, spec Spec, cfg json.RawMessage, check func(ctx context.Context, rawURL string) error) error {
	var values map[string]any
	if err := json.Unmarshal(cfg, &values); err != nil {
		return fmt.Errorf("config: %v", err)
	}
	for _, f := range spec.Fields {
		if f.Type != "url" {
			continue
		}
		s, _ := values[f.Name].(string)
		if strings.TrimSpace(s) == "" {
			continue
		}
		s = strings.TrimSpace(s)
		if rest, ok := strings.CutPrefix(s, "wss://"); ok {
			s = "https://" + rest
		} else if rest, ok := strings.CutPrefix(s, "ws://"); ok {
			s = "http://" + rest
		}
		if err := check(ctx, s); err != nil {
			return &FieldError{Field: f.Name, Msg: err.Error()}
		}
	}
	return nil
}

package secret

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Fields is a configuration as a JSON object, field by field.
type Fields = map[string]json.RawMessage

// ErrNotObject says a configuration is not a JSON object.
var ErrNotObject = errors.New("must be a JSON object")

// SplitFields separates the fields of a JSON object configuration that
// isSecret names (stored sealed) from the others (stored as they are). An
// empty or null configuration gives two empty maps.
func SplitFields(cfg json.RawMessage, isSecret func(field string) bool) (public, secrets Fields, err error) {
	public, secrets = Fields{}, Fields{}
	if t := bytes.TrimSpace(cfg); len(t) == 0 || string(t) == "null" {
		return public, secrets, nil
	}
	var all Fields
	if err := json.Unmarshal(cfg, &all); err != nil || all == nil {
		return nil, nil, ErrNotObject
	}
	for k, v := range all {
		if isSecret(k) {
			secrets[k] = v
		} else {
			public[k] = v
		}
	}
	return public, secrets, nil
}

// Merge joins field maps into one JSON object; later maps win.
func Merge(maps ...Fields) json.RawMessage {
	all := Fields{}
	for _, m := range maps {
		for k, v := range m {
			all[k] = v
		}
	}
	b, _ := json.Marshal(all)
	return b
}

// SealFields seals secret fields; no fields seal to "".
func (b *Box) SealFields(m Fields) string {
	if len(m) == 0 {
		return ""
	}
	raw, _ := json.Marshal(m)
	return b.Seal(raw)
}

// OpenFields opens what SealFields sealed ("" gives an empty map).
func (b *Box) OpenFields(sealed string) (Fields, error) {
	m := Fields{}
	if sealed == "" {
		return m, nil
	}
	raw, err := b.Open(sealed)
	if err != nil {
		return nil, err
	}
	return m, json.Unmarshal(raw, &m)
}

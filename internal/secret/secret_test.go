package secret

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSealOpenAndFields(t *testing.T) {
	b, err := NewBox(make([]byte, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewBox([]byte(strings.Repeat("k", KeySize)))
	s := b.Seal([]byte("token"))
	if strings.Contains(s, "token") {
		t.Fatal("sealed text shows the secret")
	}
	if got, err := b.Open(s); err != nil || string(got) != "token" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := other.Open(s); err == nil {
		t.Fatal("another key opened the secret")
	}
	if s == b.Seal([]byte("token")) {
		t.Fatal("two seals of one value are equal (nonce reused)")
	}
	pub, sec, err := SplitFields(json.RawMessage(`{"url":"https://x","token":"t"}`), func(f string) bool { return f == "token" })
	if err != nil || len(pub) != 1 || string(sec["token"]) != `"t"` {
		t.Fatalf("split: %v %v %v", pub, sec, err)
	}
	if _, _, err := SplitFields(json.RawMessage(`[1]`), func(string) bool { return false }); err != ErrNotObject {
		t.Fatalf("array: %v", err)
	}
	m, err := b.OpenFields(b.SealFields(sec))
	if err != nil || string(m["token"]) != `"t"` {
		t.Fatalf("fields: %v %v", m, err)
	}
	if string(Merge(pub, sec)) != `{"token":"t","url":"https://x"}` {
		t.Fatalf("merge: %s", Merge(pub, sec))
	}
	for _, k := range []string{strings.Repeat("ab", 32), "q6urmLOXFA6K0W1yrM1k1bPCOEEAPFdKTePL7nnoBMk="} {
		if _, err := ParseKey(k); err != nil {
			t.Errorf("ParseKey(%q): %v", k, err)
		}
	}
	if _, err := ParseKey("short"); err == nil {
		t.Error("short key accepted")
	}
}

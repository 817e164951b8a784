package bluesky

import (
	"testing"
	"time"
)

func TestTID(t *testing.T) {
	a := TID(time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC).UnixMicro(), 1)
	b := TID(time.Date(2026, 11, 20, 8, 0, 0, 1000, time.UTC).UnixMicro(), 0)
	if !ValidTID(a) || !ValidTID(b) || len(a) != 13 {
		t.Fatalf("invalid TIDs %q %q", a, b)
	}
	if !(a < b) {
		t.Errorf("TIDs do not sort by time: %q >= %q", a, b)
	}
	if TID(0, 0) != "2222222222222" {
		t.Errorf("TID(0,0) = %q", TID(0, 0))
	}
	for _, bad := range []string{"", "notatid", "3n2q4krr222m", "zn2q4krr222mb", "3n2q4krr222m1"} {
		if ValidTID(bad) {
			t.Errorf("ValidTID(%q) = true", bad)
		}
	}
}

func TestFacets(t *testing.T) {
	text := "Voir https://example.org/é?x=1. Et http://b.example!"
	f := Facets(text)
	if len(f) != 2 {
		t.Fatalf("facets = %v", f)
	}
	idx := f[0].(map[string]any)["index"].(map[string]int)
	if got := text[idx["byteStart"]:idx["byteEnd"]]; got != "https://example.org/é?x=1" {
		t.Errorf("first link = %q", got)
	}
	idx = f[1].(map[string]any)["index"].(map[string]int)
	if got := text[idx["byteStart"]:idx["byteEnd"]]; got != "http://b.example" {
		t.Errorf("second link = %q", got)
	}
}

func TestPartKey(t *testing.T) {
	key := TID(1_700_000_000_000_000, 517)
	m, c, ok := ParseTID(key)
	if !ok || m != 1_700_000_000_000_000 || c != 517 {
		t.Fatalf("ParseTID(%q) = %d, %d, %v", key, m, c, ok)
	}
	seen := map[string]bool{key: true}
	for n := 1; n <= 25; n++ {
		k := PartKey(key, n)
		m2, _, _ := ParseTID(k)
		if !ValidTID(k) || seen[k] || k != PartKey(key, n) || m2 != 1_700_000_000_000_000 {
			t.Fatalf("part %d: key %q (seen %v)", n, k, seen[k])
		}
		seen[k] = true
	}
	// The next key Parvis makes (a microsecond later) is not a part key.
	if seen[TID(1_700_000_000_000_001, 517)] {
		t.Fatal("a part key takes the next microsecond")
	}
	if _, _, ok := ParseTID("not-a-tid"); ok {
		t.Fatal("ParseTID accepted a bad key")
	}
}

package analyze

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestParseLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		ok      bool
		text    string
		lang    string
		members int
	}{
		{`{"text":"a"}`, true, "a", "", 1},
		{` { "id" : 1 , "text" : "x\"y\u00e9" , "lang":"fr" } `, true, "x\"yé", "fr", 3},
		{`{"text":"a","text":"b"}`, true, "b", "", 2},
		{`{"text":"a","lang":null}`, true, "a", "", 2},
		{`{"text":1}`, false, "", "", 0},
		{`{"id":1}`, false, "", "", 0},
		{`{"text":"a",}`, false, "", "", 0},
		{`{"text":"a"} x`, false, "", "", 0},
		{`{"text":"a\x01"}`, false, "", "", 0},
		{`{"text":"a","n":01}`, false, "", "", 0},
		{`{"text":"a","n":-1.5e+3,"b":[true,false,null,{}]}`, true, "a", "", 3},
		{`[]`, false, "", "", 0},
		{``, false, "", "", 0},
	}
	for _, tt := range tests {
		var p parsedLine
		err := parseLine([]byte(tt.in), &p)
		if (err == nil) != tt.ok {
			t.Errorf("parseLine(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if err == nil && (p.text != tt.text || p.lang != tt.lang || len(p.members) != tt.members) {
			t.Errorf("parseLine(%q) = text %q lang %q %d members, want %q %q %d", tt.in, p.text, p.lang, len(p.members), tt.text, tt.lang, tt.members)
		}
	}
}

// TestParseLineErrors: an error says what was wrong and where.
func TestParseLineErrors(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"text":5}`:                `"text" at byte 8 is a number, not a string`,
		`{"id":1, "text":null}`:     `"text" at byte 16 is null, not a string`,
		`{"text":["a"]}`:            `"text" at byte 8 is an array, not a string`,
		`{"id":1}`:                  `missing "text" string field`,
		`{"text":"abc`:              `unterminated string from byte 8`,
		`{"text":"a\u12"}`:          `bad \u escape at byte 10`,
		`{"text":"a\q"}`:            `bad escape at byte 10`,
		`{"text":"a"} {"text":"b"}`: `unexpected data after the object at byte 13`,
	} {
		var p parsedLine
		if err := parseLine([]byte(in), &p); err == nil || err.Error() != want {
			t.Errorf("parseLine(%q): %v, want %q", in, err, want)
		}
	}
}

// FuzzParseLine checks the hand-written parser against encoding/json: it
// accepts exactly the objects encoding/json accepts that have a string
// "text", decodes the same text, and analyzeLine always writes valid JSON
// that keeps every input field.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{`{"text":"a"}`, `{"id":1,"text":"x\u00e9\ud83d\ude00","lang":"fr","m":[1,{"a":null}]}`, `{"text":"\xff"}`, `{`, `{"text":"a","sentiment":1}`, `{"text":"\u2028"}`, `{"text":"a"} `, `{"text":1e999}`,
		// Unterminated, on a boundary of the eight bytes read at a time.
		`{"text":"abcdefgh`, `{"text":"abcdefghabcdefgh`, `{"a":"1234567`, `{"text":"abc\"defgh`} {
		f.Add([]byte(s))
	}
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		if bytes.ContainsAny(line, "\n") {
			return // the stream splits lines before parsing
		}
		var p parsedLine
		err := parseLine(line, &p)
		var ref map[string]json.RawMessage
		refErr := json.Unmarshal(line, &ref)
		var refText string
		hasText := false
		if refErr == nil {
			if raw, ok := ref["text"]; ok && json.Unmarshal(raw, &refText) == nil && len(raw) > 0 && raw[0] == '"' {
				hasText = true
			}
		}
		if refErr != nil && json.Valid(line) {
			refErr = nil // valid JSON, but not an object
		}
		if err == nil && !json.Valid(line) {
			t.Fatalf("parseLine accepted invalid JSON %q", line)
		}
		if err == nil != (refErr == nil && ref != nil && hasText) {
			t.Fatalf("parseLine(%q) err=%v, encoding/json err=%v hasText=%v", line, err, refErr, hasText)
		}
		if err != nil {
			return
		}
		if p.text != refText {
			t.Fatalf("text %q, encoding/json %q", p.text, refText)
		}
		out, aerr := analyzeLine(nil, e.NewAnalyzer(), &p, line)
		if aerr != nil {
			t.Fatal(aerr)
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		for k := range ref {
			if _, ok := got[k]; !ok {
				t.Fatalf("field %q lost: %s", k, out)
			}
		}
	})
}

// TestEightBytesAtATime checks skipString's word-at-a-time test, which
// names the first byte that ends a string or escapes, against its
// byte-at-a-time meaning, for every byte value at every place of a word,
// among plain letters and among other bytes.
func TestEightBytesAtATime(t *testing.T) {
	for _, fill := range []byte{'a', 0x20, 0x7f, 0xe9, '"' + 1, '\\' - 1} {
		for c := 0; c < 256; c++ {
			for p := 0; p < 8; p++ {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[p] = byte(c)
				checkEightBytes(t, w)
			}
		}
	}
	// Words of several odd bytes, where borrows could carry from byte to
	// byte, drawn among the bytes next to the ones that matter.
	near := []byte{0, 1, 0x1f, 0x20, 0x21, '"' - 1, '"', '"' + 1, '\\' - 1, '\\', '\\' + 1, 0x7f, 0x80, 0x81, 0xa2, 0xdc, 0xff}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var w [8]byte
		for i := range w {
			w[i] = near[r.IntN(len(near))]
		}
		checkEightBytes(t, w)
	}
}

func checkEightBytes(t *testing.T, w [8]byte) {
	t.Helper()
	first := 8 // the first byte that ends a string or escapes, or 8
	for i, b := range w {
		if b == '"' || b == '\\' || b < 0x20 {
			first = i
			break
		}
	}
	x := binary.LittleEndian.Uint64(w[:])
	if got := bits.TrailingZeros64(stringSpecial(x)) / 8; got != first {
		t.Fatalf("stringSpecial(%q) names byte %d, want %d", w, got, first)
	}
}

// TestAppendFloat: the thousandths the output holds, and any other
// number, are written as strconv writes them.
func TestAppendFloat(t *testing.T) {
	t.Parallel()
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 0.1, 0.01, 0.001, -0.001, 0.1234, 1.0 / 3, -2.0 / 3, 0.0005, 0.9995, 1e-7,
		123456.789, 1e14 + 0.5, 1e15, -1e15, 1e300, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), math.NaN(),
		math.Nextafter(0.1, 1), math.Nextafter(0.1, 0), math.Nextafter(-0.25, 0),
		// Around the bound of the integer path.
		999999999999.999, -999999999999.999, 1e12, -1e12, 1e12 + 0.001, 1e12 - 0.001, 9138507155323.392, 123456789012.345}
	for k := -3000; k <= 3000; k++ {
		xs = append(xs, float64(k)/1000)
	}
	for k := int64(1e15) - 3000; k <= 1e15+3000; k++ {
		xs = append(xs, float64(k)/1000, -float64(k)/1000)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		xs = append(xs, r.Float64()*2-1, math.Float64frombits(r.Uint64()))
	}
	for _, x := range xs {
		if got, want := string(appendFloat([]byte("x"), x)), "x"+strconv.FormatFloat(x, 'f', -1, 64); got != want {
			t.Errorf("appendFloat(%v) = %s, want %s", x, got, want)
		}
	}
}

func FuzzAppendFloat(f *testing.F) {
	for _, x := range []float64{0, -0.5, 0.001, 0.1234, 1e15, math.Inf(1)} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		for _, y := range []float64{x, math.Round(x*1000) / 1000} {
			if got, want := string(appendFloat(nil, y)), strconv.FormatFloat(y, 'f', -1, 64); got != want {
				t.Fatalf("appendFloat(%v) = %s, want %s", y, got, want)
			}
		}
	})
}

package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/parvis/parvis/internal/testutil/textdata"
	"github.com/parvis/parvis/internal/text"
)

// TestEmbeddedModelIsReproducible retrains the sentiment model as the
// README of the tool says (shared/data, the default options) and checks
// that it is the model embedded in the binary: a change to the tokenizer,
// the lexicons or the rules moves the features, and the model must then be
// retrained and committed with it. On amd64 below GOAMD64=v3 the bytes
// must be the same; where the compiler may fuse a multiply and an add
// (bitExact false: other architectures, GOAMD64=v3 and above, 3e-7 apart
// on this model) the weights must agree to 1e-4.
func TestEmbeddedModelIsReproducible(t *testing.T) {
	shared, err := readShared(textdata.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	got, _, _, err := train(shared, nil, text.DefaultTrainOptions(), false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "data", "sentiment_lr.bin"))
	if err != nil {
		t.Fatal(err)
	}
	// The committed model is trained where no multiply and add are fused.
	const retrain = "GOAMD64=v1 go run ./internal/text/tools/trainsentiment -data ../shared/data, on amd64,"
	if len(got) != len(want) || !bytes.Equal(got[:12], want[:12]) {
		t.Fatalf("retrained model: %d bytes, header %x; embedded: %d bytes, header %x (run %s)", len(got), got[:12], len(want), want[:12], retrain)
	}
	if bitExact {
		if i := firstDifference(got, want); i >= 0 {
			t.Fatalf("the embedded model is not what training gives: first difference at byte %d of %d (run %s and commit the model)", i, len(want), retrain)
		}
		return
	}
	for i := 12; i+4 <= len(got); i += 4 {
		g := math.Float32frombits(binary.LittleEndian.Uint32(got[i:]))
		w := math.Float32frombits(binary.LittleEndian.Uint32(want[i:]))
		if !(math.Abs(float64(g-w)) <= 1e-4) { // NaN too
			t.Fatalf("float at byte %d: retrained %v, embedded %v (run %s and commit the model)", i, g, w, retrain)
		}
	}
}

// firstDifference returns the index of the first byte where a and b
// differ, or -1; they have the same length.
func firstDifference(a, b []byte) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

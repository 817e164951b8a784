package web

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/parvis/parvis/internal/i18n"
	"github.com/parvis/parvis/internal/model"
)

func TestSSEEventFramesEveryLineBreak(t *testing.T) {
	got := sseEvent("items", "<li>a\r\nb\rc\nevent: x</li>")
	want := "event: items\ndata: <li>a\ndata: b\ndata: c\ndata: event: x</li>\n\n"
	if got != want {
		t.Fatalf("sseEvent = %q, want %q", got, want)
	}
}

func TestStickyReaderEndsAtTheFirstError(t *testing.T) {
	boom := errors.New("http: request body too large")
	r := &stickyReader{r: io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom))}
	b, err := io.ReadAll(r)
	if err != nil || string(b) != "abc" || !errors.Is(r.err, boom) {
		t.Fatalf("read %q, %v; kept %v", b, err, r.err)
	}
	if n, err := r.Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Fatalf("after the error: %d, %v", n, err)
	}
}

func TestDynamicListenKeysAreTranslated(t *testing.T) {
	var keys []string
	for _, k := range model.ItemKinds {
		keys = append(keys, "listen.kind."+string(k))
	}
	for _, s := range []string{"positive", "neutral", "negative"} {
		keys = append(keys, "listen.sentiment."+s)
	}
	for _, h := range []string{"ok", "failing", "paused", "waiting"} {
		keys = append(keys, "listen.health."+h)
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, k) {
				t.Errorf("%s missing in %s", k, l)
			}
		}
	}
}

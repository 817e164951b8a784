package web

import "testing"

func TestSSEEventFramesEveryLineBreak(t *testing.T) {
	got := sseEvent("items", "<li>a\r\nb\rc\nevent: x</li>")
	want := "event: items\ndata: <li>a\ndata: b\ndata: c\ndata: event: x</li>\n\n"
	if got != want {
		t.Fatalf("sseEvent = %q, want %q", got, want)
	}
}

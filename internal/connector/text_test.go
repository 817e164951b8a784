package connector

import "testing"

func TestPlainText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain  text\n", "plain text"},
		{"<p>Hello <b>world</b> &amp; friends</p><p>Second<br/>line</p>", "Hello world & friends\n\nSecond\nline"},
		{`<script>alert(1)</script>Safe <img src="x" alt="a cat"> text`, "Safe a cat text"},
		{"Caf&eacute; &lt;b&gt;not a tag&lt;/b&gt;", "Café <b>not a tag</b>"},
		{"<div><ul><li>one</li><li>two</li></ul></div>", "one\ntwo"},
		{"unclosed <a href='x'>link", "unclosed link"},
		{"<style>p{color:red}</style>", ""},
	}
	for _, tt := range tests {
		if got := PlainText(tt.in); got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Truncate("one two three four", 9); got != "one two…" {
		t.Errorf("Truncate = %q", got)
	}
}

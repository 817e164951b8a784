package web_test

import (
	"os"
	"strings"
	"testing"
)

// TestInboxNavLinksToDirectoryAndFeedback: the directory and the feedback
// pages are reachable from the inbox's navigation.
func TestInboxNavLinksToDirectoryAndFeedback(t *testing.T) {
	b, err := os.ReadFile("templates/partials/inbox.html")
	if err != nil {
		t.Fatal(err)
	}
	nav := string(b)[:strings.Index(string(b), "</nav>")]
	for _, want := range []string{`/contacts"`, `/feedback"`} {
		if !strings.Contains(nav, want) {
			t.Errorf("inbox nav lacks a link to %s", want)
		}
	}
}

package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestTopicsLinkOnlyWithTopics: the listening area links to the topics
// only where the topics pages exist.
func TestTopicsLinkOnlyWithTopics(t *testing.T) {
	without := newListenWorld(t) // a site without the topics service
	for _, path := range []string{"/w/acme/listening", "/w/acme/listening/sources"} {
		a := without.ownerC.get(path)
		a.want(t, http.StatusOK, `href="/w/acme/listening/sources"`)
		if strings.Contains(a.Body, `href="/w/acme/listening/topics"`) {
			t.Errorf("%s links to the topics on a site without them", path)
		}
	}
	without.ownerC.get("/w/acme/listening/topics").want(t, http.StatusNotFound)

	with := newTopicWorld(t)
	with.ownerC.get("/w/acme/listening").want(t, http.StatusOK, `href="/w/acme/listening/topics"`)
	with.ownerC.get("/w/acme/listening/topics").want(t, http.StatusOK)
}

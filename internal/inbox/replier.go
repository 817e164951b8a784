package inbox

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/publish/publisher"
	pubmastodon "github.com/parvis/parvis/internal/publish/publisher/mastodon"
)

// Target is the item a reply answers.
type Target struct {
	ExternalID string
	ThreadID   string
	Author     string // handle of its author
	// Direct: the conversation is a direct message; the reply stays private.
	Direct bool
}

// Replier sends replies through one channel: the channel's publisher
// with the item answered as the reply reference.
type Replier interface {
	// Rules are the channel's limits, as its publisher states them.
	Rules() publisher.Rules
	// Compose returns the text as it will be sent (Mastodon replies start
	// with a mention of the author, as its clients do).
	Compose(to Target, text string) string
	// Reply sends text in reply to the target. key is the same for every
	// attempt; the network uses it to recognise a retry.
	Reply(ctx context.Context, to Target, text, key string) (publisher.Result, error)
	// Find looks for a reply made with key since an attempt whose outcome
	// is unknown.
	Find(ctx context.Context, to Target, text, key string, since time.Time) (publisher.Result, bool, error)
}

// pubReplier answers through a publisher whose network threads posts.
type pubReplier struct {
	pub  publisher.Publisher
	spec publisher.Spec
	// mention starts a reply with the author's handle (Mastodon, as its
	// clients do: without it the author is not notified).
	mention bool
}

// newReplier opens the replier of a channel type with its full
// configuration.
func newReplier(spec publisher.Spec, raw json.RawMessage, deps connector.Deps) (Replier, error) {
	if !spec.Rules.Threads {
		return nil, apperr.New(apperr.KindUnprocessable, "error.reply_unsupported", "replies through %s channels are not supported", spec.Type)
	}
	pub, err := spec.New(raw, deps)
	if err != nil {
		return nil, err
	}
	return &pubReplier{pub: pub, spec: spec, mention: spec.Type == pubmastodon.Type}, nil
}

func (r *pubReplier) Rules() publisher.Rules { return r.pub.Rules() }

func (r *pubReplier) Compose(to Target, text string) string {
	h := strings.TrimPrefix(to.Author, "@")
	if !r.mention || h == "" || mentions(text, h) {
		return text
	}
	return "@" + h + " " + text
}

// mentions reports whether text mentions the handle h ("bob" or
// "bob@instance"), in any case: "@bob" or "@bob@instance" does, "@bobby"
// does not.
func mentions(text, h string) bool {
	lower, want := strings.ToLower(text), "@"+strings.ToLower(h)
	for i := 0; ; {
		j := strings.Index(lower[i:], want)
		if j < 0 {
			return false
		}
		end := i + j + len(want)
		if end == len(lower) || !isHandleByte(lower[end]) || lower[end] == '.' && (end+1 == len(lower) || !isHandleByte(lower[end+1])) {
			return true // "@bob", "@bob@instance" (h without one), "@bob."
		}
		i = end
	}
}

// isHandleByte reports whether c can go on a handle or its instance.
func isHandleByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-'
}

func (r *pubReplier) Reply(ctx context.Context, to Target, text, key string) (publisher.Result, error) {
	return r.pub.Publish(ctx, publisher.Content{Text: text, ReplyTo: to.ExternalID, Direct: to.Direct}, key)
}

// Find asks the network whether an attempt whose outcome is unknown went
// out. Networks that deduplicate by key need no lookup (the retry is
// recognised); networks that can neither deduplicate nor look up fail
// the reply for a person to check rather than risk sending it twice.
func (r *pubReplier) Find(ctx context.Context, to Target, text, key string, since time.Time) (publisher.Result, bool, error) {
	if f, ok := r.pub.(publisher.Finder); ok {
		return f.Find(ctx, publisher.Content{Text: text, ReplyTo: to.ExternalID, Direct: to.Direct}, key, since)
	}
	if r.spec.Retry == publisher.Unsafe {
		return publisher.Result{}, false, connector.Errorf(connector.Permanent,
			"%s cannot tell whether the interrupted attempt went out; check the conversation on the network, then reply again", r.spec.Type)
	}
	return publisher.Result{}, false, nil
}

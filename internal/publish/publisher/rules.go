package publisher

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/rivo/uniseg"
)

// Counting names how a network counts the length of a post.
type Counting string

const (
	// Graphemes counts user-perceived characters (Bluesky).
	Graphemes Counting = "graphemes"
	// MastodonChars counts code points, every URL as URLLength and a
	// mention by its local part only (Mastodon).
	MastodonChars Counting = "mastodon"
	// UTF16 counts UTF-16 code units (Telegram).
	UTF16 Counting = "utf16"
	// Runes counts code points (Discord).
	Runes Counting = "runes"
)

// Rules are a network's constraints on a post.
type Rules struct {
	MaxLength int      `json:"max_length"`
	Counting  Counting `json:"counting"`
	// URLLength is what a link counts for, when the network counts links
	// at a fixed length (Mastodon: 23).
	URLLength int `json:"url_length,omitempty"`
	MaxMedia  int `json:"max_media"`
	// MediaTypes are the accepted MIME types of attachments.
	MediaTypes    []string `json:"media_types,omitempty"`
	MaxMediaBytes int64    `json:"max_media_bytes,omitempty"`
	AltText       bool     `json:"alt_text"`
	Threads       bool     `json:"threads"`
	// MaxLengthWithMedia is a lower limit that applies when the post has
	// attachments (Telegram captions: 1,024).
	MaxLengthWithMedia int `json:"max_length_with_media,omitempty"`
	// Rate is the most posts the network accepts from one account in a
	// window; Parvis spaces publications to stay under it.
	Rate Rate `json:"rate"`
}

// Rate is at most N posts per window.
type Rate struct {
	N   int           `json:"n,omitempty"`
	Per time.Duration `json:"per_ns,omitempty"`
}

var (
	urlRE = regexp.MustCompile(`https?://[^\s<>"]+`)
	// Mastodon counts a mention @user@domain as @user.
	mentionRE = regexp.MustCompile(`(^|[^\w/])@(\w+)@[\w.-]+\w`)
)

// Length returns the length of text as the network counts it.
func (r Rules) Length(text string) int {
	switch r.Counting {
	case Graphemes:
		return uniseg.GraphemeClusterCount(text)
	case UTF16:
		return len(utf16.Encode([]rune(text)))
	case MastodonChars:
		n := 0
		if r.URLLength > 0 {
			urls := urlRE.FindAllString(text, -1)
			text = urlRE.ReplaceAllString(text, "")
			n += len(urls) * r.URLLength
		}
		text = mentionRE.ReplaceAllString(text, "$1@$2")
		return n + len([]rune(text))
	}
	return len([]rune(text))
}

// Problem is one reason a text cannot be published on a channel, with a
// translation key and its arguments.
type Problem struct {
	Key    string `json:"key"`
	Format string `json:"-"`
	Args   []any  `json:"args,omitempty"`
}

// Message is the English message of the problem.
func (p Problem) Message() string { return fmt.Sprintf(p.Format, p.Args...) }

// Check returns the problems of text under the rules (none when it can go).
func (r Rules) Check(text string) []Problem {
	var out []Problem
	if strings.TrimSpace(text) == "" {
		out = append(out, Problem{Key: "error.post_empty", Format: "the text is empty"})
	}
	if n := r.Length(text); r.MaxLength > 0 && n > r.MaxLength {
		out = append(out, Problem{Key: "error.post_too_long", Format: "the text counts %d characters; the limit is %d", Args: []any{n, r.MaxLength}})
	}
	return out
}

// MediaInfo describes an attachment for CheckMedia.
type MediaInfo struct {
	MIME string
	Size int64
}

// CheckMedia returns the problems of attachments under the rules.
func (r Rules) CheckMedia(media []MediaInfo) []Problem {
	if len(media) == 0 {
		return nil
	}
	if r.MaxMedia == 0 {
		return []Problem{{Key: "error.media_not_accepted", Format: "this channel does not take attachments"}}
	}
	var out []Problem
	if len(media) > r.MaxMedia {
		out = append(out, Problem{Key: "error.media_count", Format: "%d attachments; the limit is %d", Args: []any{len(media), r.MaxMedia}})
	}
	for i, m := range media {
		if len(r.MediaTypes) > 0 && !slices.Contains(r.MediaTypes, m.MIME) {
			out = append(out, Problem{Key: "error.media_type", Format: "attachment %d is %s; this channel takes %s", Args: []any{i + 1, m.MIME, strings.Join(r.MediaTypes, ", ")}})
		}
		if r.MaxMediaBytes > 0 && m.Size > r.MaxMediaBytes {
			out = append(out, Problem{Key: "error.media_size", Format: "attachment %d weighs %d bytes; the limit is %d", Args: []any{i + 1, m.Size, r.MaxMediaBytes}})
		}
	}
	return out
}

package publish

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"net/url"
	"regexp"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// ShortLinkPath is where short links live: BaseURL + ShortLinkPath + code.
const ShortLinkPath = "/l/"

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+[^\s<>".,;:!?)\]'»]`)

// Link is a link of a post's text as it is published.
type Link struct {
	Original string // as written
	Tracked  string // with UTM parameters
	Code     string // short link code, when short links are on
}

// LinkOptions say how to track the links of one variant.
type LinkOptions struct {
	UTM      bool
	Source   string // utm_source: the channel's network
	Campaign string // utm_campaign
	// ShortBase is BaseURL + ShortLinkPath, set when short links are on.
	ShortBase string
	// Key makes the short codes of a variant stable across retries.
	Key string
}

// TrackLinks rewrites the links of text: UTM parameters (unless the link
// has its own utm_source), then, with a ShortBase, a short link to it.
// The result is the same for the same input, so a retried publication
// carries the same links.
func TrackLinks(text string, o LinkOptions) (string, []Link) {
	if !o.UTM && o.ShortBase == "" {
		return text, nil
	}
	var links []Link
	out := linkRE.ReplaceAllStringFunc(text, func(raw string) string {
		l := Link{Original: raw, Tracked: raw}
		if o.UTM {
			l.Tracked = addUTM(raw, o)
		}
		if o.ShortBase == "" {
			links = append(links, l)
			return l.Tracked
		}
		l.Code = shortCode(o.Key, l.Tracked)
		links = append(links, l)
		return o.ShortBase + l.Code
	})
	return out, links
}

func addUTM(raw string, o LinkOptions) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	q := u.Query()
	if q.Get("utm_source") != "" {
		return raw
	}
	add := url.Values{"utm_source": {o.Source}, "utm_medium": {"social"}}
	if o.Campaign != "" {
		add.Set("utm_campaign", o.Campaign)
	}
	if u.RawQuery != "" {
		u.RawQuery += "&" + add.Encode()
	} else {
		u.RawQuery = add.Encode()
	}
	return u.String()
}

var codeEncoding = base32.NewEncoding("abcdefghijkmnopqrstuvwxyz2345678").WithPadding(base32.NoPadding)

func shortCode(key, target string) string {
	h := sha256.Sum256([]byte(key + "\x00" + target))
	return codeEncoding.EncodeToString(h[:])[:10]
}

// linkOptions gives the tracking of a variant under the workspace's settings.
func (s *Service) linkOptions(settings model.PublishSettings, channelType, campaign, key string) LinkOptions {
	o := LinkOptions{UTM: settings.UTM, Source: channelType, Campaign: campaign, Key: key}
	if settings.ShortLinks && s.baseURL != "" {
		o.ShortBase = strings.TrimRight(s.baseURL, "/") + ShortLinkPath
	}
	return o
}

// botUserAgents are the signs of a visit that is not a person: crawlers,
// link previews (social networks and chat apps fetch every posted link).
var botUserAgents = []string{"bot", "crawler", "spider", "preview", "facebookexternalhit", "slurp", "mastodon/", "pleroma", "akkoma",
	"misskey", "bluesky", "cardyb", "whatsapp", "skypeuripreview", "embedly", "curl/", "wget/", "python-requests", "go-http-client", "headless"}

// IsBot reports whether a user agent is a crawler or a link preview.
func IsBot(userAgent string) bool {
	ua := strings.ToLower(userAgent)
	if strings.TrimSpace(ua) == "" {
		return true
	}
	for _, b := range botUserAgents {
		if strings.Contains(ua, b) {
			return true
		}
	}
	return false
}

// FollowShortLink returns the address of a short link and counts the
// click unless it comes from a bot or is not a GET. Nothing about the
// visitor is stored.
func (s *Service) FollowShortLink(ctx context.Context, code, method, userAgent string) (string, error) {
	q := s.db.Q()
	target, err := q.ShortLinkTarget(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return "", apperr.NotFound("link")
	}
	if err != nil {
		return "", apperr.Internal(err)
	}
	if method == "GET" && !IsBot(userAgent) {
		if err := q.CountShortLinkClick(ctx, code); err != nil {
			s.log.Warn("counting a click", "code", code, "err", err)
		}
	}
	return target, nil
}

// Links returns the short links of a post with their clicks.
func (s *Service) Links(ctx context.Context, ws string, postID int64) ([]store.ShortLink, error) {
	p, err := s.Post(ctx, ws, postID)
	if err != nil {
		return nil, err
	}
	links, err := s.db.Q().ListShortLinks(ctx, p.WorkspaceID, p.ID)
	return links, internalOrNil(err)
}

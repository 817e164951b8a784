package publish

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// CalendarFeed is the secret address of a workspace's iCalendar feed.
type CalendarFeed struct {
	URL   string `json:"url"`
	Token string `json:"token"`
}

// NewCalendarToken creates (or replaces) the workspace's feed token. The
// token is shown once; only its hash is stored.
func (s *Service) NewCalendarToken(ctx context.Context, ws string) (CalendarFeed, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return CalendarFeed{}, err
	}
	tok := "cal_" + auth.RandomToken(24)
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.SetCalendarToken(ctx, w.ID, auth.HashToken(tok)); err != nil {
			return err
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "publish.calendar_token", "workspace", idStr(w.ID), nil))
	})
	if err != nil {
		return CalendarFeed{}, apperr.Internal(err)
	}
	return CalendarFeed{URL: s.baseURL + "/api/v1/workspaces/" + w.Slug + "/calendar.ics?token=" + tok, Token: tok}, nil
}

// CalendarICS renders the feed of the workspace whose token this is:
// posts planned or published from 60 days ago to a year ahead.
func (s *Service) CalendarICS(ctx context.Context, ws, token string) ([]byte, error) {
	if token == "" {
		return nil, apperr.NotFound("calendar")
	}
	q := s.db.Q()
	wsID, err := q.WorkspaceByCalendarToken(ctx, auth.HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFound("calendar")
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	w, err := q.GetWorkspace(ctx, ws)
	if err != nil || w.ID != wsID {
		return nil, apperr.NotFound("calendar")
	}
	now := s.clock.Now()
	posts, err := q.ListPosts(ctx, store.PostFilter{WorkspaceID: w.ID, From: now.AddDate(0, 0, -60), Until: now.AddDate(1, 0, 0), Limit: 5000})
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return RenderICS(w, posts, now, s.baseURL), nil
}

// RenderICS writes an RFC 5545 calendar with one event per post: lines end
// in CRLF and are folded at 75 octets, text is escaped, times are UTC.
func RenderICS(w model.Workspace, posts []model.Post, now time.Time, baseURL string) []byte {
	var b strings.Builder
	line := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Parvis//Publishing calendar//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", escapeText("Parvis — "+w.Name))
	line("X-WR-TIMEZONE", w.TimeZone)
	host := "parvis"
	if i := strings.Index(baseURL, "://"); i >= 0 {
		host = strings.Trim(baseURL[i+3:], "/")
	}
	for _, p := range posts {
		if p.ScheduledAt == nil {
			continue
		}
		start := *p.ScheduledAt
		for _, v := range p.Variants {
			if v.PublishedAt != nil && v.Status == model.VariantPublished {
				start = *v.PublishedAt
				break
			}
		}
		var channels []string
		for _, v := range p.Variants {
			channels = append(channels, v.ChannelName)
		}
		line("BEGIN", "VEVENT")
		line("UID", fmt.Sprintf("post-%d@%s", p.ID, host))
		line("DTSTAMP", icsTime(p.UpdatedAt))
		line("DTSTART", icsTime(start))
		line("DURATION", "PT15M")
		line("SUMMARY", escapeText("["+string(p.Status)+"] "+summary(p.Text, 60)))
		desc := p.Text + "\n\n" + strings.Join(channels, ", ")
		if p.Campaign != "" {
			desc += "\nCampaign: " + p.Campaign
		}
		line("DESCRIPTION", escapeText(desc))
		if p.Campaign != "" {
			line("CATEGORIES", escapeText(p.Campaign))
		}
		switch p.Status {
		case model.PostCancelled:
			line("STATUS", "CANCELLED")
		case model.PostDraft, model.PostInReview:
			line("STATUS", "TENTATIVE")
		default:
			line("STATUS", "CONFIRMED")
		}
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return []byte(b.String())
}

func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

func summary(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11).
func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// fold splits a content line into lines of at most 75 octets, never
// inside a UTF-8 sequence, each continuation starting with a space.
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

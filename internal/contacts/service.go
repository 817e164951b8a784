// Package contacts is the community directory and the feedback for
// leadership. A contact is one person; each of their accounts on a network
// is an identity, created from the authors of ingested items in the ingest
// transaction (one upsert per distinct author per batch). People merge and
// unmerge identities, annotate and tag contacts, read an explained
// influence score, and export or erase everything held on someone. Any item
// or conversation can be marked as feedback; a weekly digest summarises it.
package contacts

import (
	"context"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/workspace"
)

// DigestJob is the kind of the durable job that makes a workspace's weekly
// feedback digest.
const DigestJob = "feedback.digest"

// Service is the directory and feedback service.
type Service struct {
	db     *store.DB
	ws     *workspace.Service
	jobs   *jobs.Queue
	sender *notify.Sender
	smtp   bool
	clock  clock.Clock
	log    *slog.Logger
	base   string
}

// Options configure the service.
type Options struct {
	DB         *store.DB
	Workspaces *workspace.Service
	Jobs       *jobs.Queue
	// Pipeline, when set, gets the stage that records authors.
	Pipeline *ingest.Pipeline
	// Sender delivers the digest by e-mail when SMTPConfigured.
	Sender         *notify.Sender
	SMTPConfigured bool
	Clock          clock.Clock
	Log            *slog.Logger
	BaseURL        string
}

// New builds the service and registers its pipeline stage and job kind.
func New(o Options) *Service {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{db: o.DB, ws: o.Workspaces, jobs: o.Jobs, sender: o.Sender, smtp: o.SMTPConfigured, clock: o.Clock, log: o.Log,
		base: strings.TrimRight(o.BaseURL, "/")}
	if o.Jobs != nil {
		o.Jobs.Register(jobs.Kind{Name: DigestJob, Handler: s.digestJob, MaxAttempts: 8})
		o.Jobs.Register(jobs.Kind{Name: RecordJob, Handler: s.recordJob, MaxAttempts: 10})
	}
	if o.Pipeline != nil {
		o.Pipeline.AddPersister(s)
	}
	return s
}

// Settings are the directory settings of a workspace.
type Settings = store.ContactSettings

// ErasurePolicies are what erasure may do to a contact's items.
var ErasurePolicies = []string{"anonymize", "delete"}

// GetSettings returns the workspace's directory settings (viewer).
func (s *Service) GetSettings(ctx context.Context, ws string) (Settings, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return Settings{}, err
	}
	st, err := s.db.Q().GetContactSettings(ctx, w.ID)
	if err != nil {
		return st, apperr.Internal(err)
	}
	return st, nil
}

// PutSettings saves the settings (admin: erasure policy is a privacy
// decision of the organisation).
func (s *Service) PutSettings(ctx context.Context, ws string, in Settings) (Settings, error) {
	if !contains(ErasurePolicies, in.ErasurePolicy) {
		return in, apperr.Invalid("erasure_policy", "error.erasure_policy", "must be anonymize or delete")
	}
	var emails []string
	for _, e := range in.DigestEmails {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		a, err := mail.ParseAddress(e)
		if err != nil || a.Name != "" {
			return in, apperr.Invalid("digest_emails", "error.email_invalid", "%q is not a valid e-mail address", e)
		}
		if !contains(emails, a.Address) {
			emails = append(emails, a.Address)
		}
	}
	if len(emails) > 20 {
		return in, apperr.Invalid("digest_emails", "error.digest_emails_count", "at most %d addresses", 20)
	}
	if emails == nil {
		emails = []string{}
	}
	in.DigestEmails = emails
	err := s.db.InTx(ctx, func(q *store.Q) error {
		w, err := s.ws.Authorize(ctx, ws, model.RoleAdmin)
		if err != nil {
			return err
		}
		if err := q.PutContactSettings(ctx, w.ID, in); err != nil {
			return apperr.Internal(err)
		}
		if err := s.scheduleDigest(ctx, q, w.ID); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "contacts.settings", "workspace", idStr(w.ID),
			map[string]any{"erasure_policy": in.ErasurePolicy, "digest_recipients": len(in.DigestEmails)}))
	})
	return in, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Period is a half-open time range [From, To).
type Period struct {
	From, To time.Time
	// Set by ParsePeriod for values given as dates: they are midnights in
	// the workspace's time zone, resolved by the service.
	fromDate, toDate bool
}

// periodOr returns p with its dates taken in the workspace's time zone, or
// the last days up to now for what is missing.
func (s *Service) periodOr(w model.Workspace, p Period, days int) (Period, error) {
	loc, err := time.LoadLocation(w.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	inZone := func(t time.Time) time.Time {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	}
	if p.fromDate {
		p.From = inZone(p.From)
	}
	if p.toDate {
		p.To = inZone(p.To)
	}
	now := s.clock.Now()
	if p.To.IsZero() {
		p.To = now.Add(time.Microsecond)
	}
	if p.From.IsZero() {
		p.From = p.To.AddDate(0, 0, -days)
	}
	if !p.From.Before(p.To) {
		return p, apperr.Invalid("from", "error.period", "from must be before to")
	}
	return p, nil
}

// ParsePeriod reads from and to, each RFC 3339 or a date (YYYY-MM-DD, in
// the workspace's time zone; a "to" date includes its whole day). Empty
// values stay zero (defaults).
func ParsePeriod(from, to string) (Period, error) {
	var p Period
	parse := func(field, s string, end bool) (time.Time, bool, error) {
		if s == "" {
			return time.Time{}, false, nil
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t, false, nil
		}
		if t, err := time.Parse("2006-01-02", s); err == nil {
			if end {
				t = t.AddDate(0, 0, 1)
			}
			return t, true, nil
		}
		return time.Time{}, false, apperr.Invalid(field, "error.time_invalid", "must be an RFC 3339 time (2026-01-31T09:00:00Z) or a date (2026-01-31)")
	}
	var err error
	if p.From, p.fromDate, err = parse("from", from, false); err != nil {
		return p, err
	}
	if p.To, p.toDate, err = parse("to", to, true); err != nil {
		return p, err
	}
	if !p.From.IsZero() && !p.To.IsZero() && !p.From.Before(p.To) {
		return p, apperr.Invalid("from", "error.period", "from must be before to")
	}
	return p, nil
}

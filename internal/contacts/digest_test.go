package contacts_test

import (
	"context"
	"github.com/parvis/parvis/internal/testutil/smtptest"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
)

// TestWeeklyDigestIsMailedInTheWorkspaceLanguage: marking feedback queues
// the digest for Monday 08:00 (Paris); when the clock gets there the job
// stores it and mails it, in French, to the recipients, then queues the
// next week's. A failing server leaves the error on the digest and the job
// retries.
func TestWeeklyDigestIsMailedInTheWorkspaceLanguage(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 3, 27, 8, 0, 0, 0, time.UTC)) // a Friday
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		fc.Set(time.Date(2026, 3, 27, 8, 0, 0, 0, time.UTC))
		srv := smtptest.Start(t)
		sender := notify.NewSender(notify.Options{SMTP: notify.SMTP{Addr: srv.Addr, From: "parvis@example.org"}})
		f := newFixtureWith(t, db, fc, contacts.Options{Sender: sender, SMTPConfigured: true, BaseURL: "https://parvis.example"})
		ctx := context.Background()
		f.seed()
		if _, err := f.svc.PutSettings(f.as("owner"), f.w.Slug, contacts.Settings{ErasurePolicy: "anonymize",
			DigestEmails: []string{"boss@example.org", " boss@example.org ", "cto@example.org"}}); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.PutSettings(f.as("owner"), f.w.Slug, contacts.Settings{ErasurePolicy: "anonymize", DigestEmails: []string{"Boss <b@x.org>"}})
		wantKind(t, err, apperr.KindInvalid)
		var bobItem int64
		db.Q().QueryRow(ctx, `SELECT id FROM items WHERE external_id = 'm2'`).Scan(&bobItem)
		if _, err := f.svc.MarkFeedback(f.as("editor"), f.w.Slug, contacts.MarkInput{ItemID: &bobItem, Category: "complaint", Note: "CEO should see"}); err != nil {
			t.Fatal(err)
		}
		// Nothing is due before Monday 08:00 Paris (06:00 UTC, after the DST change).
		if n, err := f.jobs.RunDue(ctx, nil); err != nil || n != 0 {
			t.Fatalf("ran %d jobs before Monday (%v)", n, err)
		}
		fc.Set(time.Date(2026, 3, 30, 6, 0, 0, 0, time.UTC))
		if n, err := f.jobs.RunDue(ctx, nil); err != nil || n != 1 {
			t.Fatalf("ran %d jobs on Monday (%v)", n, err)
		}
		msgs, rcpt := srv.Messages(), srv.Recipients()
		if len(msgs) != 1 || strings.Join(rcpt[0], ",") != "boss@example.org,cto@example.org" {
			t.Fatalf("mails = %d to %v", len(msgs), rcpt)
		}
		head, body, _ := strings.Cut(msgs[0], "\n\n") // the dot reader gives LF line ends
		plain, _ := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
		if !strings.Contains(head, "=?utf-8?q?Remont=C3=A9es_de_la_communaut=C3=A9_pour_Acme?=") ||
			!strings.Contains(string(plain), "Réclamation — 1") || !strings.Contains(string(plain), "Parvis is broken again") ||
			!strings.Contains(string(plain), "https://parvis.example/w/"+f.w.Slug+"/feedback") {
			t.Errorf("digest mail:\n%s\n%s", head, plain)
		}
		ds, _ := f.svc.Digests(f.as("viewer"), f.w.Slug, 5)
		if len(ds) != 1 || ds[0].SentAt == nil || len(ds[0].SentTo) != 2 || ds[0].Lang != "fr" {
			t.Fatalf("digests = %+v", ds)
		}
		var next int
		db.Q().QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND state = 'available'`, contacts.DigestJob).Scan(&next)
		if next != 1 {
			t.Errorf("next week's digest jobs = %d", next)
		}
		// The next week the server is gone: the error stays on the digest.
		fc.Set(time.Date(2026, 4, 6, 6, 0, 0, 0, time.UTC))
		down := contacts.New(contacts.Options{DB: db, Workspaces: f.ws, Clock: fc, SMTPConfigured: true,
			Sender: notify.NewSender(notify.Options{SMTP: notify.SMTP{Addr: "127.0.0.1:1", From: "parvis@example.org"}})})
		d, err := down.MakeDigest(ctx, f.w.ID, fc.Now())
		if err != nil || d.LastError == "" || d.SentAt != nil {
			t.Errorf("digest with a dead server = %+v (%v)", d, err)
		}
	})
}

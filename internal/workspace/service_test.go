package workspace_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/store/storetest"
	"github.com/parvis/parvis/internal/workspace"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var cheap = auth.Options{Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}}

type fixture struct {
	db    *store.DB
	auth  *auth.Service
	ws    *workspace.Service
	clock *clock.Fake
	users map[string]model.User
}

func newFixture(t *testing.T, db *store.DB, fc *clock.Fake) *fixture {
	f := &fixture{db: db, clock: fc, users: map[string]model.User{}}
	f.auth = auth.NewService(db, fc, cheap)
	f.ws = workspace.NewService(db, f.auth, fc)
	sys := auth.SystemContext(context.Background(), "test")
	for _, name := range []string{"owner", "admin", "manager", "editor", "viewer", "outsider", "owner2"} {
		u, err := f.auth.CreateUser(sys, auth.NewUser{Email: name + "@example.org", Password: "password-" + name})
		if err != nil {
			t.Fatal(err)
		}
		f.users[name] = u
	}
	return f
}

func (f *fixture) as(name string) context.Context {
	return auth.WithActor(context.Background(), &auth.Actor{User: f.users[name]})
}

func wantKind(t *testing.T, err error, k apperr.Kind, what string) {
	t.Helper()
	if !apperr.Is(err, k) {
		t.Fatalf("%s: got %v (kind %d), want kind %d", what, err, apperr.KindOf(err), k)
	}
}

func TestRolesAreEnforcedInTheService(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		w, err := f.ws.Create(f.as("owner"), workspace.Input{Name: "Café Lumière", TimeZone: "Europe/Paris", Language: "fr"})
		if err != nil {
			t.Fatal(err)
		}
		if w.Slug != "cafe-lumiere" || w.Role != model.RoleOwner {
			t.Fatalf("created %+v", w)
		}
		for _, r := range []string{"admin", "manager", "editor", "viewer"} {
			if _, err := f.ws.AddMember(f.as("owner"), w.Slug, r+"@example.org", r); err != nil {
				t.Fatalf("add %s: %v", r, err)
			}
		}
		name := "Renamed"
		_, err = f.ws.UpdateSettings(f.as("viewer"), w.Slug, workspace.Update{Name: &name})
		wantKind(t, err, apperr.KindForbidden, "viewer renames")
		_, err = f.ws.UpdateSettings(f.as("manager"), w.Slug, workspace.Update{Name: &name})
		wantKind(t, err, apperr.KindForbidden, "manager renames")
		if _, err := f.ws.UpdateSettings(f.as("admin"), w.Slug, workspace.Update{Name: &name}); err != nil {
			t.Fatalf("admin renames: %v", err)
		}
		_, err = f.ws.Get(f.as("outsider"), w.Slug)
		wantKind(t, err, apperr.KindNotFound, "outsider reads")
		_, err = f.ws.Audit(f.as("editor"), w.Slug, workspace.AuditFilter{})
		wantKind(t, err, apperr.KindForbidden, "editor reads audit")
		// Admins cannot make owners; owners can.
		_, err = f.ws.AddMember(f.as("admin"), w.Slug, "owner2@example.org", "owner")
		wantKind(t, err, apperr.KindForbidden, "admin adds owner")
		err = f.ws.Delete(f.as("admin"), w.Slug)
		wantKind(t, err, apperr.KindForbidden, "admin deletes workspace")
		// The last owner stays.
		err = f.ws.RemoveMember(f.as("owner"), w.Slug, f.users["owner"].ID)
		wantKind(t, err, apperr.KindConflict, "last owner leaves")
		err = f.ws.SetRole(f.as("owner"), w.Slug, f.users["owner"].ID, "admin")
		wantKind(t, err, apperr.KindConflict, "last owner demoted")
		if _, err := f.ws.AddMember(f.as("owner"), w.Slug, "owner2@example.org", "owner"); err != nil {
			t.Fatal(err)
		}
		if err := f.ws.SetRole(f.as("owner"), w.Slug, f.users["owner"].ID, "admin"); err != nil {
			t.Fatalf("demote one of two owners: %v", err)
		}
		// Every change is in the audit log, newest first, with its actor.
		p, err := f.ws.Audit(f.as("owner2"), w.Slug, workspace.AuditFilter{Action: "member."})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != 6 || p.Items[0].Action != "member.role" || p.Items[0].Actor != "owner@example.org" {
			t.Fatalf("audit: %d entries, first %+v", len(p.Items), p.Items[0])
		}
		page1, err := f.ws.Audit(f.as("owner2"), w.Slug, workspace.AuditFilter{Limit: 3})
		if err != nil || len(page1.Items) != 3 || page1.NextCursor == "" {
			t.Fatalf("page 1: %+v %v", page1, err)
		}
		page2, err := f.ws.Audit(f.as("owner2"), w.Slug, workspace.AuditFilter{Limit: 3, Cursor: page1.NextCursor})
		if err != nil || len(page2.Items) == 0 || page2.Items[0].ID >= page1.Items[2].ID {
			t.Fatalf("page 2 does not continue page 1: %+v %v", page2, err)
		}
	})
}

func TestInvalidInputNamesTheFieldAndWritesNothing(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		long := string(make([]rune, 81))
		cases := []struct {
			in    workspace.Input
			field string
		}{
			{workspace.Input{Name: ""}, "name"},
			{workspace.Input{Name: long}, "name"},
			{workspace.Input{Name: "x", TimeZone: "Europe/Nowhere"}, "time_zone"},
			{workspace.Input{Name: "x", Language: "de"}, "language"},
			{workspace.Input{Name: "x", Slug: "Bad Slug"}, "slug"},
			{workspace.Input{Name: "x", Slug: "123"}, "slug"},
		}
		for _, c := range cases {
			_, err := f.ws.Create(f.as("owner"), c.in)
			e := apperr.As(err)
			if e.Kind != apperr.KindInvalid || e.Field != c.field {
				t.Errorf("%+v: got %v field %q, want invalid %q", c.in, err, e.Field, c.field)
			}
		}
		p, _ := f.ws.List(f.as("owner"), "", 0)
		if len(p.Items) != 0 {
			t.Fatalf("invalid input wrote %d workspaces", len(p.Items))
		}
		if _, err := f.ws.Create(f.as("owner"), workspace.Input{Name: "A", Slug: "taken"}); err != nil {
			t.Fatal(err)
		}
		_, err := f.ws.Create(f.as("owner"), workspace.Input{Name: "B", Slug: "taken"})
		wantKind(t, err, apperr.KindConflict, "duplicate slug")
	})
}

func TestInviteFlow(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: fc}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fc)
		w, _ := f.ws.Create(f.as("owner"), workspace.Input{Name: "Brand"})
		res, err := f.ws.AddMember(f.as("owner"), w.Slug, "newcomer@example.org", "editor")
		if err != nil || res.Invite == nil || res.Invite.Token == "" {
			t.Fatalf("invite for unknown address: %+v %v", res, err)
		}
		_, _, err = f.ws.RegisterWithInvite(context.Background(), res.Invite.Token, auth.NewUser{Email: "other@example.org", Password: "long enough pw"})
		wantKind(t, err, apperr.KindInvalid, "invite used with another address")
		u, joined, err := f.ws.RegisterWithInvite(context.Background(), res.Invite.Token, auth.NewUser{Email: "newcomer@example.org", Password: "long enough pw"})
		if err != nil || joined.ID != w.ID || joined.Role != model.RoleEditor {
			t.Fatalf("register with invite: %+v %v", joined, err)
		}
		_, _, err = f.ws.RegisterWithInvite(context.Background(), res.Invite.Token, auth.NewUser{Email: "newcomer2@example.org", Password: "long enough pw"})
		wantKind(t, err, apperr.KindConflict, "invite reused")
		if r, err := db.Q().MemberRole(context.Background(), w.ID, u.ID); err != nil || r != model.RoleEditor {
			t.Fatalf("role after join: %v %v", r, err)
		}
		inv, err := f.ws.CreateInvite(f.as("owner"), w.Slug, "", "viewer")
		if err != nil {
			t.Fatal(err)
		}
		fc.Advance(8 * 24 * time.Hour)
		_, err = f.ws.AcceptInvite(f.as("outsider"), inv.Token)
		wantKind(t, err, apperr.KindConflict, "expired invite")
	})
}

func TestLoginIsRateLimitedWithAGenericMessage(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	db := storetest.SQLite(t, storetest.Options{Clock: fc})
	f := newFixture(t, db, fc)
	ctx := context.Background()
	_, _, errUnknown := f.auth.Login(ctx, "nobody@example.org", "whatever-pw", "10.0.0.1")
	_, _, errWrong := f.auth.Login(ctx, "owner@example.org", "wrong-password", "10.0.0.1")
	if apperr.As(errUnknown).Msg != apperr.As(errWrong).Msg || !apperr.Is(errWrong, apperr.KindUnauthenticated) {
		t.Fatalf("messages differ: %v / %v", errUnknown, errWrong)
	}
	for i := 0; i < 4; i++ {
		f.auth.Login(ctx, "owner@example.org", "wrong-password", "10.0.0.2")
	}
	_, _, err := f.auth.Login(ctx, "owner@example.org", "password-owner", "10.0.0.3")
	if !apperr.Is(err, apperr.KindRateLimited) || apperr.As(err).RetryAfter <= 0 {
		t.Fatalf("5 failures then right password: %v, want rate limited with retry-after", err)
	}
	fc.Advance(16 * time.Minute)
	if _, _, err := f.auth.Login(ctx, "owner@example.org", "password-owner", "10.0.0.3"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

// Package auth owns users, passwords, sessions and API tokens, and the
// actor that every service reads from the context to check rights.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// Service manages accounts and credentials.
type Service struct {
	db        *store.DB
	clock     clock.Clock
	argon     Argon2Params
	byAccount *Limiter
	byAddress *Limiter
	// SessionTTL is how long an idle session lives.
	SessionTTL time.Duration
}

// Options configure the service.
type Options struct {
	Argon2 Argon2Params // zero: DefaultArgon2
	// Login attempts allowed per account and per address in Window.
	MaxPerAccount, MaxPerAddress int
	Window                       time.Duration
}

// NewService returns the auth service.
func NewService(db *store.DB, c clock.Clock, o Options) *Service {
	if o.Argon2.Memory == 0 {
		o.Argon2 = DefaultArgon2
	}
	if o.Window == 0 {
		o.Window = 15 * time.Minute
	}
	if o.MaxPerAccount == 0 {
		o.MaxPerAccount = 5
	}
	if o.MaxPerAddress == 0 {
		o.MaxPerAddress = 20
	}
	return &Service{db: db, clock: c, argon: o.Argon2,
		byAccount:  NewLimiter(c, o.MaxPerAccount, o.Window),
		byAddress:  NewLimiter(c, o.MaxPerAddress, o.Window),
		SessionTTL: 30 * 24 * time.Hour}
}

// NewUser is the input to create a user.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Admin    bool
	Lang     string
}

const minPasswordLen = 10

func validateNewUser(u *NewUser) error {
	u.Email = strings.TrimSpace(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	addr, err := mail.ParseAddress(u.Email)
	if err != nil || addr.Address != u.Email || len(u.Email) > 254 {
		return apperr.Invalid("email", "error.email_invalid", "%q is not a valid e-mail address", u.Email)
	}
	if utf8.RuneCountInString(u.Name) > 100 {
		return apperr.Invalid("name", "error.too_long", "must be at most %d characters", 100)
	}
	if utf8.RuneCountInString(u.Password) < minPasswordLen {
		return apperr.Invalid("password", "error.password_short", "must be at least %d characters", minPasswordLen)
	}
	if len(u.Password) > 1024 {
		return apperr.Invalid("password", "error.too_long", "must be at most %d characters", 1024)
	}
	if u.Lang != "" && u.Lang != "en" && u.Lang != "fr" {
		return apperr.Invalid("lang", "error.lang_invalid", "must be \"en\" or \"fr\"")
	}
	return nil
}

func (s *Service) createUser(ctx context.Context, q *store.Q, nu NewUser) (model.User, error) {
	if err := validateNewUser(&nu); err != nil {
		return model.User{}, err
	}
	hash, err := HashPassword(nu.Password, s.argon)
	if err != nil {
		return model.User{}, apperr.Internal(err)
	}
	u := model.User{Email: nu.Email, Name: nu.Name, IsAdmin: nu.Admin, Lang: nu.Lang}
	if err := q.CreateUser(ctx, &u, hash); err != nil {
		if store.IsUniqueViolation(err) {
			return model.User{}, apperr.Conflict("email", "error.email_taken", "a user with this e-mail address already exists")
		}
		return model.User{}, apperr.Internal(err)
	}
	return u, nil
}

// NeedsSetup reports whether no user exists yet.
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	n, err := s.db.Q().CountUsers(ctx)
	return n == 0, err
}

// Setup creates the first administrator. It fails with a conflict once any
// user exists, so the setup page cannot be used to take over an instance.
func (s *Service) Setup(ctx context.Context, nu NewUser) (model.User, error) {
	nu.Admin = true
	var u model.User
	err := s.db.InTx(ctx, func(q *store.Q) error {
		n, err := q.CountUsers(ctx)
		if err != nil {
			return apperr.Internal(err)
		}
		if n > 0 {
			return apperr.New(apperr.KindConflict, "error.setup_done", "Parvis is already set up").WithCode("setup_done")
		}
		u, err = s.createUser(ctx, q, nu)
		if err != nil {
			return err
		}
		return q.InsertAudit(ctx, &model.AuditEntry{UserID: &u.ID, Actor: u.Email, Action: "user.setup", ObjectType: "user", ObjectID: idStr(u.ID)})
	})
	return u, err
}

// CreateUser creates a user. Only the system (CLI) and instance
// administrators may do so.
func (s *Service) CreateUser(ctx context.Context, nu NewUser) (model.User, error) {
	a := ActorFrom(ctx)
	if a == nil || !(a.IsSystem() || a.User.IsAdmin) {
		return model.User{}, apperr.Forbidden()
	}
	var u model.User
	err := s.db.InTx(ctx, func(q *store.Q) error {
		var err error
		if u, err = s.createUser(ctx, q, nu); err != nil {
			return err
		}
		return q.InsertAudit(ctx, auditEntry(a, "user.create", "user", idStr(u.ID), map[string]any{"email": u.Email, "admin": u.IsAdmin}))
	})
	return u, err
}

// Register creates an ordinary account (used when accepting an invite).
func (s *Service) Register(ctx context.Context, q *store.Q, nu NewUser) (model.User, error) {
	nu.Admin = false
	return s.createUser(ctx, q, nu)
}

// ErrBadCredentials is the one message a failed login gets, whatever failed.
func errBadCredentials() error {
	return apperr.New(apperr.KindUnauthenticated, "error.bad_credentials", "wrong e-mail address or password").WithCode("bad_credentials")
}

// Login checks credentials and opens a session. It returns the session
// token for the cookie. Failures are rate-limited per account and per
// address, and all say the same thing.
func (s *Service) Login(ctx context.Context, email, password, address string) (string, model.User, error) {
	acct := "acct:" + store.NormalizeEmail(email)
	addr := "addr:" + address
	for _, k := range []struct {
		l   *Limiter
		key string
	}{{s.byAccount, acct}, {s.byAddress, addr}} {
		if blocked, wait := k.l.Blocked(k.key); blocked {
			return "", model.User{}, apperr.RateLimited(wait)
		}
	}
	u, hash, err := s.db.Q().GetUserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		// Spend the same time as a real check so timing does not tell
		// which accounts exist.
		CheckPassword(password, dummyHash(s.argon))
		s.byAccount.Fail(acct)
		s.byAddress.Fail(addr)
		return "", model.User{}, errBadCredentials()
	}
	if err != nil {
		return "", model.User{}, apperr.Internal(err)
	}
	ok, err := CheckPassword(password, hash)
	if err != nil || !ok {
		s.byAccount.Fail(acct)
		s.byAddress.Fail(addr)
		return "", model.User{}, errBadCredentials()
	}
	s.byAccount.Reset(acct)
	token, err := s.NewSession(ctx, u.ID)
	if err != nil {
		return "", model.User{}, err
	}
	return token, u, nil
}

func dummyHash(p Argon2Params) string {
	// A fixed valid hash with the current parameters; its value is irrelevant.
	return "$argon2id$v=19$m=" + strconv.Itoa(int(p.Memory)) + ",t=" + strconv.Itoa(int(p.Time)) + ",p=" +
		strconv.Itoa(int(p.Threads)) + "$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"
}

// NewSession opens a session for a user and returns its token.
func (s *Service) NewSession(ctx context.Context, userID int64) (string, error) {
	token := randomToken(32)
	if err := s.db.Q().CreateSession(ctx, hashToken(token), userID, s.clock.Now().Add(s.SessionTTL)); err != nil {
		return "", apperr.Internal(err)
	}
	return token, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	if err := s.db.Q().DeleteSession(ctx, hashToken(token)); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// SessionActor returns the actor of a session token.
func (s *Service) SessionActor(ctx context.Context, token string) (*Actor, error) {
	if token == "" {
		return nil, apperr.Unauthenticated()
	}
	h := hashToken(token)
	q := s.db.Q()
	sess, err := q.GetSession(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.Unauthenticated()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	// Slide the expiry at most once an hour to spare writes.
	if now := s.clock.Now(); now.Sub(sess.LastSeen) > time.Hour {
		q.TouchSession(ctx, h, now.Add(s.SessionTTL))
	}
	u, err := q.GetUser(ctx, sess.UserID)
	if err != nil {
		return nil, apperr.Unauthenticated()
	}
	return &Actor{User: u}, nil
}

// TokenPrefix starts every API token, so leaked tokens are recognisable.
const TokenPrefix = "pvs_"

// TokenActor returns the actor of an API token.
func (s *Service) TokenActor(ctx context.Context, secret string) (*Actor, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, apperr.Unauthenticated()
	}
	q := s.db.Q()
	t, err := q.GetAPITokenByHash(ctx, hashToken(secret))
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.Unauthenticated()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if t.LastUsedAt == nil || s.clock.Now().Sub(*t.LastUsedAt) > time.Minute {
		q.TouchAPIToken(ctx, t.ID)
	}
	u, err := q.GetUser(ctx, t.UserID)
	if err != nil {
		return nil, apperr.Unauthenticated()
	}
	return &Actor{User: u, TokenID: t.ID}, nil
}

// CreateToken creates an API token for the acting person. The secret is in
// the returned value and nowhere else.
func (s *Service) CreateToken(ctx context.Context, name string) (model.APIToken, error) {
	a := ActorFrom(ctx)
	if a == nil || a.User.ID == 0 {
		return model.APIToken{}, apperr.Unauthenticated()
	}
	return s.createToken(ctx, a, a.User.ID, name)
}

// CreateTokenFor creates a token for the user with this e-mail address. Only
// the system (CLI) and instance administrators may.
func (s *Service) CreateTokenFor(ctx context.Context, email, name string) (model.APIToken, error) {
	a := ActorFrom(ctx)
	if a == nil || !(a.IsSystem() || a.User.IsAdmin) {
		return model.APIToken{}, apperr.Forbidden()
	}
	u, _, err := s.db.Q().GetUserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return model.APIToken{}, apperr.Invalid("email", "error.user_unknown", "no user has the e-mail address %q", email)
	}
	if err != nil {
		return model.APIToken{}, apperr.Internal(err)
	}
	return s.createToken(ctx, a, u.ID, name)
}

func (s *Service) createToken(ctx context.Context, a *Actor, userID int64, name string) (model.APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return model.APIToken{}, apperr.Invalid("name", "error.required", "is required")
	}
	if utf8.RuneCountInString(name) > 100 {
		return model.APIToken{}, apperr.Invalid("name", "error.too_long", "must be at most %d characters", 100)
	}
	secret := TokenPrefix + randomToken(32)
	t := model.APIToken{UserID: userID, Name: name, Prefix: secret[:len(TokenPrefix)+6]}
	err := s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.CreateAPIToken(ctx, &t, hashToken(secret)); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auditEntry(a, "token.create", "api_token", idStr(t.ID), map[string]any{"name": name, "user_id": userID}))
	})
	if err != nil {
		return model.APIToken{}, err
	}
	t.Secret = secret
	return t, nil
}

// ListTokens lists the acting person's tokens.
func (s *Service) ListTokens(ctx context.Context) ([]model.APIToken, error) {
	a := ActorFrom(ctx)
	if a == nil || a.User.ID == 0 {
		return nil, apperr.Unauthenticated()
	}
	ts, err := s.db.Q().ListAPITokens(ctx, a.User.ID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return ts, nil
}

// RevokeToken revokes one of the acting person's tokens (administrators may
// revoke anyone's).
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	a := ActorFrom(ctx)
	if a == nil || a.User.ID == 0 {
		return apperr.Unauthenticated()
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		t, err := q.GetAPIToken(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && t.UserID != a.User.ID && !a.User.IsAdmin) {
			return apperr.NotFound("token")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if err := q.RevokeAPIToken(ctx, id); err != nil {
			return apperr.Internal(err)
		}
		return q.InsertAudit(ctx, auditEntry(a, "token.revoke", "api_token", idStr(id), map[string]any{"name": t.Name}))
	})
}

// SetLang stores the acting person's language preference ("", "en", "fr").
func (s *Service) SetLang(ctx context.Context, lang string) error {
	a := ActorFrom(ctx)
	if a == nil || a.User.ID == 0 {
		return apperr.Unauthenticated()
	}
	if lang != "" && lang != "en" && lang != "fr" {
		return apperr.Invalid("lang", "error.lang_invalid", "must be \"en\" or \"fr\"")
	}
	if err := s.db.Q().SetUserLang(ctx, a.User.ID, lang); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

func auditEntry(a *Actor, action, objType, objID string, details map[string]any) *model.AuditEntry {
	e := &model.AuditEntry{Actor: a.Label(), Action: action, ObjectType: objType, ObjectID: objID, Details: details}
	if a != nil && a.User.ID != 0 {
		id := a.User.ID
		e.UserID = &id
	}
	if a != nil && a.TokenID != 0 {
		id := a.TokenID
		e.TokenID = &id
	}
	return e
}

// AuditEntry builds an audit entry for the actor of ctx; services of other
// packages use it so that every entry names its actor the same way.
func AuditEntry(ctx context.Context, wsID int64, action, objType, objID string, details map[string]any) *model.AuditEntry {
	e := auditEntry(ActorFrom(ctx), action, objType, objID, details)
	if wsID != 0 {
		e.WorkspaceID = &wsID
	}
	return e
}

// RandomToken returns n random bytes, base64url-encoded.
func RandomToken(n int) string { return randomToken(n) }

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken hashes a high-entropy secret for storage. (Passwords use
// argon2id; tokens are random enough for a plain SHA-256.)
func HashToken(token string) string { return hashToken(token) }

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

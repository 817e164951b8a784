package store

import (
	"context"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

// NormalizeEmail gives the form under which e-mail addresses are unique.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

const userCols = `id, email, name, is_admin, lang, created_at, updated_at`

func scanUser(sc interface{ Scan(...any) error }) (model.User, error) {
	var u model.User
	var created, updated int64
	err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.IsAdmin, &u.Lang, &created, &updated)
	u.CreatedAt, u.UpdatedAt = fromMicro(created), fromMicro(updated)
	return u, err
}

// CreateUser inserts a user with an already hashed password.
func (q *Q) CreateUser(ctx context.Context, u *model.User, passwordHash string) error {
	now := q.Now()
	id, err := q.InsertID(ctx, `INSERT INTO users (email, email_norm, name, password_hash, is_admin, lang, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, u.Email, NormalizeEmail(u.Email), u.Name, passwordHash, u.IsAdmin, u.Lang, micro(now), micro(now))
	if err != nil {
		return err
	}
	u.ID, u.CreatedAt, u.UpdatedAt = id, now, now
	return nil
}

// CountUsers returns the number of users.
func (q *Q) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// GetUser returns a user by id.
func (q *Q) GetUser(ctx context.Context, id int64) (model.User, error) {
	u, err := scanUser(q.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	return u, notFound(err)
}

// GetUserByEmail returns a user and its password hash.
func (q *Q) GetUserByEmail(ctx context.Context, email string) (model.User, string, error) {
	var hash string
	var u model.User
	var created, updated int64
	err := q.QueryRow(ctx, `SELECT `+userCols+`, password_hash FROM users WHERE email_norm = ?`, NormalizeEmail(email)).
		Scan(&u.ID, &u.Email, &u.Name, &u.IsAdmin, &u.Lang, &created, &updated, &hash)
	u.CreatedAt, u.UpdatedAt = fromMicro(created), fromMicro(updated)
	return u, hash, notFound(err)
}

// SetUserLang stores a user's language preference ("" for automatic).
func (q *Q) SetUserLang(ctx context.Context, id int64, lang string) error {
	_, err := q.Exec(ctx, `UPDATE users SET lang = ?, updated_at = ? WHERE id = ?`, lang, micro(q.Now()), id)
	return err
}

// SetUserPassword replaces a user's password hash.
func (q *Q) SetUserPassword(ctx context.Context, id int64, hash string) error {
	_, err := q.Exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, micro(q.Now()), id)
	return err
}

// Session is a stored login session.
type Session struct {
	UserID    int64
	ExpiresAt time.Time
	LastSeen  time.Time
}

// CreateSession stores a session by the hash of its token.
func (q *Q) CreateSession(ctx context.Context, tokenHash string, userID int64, expires time.Time) error {
	now := micro(q.Now())
	_, err := q.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
		tokenHash, userID, now, micro(expires), now)
	return err
}

// GetSession returns a session that has not expired.
func (q *Q) GetSession(ctx context.Context, tokenHash string) (Session, error) {
	var s Session
	var exp, seen int64
	err := q.QueryRow(ctx, `SELECT user_id, expires_at, last_seen_at FROM sessions WHERE token_hash = ? AND expires_at > ?`,
		tokenHash, micro(q.Now())).Scan(&s.UserID, &exp, &seen)
	s.ExpiresAt, s.LastSeen = fromMicro(exp), fromMicro(seen)
	return s, notFound(err)
}

// TouchSession extends a session.
func (q *Q) TouchSession(ctx context.Context, tokenHash string, expires time.Time) error {
	_, err := q.Exec(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`, micro(q.Now()), micro(expires), tokenHash)
	return err
}

// DeleteSession removes a session (logout).
func (q *Q) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := q.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteExpiredSessions removes sessions past their expiry.
func (q *Q) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := q.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, micro(q.Now()))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

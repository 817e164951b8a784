package store

import (
	"context"
	"database/sql"

	"github.com/parvis/parvis/internal/model"
)

// CreateAPIToken stores a token by its hash.
func (q *Q) CreateAPIToken(ctx context.Context, t *model.APIToken, hash string) error {
	now := q.Now()
	id, err := q.InsertID(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)`,
		t.UserID, t.Name, hash, t.Prefix, micro(now))
	if err != nil {
		return err
	}
	t.ID, t.CreatedAt = id, now
	return nil
}

func scanToken(sc interface{ Scan(...any) error }) (model.APIToken, error) {
	var t model.APIToken
	var created int64
	var used, revoked sql.NullInt64
	err := sc.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &created, &used, &revoked)
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = fromMicro(created), ptrMicro(used), ptrMicro(revoked)
	return t, err
}

const tokenCols = `id, user_id, name, prefix, created_at, last_used_at, revoked_at`

// GetAPITokenByHash returns an unrevoked token.
func (q *Q) GetAPITokenByHash(ctx context.Context, hash string) (model.APIToken, error) {
	t, err := scanToken(q.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`, hash))
	return t, notFound(err)
}

// GetAPIToken returns a token by id.
func (q *Q) GetAPIToken(ctx context.Context, id int64) (model.APIToken, error) {
	t, err := scanToken(q.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE id = ?`, id))
	return t, notFound(err)
}

// ListAPITokens returns a user's tokens, newest first.
func (q *Q) ListAPITokens(ctx context.Context, userID int64) ([]model.APIToken, error) {
	rows, err := q.Query(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken marks a token revoked.
func (q *Q) RevokeAPIToken(ctx context.Context, id int64) error {
	_, err := q.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, micro(q.Now()), id)
	return err
}

// TouchAPIToken records a use of the token.
func (q *Q) TouchAPIToken(ctx context.Context, id int64) error {
	_, err := q.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, micro(q.Now()), id)
	return err
}

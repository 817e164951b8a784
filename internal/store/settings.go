package store

import (
	"context"
	"database/sql"
	"errors"
)

// Setting returns the value of an instance-wide setting, and whether it
// is set.
func (q *Q) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := q.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, err
}

// PutSetting sets an instance-wide setting.
func (q *Q) PutSetting(ctx context.Context, key, value string) error {
	_, err := q.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

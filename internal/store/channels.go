package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/parvis/parvis/internal/model"
)

const channelCols = `id, workspace_id, type, name, account, config, secrets, status, last_error, slots, created_at, updated_at`

func scanChannel(sc interface{ Scan(...any) error }) (model.Channel, error) {
	var c model.Channel
	var cfg, slots string
	var created, updated int64
	err := sc.Scan(&c.ID, &c.WorkspaceID, &c.Type, &c.Name, &c.Account, &cfg, &c.Secrets, &c.Status, &c.LastError, &slots, &created, &updated)
	if err != nil {
		return c, err
	}
	c.Config = json.RawMessage(cfg)
	if err := json.Unmarshal([]byte(slots), &c.Slots); err != nil || c.Slots == nil {
		c.Slots = []model.Slot{}
	}
	c.CreatedAt, c.UpdatedAt = fromMicro(created), fromMicro(updated)
	return c, nil
}

func slotsJSON(s []model.Slot) string {
	if len(s) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// CreateChannel inserts a publishing channel.
func (q *Q) CreateChannel(ctx context.Context, c *model.Channel) error {
	now := q.Now()
	if c.Status == "" {
		c.Status = model.ChannelOK
	}
	if len(c.Config) == 0 {
		c.Config = json.RawMessage("{}")
	}
	id, err := q.InsertID(ctx, `INSERT INTO publish_channels (workspace_id, type, name, account, config, secrets, status, last_error, slots, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.WorkspaceID, c.Type, c.Name, c.Account, string(c.Config), c.Secrets, c.Status, c.LastError,
		slotsJSON(c.Slots), micro(now), micro(now))
	if err != nil {
		return err
	}
	c.ID, c.CreatedAt, c.UpdatedAt = id, now, now
	if c.Slots == nil {
		c.Slots = []model.Slot{}
	}
	return nil
}

// GetChannel returns a channel of a workspace.
func (q *Q) GetChannel(ctx context.Context, wsID, id int64) (model.Channel, error) {
	c, err := scanChannel(q.QueryRow(ctx, `SELECT `+channelCols+` FROM publish_channels WHERE workspace_id = ? AND id = ?`, wsID, id))
	return c, notFound(err)
}

// ListChannels lists a workspace's channels by name.
func (q *Q) ListChannels(ctx context.Context, wsID int64) ([]model.Channel, error) {
	rows, err := q.Query(ctx, `SELECT `+channelCols+` FROM publish_channels WHERE workspace_id = ? ORDER BY name, id`, wsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Channel{}
	for rows.Next() {
		c, err := scanChannel(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UpdateChannel saves a channel's editable fields and health.
func (q *Q) UpdateChannel(ctx context.Context, c *model.Channel) error {
	c.UpdatedAt = q.Now()
	_, err := q.Exec(ctx, `UPDATE publish_channels SET name = ?, account = ?, config = ?, secrets = ?, status = ?, last_error = ?, slots = ?, updated_at = ?
		WHERE id = ? AND workspace_id = ?`, c.Name, c.Account, string(c.Config), c.Secrets, c.Status, c.LastError, slotsJSON(c.Slots),
		micro(c.UpdatedAt), c.ID, c.WorkspaceID)
	return err
}

// SetChannelStatus records a channel's health (after a refused credential,
// or a successful publication).
func (q *Q) SetChannelStatus(ctx context.Context, id int64, status, lastError string) error {
	_, err := q.Exec(ctx, `UPDATE publish_channels SET status = ?, last_error = ?, updated_at = ? WHERE id = ?`, status, lastError, micro(q.Now()), id)
	return err
}

// ErrChannelInUse is returned when a channel with variants cannot be deleted.
var ErrChannelInUse = errors.New("channel has posts")

// DeleteChannel removes a channel that no post refers to.
func (q *Q) DeleteChannel(ctx context.Context, wsID, id int64) (bool, error) {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM post_variants WHERE channel_id = ?`, id).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, ErrChannelInUse
	}
	res, err := q.Exec(ctx, `DELETE FROM publish_channels WHERE workspace_id = ? AND id = ?`, wsID, id)
	return affected1(res, err)
}

// GetPublishSettings returns a workspace's publishing settings (defaults
// when never set).
func (q *Q) GetPublishSettings(ctx context.Context, wsID int64) (model.PublishSettings, error) {
	s := model.PublishSettings{WorkspaceID: wsID}
	var tok sql.NullString
	s.UTM = true
	err := q.QueryRow(ctx, `SELECT require_approval, calendar_token_hash, utm_enabled, short_links FROM publish_settings WHERE workspace_id = ?`, wsID).
		Scan(&s.RequireApproval, &tok, &s.UTM, &s.ShortLinks)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	s.CalendarFeed = tok.Valid && tok.String != ""
	return s, err
}

// SetRequireApproval stores whether posts need a manager's approval.
func (q *Q) SetRequireApproval(ctx context.Context, wsID int64, v bool) error {
	_, err := q.Exec(ctx, `INSERT INTO publish_settings (workspace_id, require_approval, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET require_approval = excluded.require_approval, updated_at = excluded.updated_at`,
		wsID, v, micro(q.Now()))
	return err
}

// SetCalendarToken stores the hash of a workspace's iCalendar feed token
// (replacing the previous one).
func (q *Q) SetCalendarToken(ctx context.Context, wsID int64, hash string) error {
	_, err := q.Exec(ctx, `INSERT INTO publish_settings (workspace_id, calendar_token_hash, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET calendar_token_hash = excluded.calendar_token_hash, updated_at = excluded.updated_at`,
		wsID, hash, micro(q.Now()))
	return err
}

// WorkspaceByCalendarToken returns the workspace id owning a feed token hash.
func (q *Q) WorkspaceByCalendarToken(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT workspace_id FROM publish_settings WHERE calendar_token_hash = ?`, hash).Scan(&id)
	return id, notFound(err)
}

// OAuthState is a pending OAuth authorisation of a channel.
type OAuthState struct {
	StateHash   string
	WorkspaceID int64
	UserID      *int64
	ChannelID   *int64 // set when reconnecting an existing channel
	ChannelType string
	Name        string
	InstanceURL string
	Secrets     string // sealed app credentials
	ExpiresAt   time.Time
}

// SaveOAuthState stores a pending authorisation (and drops expired ones).
func (q *Q) SaveOAuthState(ctx context.Context, s OAuthState) error {
	now := q.Now()
	if _, err := q.Exec(ctx, `DELETE FROM publish_oauth_states WHERE expires_at < ?`, micro(now)); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO publish_oauth_states (state_hash, workspace_id, user_id, channel_id, channel_type, name, instance_url, secrets, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.StateHash, s.WorkspaceID, nullInt(s.UserID), nullInt(s.ChannelID), s.ChannelType, s.Name,
		s.InstanceURL, s.Secrets, micro(now), micro(s.ExpiresAt))
	return err
}

// TakeOAuthState returns and deletes a pending authorisation that has not
// expired: a state is used once.
func (q *Q) TakeOAuthState(ctx context.Context, hash string) (OAuthState, error) {
	var s OAuthState
	var user, channel sql.NullInt64
	var expires int64
	err := q.QueryRow(ctx, `DELETE FROM publish_oauth_states WHERE state_hash = ? RETURNING state_hash, workspace_id, user_id, channel_id,
		channel_type, name, instance_url, secrets, expires_at`, hash).Scan(&s.StateHash, &s.WorkspaceID, &user, &channel, &s.ChannelType, &s.Name,
		&s.InstanceURL, &s.Secrets, &expires)
	if err != nil {
		return s, notFound(err)
	}
	s.UserID, s.ChannelID, s.ExpiresAt = ptrInt(user), ptrInt(channel), fromMicro(expires)
	if s.ExpiresAt.Before(q.Now()) {
		return s, ErrNotFound
	}
	return s, nil
}

// SetLinkSettings stores how links of published posts are tracked.
func (q *Q) SetLinkSettings(ctx context.Context, wsID int64, utm, short bool) error {
	_, err := q.Exec(ctx, `INSERT INTO publish_settings (workspace_id, utm_enabled, short_links, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET utm_enabled = excluded.utm_enabled, short_links = excluded.short_links, updated_at = excluded.updated_at`,
		wsID, utm, short, micro(q.Now()))
	return err
}

// ShortLink is a tracked link of a published variant.
type ShortLink struct {
	Code      string     `json:"code"`
	VariantID int64      `json:"variant_id"`
	URL       string     `json:"url"`
	Clicks    int64      `json:"clicks"`
	LastClick *time.Time `json:"last_click_at,omitempty"`
}

// EnsureShortLink records a short link (idempotent: the code is derived
// from the variant and the address, so retries find it).
func (q *Q) EnsureShortLink(ctx context.Context, wsID, postID, variantID int64, code, url string) error {
	_, err := q.Exec(ctx, `INSERT INTO short_links (code, workspace_id, post_id, variant_id, url, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO NOTHING`, code, wsID, postID, variantID, url, micro(q.Now()))
	return err
}

// ShortLinkTarget returns the address of a code.
func (q *Q) ShortLinkTarget(ctx context.Context, code string) (string, error) {
	var u string
	err := q.QueryRow(ctx, `SELECT url FROM short_links WHERE code = ?`, code).Scan(&u)
	return u, notFound(err)
}

// CountShortLinkClick counts one click.
func (q *Q) CountShortLinkClick(ctx context.Context, code string) error {
	_, err := q.Exec(ctx, `UPDATE short_links SET clicks = clicks + 1, last_click_at = ? WHERE code = ?`, micro(q.Now()), code)
	return err
}

// ListShortLinks returns a post's short links.
func (q *Q) ListShortLinks(ctx context.Context, wsID, postID int64) ([]ShortLink, error) {
	rows, err := q.Query(ctx, `SELECT code, variant_id, url, clicks, last_click_at FROM short_links WHERE workspace_id = ? AND post_id = ? ORDER BY variant_id, code`, wsID, postID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ShortLink{}
	for rows.Next() {
		var l ShortLink
		var last sql.NullInt64
		if err := rows.Scan(&l.Code, &l.VariantID, &l.URL, &l.Clicks, &last); err != nil {
			return nil, err
		}
		l.LastClick = ptrMicro(last)
		out = append(out, l)
	}
	return out, rows.Err()
}

package model

import (
	"encoding/json"
	"time"
)

// Source is a configured listening source of a workspace: a feed, a
// webhook, a network search, an account's notifications…
type Source struct {
	ID           int64           `json:"id"`
	WorkspaceID  int64           `json:"workspace_id"`
	Type         string          `json:"type"`
	Network      string          `json:"network"`
	Name         string          `json:"name"`
	Config       json.RawMessage `json:"config"`
	Interval     time.Duration   `json:"-"`
	Enabled      bool            `json:"enabled"`
	PausedReason string          `json:"paused_reason,omitempty"`
	// Secrets holds sealed secret fields; never serialised.
	Secrets string `json:"-"`
	State   []byte `json:"-"`
	// Health.
	LastRunAt     *time.Time `json:"last_run_at,omitempty"`
	LastSuccessAt *time.Time `json:"last_success_at,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
	LastErrorAt   *time.Time `json:"last_error_at,omitempty"`
	ErrorCount    int        `json:"error_count"`
	ItemsCount    int64      `json:"items_count"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

package model

import "time"

// Crisis is a workspace's crisis mode: while Active, alerts are raised in
// priority and scheduled publishing is held.
type Crisis struct {
	WorkspaceID int64      `json:"workspace_id"`
	Active      bool       `json:"active"`
	Reason      string     `json:"reason,omitempty"`
	Since       *time.Time `json:"since,omitempty"`
	ChangedBy   *int64     `json:"changed_by,omitempty"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

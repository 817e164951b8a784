// Package model holds the domain types shared by every layer of Parvis.
// It has no dependencies beyond the standard library.
package model

import "time"

// Role is a member's role in a workspace. Roles are ordered: each one can do
// everything the roles below it can.
type Role string

const (
	RoleOwner   Role = "owner"
	RoleAdmin   Role = "admin"
	RoleManager Role = "manager"
	RoleEditor  Role = "editor"
	RoleViewer  Role = "viewer"
)

// Roles lists the roles from the most to the least powerful.
var Roles = []Role{RoleOwner, RoleAdmin, RoleManager, RoleEditor, RoleViewer}

// Rank orders roles; an unknown role ranks 0.
func (r Role) Rank() int {
	switch r {
	case RoleOwner:
		return 5
	case RoleAdmin:
		return 4
	case RoleManager:
		return 3
	case RoleEditor:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return r.Rank() > 0 }

// AtLeast reports whether r grants at least the rights of min.
func (r Role) AtLeast(min Role) bool { return r.Rank() >= min.Rank() && r.Rank() > 0 }

// User is a person who can log in.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	IsAdmin   bool      `json:"is_admin"`
	Lang      string    `json:"lang,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Workspace is one brand or client.
type Workspace struct {
	ID        int64     `json:"id"`
	Slug      string    `json:"slug"`
	Name      string    `json:"name"`
	TimeZone  string    `json:"time_zone"`
	Language  string    `json:"language"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Role is the role of the user who asked, filled by services.
	Role Role `json:"role,omitempty"`
}

// Member is a user's membership of a workspace.
type Member struct {
	WorkspaceID int64     `json:"workspace_id"`
	UserID      int64     `json:"user_id"`
	Email       string    `json:"email"`
	Name        string    `json:"name"`
	Role        Role      `json:"role"`
	CreatedAt   time.Time `json:"created_at"`
}

// Invite is a pending invitation to join a workspace.
type Invite struct {
	ID          int64      `json:"id"`
	WorkspaceID int64      `json:"workspace_id"`
	Email       string     `json:"email,omitempty"`
	Role        Role       `json:"role"`
	CreatedBy   int64      `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   time.Time  `json:"expires_at"`
	AcceptedAt  *time.Time `json:"accepted_at,omitempty"`
	// Token is the secret part of the invite link; only set when created.
	Token string `json:"token,omitempty"`
}

// APIToken is a bearer token belonging to a user. The secret is never
// stored; Secret is only set on the value returned at creation.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	Secret     string     `json:"token,omitempty"`
}

// AuditEntry records one change made by a person or a token.
type AuditEntry struct {
	ID          int64          `json:"id"`
	WorkspaceID *int64         `json:"workspace_id,omitempty"`
	UserID      *int64         `json:"user_id,omitempty"`
	TokenID     *int64         `json:"token_id,omitempty"`
	Actor       string         `json:"actor"`
	Action      string         `json:"action"`
	ObjectType  string         `json:"object_type"`
	ObjectID    string         `json:"object_id"`
	Details     map[string]any `json:"details,omitempty"`
	CreatedAt   time.Time      `json:"created_at"`
}

// Job is a durable background job.
type Job struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	Payload     []byte     `json:"payload"`
	UniqueKey   string     `json:"unique_key,omitempty"`
	WorkspaceID *int64     `json:"workspace_id,omitempty"`
	State       JobState   `json:"state"`
	Attempts    int        `json:"attempts"`
	MaxAttempts int        `json:"max_attempts"`
	RunAt       time.Time  `json:"run_at"`
	LastError   string     `json:"last_error,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
}

// JobState is where a job is in its life.
type JobState string

const (
	JobAvailable JobState = "available" // waiting for its run_at
	JobRunning   JobState = "running"   // claimed by a worker (with a lease)
	JobRetryable JobState = "retryable" // failed, will run again at run_at
	JobCompleted JobState = "completed"
	JobFailed    JobState = "failed"    // gave up; a person can retry it
	JobCancelled JobState = "cancelled" // cancelled on purpose
)

package model

import (
	"encoding/json"
	"time"
)

// TopicKind says what a topic watches, for share of voice: a workspace's
// brand against its competitors.
type TopicKind string

const (
	TopicBrand      TopicKind = "brand"
	TopicCompetitor TopicKind = "competitor"
	TopicCampaign   TopicKind = "campaign"
	TopicOther      TopicKind = "other"
)

// Valid reports whether k is a known kind.
func (k TopicKind) Valid() bool {
	switch k {
	case TopicBrand, TopicCompetitor, TopicCampaign, TopicOther:
		return true
	}
	return false
}

// Topic is a saved listening query of a workspace.
type Topic struct {
	ID           int64      `json:"id"`
	WorkspaceID  int64      `json:"workspace_id"`
	Name         string     `json:"name"`
	Query        string     `json:"query"`
	Kind         TopicKind  `json:"kind"`
	Color        string     `json:"color"`
	Active       bool       `json:"active"`
	BackfilledAt *time.Time `json:"backfilled_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// TopicMatch is an item a topic's query matched.
type TopicMatch struct {
	TopicID   int64
	ItemID    int64
	CreatedAt time.Time // the item's
}

// AlertKind is what an alert rule watches.
type AlertKind string

const (
	AlertSpike         AlertKind = "spike"
	AlertNegativeShare AlertKind = "negative_share"
	AlertReach         AlertKind = "reach"
	AlertAny           AlertKind = "any"
)

// AlertRule raises incidents on a topic.
type AlertRule struct {
	ID          int64           `json:"id"`
	WorkspaceID int64           `json:"workspace_id"`
	TopicID     int64           `json:"topic_id"`
	Name        string          `json:"name"`
	Kind        AlertKind       `json:"kind"`
	Params      json.RawMessage `json:"params"`
	Notify      json.RawMessage `json:"notify"`
	// Secrets are the sealed secret parts of Notify (webhook signing keys,
	// chat webhook URLs); never shown.
	Secrets         string     `json:"-"`
	Enabled         bool       `json:"enabled"`
	LastEvaluatedAt *time.Time `json:"last_evaluated_at,omitempty"`
	LastError       string     `json:"last_error,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// IncidentState is where an incident is in its life.
type IncidentState string

const (
	IncidentOpen   IncidentState = "open"
	IncidentAcked  IncidentState = "acknowledged"
	IncidentClosed IncidentState = "closed"
)

// Incident groups what an alert rule saw from the moment it fired until
// things calmed down.
type Incident struct {
	ID              int64           `json:"id"`
	WorkspaceID     int64           `json:"workspace_id"`
	RuleID          int64           `json:"rule_id"`
	TopicID         int64           `json:"topic_id"`
	Kind            AlertKind       `json:"kind"`
	State           IncidentState   `json:"state"`
	Summary         string          `json:"summary"`
	Details         json.RawMessage `json:"details"`
	Priority        string          `json:"priority"`
	SuggestCrisis   bool            `json:"suggest_crisis"`
	ItemsCount      int64           `json:"items_count"`
	OpenedAt        time.Time       `json:"opened_at"`
	LastTriggeredAt time.Time       `json:"last_triggered_at"`
	NotifiedAt      *time.Time      `json:"notified_at,omitempty"`
	Reminders       int             `json:"reminders"`
	AckedBy         *int64          `json:"acked_by,omitempty"`
	AckedByName     string          `json:"acked_by_name,omitempty"`
	AckedAt         *time.Time      `json:"acked_at,omitempty"`
	ClosedAt        *time.Time      `json:"closed_at,omitempty"`
}

package model

import "time"

// ConversationStatus is where a conversation is in the inbox.
type ConversationStatus string

// open → pending (waiting on the community) → closed; a closed or pending
// conversation reopens when its author writes again.
const (
	ConvOpen    ConversationStatus = "open"
	ConvPending ConversationStatus = "pending"
	ConvClosed  ConversationStatus = "closed"
)

// Valid reports whether s is a known status.
func (s ConversationStatus) Valid() bool { return s == ConvOpen || s == ConvPending || s == ConvClosed }

// Conversation kinds.
const (
	ConvThread = "thread" // grouped by the network's thread
	ConvDM     = "dm"     // direct messages, grouped by author
)

// Conversation is a thread of items that call for a response, with its
// handling state.
type Conversation struct {
	ID           int64              `json:"id"`
	WorkspaceID  int64              `json:"workspace_id"`
	Network      string             `json:"network"`
	ThreadKey    string             `json:"thread_key"`
	Kind         string             `json:"kind"`
	Status       ConversationStatus `json:"status"`
	AssigneeID   *int64             `json:"assignee_id,omitempty"`
	AssigneeName string             `json:"assignee_name,omitempty"`
	ChannelID    *int64             `json:"channel_id,omitempty"`
	SourceID     *int64             `json:"source_id,omitempty"`
	AuthorHandle string             `json:"author_handle"`
	AuthorName   string             `json:"author_name"`
	Preview      string             `json:"preview"`
	Lang         string             `json:"lang,omitempty"`
	Sentiment    string             `json:"sentiment,omitempty"`
	ItemsCount   int                `json:"items_count"`
	Labels       []string           `json:"labels"`
	Topics       []int64            `json:"topics,omitempty"`

	LastInboundAt  time.Time `json:"last_inbound_at"`
	LastActivityAt time.Time `json:"last_activity_at"`

	// Response target.
	AwaitingSince        *time.Time `json:"awaiting_since,omitempty"`
	DueAt                *time.Time `json:"due_at,omitempty"`
	FirstResponseAt      *time.Time `json:"first_response_at,omitempty"`
	FirstResponseSeconds *int64     `json:"first_response_seconds,omitempty"`
	Breached             bool       `json:"breached"`
	ResolvedAt           *time.Time `json:"resolved_at,omitempty"`
	ResolutionSeconds    *int64     `json:"resolution_seconds,omitempty"`

	FeedbackCategory string    `json:"feedback_category,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// ConversationItem is an item of a conversation with its direction.
type ConversationItem struct {
	Item
	Direction string `json:"direction"` // "in" or "out"
}

// Note is an internal note on a conversation, never sent to the network.
type Note struct {
	ID             int64     `json:"id"`
	ConversationID int64     `json:"conversation_id"`
	AuthorID       *int64    `json:"author_id,omitempty"`
	AuthorName     string    `json:"author_name"`
	Body           string    `json:"body"`
	Mentions       []int64   `json:"mentions"`
	CreatedAt      time.Time `json:"created_at"`
}

// Seen records that a member opened a conversation.
type Seen struct {
	UserID   int64     `json:"user_id"`
	UserName string    `json:"user_name"`
	SeenAt   time.Time `json:"seen_at"`
}

// ReplyStatus is where a reply sent from Parvis is.
type ReplyStatus string

const (
	ReplyQueued    ReplyStatus = "queued"
	ReplySending   ReplyStatus = "sending"
	ReplySent      ReplyStatus = "sent"
	ReplyConfirmed ReplyStatus = "confirmed"
	ReplyFailed    ReplyStatus = "failed"
)

// Reply is an answer sent from Parvis through a channel.
type Reply struct {
	ID             int64       `json:"id"`
	WorkspaceID    int64       `json:"workspace_id"`
	ConversationID int64       `json:"conversation_id"`
	ChannelID      int64       `json:"channel_id"`
	InReplyTo      string      `json:"in_reply_to"`
	Text           string      `json:"text"`
	Status         ReplyStatus `json:"status"`
	Key            string      `json:"-"`
	Attempts       int         `json:"attempts"`
	LastError      string      `json:"last_error,omitempty"`
	ExternalID     string      `json:"external_id,omitempty"`
	URL            string      `json:"url,omitempty"`
	AuthorID       *int64      `json:"author_id,omitempty"`
	AuthorName     string      `json:"author_name"`
	CreatedAt      time.Time   `json:"created_at"`
	SentAt         *time.Time  `json:"sent_at,omitempty"`
	ConfirmedAt    *time.Time  `json:"confirmed_at,omitempty"`
	UpdatedAt      time.Time   `json:"updated_at"`
}

// SavedReply is a reusable answer with variables such as {{author_name}}.
type SavedReply struct {
	ID          int64     `json:"id"`
	WorkspaceID int64     `json:"workspace_id"`
	Name        string    `json:"name"`
	Lang        string    `json:"lang,omitempty"`
	Body        string    `json:"body"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// InboxSettings are a workspace's response target and routing.
type InboxSettings struct {
	FirstResponseMinutes int           `json:"first_response_minutes"`
	BusinessHours        BusinessHours `json:"business_hours"`
	// Topics and sources all of whose items go to the inbox.
	Topics  []int64 `json:"topics"`
	Sources []int64 `json:"sources"`
}

// BusinessHours is a weekly calendar in the workspace's time zone.
// Week[0] is Sunday; each day lists opening spans "HH:MM-HH:MM". An empty
// calendar means round the clock. Holidays are dates "YYYY-MM-DD".
type BusinessHours struct {
	Week     [7][]string `json:"week"`
	Holidays []string    `json:"holidays,omitempty"`
}

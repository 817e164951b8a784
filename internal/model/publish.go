package model

import (
	"encoding/json"
	"time"
)

// Channel is an account of the workspace that Parvis publishes to (a
// Mastodon account, a Bluesky account, a Telegram channel, a Discord or a
// generic webhook). Its credentials are sealed in Secrets and never leave
// the server.
type Channel struct {
	ID          int64           `json:"id"`
	WorkspaceID int64           `json:"workspace_id"`
	Type        string          `json:"type"`
	Name        string          `json:"name"`
	Account     string          `json:"account,omitempty"` // handle or URL of the account, as verified
	Config      json.RawMessage `json:"config"`            // the public part of the configuration
	Secrets     string          `json:"-"`
	// Status is ChannelOK, or ChannelReconnect when the network refused the
	// credentials: a person must reconnect the channel.
	Status    string    `json:"status"`
	LastError string    `json:"last_error,omitempty"`
	Slots     []Slot    `json:"slots"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Channel statuses.
const (
	ChannelOK        = "ok"
	ChannelReconnect = "reconnect"
)

// Slot is one weekly posting time of a channel, in the workspace's time
// zone: Day is 0 (Sunday) to 6, Time is "HH:MM".
type Slot struct {
	Day  int    `json:"day"`
	Time string `json:"time"`
}

// PostStatus is where a post is in its life.
type PostStatus string

// The lifecycle: draft → in_review → approved → scheduled → publishing →
// published | failed; rejected sends a post back to draft with a comment;
// held is a due post kept back by crisis mode; cancelled stops a post.
const (
	PostDraft      PostStatus = "draft"
	PostInReview   PostStatus = "in_review"
	PostApproved   PostStatus = "approved"
	PostScheduled  PostStatus = "scheduled"
	PostPublishing PostStatus = "publishing"
	PostPublished  PostStatus = "published"
	PostFailed     PostStatus = "failed"
	PostHeld       PostStatus = "held"
	PostCancelled  PostStatus = "cancelled"
)

// Post is one message planned for one or more channels.
type Post struct {
	ID          int64  `json:"id"`
	WorkspaceID int64  `json:"workspace_id"`
	Text        string `json:"text"`
	// Thread holds the follow-up parts, published in order after Text,
	// each in reply to the part before.
	Thread   []string `json:"thread,omitempty"`
	Campaign string   `json:"campaign,omitempty"`
	// Labels tag a post for filtering (besides its campaign).
	Labels        []string   `json:"labels,omitempty"`
	Notes         string     `json:"notes,omitempty"`
	Status        PostStatus `json:"status"`
	ScheduledAt   *time.Time `json:"scheduled_at,omitempty"`
	CreatedBy     *int64     `json:"created_by,omitempty"`
	ApprovedBy    *int64     `json:"approved_by,omitempty"`
	ReviewComment string     `json:"review_comment,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Variants      []Variant  `json:"variants"`
	// Media are the post's attachments, in order (every variant has them).
	Media []Media `json:"media,omitempty"`
}

// VariantStatus is where one channel's copy of a post is. A variant goes
// pending (not yet scheduled) → scheduled → publishing → published | failed,
// or held (crisis) / cancelled.
type VariantStatus string

const (
	VariantPending    VariantStatus = "pending"
	VariantScheduled  VariantStatus = "scheduled"
	VariantPublishing VariantStatus = "publishing"
	VariantPublished  VariantStatus = "published"
	VariantFailed     VariantStatus = "failed"
	VariantHeld       VariantStatus = "held"
	VariantCancelled  VariantStatus = "cancelled"
)

// Variant is a post's text for one channel and the record of its
// publication there.
type Variant struct {
	ID          int64  `json:"id"`
	PostID      int64  `json:"post_id"`
	WorkspaceID int64  `json:"-"`
	ChannelID   int64  `json:"channel_id"`
	ChannelType string `json:"channel_type,omitempty"`
	ChannelName string `json:"channel_name,omitempty"`
	Text        string `json:"text"`
	// Custom is true when the variant's text was edited on its own; a
	// variant that is not custom follows the post's base text.
	Custom bool          `json:"custom"`
	Status VariantStatus `json:"status"`
	// IdempotencyKey is chosen when the variant is created and sent with
	// every attempt, so that the network recognises a retry.
	IdempotencyKey string `json:"-"`
	Attempts       int    `json:"attempts"`
	LastError      string `json:"last_error,omitempty"`
	ExternalID     string `json:"external_id,omitempty"`
	URL            string `json:"url,omitempty"`
	// Parts are the publications of the thread so far: the main post,
	// then each follow-up, in order.
	Parts       []PartResult `json:"parts,omitempty"`
	ScheduledAt *time.Time   `json:"scheduled_at,omitempty"`
	PublishedAt *time.Time   `json:"published_at,omitempty"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// PartResult identifies one published part of a thread on the network.
type PartResult struct {
	ExternalID string `json:"external_id"`
	URL        string `json:"url,omitempty"`
}

// PublishAttempt records one try at publishing a variant, written before
// the network call and completed after it.
type PublishAttempt struct {
	ID         int64      `json:"id"`
	VariantID  int64      `json:"variant_id"`
	Attempt    int        `json:"attempt"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	Outcome    string     `json:"outcome"` // started, published, recovered, retry, failed
	Error      string     `json:"error,omitempty"`
}

// PublishSettings are a workspace's publishing options.
type PublishSettings struct {
	WorkspaceID     int64 `json:"workspace_id"`
	RequireApproval bool  `json:"require_approval"`
	// CalendarFeed is true when a secret iCalendar feed URL exists.
	CalendarFeed bool `json:"calendar_feed"`
	// UTM adds utm_source (the channel's network), utm_medium=social and
	// utm_campaign (the post's campaign) to the links of published posts.
	UTM bool `json:"utm"`
	// ShortLinks replaces those links with short links on Parvis
	// (/l/{code}) that count clicks.
	ShortLinks bool `json:"short_links"`
}

// PublishFeed is an RSS or Atom feed whose new entries become posts
// (RSS-to-post), written from a template.
type PublishFeed struct {
	ID          int64   `json:"id"`
	WorkspaceID int64   `json:"workspace_id"`
	URL         string  `json:"url"`
	Template    string  `json:"template"`
	Channels    []int64 `json:"channels"`
	// Mode is "draft" (posts wait to be completed) or "schedule" (each
	// channel's next free slot; in review when approval is required).
	Mode         string     `json:"mode"`
	Campaign     string     `json:"campaign,omitempty"`
	State        []byte     `json:"-"`
	LastPolledAt *time.Time `json:"last_polled_at,omitempty"`
	LastError    string     `json:"last_error,omitempty"`
	PostsCreated int64      `json:"posts_created"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Media is an image or video attached to posts. Data is only loaded to
// publish.
type Media struct {
	ID          int64     `json:"id"`
	WorkspaceID int64     `json:"workspace_id"`
	MIME        string    `json:"mime"`
	Size        int64     `json:"size"`
	Alt         string    `json:"alt,omitempty"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
	Data        []byte    `json:"-"`
}

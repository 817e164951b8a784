package model

import "time"

// Contact is one person of the community, with their identities on the
// networks merged.
type Contact struct {
	ID          int64        `json:"id"`
	WorkspaceID int64        `json:"workspace_id"`
	Name        string       `json:"name"`
	Notes       string       `json:"notes"`
	Tags        []string     `json:"tags"`
	Identities  []Identity   `json:"identities,omitempty"`
	Stats       ContactStats `json:"stats"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// Identity is one account of a contact on one network.
type Identity struct {
	ID        int64     `json:"id"`
	ContactID int64     `json:"contact_id"`
	Network   string    `json:"network"`
	Handle    string    `json:"handle"`
	Name      string    `json:"name"`
	URL       string    `json:"url,omitempty"`
	Followers int64     `json:"followers"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Items     int64     `json:"items_count"`
	// Suggestion keys: folded handle without domain, folded name, profile host.
	HandleKey string `json:"-"`
	NameKey   string `json:"-"`
	URLHost   string `json:"-"`
}

// ContactStats are the figures of a contact, over all time or a period.
type ContactStats struct {
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// Reach is the largest follower count of their identities.
	Reach int64 `json:"reach"`
	Items int64 `json:"items_count"`
	// Engagement is the sum of likes, reposts and replies their items got.
	Engagement int64 `json:"engagement"`
	// SentimentSum and SentimentCount give the average sentiment.
	SentimentSum   float64 `json:"-"`
	SentimentCount int64   `json:"-"`
	// TopicItems counts their items that matched a topic.
	TopicItems int64 `json:"topic_items"`
}

// Sentiment returns the average sentiment score in [-1, 1] (0 if none).
func (s ContactStats) Sentiment() float64 {
	if s.SentimentCount == 0 {
		return 0
	}
	return s.SentimentSum / float64(s.SentimentCount)
}

// Add merges the figures of another identity or contact.
func (s *ContactStats) Add(o ContactStats) {
	if s.FirstSeen.IsZero() || (!o.FirstSeen.IsZero() && o.FirstSeen.Before(s.FirstSeen)) {
		s.FirstSeen = o.FirstSeen
	}
	if o.LastSeen.After(s.LastSeen) {
		s.LastSeen = o.LastSeen
	}
	s.Reach = max(s.Reach, o.Reach)
	s.Items += o.Items
	s.Engagement += o.Engagement
	s.SentimentSum += o.SentimentSum
	s.SentimentCount += o.SentimentCount
	s.TopicItems += o.TopicItems
}

// Feedback is an item or a conversation marked as feedback for leadership.
type Feedback struct {
	ID             int64     `json:"id"`
	WorkspaceID    int64     `json:"workspace_id"`
	ItemID         *int64    `json:"item_id,omitempty"`
	ConversationID *int64    `json:"conversation_id,omitempty"`
	Category       string    `json:"category"`
	Note           string    `json:"note,omitempty"`
	ByID           *int64    `json:"by_id,omitempty"`
	ByName         string    `json:"by_name,omitempty"`
	At             time.Time `json:"at"`
}

// FeedbackQuote is a representative text of a feedback category.
type FeedbackQuote struct {
	ItemID         int64     `json:"item_id,omitempty"`
	ConversationID int64     `json:"conversation_id,omitempty"`
	Network        string    `json:"network"`
	Author         string    `json:"author"`
	Text           string    `json:"text"`
	URL            string    `json:"url,omitempty"`
	Sentiment      string    `json:"sentiment"`
	Engagement     int64     `json:"engagement"`
	CreatedAt      time.Time `json:"created_at"`
	// Why it was chosen: "engaged" (most engagement) or "typical".
	Reason string `json:"reason"`
}

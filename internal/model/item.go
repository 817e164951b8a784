package model

import "time"

// ItemKind says what an observed item is.
type ItemKind string

const (
	KindPost    ItemKind = "post"
	KindReply   ItemKind = "reply"
	KindComment ItemKind = "comment"
	KindMention ItemKind = "mention"
	KindMessage ItemKind = "message"
	KindArticle ItemKind = "article"
	KindReview  ItemKind = "review"
)

// ItemKinds lists the valid kinds.
var ItemKinds = []ItemKind{KindPost, KindReply, KindComment, KindMention, KindMessage, KindArticle, KindReview}

// Valid reports whether k is a known kind.
func (k ItemKind) Valid() bool {
	for _, v := range ItemKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Author is who wrote an item, as the network describes them.
type Author struct {
	Handle    string `json:"handle,omitempty"`
	Name      string `json:"name,omitempty"`
	URL       string `json:"url,omitempty"`
	Followers *int64 `json:"followers,omitempty"`
}

// Metrics are the engagement counters of an item, when the network gives them.
type Metrics struct {
	Likes   int64 `json:"likes,omitempty"`
	Reposts int64 `json:"reposts,omitempty"`
	Replies int64 `json:"replies,omitempty"`
	Views   int64 `json:"views,omitempty"`
}

// Sentiment is the feeling of a text: a label and a score in [-1, 1].
type Sentiment struct {
	Label string  `json:"label"`
	Score float64 `json:"score"`
}

// Entities are what a text mentions.
type Entities struct {
	Hashtags []string `json:"hashtags,omitempty"`
	Mentions []string `json:"mentions,omitempty"`
	URLs     []string `json:"urls,omitempty"`
	Emoji    []string `json:"emoji,omitempty"`
	Cashtags []string `json:"cashtags,omitempty"`
}

// Item is one thing observed on the web: a post, comment, reply, message,
// mention, article or review. Every connector, webhook and import produces
// this one shape.
type Item struct {
	ID          int64     `json:"id,omitempty"`
	WorkspaceID int64     `json:"workspace_id,omitempty"`
	SourceID    int64     `json:"source_id,omitempty"`
	Network     string    `json:"network,omitempty"`
	ExternalID  string    `json:"external_id,omitempty"`
	Kind        ItemKind  `json:"kind,omitempty"`
	URL         string    `json:"url,omitempty"`
	Author      Author    `json:"author"`
	Title       string    `json:"title,omitempty"`
	Text        string    `json:"text"`
	Lang        string    `json:"lang,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	ParentID    string    `json:"parent_id,omitempty"`
	ThreadID    string    `json:"thread_id,omitempty"`
	Metrics     Metrics   `json:"metrics"`
	// Source is the name of the source or channel it came from.
	Source string `json:"source,omitempty"`

	// Filled by the enrich stage.
	LangConfidence float64    `json:"lang_confidence,omitempty"`
	Sentiment      *Sentiment `json:"sentiment,omitempty"`
	Entities       *Entities  `json:"entities,omitempty"`
	// Filled by the match stage: ids of the topics whose query matched.
	Topics []int64 `json:"topics,omitempty"`

	// SearchText is what full-text search indexes (set by the pipeline).
	SearchText string `json:"-"`

	FetchedAt time.Time `json:"fetched_at,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitempty"`

	// Deleted, on input, says the author deleted the item on the network
	// (only network and external_id are needed): Parvis erases its words
	// and keeps it out of lists. On output it marks such an item.
	Deleted   bool       `json:"deleted,omitempty"`
	DeletedAt *time.Time `json:"deleted_at,omitempty"`
}

package contacts

import (
	"math"

	"github.com/parvis/parvis/internal/model"
)

// The weights of the influence score (docs/contacts.md explains them).
const (
	weightReach      = 0.45
	weightEngagement = 0.35
	weightTopics     = 0.20
	// stanceThreshold is the average sentiment beyond which a contact is an
	// ambassador (≥) or a critic (≤ its opposite).
	stanceThreshold = 0.2
)

// Component is one part of the influence score, with how it was computed.
type Component struct {
	// Name is reach, engagement, topics or sentiment.
	Name string `json:"name"`
	// Value is the raw figure: followers, average engagement per item,
	// share of items about the workspace's topics, average sentiment.
	Value float64 `json:"value"`
	// Normalized is Value brought to [0, 1] ([-1, 1] for sentiment).
	Normalized float64 `json:"normalized"`
	Weight     float64 `json:"weight"`
	// Points is what the component adds to the score (Normalized × Weight × 100).
	Points float64 `json:"points"`
}

// Score is a contact's influence, explained.
type Score struct {
	// Influence is from 0 to 100.
	Influence int `json:"influence"`
	// Sentiment is the average sentiment of their items, in [-1, 1].
	Sentiment float64 `json:"sentiment"`
	// Stance is ambassador, critic or neutral, from the sentiment.
	Stance     string      `json:"stance"`
	Components []Component `json:"components"`
}

// Influence computes the score of a contact from their figures:
//
//	reach      = min(1, log10(1 + followers) / 6)           (1M followers → 1)
//	engagement = min(1, log10(1 + engagement / items) / 3)  (1,000 per item → 1)
//	topics     = items matching a topic / items
//	influence  = round(100 × (0.45 reach + 0.35 engagement + 0.20 topics))
//
// Sentiment does not change how influential someone is, but which way:
// it makes them an ambassador (average ≥ 0.2) or a critic (≤ −0.2).
func Influence(st model.ContactStats) Score {
	reach := math.Min(1, math.Log10(1+float64(max(st.Reach, 0)))/6)
	avgEng := 0.0
	topics := 0.0
	if st.Items > 0 {
		avgEng = float64(st.Engagement) / float64(st.Items)
		topics = math.Min(1, float64(st.TopicItems)/float64(st.Items))
	}
	eng := math.Min(1, math.Log10(1+math.Max(avgEng, 0))/3)
	sent := math.Max(-1, math.Min(1, st.Sentiment()))
	comps := []Component{
		{Name: "reach", Value: float64(st.Reach), Normalized: reach, Weight: weightReach},
		{Name: "engagement", Value: avgEng, Normalized: eng, Weight: weightEngagement},
		{Name: "topics", Value: topics, Normalized: topics, Weight: weightTopics},
	}
	total := 0.0
	for i := range comps {
		p := comps[i].Normalized * comps[i].Weight * 100
		total += p
		comps[i].Points = round2(p)
		comps[i].Normalized = round2(comps[i].Normalized)
		comps[i].Value = round2(comps[i].Value)
	}
	comps = append(comps, Component{Name: "sentiment", Value: round2(sent), Normalized: round2(sent)})
	sc := Score{Influence: int(math.Round(total)), Sentiment: round2(sent), Stance: "neutral", Components: comps}
	switch {
	case st.SentimentCount > 0 && sent >= stanceThreshold:
		sc.Stance = "ambassador"
	case st.SentimentCount > 0 && sent <= -stanceThreshold:
		sc.Stance = "critic"
	}
	return sc
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

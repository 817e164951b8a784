package text

type sentimentModel struct{}
type sentimentScratch struct{}

func newSentimentModel() (*sentimentModel, error) { return &sentimentModel{}, nil }

func (m *sentimentModel) score(sc *sentimentScratch, toks []Token, lang string) Sentiment {
	return Sentiment{Label: "neutral"}
}

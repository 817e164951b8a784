package text

import (
	_ "embed"
	"strings"
)

//go:embed data/stopwords_en.txt
var stopwordsEN string

// StopWords are the function words of French and English ("les", "dont",
// "the", "which"), folded as tokens are: words that say nothing of what a
// text is about. The French list is the one sentiment analysis already
// uses; both come from data/ (see data/SOURCES.md).
type StopWords struct {
	words map[string]bool
}

// NewStopWords returns the embedded French and English stop words.
func NewStopWords() StopWords {
	return StopWords{words: set(append(strings.Fields(stopwordsFR), strings.Fields(stopwordsEN)...)...)}
}

// Has reports whether a folded word (lower case, no accents) is a stop word.
func (s StopWords) Has(word string) bool { return s.words[word] }

// Package text turns short social-media posts into what the rest of Parvis
// reasons about: folded tokens (one tokenizer shared by search, query
// matching and sentiment so that they always agree), entities (hashtags,
// mentions, normalised URLs, emoji, cashtags), the language of the post and
// its sentiment.
//
// Everything here is pure and read-only after construction: the embedded
// tables are parsed once by NewAnalyzer and the result is safe for
// concurrent use; per-goroutine scratch space lives in Analyzer values.
package text

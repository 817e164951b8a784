// Package analyze runs internal/text over JSONL streams: the engine of
// `parvis analyze`, and the evaluation of labelled files.
package analyze

// maxLine bounds one input line (a post with its metadata).
const maxLine = 16 << 20

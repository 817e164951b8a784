// Command fortunes writes the fortunes of Debian's German, Spanish,
// Italian, Portuguese, English, Polish, Czech, Russian and Esperanto
// fortune packages as labelled JSONL posts
// (fields id, text, lang, task "language"), to measure language detection
// where shared/data has no labelled posts:
//
//	apt-get install fortunes-de fortunes-es fortunes-it fortunes-br fortunes-min \
//	  fortunes-pl fortunes-cs fortunes-ru fortunes-eo
//	go run ./internal/text/tools/fortunes > /tmp/fortunes.jsonl
//	go run ./cmd/parvis analyze --evaluate /tmp/fortunes.jsonl
//
// See internal/text/fortunes for what is read and how it is cleaned.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/parvis/parvis/internal/text/fortunes"
)

func main() {
	dir := flag.String("dir", fortunes.Dir, "where the fortune packages are installed")
	flag.Parse()
	posts, err := fortunes.Read(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fortunes:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, p := range posts {
		if err := enc.Encode(p); err != nil {
			fmt.Fprintln(os.Stderr, "fortunes:", err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "fortunes:", err)
		os.Exit(1)
	}
}

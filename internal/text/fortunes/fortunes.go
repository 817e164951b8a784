// Package fortunes reads the fortune-cookie files that Debian packages in
// German, Spanish, Italian, Portuguese, English, Polish, Czech, Russian and
// Esperanto (fortunes-de, -es, -it, -br, -min, -pl, -cs, -ru, -eo: jokes,
// sayings, quotes, chat logs) as labelled posts, to measure language
// detection in the languages that shared/data has no labelled tweets for. They are not
// tweets: each fortune is cut to tweet length (280 characters, at a word)
// and its attribution line ("-- Author") is dropped, but the style stays
// more literary than social media. The files are read where the packages
// install them; nothing of them is copied into Parvis (they are GPL).
package fortunes

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/text"
)

// Dir is where Debian installs fortune files.
const Dir = "/usr/share/games/fortunes"

// MaxRunes is the length a fortune is cut to: a long tweet.
const MaxRunes = 280

// Collection is a set of fortune files in one language, relative to Dir.
type Collection struct {
	Lang    string
	Package string   // the Debian package that installs it
	Paths   []string // files, or directories whose files all belong
	exclude []string // files of those directories that do not
}

// Collections returns the files read by Read: every file of the German,
// Spanish, Italian, Polish, Czech, Russian and Esperanto directories, the
// Brazilian Portuguese file, the English files of fortunes-min, and the
// Slovak file of fortunes-cs on its own. Left out: de/translations
// (German–English pairs by design). Esperanto is not among the languages
// the detector knows: it measures how often a post in an unknown language
// is given a wrong language instead of Und.
func Collections() []Collection {
	return []Collection{
		{Lang: "de", Package: "fortunes-de", Paths: []string{"de"}, exclude: []string{"de/translations"}},
		{Lang: "es", Package: "fortunes-es", Paths: []string{"es"}},
		{Lang: "it", Package: "fortunes-it", Paths: []string{"it"}},
		{Lang: "pt", Package: "fortunes-br", Paths: []string{"brasil"}},
		{Lang: "en", Package: "fortunes-min", Paths: []string{"fortunes", "literature", "riddles"}},
		{Lang: "pl", Package: "fortunes-pl", Paths: []string{"pl"}},
		{Lang: "cs", Package: "fortunes-cs", Paths: []string{"cs"}, exclude: []string{"cs/klasik-sk"}},
		{Lang: "sk", Package: "fortunes-cs", Paths: []string{"cs/klasik-sk"}},
		{Lang: "ru", Package: "fortunes-ru", Paths: []string{"ru"}},
		{Lang: "eo", Package: "fortunes-eo", Paths: []string{"eo"}},
	}
}

// Read returns the fortunes of every collection under dir as posts with
// the collection's language (task "language", no sentiment label), in a
// stable order, without duplicates. A collection whose files are missing
// is an error naming its Debian package.
func Read(dir string) ([]text.LabeledPost, error) {
	var posts []text.LabeledPost
	seen := map[string]bool{}
	for _, c := range Collections() {
		files, err := c.files(dir)
		if err != nil {
			return nil, err
		}
		for _, name := range files {
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				return nil, err
			}
			n := 0
			err = Parse(f, func(s string) {
				if seen[s] {
					return
				}
				seen[s] = true
				posts = append(posts, text.LabeledPost{ID: fmt.Sprintf("%s-%d", name, n), Text: s, Lang: c.Lang, Task: "language"})
				n++
			})
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	return posts, nil
}

func (c Collection) files(dir string) ([]string, error) {
	var out []string
	for _, p := range c.Paths {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			return nil, fmt.Errorf("fortunes in %s: %w (install the Debian package %s)", c.Lang, err, c.Package)
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		ents, err := os.ReadDir(filepath.Join(dir, p))
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			name := p + "/" + e.Name()
			// .dat are indexes, .u8 links to the same files.
			if !e.Type().IsRegular() || strings.HasSuffix(name, ".dat") || strings.HasSuffix(name, ".u8") || slices.Contains(c.exclude, name) {
				continue
			}
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Parse calls post with each fortune of a fortune file (entries separated
// by lines holding only "%"), cleaned: the attribution at its end ("--
// Groucho Marx", with up to two indented lines after it) dropped, white
// space collapsed, cut to MaxRunes at a word boundary. Entries that are
// mostly not letters (ASCII art, code) or have fewer than 10 letters once
// cut are skipped. Invalid UTF-8 is an error naming its line.
func Parse(r io.Reader, post func(string)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var lines []string
	flush := func() {
		if s, ok := clean(strings.Join(withoutAttribution(lines), "\n")); ok {
			post(s)
		}
		lines = lines[:0]
	}
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		if !utf8.Valid(line) {
			return fmt.Errorf("line %d: invalid UTF-8", n)
		}
		if string(bytes.TrimSpace(line)) == "%" {
			flush()
			continue
		}
		lines = append(lines, string(line))
	}
	if err := sc.Err(); err != nil {
		return err
	}
	flush()
	return nil
}

// withoutAttribution drops the author at the end of an entry: a line such
// as "\t\t-- Robert Frost" or "-- Toto'", and up to two indented lines
// after it (a long name or source). A line of dialogue such as "--Oba,
// Doutor!", or one in the middle of the entry, stays.
func withoutAttribution(lines []string) []string {
	end := len(lines)
	for end > 0 && strings.TrimSpace(lines[end-1]) == "" {
		end--
	}
	for i := end - 1; i >= 0 && i >= end-3; i-- {
		t := strings.TrimLeft(lines[i], " \t")
		indented := len(t) < len(lines[i])
		for _, dash := range []string{"--", "—", "―"} {
			if rest, ok := strings.CutPrefix(t, dash); ok && (indented || strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t")) {
				return lines[:i]
			}
		}
		if !indented {
			break // an author's second line is indented
		}
	}
	return lines
}

func clean(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > MaxRunes {
		cut, count := 0, 0
		for i, r := range s {
			if r == ' ' {
				cut = i
			}
			if count == MaxRunes {
				break
			}
			count++
		}
		s = s[:cut]
	}
	letters, other := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case !unicode.IsSpace(r):
			other++
		}
	}
	if letters < 10 || letters < 2*other {
		return "", false
	}
	return s, true
}

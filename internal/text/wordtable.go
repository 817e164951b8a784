package text

import (
	"fmt"
	"strings"
)

// wordTable maps the words of the sentiment lexicons to their entries in
// sentimentModel.infos: an open addressing table of 4-byte slots (a
// fingerprint of the word's hash and the entry), at most a third full,
// whose words are compared only when a fingerprint matches. Unlike a Go
// map, its slots for all the tokens of a post can be loaded before any is
// looked at (sentimentModel.ruleWords does), so that their cache misses
// overlap.
//
// A word of fewer than 8 bytes, most of them, is compared by its hash
// alone (shorts): hash64 packs such a word whole before it mixes it, by a
// bijection, so two of them share a hash only if they are the same word.
type wordTable struct {
	slots  []uint32 // fingerprint<<entryBits | entry; 0: empty
	words  string   // every word, end to end
	spans  []uint32 // per entry: offset in words<<8 | length
	shorts []uint64 // per entry: hash64 of a word of fewer than 8 bytes, else 0 (never a hash)
	shift  uint
}

// shortWord is the length under which hash64 is a word's bytes and length,
// mixed by a bijection (ngramHash, mix64).
const shortWord = 8

const entryBits = 20

// newWordTable indexes words: words[e] gets entry e, from 1 on (words[0]
// is left out: entry 0 is "none").
func newWordTable(words []string) (wordTable, error) {
	bits := uint(1)
	for 1<<bits < 3*len(words) {
		bits++
	}
	x := wordTable{slots: make([]uint32, 1<<bits), spans: make([]uint32, len(words)), shorts: make([]uint64, len(words)), shift: 64 - bits}
	if len(words) > 1<<entryBits {
		return x, fmt.Errorf("text: %d words, the word table holds %d", len(words), 1<<entryBits)
	}
	var b strings.Builder
	for e := 1; e < len(words); e++ {
		w := words[e]
		if len(w) > 255 || b.Len()+len(w) >= 1<<24 {
			return x, fmt.Errorf("text: the word table cannot hold %q", w)
		}
		x.spans[e] = uint32(b.Len())<<8 | uint32(len(w))
		b.WriteString(w)
		h := hash64(w)
		if len(w) < shortWord {
			x.shorts[e] = h
		}
		pos, fp := x.place(h)
		for mask := uint64(len(x.slots) - 1); x.slots[pos] != 0; pos = (pos + 1) & mask {
		}
		x.slots[pos] = fp | uint32(e)
	}
	x.words = b.String()
	return x, nil
}

// place returns the first slot and the fingerprint of a word's hash.
func (x *wordTable) place(h uint64) (uint64, uint32) {
	return (h * 0x9e3779b97f4a7c15) >> x.shift, uint32(h>>(64-(32-entryBits))) << entryBits
}

// lookup returns w's entry, or 0.
func (x *wordTable) lookup(w string) int32 {
	return x.find(w, hash64(w))
}

func (x *wordTable) find(w string, h uint64) int32 {
	pos, fp := x.place(h)
	for mask := uint64(len(x.slots) - 1); ; pos = (pos + 1) & mask {
		s := x.slots[pos]
		if s == 0 {
			return 0
		}
		if s&^(1<<entryBits-1) == fp {
			e := s & (1<<entryBits - 1)
			if len(w) < shortWord {
				if x.shorts[e] == h { // h is never 0, a long word's shorts always
					return int32(e)
				}
			} else if sp := x.spans[e]; x.words[sp>>8:sp>>8+sp&0xff] == w {
				return int32(e)
			}
		}
	}
}

// word returns the word of entry e.
func (x *wordTable) word(e int32) string {
	sp := x.spans[e]
	return x.words[sp>>8 : sp>>8+sp&0xff]
}

package text

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// urlLen returns the length of the URL starting at i, or 0. Trailing
// punctuation that ends a sentence is not part of the URL, and a closing
// bracket is only kept when the URL opened it (Wikipedia links).
func urlLen(s string, i int) int {
	rest := s[i:]
	var head int
	switch {
	case hasPrefixFold(rest, "https://"):
		head = len("https://")
	case hasPrefixFold(rest, "http://"):
		head = len("http://")
	case hasPrefixFold(rest, "www."):
		head = len("www.")
	default:
		return 0
	}
	j := head
	for j < len(rest) {
		c := rest[j]
		if c <= ' ' || c == '"' || c == '<' || c == '>' || c == '`' {
			break
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(rest[j:])
			// Typographic quotes and guillemets end a URL; other letters
			// (internationalised paths) do not.
			if r == '«' || r == '»' || r == '“' || r == '”' || r == '’' || r == '\u00a0' || r == '\u202f' || isEmojiRune(r) {
				break
			}
			j += size
			continue
		}
		j++
	}
	// Punctuation after the URL, an ellipsis ("voir https://x.fr/a…", a
	// post cut short) and a closing bracket that opened before the URL
	// are not part of it. The brackets are counted once.
	var open, closed [2]int // ( and [, ) and ]
	for k := head; k < j; k++ {
		switch rest[k] {
		case '(':
			open[0]++
		case '[':
			open[1]++
		case ')':
			closed[0]++
		case ']':
			closed[1]++
		}
	}
	for j > head {
		c := rest[j-1]
		if strings.IndexByte(".,;:!?'*", c) >= 0 {
			j--
			continue
		}
		if strings.HasSuffix(rest[head:j], "…") {
			j -= len("…")
			continue
		}
		if b := strings.IndexByte(")]", c); b >= 0 && open[b] < closed[b] {
			closed[b]--
			j--
			continue
		}
		break
	}
	if j == head {
		return 0
	}
	return j
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func appendURL(dst []Token, s string, start, end int) []Token {
	raw := s[start:end]
	return append(dst, Token{Kind: URL, Text: NormalizeURL(raw), Raw: raw, Start: start, End: end})
}

// trackingParams are query parameters that identify a campaign or a click,
// not a resource: two links that differ only by them point to the same page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true,
	"_gl": true, "ref_src": true, "ref_url": true, "twclid": true, "ttclid": true,
	"mkt_tok": true, "si": false, "wt.mc_id": true, "oly_enc_id": true, "oly_anon_id": true,
	"vero_id": true, "_hsenc": true, "_hsmi": true, "hsctatracking": true,
}

// NormalizeURL returns the form of a link used to compare and count links:
// scheme and host in lower case, "http://" added to bare "www." links,
// default ports, fragments and tracking parameters (utm_*, fbclid, gclid…)
// removed, an empty path written "/". A string that does not parse as a URL
// is returned lower-cased.
func NormalizeURL(raw string) string {
	s := raw
	if hasPrefixFold(s, "www.") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return strings.ToLower(raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	if u.RawQuery != "" {
		u.RawQuery = stripTracking(u.RawQuery)
	}
	u.ForceQuery = false
	if u.Path == "" && u.RawPath == "" && u.Opaque == "" {
		u.Path = "/"
	}
	return u.String()
}

// stripTracking removes tracking parameters from a raw query, keeping the
// order and encoding of the others.
func stripTracking(q string) string {
	var b strings.Builder
	for q != "" {
		var kv string
		kv, q, _ = strings.Cut(q, "&")
		if kv == "" {
			continue
		}
		k, _, _ := strings.Cut(kv, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		k = strings.ToLower(k)
		if strings.HasPrefix(k, "utm_") || trackingParams[k] {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(kv)
	}
	return b.String()
}

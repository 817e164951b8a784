package query

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/text"
)

// sentiments are the labels the sentiment stage gives.
var sentiments = []string{"positive", "negative", "neutral", "mixed"}

// checkFieldValue rejects values that could never match, so that a typo
// (`sentiment:negatif`) is an error rather than a silent empty topic.
func checkFieldValue(f FieldName, v string) error {
	switch f {
	case FieldLang:
		if text.NormalizeLang(v) == "" && !strings.EqualFold(v, text.Und) {
			return fmt.Errorf("invalid language code %q, expected a code such as fr, en or fr-CA, or und", v)
		}
	case FieldSentiment:
		for _, s := range sentiments {
			if strings.EqualFold(v, s) {
				return nil
			}
		}
		return fmt.Errorf("unknown sentiment %q, expected one of %s", v, strings.Join(sentiments, ", "))
	case FieldKind:
		for _, k := range model.ItemKinds {
			if strings.EqualFold(v, string(k)) {
				return nil
			}
		}
		names := make([]string, len(model.ItemKinds))
		for i, k := range model.ItemKinds {
			names[i] = string(k)
		}
		return fmt.Errorf("unknown kind %q, expected one of %s", v, strings.Join(names, ", "))
	case FieldURL:
		if urlHost(normURL(v)) == "" {
			return fmt.Errorf("url:%s has no domain, expected a domain such as example.com or a prefix such as example.com/blog", v)
		}
	}
	return nil
}

// parseCount parses the value of a numeric filter: an optional operator
// (>, >=, <, <=, =) and a count, which may end in k or m (`>10k`).
func parseCount(v string) (CmpOp, int64, error) {
	op := OpEq
	for _, c := range []struct {
		s  string
		op CmpOp
	}{{">=", OpGte}, {"<=", OpLte}, {">", OpGt}, {"<", OpLt}, {"=", OpEq}} {
		if rest, ok := strings.CutPrefix(v, c.s); ok {
			op, v = c.op, rest
			break
		}
	}
	bad := fmt.Errorf("invalid count %q, expected a number such as >1000 or >=10k", v)
	mult := 1.0
	switch {
	case strings.HasSuffix(v, "k") || strings.HasSuffix(v, "K"):
		mult, v = 1e3, v[:len(v)-1]
	case strings.HasSuffix(v, "m") || strings.HasSuffix(v, "M"):
		mult, v = 1e6, v[:len(v)-1]
	}
	if v == "" || v[0] < '0' || v[0] > '9' {
		return op, 0, bad
	}
	if mult == 1 {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return op, 0, bad
		}
		return op, n, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f*mult > math.MaxInt64/2 {
		return op, 0, bad
	}
	n := f * mult
	if n != math.Trunc(n) {
		return op, 0, bad
	}
	return op, int64(n), nil
}

// normLang is the form of a language code used for comparison: its
// ISO 639-1 code, as ingest stores it (text.NormalizeLang: "fr_CA",
// "fr-CA" and "fra" are "fr"), or "und" in lower case.
func normLang(s string) string {
	if l := text.NormalizeLang(s); l != "" {
		return l
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// langMatches reports whether an item in language doc matches lang:want,
// both normalised (normLang): items carry no region, so lang:fr-CA is
// lang:fr.
func langMatches(doc, want string) bool {
	return doc == want
}

// normHandle is the form of an author handle used for comparison: folded,
// without a leading '@'.
func normHandle(s string) string {
	return text.Fold(strings.TrimPrefix(strings.TrimSpace(s), "@"))
}

// normName is the form of network, source, kind and sentiment values used
// for comparison: folded (case and accents ignored), trimmed.
func normName(s string) string {
	return text.Fold(strings.TrimSpace(s))
}

// normURL is the form of a link used by url: filters: lower-case host
// without scheme, "www." or port, followed by the path and query as
// written ("https://www.Example.com/Blog?x=1" → "example.com/Blog?x=1").
// A trailing '/' on a bare host is dropped.
func normURL(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "://"); i >= 0 && i < 12 {
		s = s[i+3:]
	} else if strings.HasPrefix(s, "//") {
		s = s[2:]
	}
	host, rest := s, ""
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		host, rest = s[:i], s[i:]
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && i > strings.LastIndexByte(host, ']') {
		host = host[:i] // a port, not a colon of an IPv6 literal
	}
	// The host in one form whichever way it was written: escaped as
	// net/url writes a name outside ASCII ("m%C3%BCnchen.de"), in
	// Unicode or in its ASCII form (NormalizeURL), a trailing dot (or a
	// full stop UTS #46 maps to one) dropped.
	host = strings.ToLower(host)
	if h, err := url.PathUnescape(host); err == nil {
		host = strings.ToLower(h)
	}
	host = strings.TrimSuffix(text.ASCIIHost(host), ".")
	host = strings.TrimPrefix(host, "www.")
	if rest == "/" {
		rest = ""
	}
	return host + rest
}

// urlHost returns the host part of a normalised URL.
func urlHost(u string) string {
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// urlMatches reports whether the normalised link u matches url:want
// (want normalised too). A bare domain matches that domain and its
// subdomains; a value with a path matches links on that host whose path
// starts with it (url:example.com/blog matches example.com/blog/post-1).
func urlMatches(u, want string) bool {
	wantHost := urlHost(want)
	host := urlHost(u)
	if wantHost == want {
		return host == want || strings.HasSuffix(host, want) && host[len(host)-len(want)-1] == '.'
	}
	return host == wantHost && strings.HasPrefix(u, want)
}

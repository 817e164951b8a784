package text

import "strings"

// iso639_1 lists the ISO 639-1 language codes (ISO 639 Maintenance
// Agency, Library of Congress), two letters each, sorted.
const iso639_1 = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs " +
	"ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy " +
	"ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv " +
	"ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi " +
	"mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps " +
	"pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te " +
	"tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"

// langAlias maps a code that names a language in another way to its
// ISO 639-1 code: the withdrawn codes older software still sends (Java's
// "iw", "in", "ji"), and the ISO 639-2 codes of the languages Parvis
// reads best. It returns "" for any other code.
func langAlias(code string) string {
	switch code {
	case "iw":
		return "he"
	case "in":
		return "id"
	case "ji":
		return "yi"
	case "eng":
		return "en"
	case "fra", "fre":
		return "fr"
	case "spa":
		return "es"
	case "deu", "ger":
		return "de"
	case "ita":
		return "it"
	case "por":
		return "pt"
	case "nld", "dut":
		return "nl"
	}
	return ""
}

// NormalizeLang returns the ISO 639-1 code of a language tag as feeds,
// networks and clients send it ("FR", "fr-CA", "en_US", "zh-Hant-TW",
// "fra"), or "" when the tag names no language: "", "und", "English",
// "xx". A hint that NormalizeLang refuses is ignored, and the language is
// detected instead.
func NormalizeLang(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	var b [3]byte
	for i := 0; i < len(tag); i++ {
		c := tag[i] | 0x20 // ASCII lower case; other bytes fail below
		if c < 'a' || c > 'z' {
			return ""
		}
		b[i] = c
	}
	code := string(b[:len(tag)])
	if a := langAlias(code); a != "" {
		return a
	}
	if len(code) == 2 && isISO639_1(code) {
		return code
	}
	return ""
}

// isISO639_1 reports whether a two-letter lower-case code is in iso639_1,
// whose codes are sorted, three bytes apart: a binary search, as hints
// come with every post of some streams.
func isISO639_1(code string) bool {
	lo, hi := 0, (len(iso639_1)+1)/3
	for lo < hi {
		m := (lo + hi) / 2
		switch c := iso639_1[3*m : 3*m+2]; {
		case c == code:
			return true
		case c < code:
			lo = m + 1
		default:
			hi = m
		}
	}
	return false
}

// LangFilter returns the code a filter on items' language compares with:
// NormalizeLang's ("fr-FR" finds fr), or Und; ok is false when v names
// neither, and "" is no filter.
func LangFilter(v string) (code string, ok bool) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "", true
	case strings.EqualFold(v, Und):
		return Und, true
	}
	code = NormalizeLang(v)
	return code, code != ""
}

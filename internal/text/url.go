package text

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
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

// trackingParams are query parameters that identify a campaign, a click
// or a share, not a resource: two links that differ only by them point to
// the same page. Analytics suites (Google, Matomo/Piwik, AT Internet/Piano
// — "xtor" on most French news sites —, Webtrends, Adobe, HubSpot,
// Mailchimp, Marketo, Nielsen), ad clicks (Google, Microsoft, Meta,
// TikTok, X, Yandex, LinkedIn, Reddit, Pinterest) and publishers' share
// markers. Generic names that some sites use for the resource ("ref",
// "source", "share", "feature", "cid", "s", "t") are left, or removed only
// on the hosts where they are known to track (hostTrackingParams).
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"gbraid": true, "wbraid": true, "gad_source": true, "srsltid": true, "_gac": true,
	"yclid": true, "ysclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true,
	"_gl": true, "ref_src": true, "ref_url": true, "twclid": true, "ttclid": true,
	"mkt_tok": true, "wt.mc_id": true, "wt_mc": true, "wt_zmc": true, "oly_enc_id": true, "oly_anon_id": true,
	"vero_id": true, "vero_conv": true, "_hsenc": true, "_hsmi": true, "hsctatracking": true,
	"xtor": true, "at_medium": true, "at_campaign": true, "at_platform": true, "at_creation": true,
	"at_variant": true, "at_send_date": true, "at_link": true, "at_recipient_id": true, "at_recipient_list": true,
	"pk_campaign": true, "pk_kwd": true, "pk_keyword": true, "pk_source": true, "pk_medium": true, "pk_content": true,
	"mtm_campaign": true, "mtm_keyword": true, "mtm_kwd": true, "mtm_source": true, "mtm_medium": true,
	"mtm_content": true, "mtm_cid": true, "mtm_group": true, "mtm_placement": true,
	"s_cid": true, "ncid": true, "ocid": true, "cmpid": true, "sr_share": true, "smid": true, "smtyp": true,
	"fb_action_ids": true, "fb_action_types": true, "fb_source": true, "fb_ref": true,
	"li_fat_id": true, "rdt_cid": true, "epik": true, "_kx": true, "wickedid": true,
	"ns_campaign": true, "ns_mchannel": true, "ns_source": true, "ns_linkname": true, "ns_fee": true,
	"__twitter_impression": true, "guccounter": true, "guce_referrer": true, "guce_referrer_sig": true,
}

// hostTrackingParams are parameters that track on the hosts named (and
// their subdomains) but may name the resource elsewhere: YouTube's and
// Spotify's share identifier "si" (YouTube's "t", the time to start at,
// stays), X's "s" and "t", LinkedIn's "trk", Instagram's "igsh", TikTok's
// share markers, Facebook's "mibextid".
var hostTrackingParams = map[string][]string{
	"youtube.com":   {"si", "feature", "pp"},
	"youtu.be":      {"si", "feature"},
	"spotify.com":   {"si"},
	"twitter.com":   {"s", "t"},
	"x.com":         {"s", "t"},
	"linkedin.com":  {"trk", "trackingid", "lipi"},
	"instagram.com": {"igsh"},
	"tiktok.com":    {"_r", "_t", "is_from_webapp", "sender_device", "is_copy_url", "web_id"},
	"facebook.com":  {"mibextid", "rdid"},
	"reddit.com":    {"share_id", "rdt"},
	"threads.net":   {"xmt", "slof"},
}

// NormalizeURL returns the form of a link used to compare and count links:
// scheme and host in lower case, a host outside ASCII in its ASCII form
// ("münchen.de" → "xn--mnchen-3ya.de": the form two spellings share, and
// one that shows a look-alike letter for what it is), "http://" added to
// bare "www." links, default ports, fragments and tracking parameters
// (utm_*, fbclid, gclid, xtor…; trackingParams, hostTrackingParams)
// removed, an empty path written "/". A string that does not parse as a
// URL is returned lower-cased.
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
	if !isASCII(host) {
		host = asciiHost(host)
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	if u.RawQuery != "" {
		u.RawQuery = stripTracking(u.RawQuery, hostTracking(host))
	}
	u.ForceQuery = false
	if u.Path == "" && u.RawPath == "" && u.Opaque == "" {
		u.Path = "/"
	}
	return u.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ASCIIHost returns host (a name, with or without a port) with a name
// outside ASCII in the ASCII form NormalizeURL gives it, for those who
// compare hosts with normalised links (query's url: filters).
func ASCIIHost(host string) string {
	if isASCII(host) {
		return host
	}
	return asciiHost(host)
}

// asciiHost returns a host (with its port, if any) whose name holds
// letters outside ASCII in the ASCII form of IDNA: as browsers look names
// up (UTS #46), or, for a name that is not valid so ("foo_bar.exämple"),
// each label in Punycode as it is.
func asciiHost(host string) string {
	if strings.HasPrefix(host, "[") {
		return host // an IPv6 literal (its zone may hold anything): no name
	}
	name, port := host, ""
	if i := strings.LastIndexByte(host, ':'); i >= 0 && isPort(host[i+1:]) {
		name, port = host[:i], host[i:]
	}
	if !idnaSized(name) {
		// Punycode takes time quadratic in a label's distinct letters
		// (48 KB of CJK in one label: 2 s); a name this long resolves
		// nowhere, so it is left as net/url writes it.
		return host
	}
	a, err := idna.Lookup.ToASCII(name)
	if err != nil {
		if a, err = idna.Punycode.ToASCII(name); err != nil {
			return host
		}
	}
	return a + port
}

// idnaSized reports whether name could be a DNS name once in ASCII: at
// most 253 letters, 63 a label (a label's ASCII form is mostly no
// shorter than its Unicode one; a name padded with what UTS #46 drops,
// soft hyphens or variation selectors, is left unconverted, harmlessly).
// Separators are those UTS #46 maps to a dot.
func idnaSized(name string) bool {
	if utf8.RuneCountInString(name) > 253 {
		return false
	}
	n := 0
	for _, r := range name {
		switch r {
		case '.', '。', '．', '｡':
			n = 0
		default:
			if n++; n > 63 {
				return false
			}
		}
	}
	return true
}

func isPort(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// hostTracking returns the parameters that track on host
// (hostTrackingParams), which is one of the domains listed or a subdomain
// of one ("m.youtube.com", "open.spotify.com").
func hostTracking(host string) []string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && isPort(host[i+1:]) {
		host = host[:i]
	}
	host = strings.TrimSuffix(host, ".") // "youtube.com." is youtube.com
	for {
		if ps, ok := hostTrackingParams[host]; ok {
			return ps
		}
		i := strings.IndexByte(host, '.')
		if i < 0 {
			return nil
		}
		host = host[i+1:]
	}
}

// stripTracking removes tracking parameters from a raw query — those of
// every site, and the host's own (hostParams) — keeping the order and
// encoding of the others.
func stripTracking(q string, hostParams []string) string {
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
		if strings.HasPrefix(k, "utm_") || trackingParams[k] || slices.Contains(hostParams, k) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(kv)
	}
	return b.String()
}

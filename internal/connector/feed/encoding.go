package feed

import (
	"bytes"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// xmlEncoding finds the encoding declared in an XML prolog.
var xmlEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// toUTF8 converts a feed to UTF-8 and rewrites its XML declaration to say
// so. The encoding is taken, in order, from the XML declaration, the
// Content-Type charset, and otherwise assumed UTF-8. A document that claims
// UTF-8 but is not valid UTF-8 is read as windows-1252, the usual culprit
// (a superset of ISO-8859-1 for printable characters).
func toUTF8(body []byte, contentType string) []byte {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	label := ""
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	declared := xmlEncoding.FindSubmatchIndex(head)
	if declared != nil {
		label = string(head[declared[2]:declared[3]])
	} else if _, params, err := mime.ParseMediaType(contentType); err == nil {
		label = params["charset"]
	}
	label = strings.ToLower(strings.TrimSpace(label))
	isUTF8 := label == "" || label == "utf-8" || label == "utf8" || label == "us-ascii" || label == "ascii"
	if isUTF8 && utf8.Valid(body) {
		return body
	}
	if isUTF8 {
		label = "windows-1252"
	}
	r, err := charset.NewReaderLabel(label, bytes.NewReader(body))
	if err != nil { // unknown label: keep the bytes, drop invalid sequences
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	if declared != nil {
		// The declaration is at the same offsets: encodings ASCII-compatible
		// enough to be declared in ASCII keep the prolog unchanged.
		if m := xmlEncoding.FindSubmatchIndex(out); m != nil {
			out = append(append(append([]byte{}, out[:m[2]]...), "utf-8"...), out[m[3]:]...)
		}
	}
	return out
}

// Package i18n holds Parvis's messages in English and French and picks the
// language of a request: the user's preference, else Accept-Language.
package i18n

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Langs are the supported languages; the first is the fallback.
var Langs = []string{"en", "fr"}

// Supported reports whether lang is one of Langs.
func Supported(lang string) bool { return lang == "en" || lang == "fr" }

// catalogs maps language → key → message (fmt verbs take the arguments).
// It is read-only after package initialisation.
var catalogs = map[string]map[string]string{"en": {}, "fr": {}}

// add merges a table of {key: {en, fr}} into the catalogs. Each messages_*.go
// file calls it from init with its table. A key two tables give is a
// mistake (the later file's text would silently win): it panics.
func add(table map[string][2]string) {
	for k, v := range table {
		if _, dup := catalogs["en"][k]; dup {
			panic("i18n: message " + k + " is defined twice")
		}
		catalogs["en"][k] = v[0]
		catalogs["fr"][k] = v[1]
	}
}

// T translates key into lang, formatting args. An unknown key is returned
// as is, so a missing translation is visible rather than silent.
func T(lang, key string, args ...any) string {
	cat, ok := catalogs[lang]
	if !ok {
		cat = catalogs["en"]
	}
	msg, ok := cat[key]
	if !ok {
		if msg, ok = catalogs["en"][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Has reports whether key exists in lang.
func Has(lang, key string) bool { _, ok := catalogs[lang][key]; return ok }

// Keys returns every key of lang, sorted (for tests).
func Keys(lang string) []string {
	var ks []string
	for k := range catalogs[lang] {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Negotiate picks a language from a preference (may be empty) and an
// Accept-Language header.
func Negotiate(pref, acceptLanguage string) string {
	if Supported(pref) {
		return pref
	}
	best, bestQ := "", -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if Supported(base) && q > bestQ {
			best, bestQ = base, q
		}
	}
	if best != "" {
		return best
	}
	return Langs[0]
}

// FromRequest picks the language of a request given the user's preference:
// an explicit ?lang= wins, then the preference, then the lang cookie, then
// Accept-Language.
func FromRequest(r *http.Request, pref string) string {
	if l := r.URL.Query().Get("lang"); Supported(l) {
		return l
	}
	if Supported(pref) {
		return pref
	}
	if c, err := r.Cookie("parvis_lang"); err == nil && Supported(c.Value) {
		return c.Value
	}
	return Negotiate("", r.Header.Get("Accept-Language"))
}

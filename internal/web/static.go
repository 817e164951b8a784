package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"time"
)

//go:embed static
var staticFS embed.FS

// servedTypes are the kinds of static file served (the folder also holds
// notes that are not for the browser).
var servedTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".svg": "image/svg+xml",
}

// fingerprints maps each served static file to its URL with a content hash,
// so that the file can be cached for a year and a new build still gets the
// new file.
func fingerprints() (map[string]string, error) {
	urls := map[string]string{}
	err := fs.WalkDir(staticFS, "static", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		if _, ok := servedTypes[path.Ext(p)]; !ok {
			return nil
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		urls[path.Base(p)] = "/static/" + path.Base(p) + "?v=" + contentHash(b)
		return nil
	})
	return urls, err
}

func contentHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:6])
}

// staticHandler serves the embedded static files. A request naming the
// current hash is cached for a year (immutable); others are revalidated.
func staticHandler(assets map[string]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		ctype, ok := servedTypes[path.Ext(name)]
		if _, known := assets[name]; !ok || !known {
			http.NotFound(w, r)
			return
		}
		b, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		hash := contentHash(b)
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("ETag", `"`+hash+`"`)
		if r.URL.Query().Get("v") == hash {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	})
}

package api

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI 3.1 description of the API, maintained by hand
// next to routes.go (TestOpenAPICoversRoutes keeps them in step).
//
//go:embed openapi.json
var openAPIDoc []byte

// OpenAPI returns the document.
func OpenAPI() []byte { return openAPIDoc }

func openAPIHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Write(openAPIDoc)
	})
}

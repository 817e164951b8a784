package app

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/api"
)

// TestOpenAPICoversRoutes fails when a registered API route is missing from
// the OpenAPI document (or documented without being registered).
func TestOpenAPICoversRoutes(t *testing.T) {
	a := &App{Config: &Config{MaxBodyBytes: 1 << 20}}
	_, routes := a.Handler()
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("openapi version %q, want 3.1.x", doc.OpenAPI)
	}
	registered := map[string]bool{}
	for _, r := range routes {
		key := strings.ToLower(r.Method) + " " + r.Path
		registered[key] = true
		if _, ok := doc.Paths[r.Path][strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s %s is not in openapi.json", r.Method, r.Path)
		}
	}
	for path, ops := range doc.Paths {
		for m := range ops {
			if m == "parameters" || m == "summary" || m == "description" {
				continue
			}
			if !registered[m+" "+path] {
				t.Errorf("openapi.json documents %s %s, which is not registered", strings.ToUpper(m), path)
			}
		}
	}
	if len(routes) < 20 {
		t.Fatalf("only %d routes registered; the route list is not being collected", len(routes))
	}
}

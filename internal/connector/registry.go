package connector

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Registry holds the connector types the application knows. The app
// creates one and passes it to connector/all.Register; there is no global
// registry.
type Registry struct {
	specs map[string]Spec
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{specs: map[string]Spec{}} }

// Register adds a connector type. Registering the same type twice, or a
// spec without a type, network or constructor, is a programming error and
// panics, as http.ServeMux does for duplicate patterns.
func (r *Registry) Register(s Spec) {
	switch {
	case s.Type == "":
		panic("connector: Register of a spec without a type")
	case s.Network == "":
		panic("connector: Register of " + s.Type + " without a network")
	case s.New == nil:
		panic("connector: Register of " + s.Type + " without a New function")
	}
	if _, dup := r.specs[s.Type]; dup {
		panic("connector: type " + s.Type + " registered twice")
	}
	r.specs[s.Type] = s
}

// Lookup returns the spec of a connector type.
func (r *Registry) Lookup(typ string) (Spec, bool) {
	s, ok := r.specs[typ]
	return s, ok
}

// Specs returns every registered spec, sorted by type.
func (r *Registry) Specs() []Spec {
	out := make([]Spec, 0, len(r.specs))
	for _, s := range r.specs {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

// New builds a source of the given type from its configuration.
func (r *Registry) New(typ string, cfg json.RawMessage, deps Deps) (Source, error) {
	s, ok := r.specs[typ]
	if !ok {
		return nil, fmt.Errorf("type: unknown source type %q", typ)
	}
	return s.New(cfg, deps)
}

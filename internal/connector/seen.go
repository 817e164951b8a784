package connector

// Seen remembers the most recent external ids a source delivered, so that
// a network answering with overlapping pages (inclusive bounds, ids that
// do not sort, replayed answers) does not produce duplicates. It is part
// of a source's saved state; its zero value is ready to use.
type Seen struct {
	IDs []string `json:"ids,omitempty"`
	set map[string]struct{}
}

// SeenLimit is how many ids a Seen keeps.
const SeenLimit = 500

// Has reports whether id was delivered recently.
func (s *Seen) Has(id string) bool {
	s.index()
	_, ok := s.set[id]
	return ok
}

// Add records id, forgetting the oldest ids beyond SeenLimit.
func (s *Seen) Add(id string) {
	s.index()
	if _, ok := s.set[id]; ok {
		return
	}
	s.IDs = append(s.IDs, id)
	s.set[id] = struct{}{}
	if n := len(s.IDs) - SeenLimit; n > 0 {
		for _, old := range s.IDs[:n] {
			delete(s.set, old)
		}
		s.IDs = append([]string(nil), s.IDs[n:]...)
	}
}

func (s *Seen) index() {
	if s.set != nil {
		return
	}
	s.set = make(map[string]struct{}, len(s.IDs))
	for _, id := range s.IDs {
		s.set[id] = struct{}{}
	}
}

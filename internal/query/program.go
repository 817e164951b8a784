package query

// program is the form of a query that Match evaluates: the tree laid out
// in one slice in prefix order, atoms by id, so that checking a candidate
// reads a few contiguous cache lines rather than chasing pointers.
type program struct {
	code   []instr
	ids    []uint32 // atom ids of the phrases, by instr.arg
	fields []fieldFilter
}

type instr struct {
	op cop
	// n is the number of children (AND, OR) or of atoms (a phrase); for
	// a field filter, its atom id + 1, or 0 if it is not indexed.
	n uint32
	// arg is the atom id of a one-token term, the start of a phrase's
	// atoms in ids, the NEAR distance, or the index of a field filter.
	arg uint32
	// end is the index just past this node's subtree: its next sibling.
	end uint32
}

// assemble lays out a resolved cnode tree.
func assemble(root *cnode) program {
	var p program
	p.emit(root)
	return p
}

func (p *program) emit(n *cnode) {
	at := len(p.code)
	p.code = append(p.code, instr{op: n.op})
	switch n.op {
	case opSeq:
		p.code[at].n = uint32(len(n.atoms))
		if len(n.atoms) == 1 {
			p.code[at].arg = n.atoms[0].id
		} else {
			p.code[at].arg = uint32(len(p.ids))
			for _, a := range n.atoms {
				p.ids = append(p.ids, a.id)
			}
		}
	case opField:
		p.code[at].arg = uint32(len(p.fields))
		p.fields = append(p.fields, n.field)
		if n.fatom != nil {
			p.code[at].n = n.fatom.id + 1
		}
	case opNear:
		p.code[at].arg = uint32(n.dist)
		fallthrough
	default:
		p.code[at].n = uint32(len(n.kids))
		for i := range n.kids {
			p.emit(&n.kids[i])
		}
	}
	p.code[at].end = uint32(len(p.code))
}

// run evaluates the node at pc.
func (s *scratch) run(p *program, pc uint32) bool {
	in := &p.code[pc]
	switch in.op {
	case opSeq:
		if in.n == 1 {
			return s.atoms[in.arg].stamp == s.epoch
		}
		s.occA = s.phraseOccurrences(p.ids[in.arg:in.arg+in.n], s.occA[:0], true)
		return len(s.occA) > 0
	case opAnd:
		for k := pc + 1; k < in.end; k = p.code[k].end {
			if !s.run(p, k) {
				return false
			}
		}
		return true
	case opOr:
		for k := pc + 1; k < in.end; k = p.code[k].end {
			if s.run(p, k) {
				return true
			}
		}
		return false
	case opNot:
		return !s.run(p, pc+1)
	case opField:
		return s.field(&p.fields[in.arg])
	case opNear:
		a := &p.code[pc+1]
		b := &p.code[a.end]
		s.occA = s.occurrencesOf(p, a, s.occA[:0])
		if len(s.occA) == 0 {
			return false
		}
		s.occB = s.occurrencesOf(p, b, s.occB[:0])
		for _, x := range s.occA {
			for _, y := range s.occB {
				if within(x, y, int(in.arg)) {
					return true
				}
			}
		}
		return false
	}
	return false
}

// occurrencesOf appends the occurrences of the term or phrase in.
func (s *scratch) occurrencesOf(p *program, in *instr, dst []occurrence) []occurrence {
	if in.n == 1 {
		id := in.arg
		if s.atoms[id].stamp != s.epoch {
			return dst
		}
		for q := s.atoms[id].head; q >= 0; q = s.posts[q].next {
			pos := int(s.posts[q].pos)
			dst = append(dst, occurrence{pos, pos})
		}
		return dst
	}
	return s.phraseOccurrences(p.ids[in.arg:in.arg+in.n], dst, false)
}

// phraseOccurrences appends where the atoms ids occur at consecutive
// positions.
func (s *scratch) phraseOccurrences(ids []uint32, dst []occurrence, firstOnly bool) []occurrence {
	first := ids[0]
	if s.atoms[first].stamp != s.epoch {
		return dst
	}
	last := int32(len(ids) - 1)
next:
	for q := s.atoms[first].head; q >= 0; q = s.posts[q].next {
		pos := s.posts[q].pos
		for k := int32(1); k <= last; k++ {
			if !s.has(ids[k], pos+k) {
				continue next
			}
		}
		dst = append(dst, occurrence{int(pos), int(pos + last)})
		if firstOnly {
			return dst
		}
	}
	return dst
}

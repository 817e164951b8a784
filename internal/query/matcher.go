package query

import (
	"iter"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/text"
)

// Matcher matches items against many queries at once, in the manner of
// Lucene's Monitor or Elasticsearch's percolator: each query is indexed
// under a few "required" atoms — a set such that any item it matches
// contains at least one of them (for `a AND (b OR c)`, either {a} or
// {b, c}; the cheaper set is chosen, preferring long words to short ones,
// stop words, prefixes and common attributes such as lang:). An item looks
// up its own tokens and attributes in that index and only the queries
// found there are evaluated, exactly. Queries with no such set (`NOT x`,
// `followers:>1000` alone) are evaluated against every item.
//
// Add and Remove change only the entries of the query concerned. A Matcher
// is safe for concurrent use: Match takes a read lock, so any number of
// goroutines match in parallel; Add and Remove take the write lock for the
// time it takes to index one query (microseconds).
type Matcher[ID comparable] struct {
	mu      sync.RWMutex
	slots   map[ID]int32
	queries []*entry[ID] // by slot; nil when the slot is free
	progs   []program    // by slot, apart from queries: Match reads only these
	free    []int32
	always  []int32 // slots of queries without required atoms
	index   [numNamespaces]termIndex
	fields  map[fieldKey]*atom
	// numAtoms is one past the largest atom id in use; freeAtoms are ids
	// released by Remove, reused by Add.
	numAtoms  uint32
	freeAtoms []uint32
	atomByID  []*atom   // nil for free ids
	scratch   sync.Pool // of *scratch
	// sampled counts the items whose atoms were counted in atom.hits:
	// one in sampleEvery, to learn which atoms are frequent at little cost.
	sampled atomic.Uint64
}

// sampleEvery is the rate at which Match counts atom occurrences, and
// minSampled the number of sampled items after which these counts, rather
// than static guesses, decide where queries are indexed.
const (
	sampleEvery = 16
	minSampled  = 500
)

// cost estimates the cost of indexing a query under a. Until the matcher
// has sampled minSampled items it is the static guess times the number
// of queries using a (units do not matter: only atoms compared at the
// same moment are). Then it is the share of sampled items a occurred in,
// blended with a prior from the static guess for atoms created since
// (a new query's words were not counted before it came).
func (m *Matcher[ID]) cost(a *atom, static int) float64 {
	n := m.sampled.Load()
	if n < minSampled {
		return float64(static * a.refs)
	}
	seen := float64(n - min(a.born, n))
	prior := float64(static) * priorShare
	return (float64(a.hits.Load()) + prior*minSampled) / (seen + minSampled)
}

// priorShare is the share of items guessed to contain an atom of static
// cost 1 (a long word) before it has been counted.
const priorShare = 1e-3

// atom is one thing an item may contain that some query looks for: a
// folded word, a prefix, a hashtag, a mention, or an attribute value.
// Atoms are shared between the queries that use them.
type atom struct {
	id     uint32
	ns     namespace
	key    string
	prefix bool
	field  *fieldKey // set for attribute atoms
	refs   int       // references from compiled queries
	// hits counts the sampled items the atom occurred in since the
	// matcher had sampled born items (Matcher.sampled).
	hits atomic.Uint64
	born uint64
	// required lists the slots of the queries indexed under this atom.
	required []int32
}

// termIndex finds the atoms of one namespace that a token matches.
type termIndex struct {
	exact map[string]*atom
	// prefix holds the prefix atoms by their first minPrefix characters,
	// so a token finds the prefixes it may start with in one look-up.
	prefix map[string][]*atom
	// buckets counts the keys of prefix by a 16-bit hash: most tokens
	// start with no indexed prefix, and this small table says so without
	// a look-up in the map.
	buckets []uint16
}

// bucketHash is the hash of a prefix bucket key in termIndex.buckets.
func bucketHash(s string) uint16 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return uint16(h ^ h>>16)
}

type entry[ID comparable] struct {
	id    ID
	atoms []*atom // every atom reference of the query, released by Remove
	req   []*atom // the atoms it is indexed under; nil if in always
	// alwaysAt is the index of the slot in Matcher.always, if req is nil.
	alwaysAt int
}

// NewMatcher returns an empty Matcher.
func NewMatcher[ID comparable]() *Matcher[ID] {
	m := &Matcher[ID]{
		slots:  make(map[ID]int32),
		fields: make(map[fieldKey]*atom),
	}
	for i := range m.index {
		m.index[i] = termIndex{exact: make(map[string]*atom), prefix: make(map[string][]*atom)}
	}
	m.scratch.New = func() any { return new(scratch) }
	return m
}

// Len returns the number of queries in the matcher.
func (m *Matcher[ID]) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.slots)
}

// Add compiles e and adds it under id, replacing the query id had. The
// error is for trees that Parse would not have produced.
func (m *Matcher[ID]) Add(id ID, e Expr) error {
	root, err := compileExpr(e)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if slot, ok := m.slots[id]; ok {
		m.removeSlot(slot)
	}
	en := &entry[ID]{id: id}
	m.resolve(&root, en)
	prog := assemble(&root)
	var slot int32
	if n := len(m.free); n > 0 {
		slot, m.free = m.free[n-1], m.free[:n-1]
		m.queries[slot] = en
		m.progs[slot] = prog
	} else {
		slot = int32(len(m.queries))
		m.queries = append(m.queries, en)
		m.progs = append(m.progs, prog)
	}
	m.slots[id] = slot
	m.index1(slot, en)
	return nil
}

// index1 files the query of slot under its required atoms, or in the
// always-checked list.
func (m *Matcher[ID]) index1(slot int32, en *entry[ID]) {
	if req, ok := required(&m.progs[slot], 0, m.atomByID, m.cost); ok {
		en.req = req.atoms
		for _, a := range req.atoms {
			a.required = append(a.required, slot)
		}
	} else {
		en.req = nil
		en.alwaysAt = len(m.always)
		m.always = append(m.always, slot)
	}
}

// unindex1 undoes index1.
func (m *Matcher[ID]) unindex1(slot int32, en *entry[ID]) {
	for _, a := range en.req {
		for i, s := range a.required {
			if s == slot {
				last := len(a.required) - 1
				a.required[i] = a.required[last]
				a.required = a.required[:last]
				break
			}
		}
	}
	if en.req == nil {
		last := len(m.always) - 1
		moved := m.always[last]
		m.always[en.alwaysAt] = moved
		m.queries[moved].alwaysAt = en.alwaysAt
		m.always = m.always[:last]
	}
}

// Rebalance chooses again the atoms every query is indexed under, with
// what the matcher knows now. Add picks the atoms of a query that look
// rarest; it can judge from how many queries use each atom (which the
// queries added later change), and, once Match has seen a few thousand
// items, from how often each atom really occurs in them. Call Rebalance
// after loading many queries and then from time to time (every few
// minutes of traffic): it compiles nothing, takes about a millisecond per
// thousand queries, lets Match run between batches of a thousand, and
// matching gives the same results before and after — only faster.
func (m *Matcher[ID]) Rebalance() {
	// A thousand queries at a time, so that matching waits for a
	// millisecond at most rather than for the whole matcher (a tenth of a
	// second at 100,000 queries). Each query is indexed somewhere at every
	// moment, so results never depend on how far Rebalance has gone.
	const chunk = 1024
	for start := 0; ; start += chunk {
		m.mu.Lock()
		if start >= len(m.queries) {
			m.mu.Unlock()
			return
		}
		for slot := start; slot < min(start+chunk, len(m.queries)); slot++ {
			if en := m.queries[slot]; en != nil {
				m.unindex1(int32(slot), en)
				m.index1(int32(slot), en)
			}
		}
		m.mu.Unlock()
	}
}

// Remove removes the query id and reports whether there was one.
func (m *Matcher[ID]) Remove(id ID) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	slot, ok := m.slots[id]
	if ok {
		m.removeSlot(slot)
	}
	return ok
}

func (m *Matcher[ID]) removeSlot(slot int32) {
	en := m.queries[slot]
	m.unindex1(slot, en)
	for _, a := range en.atoms {
		a.refs--
		if a.refs == 0 {
			m.dropAtom(a)
		}
	}
	m.queries[slot] = nil
	m.progs[slot] = program{}
	m.free = append(m.free, slot)
	delete(m.slots, en.id)
}

// resolve replaces the keys of n by shared atoms, creating them as needed.
func (m *Matcher[ID]) resolve(n *cnode, en *entry[ID]) {
	switch n.op {
	case opSeq:
		n.atoms = make([]*atom, len(n.keys))
		for i, k := range n.keys {
			n.atoms[i] = m.termAtom(n.ns, k, n.prefix)
			en.atoms = append(en.atoms, n.atoms[i])
		}
	case opField:
		if k, ok := n.field.indexKey(); ok {
			n.fatom = m.fieldAtom(k)
			en.atoms = append(en.atoms, n.fatom)
		}
	default:
		for i := range n.kids {
			m.resolve(&n.kids[i], en)
		}
	}
}

func (m *Matcher[ID]) newAtom() *atom {
	a := &atom{refs: 1, born: m.sampled.Load()}
	if n := len(m.freeAtoms); n > 0 {
		a.id, m.freeAtoms = m.freeAtoms[n-1], m.freeAtoms[:n-1]
		m.atomByID[a.id] = a
	} else {
		a.id = m.numAtoms
		m.numAtoms++
		m.atomByID = append(m.atomByID, a)
	}
	return a
}

func (m *Matcher[ID]) termAtom(ns namespace, key string, prefix bool) *atom {
	ix := &m.index[ns]
	if !prefix {
		if a := ix.exact[key]; a != nil {
			a.refs++
			return a
		}
		a := m.newAtom()
		a.ns, a.key = ns, key
		ix.exact[key] = a
		return a
	}
	bucket := key[:prefixLen(key)]
	for _, a := range ix.prefix[bucket] {
		if a.key == key {
			a.refs++
			return a
		}
	}
	a := m.newAtom()
	a.ns, a.key, a.prefix = ns, key, true
	if len(ix.prefix[bucket]) == 0 {
		if ix.buckets == nil {
			ix.buckets = make([]uint16, 1<<16)
		}
		ix.buckets[bucketHash(bucket)]++
	}
	ix.prefix[bucket] = append(ix.prefix[bucket], a)
	return a
}

func (m *Matcher[ID]) fieldAtom(k fieldKey) *atom {
	if a := m.fields[k]; a != nil {
		a.refs++
		return a
	}
	a := m.newAtom()
	a.field = &k
	m.fields[k] = a
	return a
}

func (m *Matcher[ID]) dropAtom(a *atom) {
	switch {
	case a.field != nil:
		delete(m.fields, *a.field)
	case a.prefix:
		ix := &m.index[a.ns]
		bucket := a.key[:prefixLen(a.key)]
		list := ix.prefix[bucket]
		for i, b := range list {
			if b == a {
				list[i] = list[len(list)-1]
				list = list[:len(list)-1]
				break
			}
		}
		if len(list) == 0 {
			delete(ix.prefix, bucket)
			ix.buckets[bucketHash(bucket)]--
		} else {
			ix.prefix[bucket] = list
		}
	default:
		delete(m.index[a.ns].exact, a.key)
	}
	m.freeAtoms = append(m.freeAtoms, a.id)
	m.atomByID[a.id] = nil
}

// prefixLen returns the byte length of the first minPrefix characters of
// s, or 0 if s is shorter.
func prefixLen(s string) int {
	i := 0
	for n := 0; n < minPrefix; n++ {
		if i >= len(s) {
			return 0
		}
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// Match appends to dst the ids of the queries d matches, in no particular
// order, and returns the extended slice.
func (m *Matcher[ID]) Match(d *Doc, dst []ID) []ID {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s := m.scratch.Get().(*scratch)
	defer m.scratch.Put(s)
	s.reset(int(m.numAtoms), len(m.queries))
	s.loadTokens(&m.index, d)
	s.loadFields(d)
	if len(m.fields) > 0 {
		s.lookupFields(m.fields)
	}
	if s.epoch%sampleEvery == 0 {
		m.sampled.Add(1)
		for _, a := range s.hit {
			a.hits.Add(1)
		}
	}
	for _, a := range s.hit {
		for _, slot := range a.required {
			if s.queryStamp[slot] != s.epoch {
				s.queryStamp[slot] = s.epoch
				s.cands = append(s.cands, slot)
			}
		}
	}
	for _, slot := range s.cands {
		if s.run(&m.progs[slot], 0) {
			dst = append(dst, m.queries[slot].id)
		}
	}
	for _, slot := range m.always {
		if s.run(&m.progs[slot], 0) {
			dst = append(dst, m.queries[slot].id)
		}
	}
	return dst
}

// scratch is the per-Match working memory, pooled so that matching does
// not allocate in the steady state.
type scratch struct {
	epoch uint32
	// atoms[id].stamp == epoch when the atom occurs in the current item;
	// its positions are then the list starting at posts[atoms[id].head].
	atoms      []atomState
	posts      []posting
	hit        []*atom
	queryStamp []uint32
	cands      []int32
	occA, occB []occurrence

	lang, network, author, source, kind, sentiment string
	urls                                           []string
	followers                                      int64
	followersKnown                                 bool
}

type posting struct{ pos, next int32 }

// atomState is what the current item holds of one atom.
type atomState struct {
	stamp uint32
	head  int32
}

func (s *scratch) reset(numAtoms, numQueries int) {
	s.epoch++
	if s.epoch == 0 {
		clear(s.atoms)
		clear(s.queryStamp)
		s.epoch = 1
	}
	if len(s.atoms) < numAtoms {
		s.atoms = make([]atomState, numAtoms+numAtoms/4)
	}
	if len(s.queryStamp) < numQueries {
		s.queryStamp = make([]uint32, numQueries+numQueries/4)
	}
	s.posts = s.posts[:0]
	s.hit = s.hit[:0]
	s.cands = s.cands[:0]
	s.urls = s.urls[:0]
}

// loadTokens records which atoms occur in d, and where.
func (s *scratch) loadTokens(index *[numNamespaces]termIndex, d *Doc) {
	words := &index[nsWord]
	for i := range d.Tokens {
		t := &d.Tokens[i]
		pos := int32(i)
		s.lookup(words, t.Text, pos)
		if w := text.ElongatedForm(t); w != "" {
			s.lookup(words, w, pos) // "goooood" is "god", and "good" too
		}
		switch t.Kind {
		case text.Hashtag:
			for _, p := range t.Parts {
				s.lookup(words, p, pos)
			}
			s.lookup(&index[nsHashtag], t.Text, pos)
		case text.Mention:
			s.lookup(&index[nsMention], t.Text, pos)
			for w := range handleWords(t.Text) {
				if w != t.Text { // looked up above
					s.lookup(words, w, pos)
				}
			}
		case text.URL:
			s.urls = append(s.urls, normURL(t.Text))
		}
	}
}

// handleWords yields the words of a folded handle's name, as a hashtag
// has parts ("sncf" matches @SNCF_Voyageurs): its name is what comes
// before its server on the fediverse ("bob@mastodon.social"), before its
// domain on Bluesky ("sncf.bsky.social"), all of it elsewhere; its words
// are split at '_' and '-'.
func handleWords(h string) iter.Seq[string] {
	return func(yield func(string) bool) {
		if i := strings.IndexAny(h, "@."); i >= 0 {
			h = h[:i]
		}
		for w := range strings.FieldsFuncSeq(h, func(r rune) bool { return r == '_' || r == '-' }) {
			if !yield(w) {
				return
			}
		}
	}
}

func (s *scratch) lookup(ix *termIndex, key string, pos int32) {
	if a := ix.exact[key]; a != nil {
		s.add(a, pos)
	}
	if len(ix.prefix) == 0 {
		return
	}
	if n := prefixLen(key); n > 0 && ix.buckets[bucketHash(key[:n])] != 0 {
		for _, a := range ix.prefix[key[:n]] {
			if strings.HasPrefix(key, a.key) {
				s.add(a, pos)
			}
		}
	}
}

func (s *scratch) add(a *atom, pos int32) {
	st := &s.atoms[a.id]
	if st.stamp != s.epoch {
		st.stamp = s.epoch
		st.head = -1
		s.hit = append(s.hit, a)
	}
	s.posts = append(s.posts, posting{pos: pos, next: st.head})
	st.head = int32(len(s.posts) - 1)
}

// loadFields normalises the attributes of d once for all field filters.
func (s *scratch) loadFields(d *Doc) {
	s.lang = normLang(d.Lang)
	s.network = normName(d.Network)
	s.author = ""
	if d.Author != "" {
		s.author = normHandle(d.Author)
	}
	s.source = normName(d.Source)
	s.kind = normName(d.Kind)
	s.sentiment = normName(d.Sentiment)
	for _, u := range d.URLs {
		s.urls = append(s.urls, normURL(u))
	}
	s.followers, s.followersKnown = d.Followers, d.FollowersKnown
}

// lookupFields finds the attribute atoms of the current item: its
// language (and base language), network, author, source, kind,
// sentiment, and the hosts of its links with every parent domain.
func (s *scratch) lookupFields(fields map[fieldKey]*atom) {
	look := func(name FieldName, v string) {
		if v == "" {
			return
		}
		if a := fields[fieldKey{name, v}]; a != nil && s.atoms[a.id].stamp != s.epoch {
			s.atoms[a.id].stamp = s.epoch
			s.hit = append(s.hit, a)
		}
	}
	look(FieldLang, s.lang)
	if i := strings.IndexByte(s.lang, '-'); i > 0 {
		look(FieldLang, s.lang[:i])
	}
	look(FieldNetwork, s.network)
	look(FieldAuthor, s.author)
	look(FieldSource, s.source)
	look(FieldKind, s.kind)
	look(FieldSentiment, s.sentiment)
	for _, u := range s.urls {
		for h := urlHost(u); h != ""; {
			look(FieldURL, h)
			i := strings.IndexByte(h, '.')
			if i < 0 {
				break
			}
			h = h[i+1:]
		}
	}
}

// has reports whether atom id occurs at position pos of the current item.
func (s *scratch) has(id uint32, pos int32) bool {
	if s.atoms[id].stamp != s.epoch {
		return false
	}
	for p := s.atoms[id].head; p >= 0; p = s.posts[p].next {
		if s.posts[p].pos == pos {
			return true
		}
	}
	return false
}

func (s *scratch) field(f *fieldFilter) bool {
	switch f.name {
	case FieldLang:
		return s.lang != "" && langMatches(s.lang, f.value)
	case FieldNetwork:
		return s.network == f.value
	case FieldAuthor:
		return s.author != "" && s.author == f.value
	case FieldSource:
		return s.source == f.value
	case FieldKind:
		return s.kind == f.value
	case FieldSentiment:
		return s.sentiment == f.value
	case FieldURL:
		for _, u := range s.urls {
			if urlMatches(u, f.value) {
				return true
			}
		}
		return false
	case FieldFollowers:
		return s.followersKnown && f.op.holds(s.followers, f.num)
	}
	return false
}

// candidates returns how many queries Match would evaluate for d; the
// benchmark reports it.
func (m *Matcher[ID]) candidates(d *Doc) int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s := m.scratch.Get().(*scratch)
	defer m.scratch.Put(s)
	s.reset(int(m.numAtoms), len(m.queries))
	s.loadTokens(&m.index, d)
	s.loadFields(d)
	s.lookupFields(m.fields)
	n := len(m.always)
	for _, a := range s.hit {
		for _, slot := range a.required {
			if s.queryStamp[slot] != s.epoch {
				s.queryStamp[slot] = s.epoch
				n++
			}
		}
	}
	return n
}

package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ItemRef is an item of an author, with what it adds to their counters.
type ItemRef struct {
	ID           int64
	CreatedAt    time.Time
	Engagement   int64 // likes + reposts + replies
	Sentiment    float64
	HasSentiment bool
	OnTopic      bool // matched one of the workspace's topics
}

// RecordAuthors upserts the identities of the authors of a batch (creating
// a contact for each new one), links their items and updates their
// counters by difference: each link keeps what its item contributed, so a
// re-delivered item (new counts, an edit) changes the counters by what
// changed, and a new one adds itself. It costs a few set-based statements
// per batch, plus one insert per new contact. It returns the identity ids.
func (q *Q) RecordAuthors(ctx context.Context, wsID int64, authors []AuthorSighting) ([]int64, error) {
	if len(authors) == 0 {
		return nil, nil
	}
	now := micro(q.Now())
	known, err := q.knownIdentities(ctx, wsID, authors)
	if err != nil {
		return nil, err
	}
	before, err := q.linkedContributions(ctx, authors)
	if err != nil {
		return nil, err
	}
	// New authors get a contact first, in multi-row inserts: one
	// statement per 500 new contacts rather than one each (a round trip
	// per author halved bulk import speed).
	contactOf := make([]int64, len(authors))
	spare := map[int64]bool{}
	var fresh []int // indexes of authors without a contact yet
	for i, a := range authors {
		if k, ok := known[authorKey(a.Network, a.Handle)]; ok {
			contactOf[i] = k[1]
			continue
		}
		fresh = append(fresh, i)
	}
	for start := 0; start < len(fresh); start += 500 {
		chunk := fresh[start:min(start+500, len(fresh))]
		var b strings.Builder
		b.WriteString(`INSERT INTO contacts (workspace_id, name, created_at, updated_at) VALUES `)
		args := make([]any, 0, 4*len(chunk))
		for j, i := range chunk {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?)")
			name := authors[i].Name
			if name == "" {
				name = authors[i].Handle
			}
			args = append(args, wsID, name, now, now)
		}
		b.WriteString(" RETURNING id")
		ids, err := q.queryIDs(ctx, b.String(), args...)
		if err != nil {
			return nil, err
		}
		if len(ids) != len(chunk) {
			return nil, fmt.Errorf("record authors: %d contacts created for %d authors", len(ids), len(chunk))
		}
		// Both engines number the rows of one VALUES list in order, so the
		// ids sorted ascending follow the authors' order.
		slices.Sort(ids)
		for j, i := range chunk {
			contactOf[i], spare[ids[j]] = ids[j], true
		}
	}
	identityOf := map[string]int64{}
	const cols = 19
	for start := 0; start < len(authors); start += 100 {
		end := min(start+100, len(authors))
		var b strings.Builder
		b.WriteString(`INSERT INTO contact_identities (workspace_id, contact_id, network, handle, name, url, handle_key, name_key, url_host,
			followers, first_seen, last_seen, items_count, engagement, sentiment_sum, sentiment_count, topic_items, created_at, updated_at) VALUES `)
		args := make([]any, 0, cols*(end-start))
		for i := start; i < end; i++ {
			a := authors[i]
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders(cols) + ")")
			d := delta(a, known[authorKey(a.Network, a.Handle)][0], before)
			args = append(args, wsID, contactOf[i], a.Network, a.Handle, a.Name, a.URL, a.HandleKey, a.NameKey, a.URLHost, a.Followers,
				micro(a.FirstSeen), micro(a.LastSeen), d.items, d.engagement, d.sentiment, d.sentimentN, d.topics, now, now)
		}
		b.WriteString(` ON CONFLICT (workspace_id, network, handle) DO UPDATE SET
			name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contact_identities.name END,
			name_key = CASE WHEN excluded.name <> '' THEN excluded.name_key ELSE contact_identities.name_key END,
			url = CASE WHEN excluded.url <> '' THEN excluded.url ELSE contact_identities.url END,
			url_host = CASE WHEN excluded.url <> '' THEN excluded.url_host ELSE contact_identities.url_host END,
			followers = CASE WHEN excluded.followers > contact_identities.followers THEN excluded.followers ELSE contact_identities.followers END,
			first_seen = CASE WHEN excluded.first_seen < contact_identities.first_seen THEN excluded.first_seen ELSE contact_identities.first_seen END,
			last_seen = CASE WHEN excluded.last_seen > contact_identities.last_seen THEN excluded.last_seen ELSE contact_identities.last_seen END,
			items_count = contact_identities.items_count + excluded.items_count,
			engagement = contact_identities.engagement + excluded.engagement,
			sentiment_sum = contact_identities.sentiment_sum + excluded.sentiment_sum,
			sentiment_count = contact_identities.sentiment_count + excluded.sentiment_count,
			topic_items = contact_identities.topic_items + excluded.topic_items,
			updated_at = excluded.updated_at
			RETURNING id, contact_id, network, handle`)
		rows, err := q.Query(ctx, b.String(), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, contact int64
			var network, handle string
			if err := rows.Scan(&id, &contact, &network, &handle); err != nil {
				rows.Close()
				return nil, err
			}
			identityOf[authorKey(network, handle)] = id
			delete(spare, contact)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	// A concurrent batch created one of our identities first: our spare
	// contact goes.
	for id := range spare {
		if _, err := q.Exec(ctx, `DELETE FROM contacts WHERE id = ?`, id); err != nil {
			return nil, err
		}
	}
	ids := make([]int64, len(authors))
	var links []linkRow
	for i, a := range authors {
		ids[i] = identityOf[authorKey(a.Network, a.Handle)]
		for _, it := range a.Items {
			links = append(links, linkRow{identity: ids[i], ref: it})
		}
	}
	return ids, q.upsertLinks(ctx, wsID, links)
}

func authorKey(network, handle string) string { return network + "\x00" + handle }

// knownIdentities returns the stored identities of the authors, as
// [identity id, contact id] by authorKey.
func (q *Q) knownIdentities(ctx context.Context, wsID int64, authors []AuthorSighting) (map[string][2]int64, error) {
	known := map[string][2]int64{}
	byNetwork := map[string][]string{}
	for _, a := range authors {
		byNetwork[a.Network] = append(byNetwork[a.Network], a.Handle)
	}
	for network, handles := range byNetwork {
		for start := 0; start < len(handles); start += 200 {
			part := handles[start:min(start+200, len(handles))]
			rows, err := q.Query(ctx, `SELECT id, contact_id, handle FROM contact_identities WHERE workspace_id = ? AND network = ? AND handle IN (`+
				placeholders(len(part))+`)`, append([]any{wsID, network}, stringArgs(part)...)...)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var id, contact int64
				var h string
				if err := rows.Scan(&id, &contact, &h); err != nil {
					rows.Close()
					return nil, err
				}
				known[authorKey(network, h)] = [2]int64{id, contact}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	return known, nil
}

// contribution is what a linked item added to its identity's counters.
type contribution struct {
	identity, engagement int64
	sentiment            float64
	hasSentiment, topic  bool
}

// linkedContributions returns, for the batch's items already linked, what
// they contributed.
func (q *Q) linkedContributions(ctx context.Context, authors []AuthorSighting) (map[int64]contribution, error) {
	var itemIDs []int64
	for _, a := range authors {
		for _, it := range a.Items {
			itemIDs = append(itemIDs, it.ID)
		}
	}
	before := map[int64]contribution{}
	for start := 0; start < len(itemIDs); start += 200 {
		in, args := inList(itemIDs[start:min(start+200, len(itemIDs))])
		rows, err := q.Query(ctx, `SELECT item_id, identity_id, engagement, sentiment_score, has_sentiment, on_topic FROM contact_items
			WHERE item_id IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var item int64
			var c contribution
			if err := rows.Scan(&item, &c.identity, &c.engagement, &c.sentiment, &c.hasSentiment, &c.topic); err != nil {
				rows.Close()
				return nil, err
			}
			before[item] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return before, nil
}

type counterDelta struct {
	items, engagement, sentimentN, topics int64
	sentiment                             float64
}

// delta is what an author's batch items change in the counters of their
// identity (0 when the identity is new).
func delta(a AuthorSighting, identity int64, before map[int64]contribution) counterDelta {
	var d counterDelta
	for _, it := range a.Items {
		old, linked := before[it.ID]
		if !linked || old.identity != identity {
			d.items++ // new here (an item moves only if a network re-attributes it)
			old = contribution{}
		}
		d.engagement += it.Engagement - old.engagement
		d.sentiment += sentimentOf(it.HasSentiment, it.Sentiment) - sentimentOf(old.hasSentiment, old.sentiment)
		d.sentimentN += boolInt(it.HasSentiment) - boolInt(old.hasSentiment)
		d.topics += boolInt(it.OnTopic) - boolInt(old.topic)
	}
	return d
}

type linkRow struct {
	identity int64
	ref      ItemRef
}

func (q *Q) upsertLinks(ctx context.Context, wsID int64, links []linkRow) error {
	const cols = 8
	for start := 0; start < len(links); start += 200 {
		end := min(start+200, len(links))
		var b strings.Builder
		b.WriteString(`INSERT INTO contact_items (identity_id, item_id, workspace_id, created_at, engagement, sentiment_score, has_sentiment, on_topic) VALUES `)
		args := make([]any, 0, cols*(end-start))
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders(cols) + ")")
			r := links[i].ref
			args = append(args, links[i].identity, r.ID, wsID, micro(r.CreatedAt), r.Engagement, r.Sentiment, r.HasSentiment, r.OnTopic)
		}
		b.WriteString(` ON CONFLICT (identity_id, item_id) DO UPDATE SET engagement = excluded.engagement,
			sentiment_score = excluded.sentiment_score, has_sentiment = excluded.has_sentiment, on_topic = excluded.on_topic`)
		if _, err := q.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

func placeholders(n int) string { return "?" + strings.Repeat(", ?", max(n-1, 0)) }

func sentimentOf(has bool, v float64) float64 {
	if has {
		return v
	}
	return 0
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/model"
)

// AuthorSighting is one author seen in an ingest batch, with the ids of the
// items they wrote in it.
type AuthorSighting struct {
	Network   string
	Handle    string
	Name      string
	URL       string
	HandleKey string
	NameKey   string
	URLHost   string
	Followers int64
	FirstSeen time.Time
	LastSeen  time.Time
	Items     []ItemRef
}

func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "?" + strings.Repeat(", ?", max(len(ids)-1, 0)), args
}

const identityCols = `id, contact_id, network, handle, name, url, handle_key, name_key, url_host, followers, first_seen, last_seen, items_count,
	engagement, sentiment_sum, sentiment_count, topic_items`

func scanIdentity(sc interface{ Scan(...any) error }) (model.Identity, model.ContactStats, error) {
	var id model.Identity
	var st model.ContactStats
	var first, last int64
	err := sc.Scan(&id.ID, &id.ContactID, &id.Network, &id.Handle, &id.Name, &id.URL, &id.HandleKey, &id.NameKey, &id.URLHost,
		&id.Followers, &first, &last, &id.Items, &st.Engagement, &st.SentimentSum, &st.SentimentCount, &st.TopicItems)
	id.FirstSeen, id.LastSeen = fromMicro(first), fromMicro(last)
	st.FirstSeen, st.LastSeen, st.Reach, st.Items = id.FirstSeen, id.LastSeen, id.Followers, id.Items
	return id, st, err
}

// IdentityKeys returns up to limit identities of a workspace (0: of all)
// after id afterID, in id order, with their handle, name and keys only.
func (q *Q) IdentityKeys(ctx context.Context, wsID, afterID int64, limit int) ([]model.Identity, error) {
	where, args := "id > ?", []any{afterID}
	if wsID != 0 {
		where, args = where+" AND workspace_id = ?", append(args, wsID)
	}
	rows, err := q.Query(ctx, `SELECT id, handle, name, handle_key, name_key FROM contact_identities WHERE `+where+` ORDER BY id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Identity
	for rows.Next() {
		var id model.Identity
		if err := rows.Scan(&id.ID, &id.Handle, &id.Name, &id.HandleKey, &id.NameKey); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SetIdentityKeys writes the handle and name keys of identities whose
// handle and name are still those given.
func (q *Q) SetIdentityKeys(ctx context.Context, ids []model.Identity) error {
	for _, id := range ids {
		if _, err := q.Exec(ctx, `UPDATE contact_identities SET handle_key = ?, name_key = ? WHERE id = ? AND handle = ? AND name = ?`,
			id.HandleKey, id.NameKey, id.ID, id.Handle, id.Name); err != nil {
			return err
		}
	}
	return nil
}

// ContactFilter selects contacts of a workspace.
type ContactFilter struct {
	WorkspaceID int64
	Tag         string
	Network     string
	// Search is matched (already folded, lower case) against names and handles.
	Search string
	IDs    []int64
}

// ListContacts returns the contacts matching f with their identities and
// all-time figures, in id order.
func (q *Q) ListContacts(ctx context.Context, f ContactFilter) ([]model.Contact, error) {
	where := []string{"c.workspace_id = ?"}
	args := []any{f.WorkspaceID}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = ?)")
		args = append(args, f.Tag)
	}
	if f.Network != "" {
		where = append(where, "EXISTS (SELECT 1 FROM contact_identities n WHERE n.contact_id = c.id AND n.network = ?)")
		args = append(args, f.Network)
	}
	if f.Search != "" {
		like := "%" + escapeLike(f.Search) + "%"
		where = append(where, `(LOWER(c.name) LIKE ? ESCAPE '\' OR EXISTS (SELECT 1 FROM contact_identities s WHERE s.contact_id = c.id
			AND (s.name_key LIKE ? ESCAPE '\' OR LOWER(s.handle) LIKE ? ESCAPE '\')))`)
		args = append(args, like, like, like)
	}
	if len(f.IDs) > 0 {
		in, a := inList(f.IDs)
		where = append(where, "c.id IN ("+in+")")
		args = append(args, a...)
	}
	rows, err := q.Query(ctx, `SELECT c.id, c.workspace_id, c.name, c.notes, c.created_at, c.updated_at FROM contacts c
		WHERE `+strings.Join(where, " AND ")+` ORDER BY c.id`, args...)
	if err != nil {
		return nil, err
	}
	var list []model.Contact
	idx := map[int64]int{}
	for rows.Next() {
		var c model.Contact
		var created, updated int64
		if err := rows.Scan(&c.ID, &c.WorkspaceID, &c.Name, &c.Notes, &created, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		c.CreatedAt, c.UpdatedAt = fromMicro(created), fromMicro(updated)
		c.Tags = []string{}
		idx[c.ID] = len(list)
		list = append(list, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(list) == 0 {
		return list, err
	}
	// Identities and tags of the workspace, attached in memory: two scans
	// rather than one query per contact.
	rows, err = q.Query(ctx, `SELECT `+identityCols+` FROM contact_identities WHERE workspace_id = ? ORDER BY id`, f.WorkspaceID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		id, st, err := scanIdentity(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := idx[id.ContactID]; ok {
			list[i].Identities = append(list[i].Identities, id)
			list[i].Stats.Add(st)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT contact_id, tag FROM contact_tags WHERE workspace_id = ? ORDER BY tag`, f.WorkspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			list[i].Tags = append(list[i].Tags, tag)
		}
	}
	return list, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// GetContact returns one contact with its identities, tags and figures.
func (q *Q) GetContact(ctx context.Context, wsID, id int64) (model.Contact, error) {
	var c model.Contact
	var created, updated int64
	err := q.QueryRow(ctx, `SELECT id, workspace_id, name, notes, created_at, updated_at FROM contacts WHERE workspace_id = ? AND id = ?`,
		wsID, id).Scan(&c.ID, &c.WorkspaceID, &c.Name, &c.Notes, &created, &updated)
	if err != nil {
		return c, notFound(err)
	}
	c.CreatedAt, c.UpdatedAt = fromMicro(created), fromMicro(updated)
	rows, err := q.Query(ctx, `SELECT `+identityCols+` FROM contact_identities WHERE contact_id = ? ORDER BY id`, id)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		idn, st, err := scanIdentity(rows)
		if err != nil {
			rows.Close()
			return c, err
		}
		c.Identities = append(c.Identities, idn)
		c.Stats.Add(st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	c.Tags, err = q.contactTags(ctx, id)
	return c, err
}

func (q *Q) contactTags(ctx context.Context, id int64) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tags := []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		tags = append(tags, t)
	}
	return tags, rows.Err()
}

// UpdateContact saves a contact's name, notes and tags.
func (q *Q) UpdateContact(ctx context.Context, c *model.Contact) error {
	c.UpdatedAt = q.Now()
	if _, err := q.Exec(ctx, `UPDATE contacts SET name = ?, notes = ?, updated_at = ? WHERE id = ?`, c.Name, c.Notes, micro(c.UpdatedAt), c.ID); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `DELETE FROM contact_tags WHERE contact_id = ?`, c.ID); err != nil {
		return err
	}
	for _, t := range c.Tags {
		if _, err := q.Exec(ctx, `INSERT INTO contact_tags (contact_id, workspace_id, tag) VALUES (?, ?, ?)`, c.ID, c.WorkspaceID, t); err != nil {
			return err
		}
	}
	return nil
}

// CreateContact inserts an empty contact.
func (q *Q) CreateContact(ctx context.Context, c *model.Contact) error {
	now := q.Now()
	c.CreatedAt, c.UpdatedAt = now, now
	id, err := q.InsertID(ctx, `INSERT INTO contacts (workspace_id, name, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		c.WorkspaceID, c.Name, c.Notes, micro(now), micro(now))
	c.ID = id
	return err
}

// MoveIdentities gives the identities of contact from to contact to.
func (q *Q) MoveIdentities(ctx context.Context, from, to int64) error {
	_, err := q.Exec(ctx, `UPDATE contact_identities SET contact_id = ? WHERE contact_id = ?`, to, from)
	return err
}

// MoveIdentity gives one identity to another contact.
func (q *Q) MoveIdentity(ctx context.Context, identityID, to int64) error {
	_, err := q.Exec(ctx, `UPDATE contact_identities SET contact_id = ? WHERE id = ?`, to, identityID)
	return err
}

// DeleteContact removes a contact (its identities, links and tags go too).
func (q *Q) DeleteContact(ctx context.Context, id int64) error {
	_, err := q.Exec(ctx, `DELETE FROM contacts WHERE id = ?`, id)
	return err
}

// ListIdentities returns every identity of a workspace (suggestions).
func (q *Q) ListIdentities(ctx context.Context, wsID int64) ([]model.Identity, error) {
	rows, err := q.Query(ctx, `SELECT `+identityCols+` FROM contact_identities WHERE workspace_id = ? ORDER BY id`, wsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Identity
	for rows.Next() {
		id, _, err := scanIdentity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ContactItemIDs returns the ids of the items a contact wrote.
func (q *Q) ContactItemIDs(ctx context.Context, contactID int64) ([]int64, error) {
	return q.queryIDs(ctx, `SELECT ci.item_id FROM contact_items ci JOIN contact_identities n ON n.id = ci.identity_id
		WHERE n.contact_id = ? ORDER BY ci.item_id`, contactID)
}

// ContactItems returns a contact's items, newest first (limit 0: all).
func (q *Q) ContactItems(ctx context.Context, contactID int64, limit int) ([]model.Item, error) {
	query := `SELECT ` + prefixCols("i.", itemSelectCols) + ` FROM contact_items ci JOIN contact_identities n ON n.id = ci.identity_id
		JOIN items i ON i.id = ci.item_id WHERE n.contact_id = ? AND i.deleted_at IS NULL ORDER BY i.created_at DESC, i.id DESC`
	args := []any{contactID}
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []model.Item{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

func prefixCols(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// ContactConversations returns the conversations holding a contact's items.
func (q *Q) ContactConversations(ctx context.Context, contactID int64) ([]model.Conversation, error) {
	rows, err := q.Query(ctx, `SELECT `+convCols+convFrom+` WHERE c.id IN (SELECT cv.conversation_id FROM conversation_items cv
		JOIN contact_items ci ON ci.item_id = cv.item_id JOIN contact_identities n ON n.id = ci.identity_id WHERE n.contact_id = ?)
		ORDER BY c.last_activity_at DESC, c.id DESC`, contactID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []model.Conversation{}
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// TopicCount is a topic and how many of someone's items matched it.
type TopicCount struct {
	TopicID int64  `json:"topic_id"`
	Name    string `json:"name"`
	Items   int64  `json:"items_count"`
}

// ContactTopics returns the topics a contact's items matched, most first.
func (q *Q) ContactTopics(ctx context.Context, contactID int64) ([]TopicCount, error) {
	rows, err := q.Query(ctx, `SELECT t.id, t.name, COUNT(DISTINCT tm.item_id) FROM contact_items ci
		JOIN contact_identities n ON n.id = ci.identity_id JOIN topic_matches tm ON tm.item_id = ci.item_id JOIN topics t ON t.id = tm.topic_id
		WHERE n.contact_id = ? GROUP BY t.id, t.name ORDER BY COUNT(DISTINCT tm.item_id) DESC, t.name`, contactID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TopicCount{}
	for rows.Next() {
		var t TopicCount
		if err := rows.Scan(&t.TopicID, &t.Name, &t.Items); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// PeriodContactStats returns the figures of each contact over the items
// they wrote in [from, to).
func (q *Q) PeriodContactStats(ctx context.Context, wsID int64, from, to time.Time) (map[int64]model.ContactStats, error) {
	out := map[int64]model.ContactStats{}
	// The links keep each item's contribution: no need to read the items.
	rows, err := q.Query(ctx, `SELECT n.contact_id, COUNT(*), COALESCE(SUM(ci.engagement), 0),
		COALESCE(SUM(CASE WHEN ci.has_sentiment THEN ci.sentiment_score ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN ci.has_sentiment THEN 1 ELSE 0 END), 0), MIN(ci.created_at), MAX(ci.created_at), MAX(n.followers)
		FROM contact_items ci JOIN contact_identities n ON n.id = ci.identity_id
		WHERE ci.workspace_id = ? AND ci.created_at >= ? AND ci.created_at < ? GROUP BY n.contact_id`, wsID, micro(from), micro(to))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, first, last int64
		var st model.ContactStats
		if err := rows.Scan(&id, &st.Items, &st.Engagement, &st.SentimentSum, &st.SentimentCount, &first, &last, &st.Reach); err != nil {
			rows.Close()
			return nil, err
		}
		st.FirstSeen, st.LastSeen = fromMicro(first), fromMicro(last)
		out[id] = st
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Topic matches as they are now (a topic's backfill included).
	rows, err = q.Query(ctx, `SELECT n.contact_id, COUNT(DISTINCT ci.item_id) FROM contact_items ci
		JOIN contact_identities n ON n.id = ci.identity_id JOIN topic_matches tm ON tm.item_id = ci.item_id
		WHERE ci.workspace_id = ? AND ci.created_at >= ? AND ci.created_at < ? GROUP BY n.contact_id`, wsID, micro(from), micro(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		if st, ok := out[id]; ok {
			st.TopicItems = n
			out[id] = st
		}
	}
	return out, rows.Err()
}

// ErasedText replaces the text of anonymised items.
const ErasedText = "[erased]"

// AnonymizeItems blanks the author fields and replaces the text of items,
// and takes them out of full-text search.
func (q *Q) AnonymizeItems(ctx context.Context, ids []int64) error {
	for start := 0; start < len(ids); start += 200 {
		in, args := inList(ids[start:min(start+200, len(ids))])
		_, err := q.Exec(ctx, `UPDATE items SET author_handle = '', author_name = '', author_url = '', author_followers = NULL,
			title = '', text = ?, url = '', entities = '', search_text = '', updated_at = ? WHERE id IN (`+in+`)`,
			append([]any{ErasedText, micro(q.Now())}, args...)...)
		if err != nil {
			return err
		}
	}
	return nil
}

// DeleteItems deletes items (their topic matches and links go with them).
func (q *Q) DeleteItems(ctx context.Context, ids []int64) error {
	for start := 0; start < len(ids); start += 200 {
		in, args := inList(ids[start:min(start+200, len(ids))])
		if _, err := q.Exec(ctx, `DELETE FROM items WHERE id IN (`+in+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}

// AnonymizeConversations blanks the author, preview and search text of
// conversations opened by the given identities, and renames their thread
// key when it carries the handle (direct messages).
func (q *Q) AnonymizeConversations(ctx context.Context, wsID int64, convIDs []int64, handles []string) error {
	for _, id := range convIDs {
		_, err := q.Exec(ctx, `UPDATE conversations SET author_handle = '', author_name = '', preview = ?, search_text = '',
			thread_key = CASE WHEN thread_key LIKE 'dm:%' THEN 'erased:' || CAST(id AS TEXT) ELSE thread_key END
			WHERE workspace_id = ? AND id = ? AND author_handle IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(handles)), ", ")+`)`,
			append([]any{ErasedText, wsID, id}, stringArgs(handles)...)...)
		if err != nil {
			return err
		}
	}
	return nil
}

func stringArgs(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// ContactSettings are a workspace's directory settings.
type ContactSettings struct {
	ErasurePolicy string   `json:"erasure_policy"` // "anonymize" or "delete"
	DigestEmails  []string `json:"digest_emails"`
}

// GetContactSettings returns the settings (defaults when never saved).
func (q *Q) GetContactSettings(ctx context.Context, wsID int64) (ContactSettings, error) {
	s := ContactSettings{ErasurePolicy: "anonymize", DigestEmails: []string{}}
	var emails string
	err := q.QueryRow(ctx, `SELECT erasure_policy, digest_emails FROM contact_settings WHERE workspace_id = ?`, wsID).Scan(&s.ErasurePolicy, &emails)
	if err == sql.ErrNoRows {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	s.DigestEmails = splitJSONStrings(emails)
	return s, nil
}

// PutContactSettings saves the settings.
func (q *Q) PutContactSettings(ctx context.Context, wsID int64, s ContactSettings) error {
	_, err := q.Exec(ctx, `INSERT INTO contact_settings (workspace_id, erasure_policy, digest_emails, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET erasure_policy = excluded.erasure_policy, digest_emails = excluded.digest_emails,
		updated_at = excluded.updated_at`, wsID, s.ErasurePolicy, joinJSONStrings(s.DigestEmails), micro(q.Now()))
	return err
}

// AuthorHash is what the suppression list keeps of an erased author.
func AuthorHash(network, handle string) string {
	sum := sha256.Sum256([]byte(network + "\x00" + handle))
	return hex.EncodeToString(sum[:])
}

// AddErasedAuthors puts authors on the workspace's suppression list.
func (q *Q) AddErasedAuthors(ctx context.Context, wsID int64, ids []model.Identity, policy string) error {
	now := micro(q.Now())
	for _, id := range ids {
		if _, err := q.Exec(ctx, `INSERT INTO erased_authors (workspace_id, network, handle_hash, policy, erased_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, handle_hash) DO UPDATE SET policy = excluded.policy, erased_at = excluded.erased_at`,
			wsID, id.Network, AuthorHash(id.Network, id.Handle), policy, now); err != nil {
			return err
		}
	}
	return nil
}

// ErasedAuthors returns, among the given author hashes, those on the
// suppression list with the policy their erasure used.
func (q *Q) ErasedAuthors(ctx context.Context, wsID int64, hashes []string) (map[string]string, error) {
	out := map[string]string{}
	for start := 0; start < len(hashes); start += 200 {
		part := hashes[start:min(start+200, len(hashes))]
		rows, err := q.Query(ctx, `SELECT handle_hash, policy FROM erased_authors WHERE workspace_id = ? AND handle_hash IN (`+
			strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")+`)`, append([]any{wsID}, stringArgs(part)...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h, p string
			if err := rows.Scan(&h, &p); err != nil {
				rows.Close()
				return nil, err
			}
			out[h] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AddNotSame records that pairs of identities are not one person.
func (q *Q) AddNotSame(ctx context.Context, wsID int64, pairs [][2]int64) error {
	for _, p := range pairs {
		a, b := min(p[0], p[1]), max(p[0], p[1])
		if _, err := q.Exec(ctx, `INSERT INTO contact_not_same (workspace_id, identity_a, identity_b) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			wsID, a, b); err != nil {
			return err
		}
	}
	return nil
}

// NotSame returns the identity pairs of a workspace that are not one
// person, smaller id first.
func (q *Q) NotSame(ctx context.Context, wsID int64) (map[[2]int64]bool, error) {
	rows, err := q.Query(ctx, `SELECT identity_a, identity_b FROM contact_not_same WHERE workspace_id = ?`, wsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[2]int64]bool{}
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		out[[2]int64{a, b}] = true
	}
	return out, rows.Err()
}

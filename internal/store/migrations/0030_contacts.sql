-- The community directory: a contact per person, their identities on the
-- networks (created from the authors of ingested items), the items each
-- identity wrote, notes and tags; feedback marks on items and
-- conversations and the digests made from them.

CREATE TABLE contacts (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX contacts_ws ON contacts(workspace_id, id);

CREATE TABLE contact_tags (
	contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL,
	tag TEXT NOT NULL,
	PRIMARY KEY (contact_id, tag)
);
CREATE INDEX contact_tags_ws ON contact_tags(workspace_id, tag, contact_id);

-- One account on one network. The counters are refreshed from
-- contact_items by the batch that brings the identity's items.
CREATE TABLE contact_identities (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
	network TEXT NOT NULL,
	handle TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL DEFAULT '',
	-- Folded handle without domain or instance, folded name, profile host:
	-- what merge suggestions compare.
	handle_key TEXT NOT NULL DEFAULT '',
	name_key TEXT NOT NULL DEFAULT '',
	url_host TEXT NOT NULL DEFAULT '',
	followers BIGINT NOT NULL DEFAULT 0,
	first_seen BIGINT NOT NULL,
	last_seen BIGINT NOT NULL,
	items_count BIGINT NOT NULL DEFAULT 0,
	engagement BIGINT NOT NULL DEFAULT 0,
	sentiment_sum REAL NOT NULL DEFAULT 0,
	sentiment_count BIGINT NOT NULL DEFAULT 0,
	topic_items BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, network, handle)
);
CREATE INDEX contact_identities_contact ON contact_identities(contact_id);

-- Which identity wrote which item; created_at is the item's (periods).
CREATE TABLE contact_items (
	identity_id BIGINT NOT NULL REFERENCES contact_identities(id) ON DELETE CASCADE,
	item_id BIGINT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (identity_id, item_id)
);
CREATE INDEX contact_items_ws_created ON contact_items(workspace_id, created_at);
CREATE INDEX contact_items_item ON contact_items(item_id);

CREATE TABLE contact_settings (
	workspace_id BIGINT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
	-- What erasure does to a contact's items: anonymize or delete.
	erasure_policy TEXT NOT NULL DEFAULT 'anonymize',
	-- Who receives the weekly feedback digest, JSON list of addresses.
	digest_emails TEXT NOT NULL DEFAULT '[]',
	updated_at BIGINT NOT NULL
);

-- An item or a conversation marked as feedback (exactly one of the two).
CREATE TABLE item_feedback (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	item_id BIGINT REFERENCES items(id) ON DELETE CASCADE,
	conversation_id BIGINT REFERENCES conversations(id) ON DELETE CASCADE,
	category TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	by_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	by_name TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL,
	UNIQUE (item_id),
	UNIQUE (conversation_id)
);
CREATE INDEX item_feedback_ws_at ON item_feedback(workspace_id, at);

CREATE TABLE feedback_digests (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	period_from BIGINT NOT NULL,
	period_to BIGINT NOT NULL,
	lang TEXT NOT NULL DEFAULT '',
	-- The summary, JSON.
	body TEXT NOT NULL,
	sent_to TEXT NOT NULL DEFAULT '[]',
	sent_at BIGINT,
	last_error TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	UNIQUE (workspace_id, period_from)
);

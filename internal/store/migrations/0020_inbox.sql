-- The engagement inbox: conversations threaded from inbound items, their
-- assignment, labels, notes and "seen by" markers, replies sent through the
-- workspace's channels, saved replies, and response-target settings.

CREATE TABLE conversations (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	network TEXT NOT NULL,
	-- The network's thread (root post id), or "dm:" + author for direct
	-- messages: what groups items into this conversation.
	thread_key TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'thread',
	status TEXT NOT NULL DEFAULT 'open',
	assignee_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	-- The channel replies go out through, when one matches.
	channel_id BIGINT,
	source_id BIGINT,
	author_handle TEXT NOT NULL DEFAULT '',
	author_name TEXT NOT NULL DEFAULT '',
	preview TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT '',
	sentiment TEXT NOT NULL DEFAULT '',
	items_count INTEGER NOT NULL DEFAULT 0,
	-- Last inbound item, and last activity of any kind (sorting).
	last_inbound_at BIGINT NOT NULL,
	last_activity_at BIGINT NOT NULL,
	-- Response target: the first inbound item waiting for an answer, when
	-- it is due (business hours), when it was answered.
	awaiting_since BIGINT,
	due_at BIGINT,
	first_response_at BIGINT,
	-- Measured in business seconds of the workspace's calendar.
	first_response_seconds BIGINT,
	breached BOOLEAN NOT NULL DEFAULT FALSE,
	resolved_at BIGINT,
	resolution_seconds BIGINT,
	feedback_category TEXT NOT NULL DEFAULT '',
	-- Folded text of the items, authors and notes (full-text search).
	search_text TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, network, thread_key)
);
CREATE INDEX conversations_ws_activity ON conversations(workspace_id, last_activity_at, id);
CREATE INDEX conversations_ws_status ON conversations(workspace_id, status, last_activity_at, id);
CREATE INDEX conversations_ws_assignee ON conversations(workspace_id, assignee_id, last_activity_at, id);

CREATE TABLE conversation_items (
	conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	item_id BIGINT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL,
	-- in: from the community; out: from one of the workspace's accounts.
	direction TEXT NOT NULL DEFAULT 'in',
	created_at BIGINT NOT NULL,
	PRIMARY KEY (conversation_id, item_id)
);
CREATE INDEX conversation_items_item ON conversation_items(item_id);

CREATE TABLE conversation_labels (
	conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL,
	label TEXT NOT NULL,
	PRIMARY KEY (conversation_id, label)
);
CREATE INDEX conversation_labels_ws ON conversation_labels(workspace_id, label, conversation_id);

CREATE TABLE conversation_topics (
	conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	topic_id BIGINT NOT NULL,
	PRIMARY KEY (conversation_id, topic_id)
);
CREATE INDEX conversation_topics_topic ON conversation_topics(topic_id, conversation_id);

CREATE TABLE conversation_notes (
	id {{id}},
	conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL,
	author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	author_name TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	-- Ids of the members mentioned (@name), JSON.
	mentions TEXT NOT NULL DEFAULT '[]',
	created_at BIGINT NOT NULL
);
CREATE INDEX conversation_notes_conv ON conversation_notes(conversation_id, id);

CREATE TABLE conversation_seen (
	conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	user_name TEXT NOT NULL DEFAULT '',
	seen_at BIGINT NOT NULL,
	PRIMARY KEY (conversation_id, user_id)
);

CREATE TABLE inbox_replies (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	channel_id BIGINT NOT NULL,
	-- The external id of the item answered.
	in_reply_to TEXT NOT NULL,
	text TEXT NOT NULL,
	-- queued → sending → sent | failed; confirmed when the network's copy
	-- came back through ingest.
	status TEXT NOT NULL DEFAULT 'queued',
	idempotency_key TEXT NOT NULL UNIQUE,
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	external_id TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL DEFAULT '',
	author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	author_name TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	sent_at BIGINT,
	confirmed_at BIGINT,
	updated_at BIGINT NOT NULL
);
CREATE INDEX inbox_replies_conv ON inbox_replies(conversation_id, id);

CREATE TABLE saved_replies (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	lang TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, name, lang)
);

CREATE TABLE inbox_settings (
	workspace_id BIGINT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
	first_response_minutes INTEGER NOT NULL DEFAULT 120,
	-- The business-hours calendar, JSON (weekly hours and holidays).
	business_hours TEXT NOT NULL DEFAULT '',
	-- Topics and sources whose items all go to the inbox, JSON id lists.
	inbox_topics TEXT NOT NULL DEFAULT '[]',
	inbox_sources TEXT NOT NULL DEFAULT '[]',
	updated_at BIGINT NOT NULL
);

-- +sqlite
CREATE VIRTUAL TABLE conversations_fts USING fts5(search_text, content='conversations', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER conversations_fts_ai AFTER INSERT ON conversations BEGIN
	INSERT INTO conversations_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER conversations_fts_ad AFTER DELETE ON conversations BEGIN
	INSERT INTO conversations_fts(conversations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER conversations_fts_au AFTER UPDATE OF search_text ON conversations BEGIN
	INSERT INTO conversations_fts(conversations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO conversations_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

-- +postgres
ALTER TABLE conversations ADD COLUMN fts tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX conversations_fts ON conversations USING gin(fts);

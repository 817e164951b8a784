-- Listening sources and the items they bring in, with full-text search.

CREATE TABLE sources (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	type TEXT NOT NULL,
	network TEXT NOT NULL,
	name TEXT NOT NULL,
	config TEXT NOT NULL DEFAULT '{}',
	-- Secret configuration fields, sealed with the instance key.
	secrets TEXT NOT NULL DEFAULT '',
	interval_seconds INTEGER NOT NULL DEFAULT 300,
	enabled BOOLEAN NOT NULL DEFAULT TRUE,
	paused_reason TEXT NOT NULL DEFAULT '',
	-- The connector's cursor (ETag, since-id…), saved with the batch that used it.
	state {{blob}},
	webhook_token_hash TEXT UNIQUE,
	last_run_at BIGINT,
	last_success_at BIGINT,
	last_error TEXT NOT NULL DEFAULT '',
	last_error_at BIGINT,
	error_count INTEGER NOT NULL DEFAULT 0,
	items_count BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, name)
);

CREATE TABLE items (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	source_id BIGINT REFERENCES sources(id) ON DELETE SET NULL,
	network TEXT NOT NULL,
	external_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	url TEXT NOT NULL DEFAULT '',
	author_handle TEXT NOT NULL DEFAULT '',
	author_name TEXT NOT NULL DEFAULT '',
	author_url TEXT NOT NULL DEFAULT '',
	author_followers BIGINT,
	title TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT '',
	lang_confidence REAL NOT NULL DEFAULT 0,
	sentiment TEXT NOT NULL DEFAULT '',
	sentiment_score REAL NOT NULL DEFAULT 0,
	entities TEXT NOT NULL DEFAULT '',
	parent_id TEXT NOT NULL DEFAULT '',
	thread_id TEXT NOT NULL DEFAULT '',
	likes BIGINT NOT NULL DEFAULT 0,
	reposts BIGINT NOT NULL DEFAULT 0,
	replies BIGINT NOT NULL DEFAULT 0,
	views BIGINT NOT NULL DEFAULT 0,
	source_name TEXT NOT NULL DEFAULT '',
	-- Title and text as the shared tokenizer folds them (case, accents,
	-- ligatures, elisions, hashtag parts): what full-text search indexes, so
	-- that search and query matching agree.
	search_text TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	fetched_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, network, external_id)
);
CREATE INDEX items_ws_created ON items(workspace_id, created_at, id);
-- Few secondary indexes: each one with random keys costs a page write per
-- row at ingest. Source and author filters scan the time index.

-- +sqlite
CREATE VIRTUAL TABLE items_fts USING fts5(search_text, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN
	INSERT INTO items_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN
	INSERT INTO items_fts(items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER items_fts_au AFTER UPDATE OF search_text ON items BEGIN
	INSERT INTO items_fts(items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO items_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

-- +postgres
ALTER TABLE items ADD COLUMN fts tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX items_fts ON items USING gin(fts);

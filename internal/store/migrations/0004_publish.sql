-- Publishing: channels (owned accounts), posts with one variant per
-- channel, every publication attempt, and per-workspace settings.

CREATE TABLE publish_channels (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	type TEXT NOT NULL,
	name TEXT NOT NULL,
	account TEXT NOT NULL DEFAULT '',
	config TEXT NOT NULL DEFAULT '{}',
	-- Credentials, sealed with the instance key.
	secrets TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'ok',
	last_error TEXT NOT NULL DEFAULT '',
	-- Weekly posting schedule: JSON [{"day":1,"time":"09:00"}…].
	slots TEXT NOT NULL DEFAULT '[]',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, name)
);

CREATE TABLE posts (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	text TEXT NOT NULL,
	campaign TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	scheduled_at BIGINT,
	created_by BIGINT,
	approved_by BIGINT,
	review_comment TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX posts_ws_scheduled ON posts(workspace_id, scheduled_at);
CREATE INDEX posts_ws_status ON posts(workspace_id, status);

CREATE TABLE post_variants (
	id {{id}},
	post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL,
	channel_id BIGINT NOT NULL REFERENCES publish_channels(id),
	text TEXT NOT NULL,
	custom BOOLEAN NOT NULL DEFAULT FALSE,
	status TEXT NOT NULL,
	-- Chosen once, sent with every attempt so that networks recognise retries.
	idempotency_key TEXT NOT NULL UNIQUE,
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	external_id TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL DEFAULT '',
	scheduled_at BIGINT,
	published_at BIGINT,
	updated_at BIGINT NOT NULL,
	UNIQUE (post_id, channel_id)
);
CREATE INDEX post_variants_channel ON post_variants(channel_id, status, scheduled_at);

CREATE TABLE publish_attempts (
	id {{id}},
	variant_id BIGINT NOT NULL REFERENCES post_variants(id) ON DELETE CASCADE,
	attempt INTEGER NOT NULL,
	started_at BIGINT NOT NULL,
	finished_at BIGINT,
	outcome TEXT NOT NULL,
	error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX publish_attempts_variant ON publish_attempts(variant_id, id);

CREATE TABLE publish_settings (
	workspace_id BIGINT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
	require_approval BOOLEAN NOT NULL DEFAULT FALSE,
	calendar_token_hash TEXT UNIQUE,
	updated_at BIGINT NOT NULL
);

-- RSS-to-post: feeds whose new entries become drafts or scheduled posts.
CREATE TABLE publish_feeds (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	url TEXT NOT NULL,
	template TEXT NOT NULL,
	channels TEXT NOT NULL DEFAULT '[]',
	mode TEXT NOT NULL DEFAULT 'draft',
	campaign TEXT NOT NULL DEFAULT '',
	-- The feed connector's state (ETag, entries already seen).
	state {{blob}},
	last_polled_at BIGINT,
	last_error TEXT NOT NULL DEFAULT '',
	posts_created BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX publish_feeds_ws ON publish_feeds(workspace_id);

-- Pending OAuth authorisations of publishing channels (Mastodon): the
-- registered app's credentials (sealed) wait here for the callback.
CREATE TABLE publish_oauth_states (
	state_hash TEXT PRIMARY KEY,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	user_id BIGINT,
	channel_id BIGINT,
	channel_type TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	instance_url TEXT NOT NULL,
	secrets TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);

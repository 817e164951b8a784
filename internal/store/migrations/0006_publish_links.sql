-- Tracked links of published posts: UTM parameters and short links on
-- Parvis itself (/l/{code}) that count clicks (no address is stored).
ALTER TABLE publish_settings ADD COLUMN utm_enabled BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE publish_settings ADD COLUMN short_links BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE short_links (
	code TEXT PRIMARY KEY,
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	variant_id BIGINT NOT NULL REFERENCES post_variants(id) ON DELETE CASCADE,
	url TEXT NOT NULL,
	clicks BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	last_click_at BIGINT
);
CREATE INDEX short_links_post ON short_links(post_id);

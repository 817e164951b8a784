-- Media attached to posts: uploaded once, sent with each variant.
CREATE TABLE publish_media (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	mime TEXT NOT NULL,
	size BIGINT NOT NULL,
	alt TEXT NOT NULL DEFAULT '',
	sha256 TEXT NOT NULL,
	data {{blob}} NOT NULL,
	created_by BIGINT,
	created_at BIGINT NOT NULL
);
CREATE INDEX publish_media_ws ON publish_media(workspace_id);

CREATE TABLE post_media (
	post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	media_id BIGINT NOT NULL REFERENCES publish_media(id),
	PRIMARY KEY (post_id, position)
);

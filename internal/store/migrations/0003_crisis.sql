-- Crisis mode of a workspace: while active, scheduled publishing is held.
CREATE TABLE crisis_state (
	workspace_id BIGINT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	reason TEXT NOT NULL DEFAULT '',
	since BIGINT,
	changed_by BIGINT,
	updated_at BIGINT NOT NULL
);

-- Authors erased on request: their items are anonymised or deleted again
-- when a network delivers them anew. Only a hash of the handle is kept.

CREATE TABLE erased_authors (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	network TEXT NOT NULL,
	-- Hex SHA-256 of the network, a NUL byte and the handle.
	handle_hash TEXT NOT NULL,
	policy TEXT NOT NULL,
	erased_at BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, handle_hash)
);

-- Pairs of identities people said are not one person (by separating
-- them): merge suggestions leave them out.

CREATE TABLE contact_not_same (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	identity_a BIGINT NOT NULL REFERENCES contact_identities(id) ON DELETE CASCADE,
	identity_b BIGINT NOT NULL REFERENCES contact_identities(id) ON DELETE CASCADE,
	PRIMARY KEY (identity_a, identity_b)
);
CREATE INDEX contact_not_same_ws ON contact_not_same(workspace_id);

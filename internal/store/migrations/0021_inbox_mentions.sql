-- Teammates mentioned in internal notes: one row per note and member, so
-- that each person finds the conversations they are asked about and sees
-- which ones they have not opened since.
CREATE TABLE note_mentions (
	note_id BIGINT NOT NULL REFERENCES conversation_notes(id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	seen_at BIGINT,
	PRIMARY KEY (note_id, user_id)
);
CREATE INDEX note_mentions_user ON note_mentions(workspace_id, user_id, seen_at);
CREATE INDEX note_mentions_conversation ON note_mentions(conversation_id, user_id);

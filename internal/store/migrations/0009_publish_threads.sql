-- Threads and labels: a post may have follow-up parts, published after
-- its main text, each in reply to the one before; each variant records
-- the parts already out so that a restart continues where it stopped.
ALTER TABLE posts ADD COLUMN thread TEXT NOT NULL DEFAULT '[]';
ALTER TABLE posts ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';
ALTER TABLE post_variants ADD COLUMN parts TEXT NOT NULL DEFAULT '[]';

-- Posting limits are counted from the attempts of each channel, in the
-- database, so that every process sharing it keeps to the same window.
ALTER TABLE publish_attempts ADD COLUMN channel_id BIGINT;
UPDATE publish_attempts SET channel_id = (SELECT v.channel_id FROM post_variants v WHERE v.id = publish_attempts.variant_id);
CREATE INDEX publish_attempts_channel ON publish_attempts(channel_id, started_at);

-- Threads and labels: a post may have follow-up parts, published after
-- its main text, each in reply to the one before; each variant records
-- the parts already out so that a restart continues where it stopped.
ALTER TABLE posts ADD COLUMN thread TEXT NOT NULL DEFAULT '[]';
ALTER TABLE posts ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';
ALTER TABLE post_variants ADD COLUMN parts TEXT NOT NULL DEFAULT '[]';

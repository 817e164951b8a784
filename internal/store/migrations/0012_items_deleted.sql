-- Items their authors deleted on the network: the row stays (so that a
-- conversation keeps its shape and a replay does not bring it back) but
-- its words are gone; deleted_at says when Parvis learnt of it.
ALTER TABLE items ADD COLUMN deleted_at BIGINT;

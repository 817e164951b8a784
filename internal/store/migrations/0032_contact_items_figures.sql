-- What each linked item contributes to its identity's counters, so that a
-- batch updates the counters by difference instead of recounting.

ALTER TABLE contact_items ADD COLUMN engagement BIGINT NOT NULL DEFAULT 0;
ALTER TABLE contact_items ADD COLUMN sentiment_score REAL NOT NULL DEFAULT 0;
ALTER TABLE contact_items ADD COLUMN has_sentiment BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE contact_items ADD COLUMN on_topic BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE contact_items SET
	engagement = COALESCE((SELECT i.likes + i.reposts + i.replies FROM items i WHERE i.id = contact_items.item_id), 0),
	sentiment_score = COALESCE((SELECT i.sentiment_score FROM items i WHERE i.id = contact_items.item_id AND i.sentiment <> ''), 0),
	has_sentiment = EXISTS (SELECT 1 FROM items i WHERE i.id = contact_items.item_id AND i.sentiment <> ''),
	on_topic = EXISTS (SELECT 1 FROM topic_matches tm WHERE tm.item_id = contact_items.item_id);

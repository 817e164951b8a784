-- Search text holds words, not hosts, addresses or decimals: ASCII
-- punctuation inside a token is written as a space (ingest.SearchText),
-- as both engines' searches split the query there. SQLite's FTS already
-- split there; PostgreSQL's parser kept "bob@mastodon.social" or "1.000"
-- as one word, which no search could find. Rows written before are
-- rewritten the same way.

-- +postgres
UPDATE items SET search_text = regexp_replace(search_text, '[!-/:-@[-`{-~]+', ' ', 'g')
WHERE search_text ~ '[!-/:-@[-`{-~]';
UPDATE conversations SET search_text = regexp_replace(search_text, '[!-/:-@[-`{-~]+', ' ', 'g')
WHERE search_text ~ '[!-/:-@[-`{-~]';

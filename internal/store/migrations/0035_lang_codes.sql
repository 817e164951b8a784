-- Language hints are ISO 639-1 codes (text.NormalizeLang); before, a hint
-- was stored as sent, lower-cased ("english", "fra", "und"), with the
-- confidence of a hint (1), which a re-ingest now keeps. The three-letter
-- codes of the languages Parvis reads best become their two-letter code;
-- any other value that is no two-letter code named no language: the item
-- is undetermined, as a post too short to tell, until it is read again.

-- +both
UPDATE items SET lang = CASE lang
	WHEN 'eng' THEN 'en' WHEN 'fra' THEN 'fr' WHEN 'fre' THEN 'fr' WHEN 'spa' THEN 'es'
	WHEN 'deu' THEN 'de' WHEN 'ger' THEN 'de' WHEN 'ita' THEN 'it' WHEN 'por' THEN 'pt'
	WHEN 'nld' THEN 'nl' WHEN 'dut' THEN 'nl' ELSE lang END
WHERE lang_confidence = 1 AND length(lang) = 3;
UPDATE items SET lang = 'und', lang_confidence = 0 WHERE lang_confidence = 1 AND length(lang) <> 2;

package i18n

func init() {
	add(map[string][2]string{
		"error.interval_invalid":  {"must be a duration from 1m to 168h, such as 5m or 1h", "doit être une durée de 1m à 168h, comme 5m ou 1h"},
		"error.config_object":     {"must be a JSON object", "doit être un objet JSON"},
		"error.url_refused":       {"%s", "adresse refusée : %s"},
		"error.config_field":      {"%s", "%s"},
		"error.source_type":       {"unknown source type %q", "type de source inconnu %q"},
		"error.source_name_taken": {"another source of this workspace has this name", "une autre source de cet espace porte ce nom"},
		"error.webhook_no_poll":   {"a webhook source receives items; it cannot be polled", "une source webhook reçoit les éléments ; elle ne s'interroge pas"},
		"error.source_paused":     {"the source is paused (%s); enable it first", "la source est en pause (%s) ; réactivez-la d'abord"},
		"error.signature":         {"missing or wrong %s header (sha256=<hex HMAC-SHA256 of the body>)", "en-tête %s absent ou faux (sha256=<HMAC-SHA256 hexadécimal du corps>)"},
		"error.record":            {"%s", "enregistrement refusé : %s"},
		"error.kind_invalid":      {"must be one of post, reply, comment, mention, message, article, review", "doit être post, reply, comment, mention, message, article ou review"},
		"error.lang_code_invalid": {"must be a language code such as fr, en or fr-FR, or und", "doit être un code de langue comme fr, en ou fr-FR, ou und"},
		"error.search_no_words":   {"holds no words to search (emoji, emoticons and links are not searched; a topic's query can match them)", "ne contient aucun mot à chercher (émojis, émoticônes et liens ne sont pas cherchés ; la requête d'un sujet peut les trouver)"},
		"error.sentiment_invalid": {"must be positive, negative or neutral", "doit être positive, negative ou neutral"},
		"error.mapping":           {"%q: write field=column", "%q : écrivez champ=colonne"},
		"error.mapping_field":     {"%q is not an item field (%s)", "%q n'est pas un champ d'élément (%s)"},
		"error.import_format":     {"must be jsonl or csv", "doit être jsonl ou csv"},
		"error.csv_header":        {"cannot read the CSV header: %v", "impossible de lire l'en-tête CSV : %v"},
		"error.csv_column":        {"column %q (for %s) is not in the header", "la colonne %q (pour %s) n'est pas dans l'en-tête"},
		"error.import_read":       {"reading the input failed after %d records: %v", "la lecture a échoué après %d enregistrements : %v"},
		"error.csv_text":          {"no text or title column: name one text, or map it with text=COLUMN", "pas de colonne text ni title : nommez-en une text, ou associez-la avec text=COLONNE"},
	})
}

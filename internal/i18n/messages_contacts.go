package i18n

func init() {
	// The community directory and the feedback for leadership.
	add(map[string][2]string{
		"error.contact_name":          {"a name has from 1 to %d characters", "un nom compte de 1 à %d caractères"},
		"error.contact_notes":         {"notes have at most %d characters", "les notes comptent au plus %d caractères"},
		"error.contact_sort":          {"must be influence or last_seen", "doit être influence ou last_seen"},
		"error.contact_tag":           {"a tag is 1 to 40 letters, digits, spaces, dots, dashes or underscores", "une étiquette compte de 1 à 40 lettres, chiffres, espaces, points, tirets ou soulignés"},
		"error.contact_tags_count":    {"at most %d tags", "au plus %d étiquettes"},
		"error.digest_emails_count":   {"at most %d addresses", "au plus %d adresses"},
		"error.erasure_policy":        {"must be anonymize or delete", "doit être anonymize ou delete"},
		"error.feedback_conversation": {"is not a conversation of this workspace", "n'est pas une conversation de cet espace"},
		"error.feedback_item":         {"is not an item of this workspace", "n'est pas un élément de cet espace"},
		"error.feedback_note":         {"a note has at most %d characters", "une note compte au plus %d caractères"},
		"error.feedback_target":       {"give either item_id or conversation_id", "indiquez item_id ou conversation_id"},
		"error.identity_last":         {"a contact keeps at least one identity", "un contact garde au moins une identité"},
		"error.identity_missing":      {"is not an identity of this contact", "n'est pas une identité de ce contact"},
		"error.merge_other":           {"is not a contact of this workspace", "n'est pas un contact de cet espace"},
		"error.merge_self":            {"cannot merge a contact with itself", "impossible de fusionner un contact avec lui-même"},
		"error.period":                {"from must be before to", "le début doit précéder la fin"},
		"error.top_kind":              {"must be ambassadors or critics", "doit être ambassadors ou critics"},

		"feedback.category.product":   {"Product", "Produit"},
		"feedback.category.service":   {"Service", "Service"},
		"feedback.category.price":     {"Price", "Prix"},
		"feedback.category.idea":      {"Idea", "Idée"},
		"feedback.category.complaint": {"Complaint", "Réclamation"},
		"feedback.category.praise":    {"Praise", "Éloge"},
		"feedback.category.other":     {"Other", "Autre"},
		"feedback.sentiment.positive": {"positive", "positif"},
		"feedback.sentiment.neutral":  {"neutral", "neutre"},
		"feedback.sentiment.negative": {"negative", "négatif"},
		"feedback.sentiment.unknown":  {"unknown", "inconnu"},
		"feedback.digest.title":       {"Community feedback for %s", "Remontées de la communauté pour %s"},
		"feedback.digest.intro":       {"%d pieces of feedback from %s to %s.", "%d remontées du %s au %s."},
		"feedback.none":               {"No feedback in this period.", "Aucune remontée sur cette période."},
	})
}

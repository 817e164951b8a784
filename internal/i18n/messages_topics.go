package i18n

func init() {
	// Topics, dashboards, alerts, incidents and crisis mode.
	add(map[string][2]string{
		"error.query_syntax":       {"%s at column %d", "%s (colonne %d)"},
		"error.query_syntax_plain": {"%s", "%s"},
		"error.query_never":        {"this query can never match an item", "cette requête ne peut correspondre à aucun élément"},
		"error.topic_kind":         {"must be brand, competitor, campaign or other", "doit être brand, competitor, campaign ou other"},
		"error.color":              {"must be a colour such as #1f77b4", "doit être une couleur comme #1f77b4"},
		"error.topic_name_taken":   {"another topic of this workspace has this name", "un autre sujet de cet espace porte ce nom"},
		"error.alert_duration":     {"must be a duration from %s to %s, such as 1h", "doit être une durée de %s à %s, comme 1h"},
		"error.alert_range":        {"must be from %v to %v", "doit être entre %v et %v"},
		"error.alert_kind":         {"must be spike, negative_share, reach or any", "doit être spike, negative_share, reach ou any"},
		"error.alert_channels":     {"at most %d channels", "au plus %d canaux"},
		"error.alert_channel":      {"channel %d (%s): %s", "canal %d (%s) : %s"},
		"error.alert_topic":        {"is not a topic of this workspace", "n'est pas un sujet de cet espace"},
		"error.incident_not_open":  {"this incident is not open (%s)", "cet incident n'est pas ouvert (%s)"},
		"error.stats_buckets":      {"too many points (%d): choose a longer interval or a shorter range", "trop de points (%d) : choisissez un intervalle plus long ou une période plus courte"},
		"error.stats_topics":       {"choose from 1 to %d topics", "choisissez de 1 à %d sujets"},
		"error.stats_range":        {"must be before to", "doit précéder la fin"},
		"error.stats_range_long":   {"the range is limited to two years", "la période est limitée à deux ans"},
		"error.stats_interval":     {"must be hour, day or week", "doit être hour, day ou week"},

		"alert.title.spike":          {"Spike of mentions: %s", "Pic de mentions : %s"},
		"alert.title.negative_share": {"Negative mentions rising: %s", "Mentions négatives en hausse : %s"},
		"alert.title.reach":          {"Influential author on %s", "Auteur influent sur %s"},
		"alert.title.any":            {"New mentions: %s", "Nouvelles mentions : %s"},
		"alert.reminder":             {"Reminder — %s", "Rappel — %s"},
		"alert.text":                 {"Workspace %s — incident opened %s, %d items so far.", "Espace %s — incident ouvert le %s, %d éléments pour l'instant."},
		"alert.field.observed":       {"Items in the window", "Éléments dans la fenêtre"},
		"alert.field.expected":       {"Usual level", "Niveau habituel"},
		"alert.field.score":          {"Score (robust deviations)", "Score (écarts robustes)"},
		"alert.field.method":         {"Baseline", "Référence"},
		"alert.field.window":         {"Window", "Fenêtre"},
		"alert.field.total":          {"Items", "Éléments"},
		"alert.field.negative":       {"Negative", "Négatifs"},
		"alert.field.share":          {"Negative share", "Part négative"},
		"alert.field.threshold":      {"Threshold", "Seuil"},
		"alert.field.items":          {"New items", "Nouveaux éléments"},
		"alert.field.followers":      {"Followers", "Abonnés"},
	})
}

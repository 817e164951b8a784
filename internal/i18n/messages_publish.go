package i18n

func init() {
	add(map[string][2]string{
		"error.channel_credentials": {"the network refused the credentials: %s", "le réseau a refusé les identifiants : %s"},
		"error.channel_in_use":      {"posts use this channel; it cannot be deleted", "des publications utilisent ce canal ; il ne peut pas être supprimé"},
		"error.channel_name_taken":  {"another channel of this workspace has this name", "un autre canal de cet espace porte ce nom"},
		"error.channel_type":        {"unknown channel type %q", "type de canal inconnu %q"},
		"error.channel_unknown":     {"channel %d is not a channel of this workspace", "le canal %d n'appartient pas à cet espace"},
		"error.channel_verify":      {"could not check the account: %s", "impossible de vérifier le compte : %s"},
		"error.channels_required":   {"choose at least one channel", "choisissez au moins un canal"},
		"error.crisis_active":       {"crisis mode is on: publishing is held", "le mode crise est actif : les publications sont retenues"},
		"error.media_unsupported":   {"media attachments are not supported yet", "les pièces jointes ne sont pas encore prises en charge"},
		"error.needs_approval":      {"this workspace requires approval before publishing", "cet espace exige une validation avant publication"},
		"error.no_slot":             {"channel %q has no free slot in its posting schedule", "le canal %q n'a pas de créneau libre dans son planning"},
		"error.post_empty":          {"the text is empty", "le texte est vide"},
		"error.post_sent":           {"the post was sent to %q; cancel it instead of deleting it", "la publication a été envoyée sur %q ; annulez-la au lieu de la supprimer"},
		"error.post_state":          {"cannot %s a post that is %s", "action « %s » impossible sur une publication à l'état %s"},
		"error.post_status":         {"unknown post status %q", "état de publication inconnu %q"},
		"error.post_too_long":       {"the text counts %d characters; the limit is %d", "le texte compte %d caractères ; la limite est %d"},
		"error.slot_invalid":        {"slot %d: day must be 0 (Sunday) to 6 and time HH:MM", "créneau %d : le jour va de 0 (dimanche) à 6 et l'heure s'écrit HH:MM"},
		"error.slot_value":          {"must be \"next\"", "doit valoir « next »"},
		"error.variant_attempted":   {"the post was already sent to channel %q; it cannot be removed", "la publication a déjà été envoyée sur le canal %q ; il ne peut pas être retiré"},
		"error.variant_channel":     {"is not one of the post's channels", "n'est pas l'un des canaux de la publication"},
		"error.when_and_slot":       {"give scheduled_at or slot, not both", "indiquez scheduled_at ou slot, pas les deux"},
		"error.when_invalid":        {"must be an RFC 3339 time (2026-05-04T09:00:00+02:00) or a local time in the workspace's time zone (2026-05-04T09:00)", "doit être une heure RFC 3339 (2026-05-04T09:00:00+02:00) ou une heure locale du fuseau de l'espace (2026-05-04T09:00)"},
		"error.when_past":           {"is in the past", "est dans le passé"},
		"error.calendar_token":      {"unknown or replaced calendar feed token", "jeton de calendrier inconnu ou remplacé"},
	})
}

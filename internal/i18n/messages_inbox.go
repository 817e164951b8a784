package i18n

func init() {
	// The engagement inbox: conversations, replies, saved replies, targets.
	add(map[string][2]string{
		"error.assignee":              {"is not a member of this workspace who can answer", "n'est pas un membre de cet espace pouvant répondre"},
		"error.assignee_filter":       {"must be a user id, me or none", "doit être un identifiant d'utilisateur, me ou none"},
		"error.mentioned_filter":      {"must be me", "doit valoir me"},
		"error.bulk_ids":              {"give from 1 to %d conversation ids", "indiquez de 1 à %d identifiants de conversation"},
		"error.business_hours":        {"%s", "%s"},
		"error.conversation_status":   {"must be open, pending or closed", "doit être open, pending ou closed"},
		"error.feedback_category":     {"must be one of %s", "doit être l'une des valeurs %s"},
		"error.first_response":        {"must be from 1 minute to 30 days", "doit être entre 1 minute et 30 jours"},
		"error.label":                 {"a label is 1 to 40 letters, digits, spaces, dots, dashes or underscores", "une étiquette compte de 1 à 40 lettres, chiffres, espaces, points, tirets ou soulignés"},
		"error.labels_count":          {"at most %d labels", "au plus %d étiquettes"},
		"error.note_body":             {"a note has from 1 to %d characters", "une note compte de 1 à %d caractères"},
		"error.reply_channel":         {"no channel of this workspace can answer on %s: connect one", "aucun canal de cet espace ne peut répondre sur %s : connectez-en un"},
		"error.reply_channel_config":  {"the channel cannot be used: %s", "le canal est inutilisable : %s"},
		"error.reply_channel_network": {"a %s channel cannot answer on %s", "un canal %s ne peut pas répondre sur %s"},
		"error.reply_target":          {"is not an item of this conversation", "n'est pas un élément de cette conversation"},
		"error.reply_unsupported":     {"replies through %s channels are not supported", "les réponses par les canaux %s ne sont pas prises en charge"},
		"error.saved_reply_body":      {"a saved reply has from 1 to %d characters", "une réponse enregistrée compte de 1 à %d caractères"},
		"error.saved_reply_lang":      {"must be a two-letter language code such as en or fr", "doit être un code de langue à deux lettres comme en ou fr"},
		"error.saved_reply_missing":   {"is not a saved reply of this workspace", "n'est pas une réponse enregistrée de cet espace"},
		"error.saved_reply_name":      {"a name has from 1 to %d characters", "un nom compte de 1 à %d caractères"},
		"error.saved_reply_taken":     {"a saved reply of this workspace has this name and language", "une réponse enregistrée de cet espace porte ce nom dans cette langue"},
		"error.saved_reply_variable":  {"%s", "%s"},
	})
}

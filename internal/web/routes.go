package web

import (
	"net/http"

	"github.com/parvis/parvis/internal/publish"
)

// This file lists every page route: Routes, and the routes of each area.

// Routes registers every page on mux. Templates and assets are embedded in
// the binary, so failing to parse them is a build defect: Routes panics.
func Routes(mux *http.ServeMux, d *Deps) {
	s, err := newServer(d)
	if err != nil {
		panic("web: " + err.Error())
	}

	mux.Handle("GET /static/{file}", staticHandler(s.assets))

	mux.HandleFunc("GET /{$}", s.root)
	mux.HandleFunc("GET /setup", s.setupPage)
	mux.HandleFunc("POST /setup", s.setup)
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("POST /lang", s.setLang)

	mux.HandleFunc("GET /account", s.user(s.accountPage))
	mux.HandleFunc("POST /account", s.user(s.updateAccount))
	mux.HandleFunc("GET /account/tokens", s.user(s.tokensPage))
	mux.HandleFunc("POST /account/tokens", s.user(s.createToken))
	mux.HandleFunc("POST /account/tokens/{id}/revoke", s.user(s.revokeToken))

	mux.HandleFunc("GET /workspaces/new", s.user(s.newWorkspacePage))
	mux.HandleFunc("POST /workspaces", s.user(s.createWorkspace))

	mux.HandleFunc("GET /w/{ws}/{$}", s.inWorkspace(s.workspaceHome))
	listenRoutes(mux, s)
	if d.Topics != nil {
		topicRoutes(mux, s)
	}
	if d.Publish != nil {
		publishRoutes(mux, s)
	}
	if d.Contacts != nil {
		contactRoutes(mux, s)
	}
	if d.Inbox != nil {
		inboxRoutes(mux, s)
	}
	for _, a := range areas {
		if a.Slug == "listening" || (a.Slug == "publishing" && d.Publish != nil) || (a.Slug == "inbox" && d.Inbox != nil) {
			continue // built: listenRoutes, publishRoutes, inboxRoutes
		}
		mux.HandleFunc("GET /w/{ws}/"+a.Slug, s.inWorkspace(s.areaPage(a)))
	}
	mux.HandleFunc("GET /w/{ws}/settings", s.inWorkspace(s.settingsPage))
	mux.HandleFunc("POST /w/{ws}/settings", s.inWorkspace(s.updateSettings))
	mux.HandleFunc("GET /w/{ws}/settings/members", s.inWorkspace(s.membersPage))
	mux.HandleFunc("POST /w/{ws}/settings/members", s.inWorkspace(s.addMember))
	mux.HandleFunc("POST /w/{ws}/settings/members/{user}/role", s.inWorkspace(s.setRole))
	mux.HandleFunc("POST /w/{ws}/settings/members/{user}/remove", s.inWorkspace(s.removeMember))
	mux.HandleFunc("POST /w/{ws}/settings/invites/{id}/revoke", s.inWorkspace(s.revokeInvite))
	mux.HandleFunc("GET /w/{ws}/settings/audit", s.inWorkspace(s.auditPage))
	mux.HandleFunc("GET /w/{ws}/settings/jobs", s.inWorkspace(s.jobsPage))
	mux.HandleFunc("POST /w/{ws}/settings/jobs/{id}/retry", s.inWorkspace(s.retryJob))

	mux.HandleFunc("GET /invite/{token}", s.invitePage)
	mux.HandleFunc("POST /invite/{token}/accept", s.user(s.acceptInvite))
	mux.HandleFunc("POST /invite/{token}/register", s.registerWithInvite)

	// Any other path (outside /api/, which answers in JSON) is an HTML 404.
	mux.HandleFunc("/", s.notFound)
}

// listenRoutes registers the listening pages: the stream of items (with its
// live updates), the sources and the import.
func listenRoutes(mux *http.ServeMux, s *server) {
	mux.HandleFunc("GET /w/{ws}/listening", s.inWorkspace(s.streamPage))
	mux.HandleFunc("GET /w/{ws}/listening/live", s.inWorkspace(s.liveItems))
	mux.HandleFunc("GET /w/{ws}/listening/sources", s.inWorkspace(s.sourcesPage))
	mux.HandleFunc("GET /w/{ws}/listening/sources/new", s.inWorkspace(s.newSourcePage))
	mux.HandleFunc("POST /w/{ws}/listening/sources", s.inWorkspace(s.createSource))
	mux.HandleFunc("GET /w/{ws}/listening/sources/{id}", s.inWorkspace(s.sourcePage))
	mux.HandleFunc("POST /w/{ws}/listening/sources/{id}", s.inWorkspace(s.updateSource))
	mux.HandleFunc("POST /w/{ws}/listening/sources/{id}/run", s.inWorkspace(s.runSource))
	mux.HandleFunc("POST /w/{ws}/listening/sources/{id}/pause", s.inWorkspace(s.setSourceEnabled(false)))
	mux.HandleFunc("POST /w/{ws}/listening/sources/{id}/resume", s.inWorkspace(s.setSourceEnabled(true)))
	mux.HandleFunc("POST /w/{ws}/listening/sources/{id}/delete", s.inWorkspace(s.deleteSource))
	mux.HandleFunc("GET /w/{ws}/listening/import", s.inWorkspace(s.importPage))
	mux.HandleFunc("POST /w/{ws}/listening/import", s.inWorkspace(s.importItems))
}

// topicRoutes registers the pages of topics, their dashboards and the
// comparison, their alert rules and incidents, and crisis mode. They live
// in the Listening area.
func topicRoutes(mux *http.ServeMux, s *server) {
	mux.HandleFunc("GET /w/{ws}/listening/topics", s.inWorkspace(s.topicsPage))
	mux.HandleFunc("GET /w/{ws}/listening/topics/new", s.inWorkspace(s.newTopicPage))
	mux.HandleFunc("POST /w/{ws}/listening/topics", s.inWorkspace(s.createTopic))
	mux.HandleFunc("GET /w/{ws}/listening/topics/{id}", s.inWorkspace(s.topicDashboard))
	mux.HandleFunc("GET /w/{ws}/listening/topics/{id}/stats.csv", s.inWorkspace(s.topicStatsCSV))
	mux.HandleFunc("GET /w/{ws}/listening/topics/{id}/live", s.inWorkspace(s.liveTopic))
	mux.HandleFunc("GET /w/{ws}/listening/topics/{id}/edit", s.inWorkspace(s.editTopicPage))
	mux.HandleFunc("POST /w/{ws}/listening/topics/{id}", s.inWorkspace(s.updateTopic))
	mux.HandleFunc("POST /w/{ws}/listening/topics/{id}/delete", s.inWorkspace(s.deleteTopic))
	mux.HandleFunc("GET /w/{ws}/listening/compare", s.inWorkspace(s.comparePage))
	mux.HandleFunc("GET /w/{ws}/listening/compare.csv", s.inWorkspace(s.compareCSV))
	mux.HandleFunc("GET /w/{ws}/listening/alerts", s.inWorkspace(s.alertsPage))
	mux.HandleFunc("POST /w/{ws}/listening/alerts", s.inWorkspace(s.createAlert))
	mux.HandleFunc("GET /w/{ws}/listening/alerts/{id}", s.inWorkspace(s.editAlertPage))
	mux.HandleFunc("POST /w/{ws}/listening/alerts/{id}", s.inWorkspace(s.updateAlert))
	mux.HandleFunc("POST /w/{ws}/listening/alerts/{id}/enable", s.inWorkspace(s.setAlertEnabled(true)))
	mux.HandleFunc("POST /w/{ws}/listening/alerts/{id}/disable", s.inWorkspace(s.setAlertEnabled(false)))
	mux.HandleFunc("GET /w/{ws}/listening/alerts/{id}/delete", s.inWorkspace(s.deleteAlertPage))
	mux.HandleFunc("POST /w/{ws}/listening/alerts/{id}/delete", s.inWorkspace(s.deleteAlert))
	mux.HandleFunc("GET /w/{ws}/listening/incidents", s.inWorkspace(s.incidentsPage))
	mux.HandleFunc("GET /w/{ws}/listening/incidents/{id}", s.inWorkspace(s.incidentPage))
	mux.HandleFunc("POST /w/{ws}/listening/incidents/{id}/ack", s.inWorkspace(s.ackIncident))
	mux.HandleFunc("GET /w/{ws}/crisis", s.inWorkspace(s.crisisPage))
	mux.HandleFunc("POST /w/{ws}/crisis", s.inWorkspace(s.setCrisis))
}

// publishRoutes registers the publishing pages: the editorial calendar
// (month and week), the composer and a post's page with its workflow.
func publishRoutes(mux *http.ServeMux, s *server) {
	mux.HandleFunc("GET /w/{ws}/publishing", s.inWorkspace(s.calendarPage))
	mux.HandleFunc("GET /w/{ws}/publishing/new", s.inWorkspace(s.composerPage))
	mux.HandleFunc("POST /w/{ws}/publishing/posts", s.inWorkspace(s.composePost))
	mux.HandleFunc("GET /w/{ws}/publishing/posts/{id}", s.inWorkspace(s.postPage))
	mux.HandleFunc("POST /w/{ws}/publishing/posts/{id}/reschedule", s.inWorkspace(s.reschedulePost))
	mux.HandleFunc("POST /w/{ws}/publishing/posts/{id}/{action}", s.inWorkspace(s.postActionForm))
	mux.HandleFunc("GET /w/{ws}/publishing/channels", s.inWorkspace(s.channelsPage))
	mux.HandleFunc("POST /w/{ws}/publishing/channels/mastodon", s.inWorkspace(s.connectMastodon))
	mux.HandleFunc("GET /w/{ws}/publishing/channels/new", s.inWorkspace(s.newChannelPage))
	mux.HandleFunc("POST /w/{ws}/publishing/channels", s.inWorkspace(s.createChannel))
	mux.HandleFunc("GET /w/{ws}/publishing/channels/{id}", s.inWorkspace(s.channelPage))
	mux.HandleFunc("POST /w/{ws}/publishing/channels/{id}", s.inWorkspace(s.updateChannel))
	mux.HandleFunc("POST /w/{ws}/publishing/channels/{id}/delete", s.inWorkspace(s.deleteChannel))
	mux.HandleFunc("GET "+publish.MastodonCallbackPath, s.user(s.mastodonCallback))
}

// contactRoutes registers the community directory and the feedback pages.
func contactRoutes(mux *http.ServeMux, s *server) {
	mux.HandleFunc("GET /w/{ws}/contacts", s.inWorkspace(s.contactsPage))
	mux.HandleFunc("GET /w/{ws}/contacts/top", s.inWorkspace(s.topContactsPage))
	mux.HandleFunc("GET /w/{ws}/contacts/settings", s.inWorkspace(s.contactSettingsPage))
	mux.HandleFunc("POST /w/{ws}/contacts/settings", s.inWorkspace(s.saveContactSettings))
	mux.HandleFunc("GET /w/{ws}/contacts/{id}", s.inWorkspace(s.contactPage))
	mux.HandleFunc("POST /w/{ws}/contacts/{id}", s.inWorkspace(s.updateContact))
	mux.HandleFunc("POST /w/{ws}/contacts/{id}/merge", s.inWorkspace(s.mergeContact()))
	mux.HandleFunc("POST /w/{ws}/contacts/{id}/unmerge", s.inWorkspace(s.unmergeContact()))
	mux.HandleFunc("POST /w/{ws}/contacts/{id}/not-same", s.inWorkspace(s.notSameContact()))
	mux.HandleFunc("GET /w/{ws}/contacts/{id}/export", s.inWorkspace(s.exportContact))
	mux.HandleFunc("GET /w/{ws}/contacts/{id}/erase", s.inWorkspace(s.eraseContactPage))
	mux.HandleFunc("POST /w/{ws}/contacts/{id}/erase", s.inWorkspace(s.eraseContact))
	mux.HandleFunc("GET /w/{ws}/feedback", s.inWorkspace(s.feedbackPage))
	mux.HandleFunc("POST /w/{ws}/feedback", s.inWorkspace(s.markFeedback))
}

// inboxRoutes registers the inbox pages: the list of conversations (with
// bulk actions and live updates), a conversation, the saved replies and
// the inbox settings.
func inboxRoutes(mux *http.ServeMux, s *server) {
	mux.HandleFunc("GET /w/{ws}/inbox", s.inWorkspace(s.inboxPage))
	mux.HandleFunc("POST /w/{ws}/inbox/bulk", s.inWorkspace(s.inboxBulk))
	mux.HandleFunc("GET /w/{ws}/inbox/live", s.inWorkspace(s.inboxLive))
	mux.HandleFunc("GET /w/{ws}/inbox/saved-replies", s.inWorkspace(s.savedRepliesPage))
	mux.HandleFunc("POST /w/{ws}/inbox/saved-replies", s.inWorkspace(s.createSavedReply))
	mux.HandleFunc("POST /w/{ws}/inbox/saved-replies/{id}/edit", s.inWorkspace(s.updateSavedReply))
	mux.HandleFunc("POST /w/{ws}/inbox/saved-replies/{id}/delete", s.inWorkspace(s.deleteSavedReply))
	mux.HandleFunc("GET /w/{ws}/inbox/settings", s.inWorkspace(s.inboxSettingsPage))
	mux.HandleFunc("POST /w/{ws}/inbox/settings", s.inWorkspace(s.updateInboxSettings))
	mux.HandleFunc("GET /w/{ws}/inbox/{id}", s.inWorkspace(s.conversationPage))
	mux.HandleFunc("POST /w/{ws}/inbox/{id}", s.inWorkspace(s.updateConversation))
	mux.HandleFunc("POST /w/{ws}/inbox/{id}/notes", s.inWorkspace(s.addConversationNote))
	mux.HandleFunc("POST /w/{ws}/inbox/{id}/replies", s.inWorkspace(s.replyToConversation))
}

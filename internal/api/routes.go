package api

import (
	"net/http"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/httpx"
)

// Route is one registered API route (method and pattern), listed so that a
// test can check the OpenAPI document against it.
type Route struct {
	Method, Path string
}

// Routes registers every API route on mux and returns them.
func Routes(mux *http.ServeMux, d *Deps) []Route {
	var routes []Route
	handle := func(method, path string, h http.Handler) {
		mux.Handle(method+" "+path, h)
		routes = append(routes, Route{method, path})
	}
	handle("GET", "/api/v1/openapi.json", openAPIHandler())

	handle("GET", "/api/v1/me", d.serve(d.getMe))
	handle("PATCH", "/api/v1/me", d.serve(d.patchMe))

	handle("GET", "/api/v1/tokens", d.serve(d.listTokens))
	handle("POST", "/api/v1/tokens", d.serve(d.createToken))
	handle("DELETE", "/api/v1/tokens/{id}", d.serve(d.revokeToken))

	handle("GET", "/api/v1/workspaces", d.serve(d.listWorkspaces))
	handle("POST", "/api/v1/workspaces", d.serve(d.createWorkspace))
	handle("GET", "/api/v1/workspaces/{ws}", d.serve(d.getWorkspace))
	handle("PATCH", "/api/v1/workspaces/{ws}", d.serve(d.patchWorkspace))
	handle("DELETE", "/api/v1/workspaces/{ws}", d.serve(d.deleteWorkspace))

	handle("GET", "/api/v1/workspaces/{ws}/members", d.serve(d.listMembers))
	handle("POST", "/api/v1/workspaces/{ws}/members", d.serve(d.addMember))
	handle("PATCH", "/api/v1/workspaces/{ws}/members/{user}", d.serve(d.patchMember))
	handle("DELETE", "/api/v1/workspaces/{ws}/members/{user}", d.serve(d.removeMember))
	handle("GET", "/api/v1/workspaces/{ws}/invites", d.serve(d.listInvites))
	handle("POST", "/api/v1/workspaces/{ws}/invites", d.serve(d.createInvite))
	handle("DELETE", "/api/v1/workspaces/{ws}/invites/{id}", d.serve(d.revokeInvite))
	handle("POST", "/api/v1/invites/{token}/accept", d.serve(d.acceptInvite))

	handle("GET", "/api/v1/workspaces/{ws}/audit", d.serve(d.listAudit))
	handle("GET", "/api/v1/workspaces/{ws}/jobs", d.serve(d.listFailedJobs))
	handle("POST", "/api/v1/workspaces/{ws}/jobs/{id}/retry", d.serve(d.retryJob))

	handle("GET", "/api/v1/source-types", d.serve(d.listSourceTypes))
	handle("GET", "/api/v1/workspaces/{ws}/sources", d.serve(d.listSources))
	handle("POST", "/api/v1/workspaces/{ws}/sources", d.serve(d.createSource))
	handle("GET", "/api/v1/workspaces/{ws}/sources/{id}", d.serve(d.getSource))
	handle("PATCH", "/api/v1/workspaces/{ws}/sources/{id}", d.serve(d.patchSource))
	handle("DELETE", "/api/v1/workspaces/{ws}/sources/{id}", d.serve(d.deleteSource))
	handle("POST", "/api/v1/workspaces/{ws}/sources/{id}/run", d.serve(d.runSource))
	handle("GET", "/api/v1/workspaces/{ws}/items", d.serve(d.listItems))
	handle("GET", "/api/v1/workspaces/{ws}/items/{id}", d.serve(d.getItem))
	handle("POST", "/api/v1/workspaces/{ws}/import", d.serve(d.importItems))

	// Publishing: channels, posts and their workflow, calendar feed.
	handle("GET", "/api/v1/channel-types", d.serve(d.listChannelTypes))
	handle("GET", "/api/v1/workspaces/{ws}/channels", d.serve(d.listChannels))
	handle("POST", "/api/v1/workspaces/{ws}/channels", d.serve(d.createChannel))
	handle("POST", "/api/v1/workspaces/{ws}/channels/mastodon/authorize", d.serve(d.startMastodonOAuth))
	handle("GET", "/api/v1/workspaces/{ws}/channels/{id}", d.serve(d.getChannel))
	handle("PATCH", "/api/v1/workspaces/{ws}/channels/{id}", d.serve(d.patchChannel))
	handle("DELETE", "/api/v1/workspaces/{ws}/channels/{id}", d.serve(d.deleteChannel))
	handle("GET", "/api/v1/workspaces/{ws}/posts", d.serve(d.listPosts))
	handle("POST", "/api/v1/workspaces/{ws}/posts", d.serve(d.createPost))
	handle("POST", "/api/v1/workspaces/{ws}/posts/bulk", d.serve(d.bulkPosts))
	handle("POST", "/api/v1/workspaces/{ws}/media", d.serve(d.uploadMedia))
	handle("GET", "/api/v1/workspaces/{ws}/posts/{id}", d.serve(d.getPost))
	handle("PATCH", "/api/v1/workspaces/{ws}/posts/{id}", d.serve(d.patchPost))
	handle("DELETE", "/api/v1/workspaces/{ws}/posts/{id}", d.serve(d.deletePost))
	handle("GET", "/api/v1/workspaces/{ws}/posts/{id}/attempts", d.serve(d.getPostAttempts))
	handle("GET", "/api/v1/workspaces/{ws}/posts/{id}/links", d.serve(d.getPostLinks))
	handle("POST", "/api/v1/workspaces/{ws}/posts/{id}/{action}", d.serve(d.postAction))
	handle("GET", "/api/v1/workspaces/{ws}/publish-settings", d.serve(d.getPublishSettings))
	handle("PATCH", "/api/v1/workspaces/{ws}/publish-settings", d.serve(d.patchPublishSettings))
	handle("POST", "/api/v1/workspaces/{ws}/calendar-token", d.serve(d.createCalendarToken))
	handle("GET", "/api/v1/workspaces/{ws}/feeds", d.serve(d.listFeeds))
	handle("POST", "/api/v1/workspaces/{ws}/feeds", d.serve(d.createFeed))
	handle("DELETE", "/api/v1/workspaces/{ws}/feeds/{id}", d.serve(d.deleteFeed))
	handle("GET", "/api/v1/workspaces/{ws}/calendar.ics", d.calendarICS())

	handle("GET", "/api/v1/workspaces/{ws}/topics", d.serve(d.listTopics))
	handle("POST", "/api/v1/workspaces/{ws}/topics", d.serve(d.createTopic))
	handle("GET", "/api/v1/workspaces/{ws}/topics/compare", d.serve(d.compareTopics))
	handle("GET", "/api/v1/workspaces/{ws}/topics/{id}", d.serve(d.getTopic))
	handle("PATCH", "/api/v1/workspaces/{ws}/topics/{id}", d.serve(d.patchTopic))
	handle("DELETE", "/api/v1/workspaces/{ws}/topics/{id}", d.serve(d.deleteTopic))
	handle("GET", "/api/v1/workspaces/{ws}/topics/{id}/items", d.serve(d.listTopicItems))
	handle("GET", "/api/v1/workspaces/{ws}/topics/{id}/stats", d.serve(d.topicStats))
	handle("GET", "/api/v1/workspaces/{ws}/alerts", d.serve(d.listAlerts))
	handle("POST", "/api/v1/workspaces/{ws}/alerts", d.serve(d.createAlert))
	handle("GET", "/api/v1/workspaces/{ws}/alerts/{id}", d.serve(d.getAlert))
	handle("PATCH", "/api/v1/workspaces/{ws}/alerts/{id}", d.serve(d.patchAlert))
	handle("DELETE", "/api/v1/workspaces/{ws}/alerts/{id}", d.serve(d.deleteAlert))
	handle("GET", "/api/v1/workspaces/{ws}/incidents", d.serve(d.listIncidents))
	handle("GET", "/api/v1/workspaces/{ws}/incidents/{id}", d.serve(d.getIncident))
	handle("POST", "/api/v1/workspaces/{ws}/incidents/{id}/ack", d.serve(d.ackIncident))
	handle("GET", "/api/v1/workspaces/{ws}/crisis", d.serve(d.getCrisis))
	handle("PUT", "/api/v1/workspaces/{ws}/crisis", d.serve(d.putCrisis))

	// Engagement inbox: conversations, notes, replies, saved replies, targets.
	handle("GET", "/api/v1/workspaces/{ws}/conversations", d.serve(d.listConversations))
	handle("POST", "/api/v1/workspaces/{ws}/conversations/bulk", d.serve(d.bulkConversations))
	handle("GET", "/api/v1/workspaces/{ws}/conversations/{id}", d.serve(d.getConversation))
	handle("PATCH", "/api/v1/workspaces/{ws}/conversations/{id}", d.serve(d.patchConversation))
	handle("POST", "/api/v1/workspaces/{ws}/conversations/{id}/notes", d.serve(d.addConversationNote))
	handle("POST", "/api/v1/workspaces/{ws}/conversations/{id}/replies", d.serve(d.replyToConversation))
	handle("GET", "/api/v1/workspaces/{ws}/saved-replies", d.serve(d.listSavedReplies))
	handle("POST", "/api/v1/workspaces/{ws}/saved-replies", d.serve(d.createSavedReply))
	handle("PATCH", "/api/v1/workspaces/{ws}/saved-replies/{id}", d.serve(d.updateSavedReply))
	handle("DELETE", "/api/v1/workspaces/{ws}/saved-replies/{id}", d.serve(d.deleteSavedReply))
	handle("GET", "/api/v1/workspaces/{ws}/inbox-settings", d.serve(d.getInboxSettings))
	handle("PUT", "/api/v1/workspaces/{ws}/inbox-settings", d.serve(d.putInboxSettings))

	// Community directory and feedback for leadership.
	handle("GET", "/api/v1/workspaces/{ws}/contacts", d.serve(d.listContacts))
	handle("GET", "/api/v1/workspaces/{ws}/contacts/suggestions", d.serve(d.contactSuggestions))
	handle("POST", "/api/v1/workspaces/{ws}/contacts/suggestions/dismiss", d.serve(d.dismissSuggestion))
	handle("GET", "/api/v1/workspaces/{ws}/contacts/top", d.serve(d.topContacts))
	handle("GET", "/api/v1/workspaces/{ws}/contacts/{id}", d.serve(d.getContact))
	handle("PATCH", "/api/v1/workspaces/{ws}/contacts/{id}", d.serve(d.patchContact))
	handle("DELETE", "/api/v1/workspaces/{ws}/contacts/{id}", d.serve(d.eraseContact))
	handle("POST", "/api/v1/workspaces/{ws}/contacts/{id}/merge", d.serve(d.mergeContact))
	handle("POST", "/api/v1/workspaces/{ws}/contacts/{id}/unmerge", d.serve(d.unmergeContact))
	handle("GET", "/api/v1/workspaces/{ws}/contacts/{id}/export", d.serve(d.exportContact))
	handle("GET", "/api/v1/workspaces/{ws}/contact-settings", d.serve(d.getContactSettings))
	handle("PUT", "/api/v1/workspaces/{ws}/contact-settings", d.serve(d.putContactSettings))
	handle("GET", "/api/v1/workspaces/{ws}/feedback", d.serve(d.getFeedback))
	handle("POST", "/api/v1/workspaces/{ws}/feedback", d.serve(d.markFeedback))
	handle("GET", "/api/v1/workspaces/{ws}/feedback/digests", d.serve(d.listFeedbackDigests))

	// Short links of published posts (not under /api: they are public).
	mux.Handle("GET /l/{code}", d.followShortLink())

	// Webhook sources: the secret URL is the credential (not under /api).
	mux.Handle("POST /hooks/{token}", d.receiveWebhook())

	// Anything else under /api/ is a JSON 404, not an HTML page.
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteError(w, r, d.Log, apperr.NotFound("route"))
	}))
	return routes
}

package app

import (
	"context"
	"fmt"
	"testing"
)

// TestInboxEndToEnd: a mention imported through the API lands in the
// inbox, is assigned, annotated, answered (refused without a channel),
// closed and counted, on both engines, through the real server.
func TestInboxEndToEnd(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, base, token := serveAsUser(t, ctx, engine)
			_, me := call(t, "GET", base+"/api/v1/me", token, "")
			if code, ws := call(t, "POST", base+"/api/v1/workspaces", token, `{"name":"Acme","time_zone":"Europe/Paris","language":"fr"}`); code != 201 {
				t.Fatalf("workspace: %d %v", code, ws)
			}
			api := base + "/api/v1/workspaces/acme"
			code, res := call(t, "POST", api+"/import", token,
				`{"network":"bluesky","external_id":"at://did:plc:lea/app.bsky.feed.post/1","kind":"mention","author":{"handle":"lea.bsky.social","name":"Léa"},"text":"@acme la livraison est en retard","created_at":"2026-03-27T09:00:00Z","thread_id":"at://did:plc:lea/app.bsky.feed.post/1"}`+"\n")
			if code != 200 || res["imported"] != float64(1) {
				t.Fatalf("import: %d %v", code, res)
			}
			code, page := call(t, "GET", api+"/conversations?status=open&q=livraison", token, "")
			items, _ := page["items"].([]any)
			if code != 200 || len(items) != 1 {
				t.Fatalf("conversations: %d %v", code, page)
			}
			id := fmt.Sprint(items[0].(map[string]any)["id"])
			if code, c := call(t, "PATCH", api+"/conversations/"+id, token, fmt.Sprintf(`{"assignee_id":%v,"labels":["delivery"],"seen":true}`, me["id"])); code != 200 ||
				c["assignee_id"] != me["id"] {
				t.Fatalf("assign: %d %v", code, c)
			}
			if code, n := call(t, "POST", api+"/conversations/"+id+"/notes", token, `{"body":"@ada je m'en occupe"}`); code != 201 || len(n["mentions"].([]any)) != 1 {
				t.Fatalf("note: %d %v", code, n)
			}
			if code, sr := call(t, "POST", api+"/saved-replies", token, `{"name":"retard","lang":"fr","body":"Bonjour {{author_name}}, nous regardons."}`); code != 201 {
				t.Fatalf("saved reply: %d %v", code, sr)
			}
			code, body := call(t, "POST", api+"/conversations/"+id+"/replies", token, `{"saved_reply_id":1}`)
			if code != 400 || body["error"].(map[string]any)["field"] != "channel_id" {
				t.Fatalf("reply without a channel: %d %v", code, body)
			}
			if code, c := call(t, "PATCH", api+"/conversations/"+id, token, `{"status":"closed"}`); code != 200 || c["status"] != "closed" || c["resolved_at"] == nil {
				t.Fatalf("close: %d %v", code, c)
			}
			code, d := call(t, "GET", api+"/conversations/"+id, token, "")
			if code != 200 || len(d["notes"].([]any)) != 1 || len(d["seen_by"].([]any)) != 1 || len(d["items"].([]any)) != 1 {
				t.Fatalf("detail: %d %v", code, d)
			}
			if code, _ := call(t, "GET", api+"/conversations?assignee=bogus", token, ""); code != 400 {
				t.Fatalf("bad filter: %d", code)
			}
		})
	}
}

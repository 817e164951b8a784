package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestDirectoryEndToEnd: a mention imported through the API lands in the
// inbox and its author in the directory; the same person on Mastodon is
// suggested, merged, marked as feedback, exported and erased, on both
// engines, through the real server.
func TestDirectoryEndToEnd(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, base, token := serveAsUser(t, ctx, engine)
			if code, ws := call(t, "POST", base+"/api/v1/workspaces", token, `{"name":"Acme","time_zone":"Europe/Paris","language":"fr"}`); code != 201 {
				t.Fatalf("workspace: %d %v", code, ws)
			}
			api := base + "/api/v1/workspaces/acme"
			code, res := call(t, "POST", api+"/import", token,
				`{"network":"bluesky","external_id":"at://did:plc:lea/app.bsky.feed.post/1","kind":"mention","author":{"handle":"lea.bsky.social","name":"Léa Martin","followers":1200},"text":"@acme la livraison est en retard","created_at":"2026-03-27T09:00:00Z","thread_id":"at://did:plc:lea/app.bsky.feed.post/1","metrics":{"likes":30}}`+"\n"+
					`{"network":"mastodon","external_id":"https://m.social/@lea/1","kind":"post","author":{"handle":"lea@m.social","name":"Léa Martin"},"text":"Acme, toujours pas de colis","created_at":"2026-03-27T10:00:00Z"}`+"\n")
			if code != 200 || res["imported"] != float64(2) {
				t.Fatalf("import: %d %v", code, res)
			}
			code, page := call(t, "GET", api+"/contacts", token, "")
			list, _ := page["contacts"].([]any)
			if code != 200 || len(list) != 2 {
				t.Fatalf("contacts: %d %v", code, page)
			}
			code, sg := call(t, "GET", api+"/contacts/suggestions", token, "")
			pairs, _ := sg["suggestions"].([]any)
			if code != 200 || len(pairs) != 1 {
				t.Fatalf("suggestions: %d %v", code, sg)
			}
			pair := pairs[0].(map[string]any)
			a := fmt.Sprint(pair["a"].(map[string]any)["id"])
			b := fmt.Sprint(pair["b"].(map[string]any)["id"])
			if code, c := call(t, "POST", api+"/contacts/"+a+"/merge", token, `{"contact_id":`+b+`}`); code != 200 || len(c["identities"].([]any)) != 2 {
				t.Fatalf("merge: %d %v", code, c)
			}
			code, d := call(t, "GET", api+"/contacts/"+a, token, "")
			if code != 200 || len(d["items"].([]any)) != 2 || len(d["conversations"].([]any)) != 1 || d["score"].(map[string]any)["influence"].(float64) <= 0 {
				t.Fatalf("contact: %d %v", code, d)
			}
			item := fmt.Sprint(d["items"].([]any)[0].(map[string]any)["id"])
			if code, f := call(t, "POST", api+"/feedback", token, `{"item_id":`+item+`,"category":"service","note":"livraison"}`); code != 200 {
				t.Fatalf("feedback: %d %v", code, f)
			}
			if code, s := call(t, "GET", api+"/feedback?from=2026-01-01", token, ""); code != 200 || s["total"] != float64(1) {
				t.Fatalf("feedback summary: %d %v", code, s)
			}
			if code, x := call(t, "GET", api+"/contacts/"+a+"/export", token, ""); code != 200 || len(x["items"].([]any)) != 2 || len(x["feedback"].([]any)) != 1 {
				t.Fatalf("export: %d %v", code, x)
			}
			if code, s := call(t, "GET", api+"/items?q=livraison", token, ""); code != 200 || !strings.Contains(fmt.Sprint(s), "livraison") {
				t.Fatalf("search before erasure: %d %v", code, s)
			}
			if code, r := call(t, "DELETE", api+"/contacts/"+a, token, ""); code != 200 || r["items"] != float64(2) {
				t.Fatalf("erase: %d %v", code, r)
			}
			if code, s := call(t, "GET", api+"/items?q=livraison", token, ""); code != 200 || strings.Contains(fmt.Sprint(s), "livraison") {
				t.Fatalf("search after erasure: %d %v", code, s)
			}
			if code, page := call(t, "GET", api+"/contacts", token, ""); code != 200 || len(page["contacts"].([]any)) != 0 {
				t.Fatalf("contacts after erasure: %d %v", code, page)
			}
		})
	}
}

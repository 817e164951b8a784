package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/topics"
)

func TestAlertRuleEdit(t *testing.T) {
	w := newTopicWorld(t)
	tp := w.topic("Acme", "acme", "brand")
	rv, err := w.Topics.CreateRule(as(w.owner), "acme", topics.RuleInput{TopicID: tp.ID, Kind: "spike", Name: "Peaks",
		Params: topics.Params{Window: "2h", Sensitivity: 4},
		Notify: []notify.Channel{{Type: "webhook", URL: "https://hooks.example.com/secret-path", Secret: "s3cret"}}})
	if err != nil {
		t.Fatal(err)
	}
	edit := fmt.Sprintf("/w/acme/listening/alerts/%d", rv.ID)

	// The list links to the form, which shows the rule's settings but
	// neither the webhook's path nor its secret.
	w.ownerC.get("/w/acme/listening/alerts").want(t, http.StatusOK, `href="`+edit+`"`, `action="`+edit+`/disable"`, `href="`+edit+`/delete"`)
	f := w.ownerC.get(edit)
	f.want(t, http.StatusOK, `value="Peaks"`, `value="2h"`, `value="4"`, `id="f-enabled" name="enabled" value="on" checked`, "https://hooks.example.com/…")
	if strings.Contains(f.Body, "secret-path") || strings.Contains(f.Body, "s3cret") {
		t.Error("the edit form shows the webhook's credentials")
	}

	// Changing the thresholds keeps the channels unless asked otherwise.
	w.ownerC.post(edit, "name", "Big peaks", "window", "30m", "sensitivity", "5,5", "min_count", "12").
		redirectsTo(t, fmt.Sprintf("/w/acme/listening/alerts?topic=%d", tp.ID))
	got, err := w.Topics.Rule(as(w.owner), "acme", rv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Big peaks" || got.Window != "30m" || got.Sensitivity != 5.5 || got.MinCount != 12 || got.Enabled ||
		len(got.Notify) != 1 || got.Notify[0].Type != "webhook" || !got.Notify[0].HasSecret {
		t.Errorf("after the edit (enabled box unticked): %+v", got)
	}

	// A bad value is named at its field, and nothing changes.
	bad := w.ownerC.post(edit, "name", "Big peaks", "enabled", "on", "window", "1s")
	bad.want(t, http.StatusBadRequest, `aria-invalid="true"`, `value="1s"`)
	if again, _ := w.Topics.Rule(as(w.owner), "acme", rv.ID); again.Window != "30m" || again.Enabled {
		t.Errorf("an invalid edit changed the rule: %+v", again)
	}

	// Replacing the channels: an e-mail instead of the webhook.
	w.ownerC.post(edit, "name", "Big peaks", "enabled", "on", "replace_channels", "on", "ch1_type", "email", "ch1_to", "a@example.com, b@example.com").
		redirectsTo(t, fmt.Sprintf("/w/acme/listening/alerts?topic=%d", tp.ID))
	got, _ = w.Topics.Rule(as(w.owner), "acme", rv.ID)
	if !got.Enabled || got.Window != "" || len(got.Notify) != 1 || got.Notify[0].Type != "email" || strings.Join(got.Notify[0].To, ",") != "a@example.com,b@example.com" {
		t.Errorf("after replacing the channels: %+v", got)
	}

	// The list's button turns it off and on.
	w.ownerC.post(edit+"/disable").redirectsTo(t, fmt.Sprintf("/w/acme/listening/alerts?topic=%d", tp.ID))
	if got, _ := w.Topics.Rule(as(w.owner), "acme", rv.ID); got.Enabled {
		t.Error("disable left the rule enabled")
	}
	w.ownerC.get("/w/acme/listening/alerts").want(t, http.StatusOK, `action="`+edit+`/enable"`)
	w.ownerC.post(edit + "/enable")
	if got, _ := w.Topics.Rule(as(w.owner), "acme", rv.ID); !got.Enabled {
		t.Error("enable left the rule disabled")
	}

	// A viewer can neither see the form nor change the rule.
	v := w.viewerClient()
	v.get(edit).want(t, http.StatusForbidden)
	for _, path := range []string{edit, edit + "/disable", edit + "/delete"} {
		if a := v.post(path, "name", "x", "confirm", "yes"); a.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s as viewer: %d, want 403", path, a.StatusCode)
		}
	}
}

func TestAlertRuleDeleteAsksFirst(t *testing.T) {
	w := newTopicWorld(t)
	tp := w.topic("Acme <b>", "acme", "brand")
	rv, err := w.Topics.CreateRule(as(w.owner), "acme", topics.RuleInput{TopicID: tp.ID, Kind: "any", Name: "All <i>news</i>"})
	if err != nil {
		t.Fatal(err)
	}
	del := fmt.Sprintf("/w/acme/listening/alerts/%d/delete", rv.ID)

	// A post without the confirmation only leads to the question.
	w.ownerC.post(del).redirectsTo(t, del)
	if _, err := w.Topics.Rule(as(w.owner), "acme", rv.ID); err != nil {
		t.Fatalf("the rule was deleted without confirmation: %v", err)
	}
	q := w.ownerC.get(del)
	q.want(t, http.StatusOK, `id="delete-question"`, "All &lt;i&gt;news&lt;/i&gt;", "Acme &lt;b&gt;", `name="confirm" value="yes"`, `action="`+del+`"`)
	w.viewerClient().get(del).want(t, http.StatusForbidden)

	w.ownerC.post(del, "confirm", "yes").redirectsTo(t, "/w/acme/listening/alerts")
	if _, err := w.Topics.Rule(as(w.owner), "acme", rv.ID); err == nil {
		t.Error("the confirmed delete left the rule")
	}
	w.ownerC.get(del).want(t, http.StatusNotFound)
}

package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parvis/parvis/internal/i18n"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/topics"
)

// recent is a time within the default range of a dashboard (the last 7
// days), as JSON.
func recent(ago time.Duration) string {
	return time.Now().Add(-ago).UTC().Format(time.RFC3339)
}

// importHostile imports three items about acme whose author names and
// texts are markup or spreadsheet formulas.
func (w *topicWorld) importHostile() {
	w.importJSONL(
		fmt.Sprintf(`{"external_id":"a1","text":"Acme is &lt;b&gt;great&lt;/b&gt; #AcmeLove","author":{"name":"&lt;img src=x onerror=alert(1)&gt;","handle":"mallory","followers":5000},"created_at":%q}`, recent(2*time.Hour)),
		fmt.Sprintf(`{"external_id":"a2","text":"acme again, terrible","author":{"name":"=HYPERLINK(\"http://evil\")","handle":"=cmd"},"created_at":%q}`, recent(26*time.Hour)),
		fmt.Sprintf(`{"external_id":"a3","text":"I like ACME","author":{"name":"Ann","handle":"ann"},"created_at":%q}`, recent(50*time.Hour)),
		fmt.Sprintf(`{"external_id":"b1","text":"nothing to see","author":"bob","created_at":%q}`, recent(3*time.Hour)),
	)
}

func TestTopicFormCreatesAndEscapes(t *testing.T) {
	w := newTopicWorld(t)
	w.importHostile()
	a := w.ownerC.post("/w/acme/listening/topics", "name", `<b>Acme & "co"</b>`, "query", `acme OR "<script>"`, "kind", "brand", "color", "#123456")
	if a.StatusCode != http.StatusSeeOther || !strings.HasPrefix(a.Header.Get("Location"), "/w/acme/listening/topics/") {
		t.Fatalf("create: %d %s\n%s", a.StatusCode, a.Header.Get("Location"), a.Body)
	}
	dash := a.Header.Get("Location")
	w.runJobs() // the backfill finds the imported items

	list := w.ownerC.get("/w/acme/listening/topics")
	list.want(t, http.StatusOK, `&lt;b&gt;Acme &amp; &#34;co&#34;&lt;/b&gt;`, `acme OR &#34;&lt;script&gt;&#34;`, `href="/w/acme/listening/topics/new"`)
	if strings.Contains(list.Body, `<b>Acme`) || strings.Contains(list.Body, `"<script>"`) {
		t.Error("the topic's name or query is not escaped in the list")
	}

	d := w.ownerC.get(dash)
	d.want(t, http.StatusOK, `<svg class="chart-svg chart-time"`, `role="img"`, `<title id="volume-t">Mentions of &lt;b&gt;Acme &amp; &#34;co&#34;&lt;/b&gt; over time</title>`,
		`<dd id="kpi-total">3</dd>`, `&lt;img src=x onerror=alert(1)&gt;`, `Acme is &lt;b&gt;great&lt;/b&gt;`, `#acmelove`, `fill="#123456"`, `stats.csv`)
	if strings.Contains(d.Body, `<img src=x`) || strings.Contains(d.Body, `<b>great</b>`) || strings.Contains(d.Body, "<b>Acme") {
		t.Error("markup from items or the topic reached the page")
	}
	// The chart's table holds the same counts as the bars: three days
	// with one mention each in the default week.
	table := d.Body[strings.Index(d.Body, `id="volume"`):]
	table = table[:strings.Index(table, "</figure>")]
	if got := len(regexp.MustCompile(`<td>1</td><td>[01]</td>`).FindAllString(table, -1)); got != 3 {
		t.Errorf("%d periods with one mention in the volume table, want 3\n%s", got, table)
	}
	if got := strings.Count(table, `<rect `); got < 3 {
		t.Errorf("%d bars in the volume chart, want at least 3", got)
	}
	// The mentions are listed, escaped; the one without acme is not.
	if !strings.Contains(d.Body, "I like ACME") || strings.Contains(d.Body, "nothing to see") {
		t.Error("the mentions list is wrong")
	}

	// In French, the periods are named with French days and months.
	fr := w.ownerC
	fr.Header.Set("Accept-Language", "fr")
	w.ownerC.post("/lang", "lang", "fr", "next", "/")
	f := fr.get(dash)
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Now().In(paris)
	frMonths := []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
	f.want(t, http.StatusOK, `lang="fr"`, fmt.Sprintf("%d %s", now.Day(), frMonths[now.Month()-1]), "Mentions de ")
}

func TestTopicStatsCSV(t *testing.T) {
	w := newTopicWorld(t)
	w.importHostile()
	tp := w.topic("Acme", "acme", "brand")
	a := w.ownerC.get(fmt.Sprintf("/w/acme/listening/topics/%d/stats.csv?interval=day", tp.ID))
	a.want(t, http.StatusOK)
	if ct := a.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := a.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".csv") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	rows, err := csv.NewReader(strings.NewReader(a.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "metric,key,value,detail" {
		t.Fatalf("header = %v", rows[0])
	}
	var volume, days int
	found := map[string]bool{}
	for _, r := range rows[1:] {
		switch r[0] {
		case "total":
			if r[2] != "3" {
				t.Errorf("total = %s, want 3", r[2])
			}
		case "volume":
			days++
			var n int
			fmt.Sscan(r[2], &n)
			volume += n
		case "author_by_volume", "author_by_reach":
			if strings.HasPrefix(r[1], "=") {
				t.Errorf("a formula is left active: %q", r[1])
			}
			found[r[1]] = true
		case "hashtag":
			found[r[1]] = true
		}
	}
	if volume != 3 || days < 7 || days > 8 {
		t.Errorf("volume rows: %d days summing to %d, want 7 or 8 days summing to 3", days, volume)
	}
	if !found["'=cmd (import)"] || !found["#acmelove"] {
		t.Errorf("authors and hashtags: %v", found)
	}
}

func TestTopicQueryErrorShowsTheColumnAtTheField(t *testing.T) {
	w := newTopicWorld(t)
	a := w.ownerC.post("/w/acme/listening/topics", "name", "Broken", "query", "acme AND (greve", "kind", "brand")
	a.want(t, http.StatusBadRequest, `id="f-query-error"`, "column", `aria-invalid="true"`, `href="#f-query"`, "acme AND (greve</textarea>")
	if !regexp.MustCompile(`<textarea id="f-query"[^>]*aria-describedby="[^"]*f-query-error`).MatchString(a.Body) {
		t.Errorf("the query field is not described by its error:\n%s", a.Body)
	}
	if !regexp.MustCompile(`column \d+`).MatchString(a.Body) {
		t.Error("the error does not give the column")
	}
	// A lint warning is shown after saving (the topic is saved).
	b := w.ownerC.post("/w/acme/listening/topics", "name", "Lower", "query", "chat et chien", "kind", "other")
	b.want(t, http.StatusOK, `id="f-query-warnings"`, "f-query-warnings")
}

func TestViewerCannotChangeTopicsAlertsOrCrisis(t *testing.T) {
	w := newTopicWorld(t)
	tp := w.topic("Acme", "acme", "brand")
	v := w.viewerClient()
	list := v.get("/w/acme/listening/topics")
	list.want(t, http.StatusOK, "Acme")
	for _, hidden := range []string{`/listening/topics/new"`, fmt.Sprintf(`/listening/topics/%d/edit"`, tp.ID), fmt.Sprintf(`/listening/topics/%d/delete"`, tp.ID)} {
		if strings.Contains(list.Body, hidden) {
			t.Errorf("the viewer sees %s", hidden)
		}
	}
	if c := v.get("/w/acme/crisis"); c.StatusCode != http.StatusOK || strings.Contains(c.Body, `action="/w/acme/crisis"`) {
		t.Errorf("crisis page for a viewer: %d, form shown: %v", c.StatusCode, strings.Contains(c.Body, `action="/w/acme/crisis"`))
	}
	if al := v.get("/w/acme/listening/alerts"); al.StatusCode != http.StatusOK || strings.Contains(al.Body, `action="/w/acme/listening/alerts"`) {
		t.Errorf("alerts page for a viewer: %d", al.StatusCode)
	}
	for _, post := range []struct {
		path string
		kv   []string
	}{
		{"/w/acme/listening/topics", []string{"name", "X", "query", "x", "kind", "brand"}},
		{fmt.Sprintf("/w/acme/listening/topics/%d", tp.ID), []string{"name", "X", "query", "x", "kind", "brand"}},
		{fmt.Sprintf("/w/acme/listening/topics/%d/delete", tp.ID), nil},
		{"/w/acme/listening/alerts", []string{"topic_id", fmt.Sprint(tp.ID), "kind", "any"}},
		{"/w/acme/crisis", []string{"active", "on", "reason", "viewer says so"}},
	} {
		a := v.post(post.path, post.kv...)
		if a.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s as viewer: %d, want 403", post.path, a.StatusCode)
		}
	}
	if c, _ := w.Topics.Crisis(as(w.owner), "acme"); c.Active {
		t.Error("the viewer turned crisis mode on")
	}
	if ts, _ := w.Topics.Topics(as(w.owner), "acme"); len(ts) != 1 || ts[0].Name != "Acme" {
		t.Errorf("topics after the viewer's attempts: %+v", ts)
	}
}

func TestCrisisBannerOnEveryPage(t *testing.T) {
	w := newTopicWorld(t)
	home := w.ownerC.get("/w/acme/")
	home.want(t, http.StatusOK)
	if strings.Contains(home.Body, `id="crisis-banner"`) {
		t.Fatal("a banner without crisis")
	}
	a := w.ownerC.post("/w/acme/crisis", "active", "on", "reason", "")
	a.want(t, http.StatusBadRequest, `id="f-reason-error"`)
	w.ownerC.post("/w/acme/crisis", "active", "on", "reason", `Plant fire <script>alert(1)</script>`).redirectsTo(t, "/w/acme/crisis")
	for _, path := range []string{"/w/acme/", "/w/acme/listening", "/w/acme/settings", "/w/acme/crisis"} {
		p := w.ownerC.get(path)
		p.want(t, http.StatusOK, `id="crisis-banner"`, `Plant fire &lt;script&gt;alert(1)&lt;/script&gt;`)
		if strings.Contains(p.Body, "<script>alert(1)") {
			t.Errorf("%s: the reason is not escaped", path)
		}
	}
	w.viewerClient().get("/w/acme/").want(t, http.StatusOK, `id="crisis-banner"`)
	w.ownerC.post("/w/acme/crisis", "active", "off").redirectsTo(t, "/w/acme/crisis")
	if p := w.ownerC.get("/w/acme/"); strings.Contains(p.Body, `id="crisis-banner"`) {
		t.Error("the banner stays after the crisis is lifted")
	}
}

func TestComparePageShowsShareOfVoice(t *testing.T) {
	w := newTopicWorld(t)
	w.importJSONL(
		fmt.Sprintf(`{"external_id":"c1","text":"acme rocks","author":"a","created_at":%q}`, recent(time.Hour)),
		fmt.Sprintf(`{"external_id":"c2","text":"acme again","author":"b","created_at":%q}`, recent(2*time.Hour)),
		fmt.Sprintf(`{"external_id":"c3","text":"acme and globex","author":"c","created_at":%q}`, recent(3*time.Hour)),
		fmt.Sprintf(`{"external_id":"c4","text":"globex <i>only</i>","author":"d","created_at":%q}`, recent(4*time.Hour)),
	)
	w.topic("Acme", "acme", "brand")
	w.topic(`Globex <i>`, "globex", "competitor")
	a := w.ownerC.get("/w/acme/listening/compare")
	a.want(t, http.StatusOK, `<title id="share-t">Share of voice</title>`, `Globex &lt;i&gt;`, `<th scope="row">Acme</th><td>3</td><td>60.0 %</td>`,
		`<th scope="row">Globex &lt;i&gt;</th><td>2</td><td>40.0 %</td>`, `id="compare"`)
	if strings.Contains(a.Body, "Globex <i>") {
		t.Error("the topic name is not escaped")
	}
}

func TestAlertFormNamesTheChannelError(t *testing.T) {
	w := newTopicWorld(t)
	tp := w.topic("Acme", "acme", "brand")
	a := w.ownerC.post("/w/acme/listening/alerts", "topic_id", fmt.Sprint(tp.ID), "kind", "any", "ch1_type", "webhook", "ch1_url", "not a url")
	a.want(t, http.StatusBadRequest, `id="f-notify-error"`, "url", `aria-describedby="f-ch1_url-hint f-notify-error"`)
	b := w.ownerC.post("/w/acme/listening/alerts", "topic_id", fmt.Sprint(tp.ID), "kind", "spike", "sensitivity", "lots")
	b.want(t, http.StatusBadRequest, `id="f-sensitivity-error"`, "must be a number")
	w.ownerC.post("/w/acme/listening/alerts", "topic_id", fmt.Sprint(tp.ID), "kind", "negative_share", "threshold", "0,5",
		"ch1_type", "email", "ch1_to", "cm@example.org, boss@example.org").redirectsTo(t, fmt.Sprintf("/w/acme/listening/alerts?topic=%d", tp.ID))
	rules, err := w.Topics.Rules(as(w.owner), "acme")
	if err != nil || len(rules) != 1 {
		t.Fatalf("rules: %v %v", rules, err)
	}
	if r := rules[0]; r.Threshold != 0.5 || len(r.Notify) != 1 || len(r.Notify[0].To) != 2 {
		t.Errorf("rule = %+v", r)
	}
	w.ownerC.get("/w/acme/listening/alerts").want(t, http.StatusOK, "cm@example.org", "Negative share")
}

// TestTopicPageKeysAreTranslated checks the translation keys the topic
// handlers and charts use from Go (the general key test reads only some
// prefixes there), including those built from data.
func TestTopicPageKeysAreTranslated(t *testing.T) {
	re := regexp.MustCompile(`p\.T\("([a-z0-9_.]+)"`)
	var used []string
	for _, f := range []string{"topic_pages.go", "topic_charts.go", "topic_alerts.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") {
				used = append(used, m[1])
			}
		}
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys; is the pattern still right?", len(used))
	}
	for i := 1; i <= 12; i++ {
		used = append(used, fmt.Sprintf("cal.mon.%d", i))
	}
	for i := 0; i < 7; i++ {
		used = append(used, fmt.Sprintf("cal.day.%d", i))
	}
	for _, k := range []string{"brand", "competitor", "campaign", "other"} {
		used = append(used, "topics.kind."+k)
	}
	for _, k := range []string{"any", "spike", "negative_share", "reach"} {
		used = append(used, "alerts.kind."+k)
	}
	for _, k := range notify.Types() {
		used = append(used, "alerts.channel."+k)
	}
	for _, k := range []string{"open", "acknowledged", "closed"} {
		used = append(used, "incidents.state."+k)
	}
	for _, k := range []string{"hour", "day", "week"} {
		used = append(used, "topics.interval."+k)
	}
	for _, k := range []string{"observed", "expected", "score", "method", "window", "total", "negative", "share", "threshold", "items", "followers"} {
		used = append(used, "alert.field."+k)
	}
	for _, k := range used {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, k) {
				t.Errorf("key %q is used but missing in %q", k, l)
			}
		}
	}
}

func TestTopicEditDeleteAndBadRange(t *testing.T) {
	w := newTopicWorld(t)
	tp := w.topic("Acme", "acme", "brand")
	path := fmt.Sprintf("/w/acme/listening/topics/%d", tp.ID)
	w.ownerC.get(path+"/edit").want(t, http.StatusOK, `value="Acme"`, ">acme</textarea>", `<option value="brand" selected>`)
	w.ownerC.post(path, "name", "Acme Corp", "query", "acme OR acmecorp", "kind", "campaign", "color", "#00AA00").redirectsTo(t, path)
	got, err := w.Topics.Topic(as(w.owner), "acme", tp.ID)
	if err != nil || got.Name != "Acme Corp" || got.Query != "acme OR acmecorp" || got.Kind != "campaign" || got.Color != "#00aa00" {
		t.Errorf("after edit: %+v %v", got, err)
	}
	w.ownerC.post(path, "name", "Acme Corp", "query", "acme )", "kind", "campaign").want(t, http.StatusBadRequest, `id="f-query-error"`, "column")
	w.ownerC.post(path, "name", "Acme Corp", "query", "acme", "kind", "campaign", "color", "red").want(t, http.StatusBadRequest, `id="f-color-error"`, `aria-describedby="f-color-hint f-color-error"`)

	w.ownerC.get(path+"?from=yesterday").want(t, http.StatusBadRequest, `id="f-from-error"`, `aria-invalid="true"`)
	w.ownerC.get(path+"?interval=minute").want(t, http.StatusBadRequest, `id="f-interval-error"`)

	w.ownerC.post(path+"/delete").redirectsTo(t, "/w/acme/listening/topics")
	if a := w.ownerC.get(path); a.StatusCode != http.StatusNotFound {
		t.Errorf("deleted topic's dashboard: %d", a.StatusCode)
	}
}

func TestIncidentPagesAndAck(t *testing.T) {
	w := newTopicWorld(t)
	tp := w.topic("Acme <corp>", "acme", "brand")
	if _, err := w.Topics.CreateRule(as(w.owner), "acme", topics.RuleInput{TopicID: tp.ID, Kind: "any"}); err != nil {
		t.Fatal(err)
	}
	w.importJSONL(fmt.Sprintf(`{"external_id":"n1","text":"acme &lt;script&gt; news","author":{"name":"Zed","handle":"zed"},"created_at":%q}`, recent(0)))
	w.runJobs()
	v := w.viewerClient()
	list := v.get("/w/acme/listening/incidents")
	list.want(t, http.StatusOK, `id="incidents"`, "Acme &lt;corp&gt;", "Any new mention", ">open<")
	m := regexp.MustCompile(`href="(/w/acme/listening/incidents/(\d+))"`).FindStringSubmatch(list.Body)
	if m == nil {
		t.Fatalf("no link to the incident:\n%s", list.Body)
	}
	d := v.get(m[1])
	d.want(t, http.StatusOK, `id="incident-posts"`, "acme &lt;script&gt; news", `class="timeline"`, `id="incident-volume"`, "New items")
	if strings.Contains(d.Body, `action="`+m[1]+`/ack"`) {
		t.Error("a viewer is offered the Ack button")
	}
	if a := v.post(m[1] + "/ack"); a.StatusCode != http.StatusForbidden {
		t.Errorf("viewer ack: %d, want 403", a.StatusCode)
	}
	w.ownerC.get(m[1]).want(t, http.StatusOK, `action="`+m[1]+`/ack"`)
	w.ownerC.post(m[1]+"/ack").redirectsTo(t, m[1])
	w.ownerC.get(m[1]).want(t, http.StatusOK, "by Ada, ", "acknowledged by Ada")
	if a := w.ownerC.post(m[1] + "/ack"); a.StatusCode != http.StatusConflict {
		t.Errorf("second ack: %d, want 409", a.StatusCode)
	}
}

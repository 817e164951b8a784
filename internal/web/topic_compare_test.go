package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCompareCSV(t *testing.T) {
	w := newTopicWorld(t)
	w.importJSONL(
		fmt.Sprintf(`{"external_id":"c1","text":"acme rocks","author":"a","created_at":%q}`, recent(time.Hour)),
		fmt.Sprintf(`{"external_id":"c2","text":"acme again","author":"b","created_at":%q}`, recent(26*time.Hour)),
		fmt.Sprintf(`{"external_id":"c3","text":"acme and globex","author":"c","created_at":%q}`, recent(50*time.Hour)),
		fmt.Sprintf(`{"external_id":"c4","text":"globex only","author":"d","created_at":%q}`, recent(2*time.Hour)),
		fmt.Sprintf(`{"external_id":"c5","text":"initech news","author":"e","created_at":%q}`, recent(2*time.Hour)),
	)
	acme := w.topic("Acme", "acme", "brand")
	globex := w.topic("=Globex", "globex", "competitor")
	w.topic("Initech", "initech", "other") // not compared by default

	// The page links to the CSV of the same selection and period.
	page := w.ownerC.get("/w/acme/listening/compare?interval=day")
	page.want(t, http.StatusOK, `href="/w/acme/listening/compare.csv?interval=day"`)
	dash := w.ownerC.get(fmt.Sprintf("/w/acme/listening/topics/%d?interval=day&from=2026-01-01", acme.ID))
	dash.want(t, http.StatusOK, fmt.Sprintf(`href="/w/acme/listening/topics/%d/stats.csv?from=2026-01-01&amp;interval=day"`, acme.ID))

	a := w.ownerC.get("/w/acme/listening/compare.csv?interval=day")
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
	// One column per compared topic; a name that looks like a formula is
	// kept inert.
	head := rows[0]
	if len(head) != 4 || head[0] != "metric" || head[1] != "key" {
		t.Fatalf("header = %q", head)
	}
	col := map[string]int{}
	for i, name := range head[2:] {
		col[name] = 2 + i
	}
	ai, gi := col["Acme"], col["'=Globex"]
	if ai == 0 || gi == 0 {
		t.Fatalf("header = %q, want the columns Acme and '=Globex", head)
	}
	got := map[string]string{}
	var days int
	sums := [2]int{}
	for _, r := range rows[1:] {
		if r[0] == "volume" {
			days++
			for i, c := range []int{ai, gi} {
				var n int
				fmt.Sscan(r[c], &n)
				sums[i] += n
			}
			continue
		}
		got[r[0]+"/"+r[1]] = r[ai] + "," + r[gi]
	}
	want := map[string]string{
		"topic_id/":              fmt.Sprintf("%d,%d", acme.ID, globex.ID),
		"total/":                 "3,2",
		"share_of_voice/percent": "60.0,40.0",
		"kind/":                  "brand,competitor",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if days < 7 || days > 8 || sums != [2]int{3, 2} {
		t.Errorf("volume: %d days summing to %v, want 7 or 8 days summing to [3 2]", days, sums)
	}

	// An explicit selection is honoured; an unknown topic is an error.
	b := w.ownerC.get(fmt.Sprintf("/w/acme/listening/compare.csv?topic=%d", globex.ID))
	b.want(t, http.StatusOK)
	if first, _, _ := strings.Cut(b.Body, "\n"); first != "metric,key,'=Globex" {
		t.Errorf("header of a one-topic selection = %q", first)
	}
	if c := w.ownerC.get("/w/acme/listening/compare.csv?topic=999999"); c.StatusCode == http.StatusOK {
		t.Errorf("an unknown topic gives %d", c.StatusCode)
	}
}

package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/workspace"
)

// auditActions are the action prefixes offered by the filter.
var auditActions = []string{"workspace.", "member.", "invite.", "token.", "job."}

// auditData is the audit log page.
type auditData struct {
	Entries []auditRow
	Actions []string
	// NextURL is the link to the next (older) page, with the same filter.
	NextURL string
	// Filtered says whether a filter or a cursor is applied; Paged, a cursor.
	Filtered, Paged bool
}

type auditRow struct {
	model.AuditEntry
	When    string
	Details string
}

func (s *server) auditPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "audit.title", "audit"
	q := r.URL.Query()
	for _, k := range []string{"action", "object_type", "since", "until"} {
		p.Fields[k] = q.Get(k)
	}
	f := workspace.AuditFilter{Cursor: q.Get("cursor"), Limit: 50, Action: q.Get("action"), ObjectType: q.Get("object_type"),
		Since: q.Get("since"), Until: inclusiveUntil(q.Get("until"))}
	res, err := s.Workspaces.Audit(r.Context(), p.WS.Slug, f)
	d := auditData{Actions: auditActions, Filtered: len(q) > 0, Paged: q.Get("cursor") != ""}
	p.Data = d
	if err != nil {
		s.fail(w, r, err, "audit", p)
		return
	}
	for _, e := range res.Items {
		row := auditRow{AuditEntry: e, When: p.Time(e.CreatedAt)}
		if len(e.Details) > 0 {
			b, _ := json.Marshal(e.Details)
			row.Details = string(b)
		}
		d.Entries = append(d.Entries, row)
	}
	if res.NextCursor != "" {
		next := url.Values{}
		for k, v := range p.Fields {
			if v != "" {
				next.Set(k, v)
			}
		}
		next.Set("cursor", res.NextCursor)
		d.NextURL = wsURL(p, "settings/audit") + "?" + next.Encode()
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "audit", p)
}

// inclusiveUntil makes a date typed in the "to" field include that day
// (the service reads "until" as exclusive).
func inclusiveUntil(v string) string {
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t.AddDate(0, 0, 1).Format("2006-01-02")
	}
	return v
}

// jobsData is the failed jobs page.
type jobsData struct {
	Jobs []jobRow
}

type jobRow struct {
	model.Job
	When string
}

func (s *server) jobsPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "jobs.title", "jobs"
	js, err := s.Workspaces.FailedJobs(r.Context(), p.WS.Slug)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	var d jobsData
	for _, j := range js {
		d.Jobs = append(d.Jobs, jobRow{Job: j, When: p.Time(j.UpdatedAt)})
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "jobs", p)
}

func (s *server) retryJob(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.Workspaces.RetryJob(r.Context(), p.WS.Slug, id)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "settings/jobs"), "flash.job_retried")
}

package api

import (
	"net/http"
	"strconv"

	"github.com/parvis/parvis/internal/workspace"
)

func (d *Deps) listWorkspaces(r *http.Request) (int, any, error) {
	n, err := limit(r)
	if err != nil {
		return 0, nil, err
	}
	p, err := d.Workspaces.List(r.Context(), r.URL.Query().Get("cursor"), n)
	return http.StatusOK, p, err
}

func (d *Deps) createWorkspace(r *http.Request) (int, any, error) {
	var in workspace.Input
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	w, err := d.Workspaces.Create(r.Context(), in)
	return http.StatusCreated, w, err
}

func (d *Deps) getWorkspace(r *http.Request) (int, any, error) {
	w, err := d.Workspaces.Get(r.Context(), r.PathValue("ws"))
	return http.StatusOK, w, err
}

func (d *Deps) patchWorkspace(r *http.Request) (int, any, error) {
	var up workspace.Update
	if err := d.decode(r, &up); err != nil {
		return 0, nil, err
	}
	w, err := d.Workspaces.UpdateSettings(r.Context(), r.PathValue("ws"), up)
	return http.StatusOK, w, err
}

func (d *Deps) deleteWorkspace(r *http.Request) (int, any, error) {
	return http.StatusNoContent, nil, d.Workspaces.Delete(r.Context(), r.PathValue("ws"))
}

func (d *Deps) listMembers(r *http.Request) (int, any, error) {
	n, err := limit(r)
	if err != nil {
		return 0, nil, err
	}
	p, err := d.Workspaces.Members(r.Context(), r.PathValue("ws"), r.URL.Query().Get("cursor"), n)
	return http.StatusOK, p, err
}

func (d *Deps) addMember(r *http.Request) (int, any, error) {
	var in struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	}
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	res, err := d.Workspaces.AddMember(r.Context(), r.PathValue("ws"), in.Email, in.Role)
	if err != nil {
		return 0, nil, err
	}
	if res.Invite != nil {
		return http.StatusAccepted, d.inviteView(*res.Invite), nil
	}
	return http.StatusCreated, res.Member, nil
}

func (d *Deps) patchMember(r *http.Request) (int, any, error) {
	uid, err := pathID(r, "user")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Role string `json:"role"`
	}
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Workspaces.SetRole(r.Context(), r.PathValue("ws"), uid, in.Role)
}

func (d *Deps) removeMember(r *http.Request) (int, any, error) {
	uid, err := pathID(r, "user")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Workspaces.RemoveMember(r.Context(), r.PathValue("ws"), uid)
}

func (d *Deps) listAudit(r *http.Request) (int, any, error) {
	n, err := limit(r)
	if err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
	f := workspace.AuditFilter{Cursor: q.Get("cursor"), Limit: n, Action: q.Get("action"), ObjectType: q.Get("object_type"),
		Since: q.Get("since"), Until: q.Get("until")}
	if u := q.Get("user_id"); u != "" {
		if f.UserID, err = strconv.ParseInt(u, 10, 64); err != nil {
			return 0, nil, invalidID("user_id")
		}
	}
	p, err := d.Workspaces.Audit(r.Context(), r.PathValue("ws"), f)
	return http.StatusOK, p, err
}

func (d *Deps) listFailedJobs(r *http.Request) (int, any, error) {
	js, err := d.Workspaces.FailedJobs(r.Context(), r.PathValue("ws"))
	return http.StatusOK, map[string]any{"items": nonNil(js)}, err
}

func (d *Deps) retryJob(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Workspaces.RetryJob(r.Context(), r.PathValue("ws"), id)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

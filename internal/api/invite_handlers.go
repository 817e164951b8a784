package api

import (
	"net/http"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/model"
)

// inviteView is an invite as the API shows it, with its link when new.
type inviteView struct {
	model.Invite
	URL string `json:"url,omitempty"`
}

func (d *Deps) inviteView(inv model.Invite) inviteView {
	v := inviteView{Invite: inv}
	if inv.Token != "" {
		v.URL = d.BaseURL + "/invite/" + inv.Token
	}
	return v
}

func (d *Deps) listInvites(r *http.Request) (int, any, error) {
	invs, err := d.Workspaces.Invites(r.Context(), r.PathValue("ws"))
	return http.StatusOK, map[string]any{"items": nonNil(invs)}, err
}

func (d *Deps) createInvite(r *http.Request) (int, any, error) {
	var in struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	}
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	inv, err := d.Workspaces.CreateInvite(r.Context(), r.PathValue("ws"), in.Email, in.Role)
	return http.StatusCreated, d.inviteView(inv), err
}

func (d *Deps) revokeInvite(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Workspaces.RevokeInvite(r.Context(), r.PathValue("ws"), id)
}

func (d *Deps) acceptInvite(r *http.Request) (int, any, error) {
	w, err := d.Workspaces.AcceptInvite(r.Context(), r.PathValue("token"))
	return http.StatusOK, w, err
}

func invalidID(field string) error {
	return apperr.Invalid(field, "error.id_invalid", "must be a numeric id")
}

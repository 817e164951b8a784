package api

import (
	"net/http"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
)

func (d *Deps) getMe(r *http.Request) (int, any, error) {
	a := auth.ActorFrom(r.Context())
	return http.StatusOK, struct {
		model.User
		TokenID int64 `json:"token_id,omitempty"`
	}{a.User, a.TokenID}, nil
}

func (d *Deps) patchMe(r *http.Request) (int, any, error) {
	var in struct {
		Lang *string `json:"lang"`
	}
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	if in.Lang != nil {
		if err := d.Auth.SetLang(r.Context(), *in.Lang); err != nil {
			return 0, nil, err
		}
	}
	u := auth.ActorFrom(r.Context()).User
	if in.Lang != nil {
		u.Lang = *in.Lang
	}
	return http.StatusOK, u, nil
}

func (d *Deps) listTokens(r *http.Request) (int, any, error) {
	ts, err := d.Auth.ListTokens(r.Context())
	if ts == nil {
		ts = []model.APIToken{}
	}
	return http.StatusOK, map[string]any{"items": ts}, err
}

func (d *Deps) createToken(r *http.Request) (int, any, error) {
	var in struct {
		Name string `json:"name"`
	}
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	t, err := d.Auth.CreateToken(r.Context(), in.Name)
	return http.StatusCreated, t, err
}

func (d *Deps) revokeToken(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Auth.RevokeToken(r.Context(), id)
}

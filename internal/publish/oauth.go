package publish

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish/publisher/mastodon"
	"github.com/parvis/parvis/internal/store"
)

// MastodonCallbackPath is where a Mastodon server sends people back after
// they authorised Parvis (a page, under the instance's base URL).
const MastodonCallbackPath = "/publishing/oauth/mastodon/callback"

const oauthTTL = 30 * time.Minute

// OAuthStart asks for an authorisation.
type OAuthStart struct {
	InstanceURL string `json:"instance_url"`
	Name        string `json:"name"`
	// ChannelID reconnects an existing channel instead of creating one.
	ChannelID int64 `json:"channel_id"`
}

// OAuthRedirect is where to send the person to authorise Parvis.
type OAuthRedirect struct {
	AuthorizeURL string `json:"authorize_url"`
}

func (s *Service) callbackURL() string {
	return strings.TrimRight(s.baseURL, "/") + MastodonCallbackPath
}

func (s *Service) postForm(ctx context.Context, rawURL string, form url.Values, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	// Registering the app again, or trying the code again, does no harm.
	connector.MarkReplayable(req)
	_, body, err := connector.Do(s.deps, req)
	if err != nil {
		return err
	}
	return connector.DecodeJSONBody(body, out)
}

// StartMastodonOAuth registers Parvis as an app on the instance and
// returns the address where a person authorises it (authorisation code
// flow). The app's credentials wait, sealed, for the callback.
func (s *Service) StartMastodonOAuth(ctx context.Context, ws string, in OAuthStart) (OAuthRedirect, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return OAuthRedirect{}, err
	}
	inst, err := connector.CheckHTTPURL("instance_url", in.InstanceURL, "")
	if err != nil {
		return OAuthRedirect{}, configError(err)
	}
	if err := fetch.CheckURL(ctx, s.fetchOpts, inst); err != nil {
		return OAuthRedirect{}, apperr.Invalid("instance_url", "error.url_refused", "%s", err.Error())
	}
	if in.ChannelID != 0 {
		c, err := s.db.Q().GetChannel(ctx, w.ID, in.ChannelID)
		if err != nil || c.Type != mastodon.Type {
			return OAuthRedirect{}, apperr.NotFound("channel")
		}
	}
	var app struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	err = s.postForm(ctx, inst+"/api/v1/apps", url.Values{"client_name": {"Parvis"}, "redirect_uris": {s.callbackURL()},
		"scopes": {"read write"}, "website": {s.baseURL}}, &app)
	if err != nil || app.ClientID == "" {
		if err == nil {
			err = errors.New("no client_id in the answer")
		}
		return OAuthRedirect{}, apperr.New(apperr.KindUnprocessable, "error.channel_verify", "could not check the account: %s", err.Error()).Wrap(err)
	}
	state := auth.RandomToken(24)
	sealed, _ := json.Marshal(app)
	st := store.OAuthState{StateHash: auth.HashToken(state), WorkspaceID: w.ID, UserID: actorUserID(ctx), ChannelType: mastodon.Type,
		Name: strings.TrimSpace(in.Name), InstanceURL: inst, Secrets: s.box.Seal(sealed), ExpiresAt: s.clock.Now().Add(oauthTTL)}
	if in.ChannelID != 0 {
		id := in.ChannelID
		st.ChannelID = &id
	}
	if err := s.db.Q().SaveOAuthState(ctx, st); err != nil {
		return OAuthRedirect{}, apperr.Internal(err)
	}
	q := url.Values{"response_type": {"code"}, "client_id": {app.ClientID}, "redirect_uri": {s.callbackURL()}, "scope": {"read write"}, "state": {state}}
	return OAuthRedirect{AuthorizeURL: inst + "/oauth/authorize?" + q.Encode()}, nil
}

// FinishMastodonOAuth completes the flow when the instance sends the
// person back with a code: the code is exchanged for a token, and the
// channel is created (or reconnected) after its credentials are checked.
// It returns the channel and the slug of its workspace.
func (s *Service) FinishMastodonOAuth(ctx context.Context, state, code string) (ChannelView, string, error) {
	if state == "" || code == "" {
		return ChannelView{}, "", apperr.Invalid("code", "error.oauth_state", "the authorisation is unknown or expired; start again")
	}
	st, err := s.db.Q().TakeOAuthState(ctx, auth.HashToken(state))
	if errors.Is(err, store.ErrNotFound) {
		return ChannelView{}, "", apperr.Invalid("state", "error.oauth_state", "the authorisation is unknown or expired; start again")
	}
	if err != nil {
		return ChannelView{}, "", apperr.Internal(err)
	}
	if uid := actorUserID(ctx); st.UserID != nil && (uid == nil || *uid != *st.UserID) {
		return ChannelView{}, "", apperr.Forbidden()
	}
	w, err := s.db.Q().GetWorkspace(ctx, strconv.FormatInt(st.WorkspaceID, 10))
	if err != nil {
		return ChannelView{}, "", apperr.NotFound("workspace")
	}
	b, err := s.box.Open(st.Secrets)
	if err != nil {
		return ChannelView{}, "", apperr.Internal(err)
	}
	var app struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	json.Unmarshal(b, &app)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = s.postForm(ctx, st.InstanceURL+"/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"client_id": {app.ClientID}, "client_secret": {app.ClientSecret}, "redirect_uri": {s.callbackURL()}, "scope": {"read write"}}, &tok)
	if err != nil || tok.AccessToken == "" {
		if err == nil {
			err = errors.New("no access_token in the answer")
		}
		return ChannelView{}, "", apperr.Invalid("code", "error.channel_credentials", "the network refused the credentials: %s", err.Error())
	}
	cfg, _ := json.Marshal(map[string]string{"instance_url": st.InstanceURL, "access_token": tok.AccessToken})
	if st.ChannelID != nil {
		c, err := s.UpdateChannel(ctx, w.Slug, *st.ChannelID, ChannelUpdate{Config: cfg})
		return c, w.Slug, err
	}
	c, err := s.CreateChannel(ctx, w.Slug, ChannelInput{Type: mastodon.Type, Name: st.Name, Config: cfg})
	return c, w.Slug, err
}

package bluesky

import (
	"context"
	"errors"
	"sync"

	"github.com/parvis/parvis/internal/connector"
)

// session signs in to a PDS with a handle and an app password and keeps
// the tokens in memory (never in the saved state): the access token is
// refreshed with the refresh token when it expires, and a new session is
// created when the refresh token expires too.
type session struct {
	pds, identifier, password string
	deps                      connector.Deps

	mu              sync.Mutex
	access, refresh string
	did             string
}

type sessionOutput struct {
	AccessJwt  string `json:"accessJwt"`
	RefreshJwt string `json:"refreshJwt"`
	Handle     string `json:"handle"`
	DID        string `json:"did"`
}

func (s *session) token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.access != "" {
		return s.access, nil
	}
	return s.create(ctx)
}

// create signs in; the caller holds mu.
func (s *session) create(ctx context.Context) (string, error) {
	var out sessionOutput
	err := xrpcPost(ctx, s.deps, s.pds, "com.atproto.server.createSession",
		map[string]string{"identifier": s.identifier, "password": s.password}, "", &out)
	if err != nil {
		var ce *connector.Error
		if errors.As(err, &ce) && ce.Class == connector.Permanent {
			// 400 AuthenticationRequired / InvalidRequest: wrong handle or password.
			return "", &connector.Error{Class: connector.CredentialsExpired, Msg: "bluesky: sign-in of " + s.identifier + " refused", Err: err}
		}
		return "", err
	}
	if out.AccessJwt == "" {
		return "", connector.Malformed("POST "+s.pds+"/xrpc/com.atproto.server.createSession", errors.New("no accessJwt"))
	}
	s.access, s.refresh, s.did = out.AccessJwt, out.RefreshJwt, out.DID
	return s.access, nil
}

// renew is called after the server refused the access token.
func (s *session) renew(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access = ""
	if s.refresh != "" {
		var out sessionOutput
		err := xrpcPost(ctx, s.deps, s.pds, "com.atproto.server.refreshSession", nil, s.refresh, &out)
		s.refresh = ""
		if err == nil && out.AccessJwt != "" {
			s.access, s.refresh = out.AccessJwt, out.RefreshJwt
			return s.access, nil
		}
	}
	return s.create(ctx)
}

// call runs f with a valid access token, renewing the session once when
// the token expired.
func (s *session) call(ctx context.Context, f func(token string) error) error {
	tok, err := s.token(ctx)
	if err != nil {
		return err
	}
	err = f(tok)
	var expired errTokenExpired
	if !errors.As(err, &expired) && connector.Classify(err) != connector.CredentialsExpired {
		return err
	}
	if tok, err = s.renew(ctx); err != nil {
		return err
	}
	return f(tok)
}

package auth

import (
	"context"
	"strconv"

	"github.com/parvis/parvis/internal/model"
)

// Actor is who performs an action: a person through a session, a person
// through one of their API tokens, or the system itself (CLI, jobs).
type Actor struct {
	User    model.User
	TokenID int64  // set when the request used an API token
	System  string // set for the system actor (e.g. "cli"), User is empty
}

// Label names the actor in the audit log.
func (a *Actor) Label() string {
	switch {
	case a == nil:
		return "anonymous"
	case a.System != "":
		return "system:" + a.System
	case a.TokenID != 0:
		return a.User.Email + " (token " + strconv.FormatInt(a.TokenID, 10) + ")"
	}
	return a.User.Email
}

// IsSystem reports whether the actor is the system.
func (a *Actor) IsSystem() bool { return a != nil && a.System != "" }

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx, or nil.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// SystemContext returns ctx acting as the system (for the CLI and jobs).
func SystemContext(ctx context.Context, name string) context.Context {
	return WithActor(ctx, &Actor{System: name})
}

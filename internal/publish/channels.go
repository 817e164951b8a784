package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish/publisher"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
)

// ChannelInput connects a channel with its credentials.
type ChannelInput struct {
	Type   string          `json:"type"`
	Name   string          `json:"name"`
	Config json.RawMessage `json:"config"`
	Slots  []model.Slot    `json:"slots"`
}

// ChannelUpdate changes a channel; nil fields stay. A Config replaces the
// stored one field by field (secret fields left out keep their value) and
// is verified again: that is how a channel is reconnected.
type ChannelUpdate struct {
	Name   *string         `json:"name"`
	Config json.RawMessage `json:"config"`
	Slots  *[]model.Slot   `json:"slots"`
}

// ChannelView is a channel with its type's rules (secrets never leave).
type ChannelView struct {
	model.Channel
	Rules publisher.Rules `json:"rules"`
}

func (s *Service) view(c model.Channel) ChannelView {
	v := ChannelView{Channel: c}
	if p, err := s.publisherFor(c); err == nil {
		v.Rules = p.Rules()
	} else if spec, ok := s.registry.Lookup(c.Type); ok {
		v.Rules = spec.Rules
	}
	return v
}

// Channels lists a workspace's channels.
func (s *Service) Channels(ctx context.Context, ws string) ([]ChannelView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	cs, err := s.db.Q().ListChannels(ctx, w.ID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	out := make([]ChannelView, 0, len(cs))
	for _, c := range cs {
		out = append(out, s.view(c))
	}
	return out, nil
}

// Channel returns one channel.
func (s *Service) Channel(ctx context.Context, ws string, id int64) (ChannelView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return ChannelView{}, err
	}
	c, err := s.db.Q().GetChannel(ctx, w.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return ChannelView{}, apperr.NotFound("channel")
	}
	if err != nil {
		return ChannelView{}, apperr.Internal(err)
	}
	return s.view(c), nil
}

func splitConfig(spec publisher.Spec, cfg json.RawMessage) (public, secrets secret.Fields, err error) {
	isSecret := map[string]bool{}
	for _, f := range spec.Fields {
		isSecret[f.Name] = f.Secret
	}
	public, secrets, err = secret.SplitFields(cfg, func(f string) bool { return isSecret[f] })
	if err != nil {
		return nil, nil, apperr.Invalid("config", "error.config_object", "must be a JSON object")
	}
	return public, secrets, nil
}

func configError(err error) error {
	var fe *connector.FieldError
	if errors.As(err, &fe) {
		return apperr.Invalid("config."+fe.Field, "error.config_field", "%s", fe.Msg)
	}
	return apperr.Invalid("config", "error.config_field", "%s", err.Error())
}

// connect builds the publisher of a configuration, checks its addresses
// against the fetch guard and its credentials against the network. It
// returns the public configuration to store (with what verification
// learnt), the sealed secrets and the account.
func (s *Service) connect(ctx context.Context, spec publisher.Spec, public, secrets map[string]json.RawMessage) (json.RawMessage, string, publisher.Account, error) {
	p, err := spec.New(secret.Merge(public, secrets), s.deps)
	if err != nil {
		return nil, "", publisher.Account{}, configError(err)
	}
	all := map[string]json.RawMessage{}
	json.Unmarshal(secret.Merge(public, secrets), &all)
	for _, f := range spec.Fields {
		if f.Type != "url" && !(f.Secret && strings.HasSuffix(f.Name, "url")) {
			continue
		}
		var u string
		if json.Unmarshal(all[f.Name], &u) == nil && u != "" {
			if err := fetch.CheckURL(ctx, s.fetchOpts, u); err != nil {
				return nil, "", publisher.Account{}, apperr.Invalid("config."+f.Name, "error.url_refused", "%s", err.Error())
			}
		}
	}
	acct, err := p.Verify(ctx)
	if err != nil {
		if connector.Classify(err) == connector.CredentialsExpired {
			return nil, "", publisher.Account{}, apperr.Invalid("config", "error.channel_credentials", "the network refused the credentials: %s", err.Error())
		}
		return nil, "", publisher.Account{}, apperr.New(apperr.KindUnprocessable, "error.channel_verify", "could not check the account: %s", err.Error()).Wrap(err)
	}
	for k, v := range acct.Config {
		b, _ := json.Marshal(v)
		public[k] = b
	}
	pub, _ := json.Marshal(public)
	sealed := ""
	if len(secrets) > 0 {
		b, _ := json.Marshal(secrets)
		sealed = s.box.Seal(b)
	}
	return pub, sealed, acct, nil
}

func validateChannelName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", apperr.Invalid("name", "error.required", "is required")
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", apperr.Invalid("name", "error.too_long", "must be at most %d characters", 100)
	}
	return name, nil
}

func validateSlots(slots []model.Slot) error {
	for i, sl := range slots {
		if _, _, ok := parseHHMM(sl.Time); !ok || sl.Day < 0 || sl.Day > 6 {
			return apperr.Invalid("slots", "error.slot_invalid", "slot %d: day must be 0 (Sunday) to 6 and time HH:MM", i+1)
		}
	}
	return nil
}

// CreateChannel connects a channel after checking its credentials.
func (s *Service) CreateChannel(ctx context.Context, ws string, in ChannelInput) (ChannelView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return ChannelView{}, err
	}
	spec, ok := s.registry.Lookup(in.Type)
	if !ok {
		return ChannelView{}, apperr.Invalid("type", "error.channel_type", "unknown channel type %q", in.Type)
	}
	if err := validateSlots(in.Slots); err != nil {
		return ChannelView{}, err
	}
	public, secrets, err := splitConfig(spec, in.Config)
	if err != nil {
		return ChannelView{}, err
	}
	pub, sealed, acct, err := s.connect(ctx, spec, public, secrets)
	if err != nil {
		return ChannelView{}, err
	}
	if strings.TrimSpace(in.Name) == "" {
		in.Name = spec.NameEN + " " + acct.Name
	}
	name, err := validateChannelName(in.Name)
	if err != nil {
		return ChannelView{}, err
	}
	c := model.Channel{WorkspaceID: w.ID, Type: in.Type, Name: name, Account: acct.Name, Config: pub, Secrets: sealed, Slots: in.Slots}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.CreateChannel(ctx, &c); err != nil {
			return err
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "channel.create", "channel", idStr(c.ID), map[string]any{"type": c.Type, "name": c.Name, "account": c.Account}))
	})
	if store.IsUniqueViolation(err) {
		return ChannelView{}, apperr.Conflict("name", "error.channel_name_taken", "another channel of this workspace has this name")
	}
	if err != nil {
		return ChannelView{}, apperr.Internal(err)
	}
	return s.view(c), nil
}

// UpdateChannel renames a channel, changes its posting schedule or
// replaces its credentials (verified again; a channel that needed
// reconnecting is healthy again once they pass).
func (s *Service) UpdateChannel(ctx context.Context, ws string, id int64, up ChannelUpdate) (ChannelView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return ChannelView{}, err
	}
	c, err := s.db.Q().GetChannel(ctx, w.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return ChannelView{}, apperr.NotFound("channel")
	}
	if err != nil {
		return ChannelView{}, apperr.Internal(err)
	}
	if up.Name != nil {
		if c.Name, err = validateChannelName(*up.Name); err != nil {
			return ChannelView{}, err
		}
	}
	if up.Slots != nil {
		if err := validateSlots(*up.Slots); err != nil {
			return ChannelView{}, err
		}
		c.Slots = *up.Slots
	}
	if len(bytes.TrimSpace(up.Config)) > 0 {
		spec, ok := s.registry.Lookup(c.Type)
		if !ok {
			return ChannelView{}, apperr.Invalid("type", "error.channel_type", "unknown channel type %q", c.Type)
		}
		newPublic, newSecrets, err := splitConfig(spec, up.Config)
		if err != nil {
			return ChannelView{}, err
		}
		public := map[string]json.RawMessage{}
		json.Unmarshal(c.Config, &public)
		for k, v := range newPublic {
			if string(bytes.TrimSpace(v)) == "null" {
				delete(public, k) // a setting cleared: its default applies
				continue
			}
			public[k] = v
		}
		secrets, err := s.box.OpenFields(c.Secrets)
		if err != nil {
			return ChannelView{}, apperr.Internal(err)
		}
		for k, v := range newSecrets {
			secrets[k] = v
		}
		pub, sealed, acct, err := s.connect(ctx, spec, public, secrets)
		if err != nil {
			return ChannelView{}, err
		}
		c.Config, c.Secrets, c.Account, c.Status, c.LastError = pub, sealed, acct.Name, model.ChannelOK, ""
	}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.UpdateChannel(ctx, &c); err != nil {
			return err
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "channel.update", "channel", idStr(c.ID), map[string]any{"name": c.Name, "credentials": len(up.Config) > 0}))
	})
	if store.IsUniqueViolation(err) {
		return ChannelView{}, apperr.Conflict("name", "error.channel_name_taken", "another channel of this workspace has this name")
	}
	if err != nil {
		return ChannelView{}, apperr.Internal(err)
	}
	return s.view(c), nil
}

// DeleteChannel removes a channel no post uses.
func (s *Service) DeleteChannel(ctx context.Context, ws string, id int64) error {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		ok, err := q.DeleteChannel(ctx, w.ID, id)
		if errors.Is(err, store.ErrChannelInUse) {
			return apperr.Conflict("id", "error.channel_in_use", "posts use this channel; it cannot be deleted")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if !ok {
			return apperr.NotFound("channel")
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "channel.delete", "channel", idStr(id), nil))
	})
}

// publisherFor returns the (cached) publisher of a channel. Publishers
// keep sessions (Bluesky), so one is kept per channel until the channel
// changes.
func (s *Service) publisherFor(c model.Channel) (publisher.Publisher, error) {
	s.mu.Lock()
	cp, ok := s.pubs[c.ID]
	s.mu.Unlock()
	if ok && cp.updated.Equal(c.UpdatedAt) {
		return cp.pub, nil
	}
	spec, ok := s.registry.Lookup(c.Type)
	if !ok {
		return nil, errors.New("unknown channel type " + c.Type)
	}
	public := map[string]json.RawMessage{}
	json.Unmarshal(c.Config, &public)
	secrets, err := s.box.OpenFields(c.Secrets)
	if err != nil {
		return nil, err
	}
	p, err := spec.New(secret.Merge(public, secrets), s.deps)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.pubs[c.ID] = cachedPublisher{updated: c.UpdatedAt, pub: p}
	s.mu.Unlock()
	return p, nil
}

// ConfigMap is the public configuration as a map (for pages).
func (v ChannelView) ConfigMap() map[string]any {
	m := map[string]any{}
	json.Unmarshal(v.Config, &m)
	return m
}

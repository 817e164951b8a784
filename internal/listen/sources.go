package listen

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
)

// WebhookType is the built-in push source: items arrive on a secret URL.
const WebhookType = "webhook"

// SourceInput creates a source.
type SourceInput struct {
	Type     string          `json:"type"`
	Name     string          `json:"name"`
	Config   json.RawMessage `json:"config"`
	Interval string          `json:"interval"` // Go duration, e.g. "5m"
}

// SourceUpdate changes a source; nil fields stay. Secret fields left out of
// Config keep their stored value.
type SourceUpdate struct {
	Name     *string         `json:"name"`
	Config   json.RawMessage `json:"config"`
	Interval *string         `json:"interval"`
	Enabled  *bool           `json:"enabled"`
}

// SourceView is a source as people see it: secrets masked, health shown.
type SourceView struct {
	model.Source
	Interval   string `json:"interval"`
	WebhookURL string `json:"webhook_url,omitempty"`
}

const (
	minInterval     = time.Minute
	defaultInterval = 5 * time.Minute
	maxInterval     = 7 * 24 * time.Hour
	// Consecutive failures after which a source is paused.
	maxConsecutiveFailures = 10
)

// webhookSpec describes the webhook source alongside the connectors.
func webhookSpec() connector.Spec {
	return connector.Spec{Type: WebhookType, Network: "webhook", NameEN: "Webhook", NameFR: "Webhook",
		Fields: []connector.Field{{Name: "secret", Type: "secret", Secret: true,
			HelpEN: "Optional. When set, senders must sign each body: header X-Parvis-Signature: sha256=<hex HMAC-SHA256 of the body>.",
			HelpFR: "Facultatif. S'il est défini, chaque envoi doit être signé : en-tête X-Parvis-Signature: sha256=<HMAC-SHA256 hexadécimal du corps>."}}}
}

// Specs lists the source types a workspace can create.
func (s *Service) Specs() []connector.Spec {
	specs := append([]connector.Spec{webhookSpec()}, s.registry.Specs()...)
	sort.SliceStable(specs, func(i, j int) bool { return specs[i].Type < specs[j].Type })
	return specs
}

func (s *Service) spec(typ string) (connector.Spec, bool) {
	if typ == WebhookType {
		return webhookSpec(), true
	}
	return s.registry.Lookup(typ)
}

func parseInterval(v string) (time.Duration, error) {
	if v == "" {
		return defaultInterval, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < minInterval || d > maxInterval {
		return 0, apperr.Invalid("interval", "error.interval_invalid", "must be a duration from 1m to 168h, such as 5m or 1h")
	}
	return d, nil
}

func validateSourceName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", apperr.Invalid("name", "error.required", "is required")
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", apperr.Invalid("name", "error.too_long", "must be at most %d characters", 100)
	}
	return name, nil
}

// splitSecrets separates the secret fields of a configuration from the
// rest. The rest is stored as is; secrets are sealed.
func splitSecrets(spec connector.Spec, cfg json.RawMessage) (public, secrets secret.Fields, err error) {
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

// fullConfig merges a source's public config and its secrets.
func (s *Service) fullConfig(src model.Source) (json.RawMessage, map[string]json.RawMessage, error) {
	var public map[string]json.RawMessage
	if err := json.Unmarshal(src.Config, &public); err != nil || public == nil {
		public = map[string]json.RawMessage{}
	}
	secrets, err := s.box.OpenFields(src.Secrets)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range secrets {
		if k != webhookTokenKey {
			public[k] = v
		}
	}
	b, _ := json.Marshal(public)
	return b, secrets, nil
}

const webhookTokenKey = "_webhook_token"

// validateConfig builds the connector once to check the configuration
// (unknown fields, required ones, formats) and checks its URLs against the
// SSRF guard, so that a bad source is refused when created.
func (s *Service) validateConfig(ctx context.Context, spec connector.Spec, full json.RawMessage) error {
	if spec.Type == WebhookType {
		var c struct {
			Secret string `json:"secret"`
		}
		if err := connector.DecodeConfig(full, &c); err != nil {
			return configError(err)
		}
		return nil
	}
	if _, err := spec.New(full, s.deps); err != nil {
		return configError(err)
	}
	var m map[string]json.RawMessage
	json.Unmarshal(full, &m)
	for _, f := range spec.Fields {
		if f.Type != "url" {
			continue
		}
		var u string
		if json.Unmarshal(m[f.Name], &u) == nil && u != "" {
			if err := s.checkURL(ctx, u); err != nil {
				return apperr.Invalid("config."+f.Name, "error.url_refused", "%s", err.Error())
			}
		}
	}
	return nil
}

// configError turns a connector's configuration error into an invalid
// input error naming the field.
func configError(err error) error {
	var fe *connector.FieldError
	if errors.As(err, &fe) {
		field := fe.Field
		if !strings.HasPrefix(field, "config") {
			field = "config." + field
		}
		return apperr.Invalid(field, "error.config_field", "%s", fe.Msg)
	}
	return apperr.Invalid("config", "error.config_field", "%s", err.Error())
}

func pollKey(id int64) string { return "source.poll:" + strconv.FormatInt(id, 10) }

type pollPayload struct {
	SourceID int64 `json:"source_id"`
}

// CreateSource adds a source to a workspace (managers and above) and
// schedules its first poll right away.
func (s *Service) CreateSource(ctx context.Context, ws string, in SourceInput) (SourceView, error) {
	spec, ok := s.spec(strings.TrimSpace(in.Type))
	if !ok {
		return SourceView{}, apperr.Invalid("type", "error.source_type", "unknown source type %q", in.Type)
	}
	name, err := validateSourceName(in.Name)
	if err != nil {
		return SourceView{}, err
	}
	interval, err := parseInterval(in.Interval)
	if err != nil {
		return SourceView{}, err
	}
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return SourceView{}, err
	}
	public, secrets, err := splitSecrets(spec, in.Config)
	if err != nil {
		return SourceView{}, err
	}
	full := secret.Merge(public, secrets)
	if err := s.validateConfig(ctx, spec, full); err != nil {
		return SourceView{}, err
	}
	var hookHash string
	var token string
	if spec.Type == WebhookType {
		token = auth.RandomToken(24)
		hookHash = auth.HashToken(token)
		b, _ := json.Marshal(token)
		secrets[webhookTokenKey] = b
	}
	pub, _ := json.Marshal(public)
	src := model.Source{WorkspaceID: w.ID, Type: spec.Type, Network: spec.Network, Name: name, Config: pub,
		Secrets: s.box.SealFields(secrets), Interval: interval, Enabled: true}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.CreateSource(ctx, &src, hookHash); err != nil {
			if store.IsUniqueViolation(err) {
				return apperr.Conflict("name", "error.source_name_taken", "another source of this workspace has this name")
			}
			return apperr.Internal(err)
		}
		if spec.Type != WebhookType {
			if _, _, err := s.jobs.Enqueue(ctx, q, PollJob, pollPayload{src.ID}, jobs.EnqueueOptions{UniqueKey: pollKey(src.ID), WorkspaceID: w.ID}); err != nil {
				return apperr.Internal(err)
			}
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "source.create", "source", idStr(src.ID),
			map[string]any{"type": src.Type, "name": src.Name, "config": json.RawMessage(pub)}))
	})
	if err != nil {
		return SourceView{}, err
	}
	return s.view(src, token), nil
}

func (s *Service) view(src model.Source, token string) SourceView {
	v := SourceView{Source: src, Interval: src.Interval.String()}
	if src.Type == WebhookType {
		v.Interval = ""
		if token == "" {
			if secrets, err := s.box.OpenFields(src.Secrets); err == nil {
				json.Unmarshal(secrets[webhookTokenKey], &token)
			}
		}
		if token != "" {
			v.WebhookURL = s.baseURL + "/hooks/" + token
		}
	}
	// Secret fields show as set, never their value.
	if spec, ok := s.spec(src.Type); ok {
		var public map[string]json.RawMessage
		if json.Unmarshal(src.Config, &public) == nil {
			secrets, _ := s.box.OpenFields(src.Secrets)
			for _, f := range spec.Fields {
				if f.Secret {
					if _, set := secrets[f.Name]; set {
						public[f.Name] = json.RawMessage(`"••••••"`)
					}
				}
			}
			v.Config, _ = json.Marshal(public)
		}
	}
	return v
}

// Sources lists a workspace's sources with their health.
func (s *Service) Sources(ctx context.Context, ws string) ([]SourceView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return nil, err
	}
	srcs, err := s.db.Q().ListSources(ctx, w.ID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	out := make([]SourceView, 0, len(srcs))
	for _, src := range srcs {
		out = append(out, s.view(src, ""))
	}
	return out, nil
}

// Source returns one source.
func (s *Service) Source(ctx context.Context, ws string, id int64) (SourceView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleViewer)
	if err != nil {
		return SourceView{}, err
	}
	src, err := s.db.Q().GetSource(ctx, w.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return SourceView{}, apperr.NotFound("source")
	}
	if err != nil {
		return SourceView{}, apperr.Internal(err)
	}
	return s.view(src, ""), nil
}

// UpdateSource changes a source (managers and above). Re-enabling a paused
// source clears its pause and schedules a poll.
func (s *Service) UpdateSource(ctx context.Context, ws string, id int64, up SourceUpdate) (SourceView, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return SourceView{}, err
	}
	var src model.Source
	err = s.db.InTx(ctx, func(q *store.Q) error {
		src, err = q.GetSource(ctx, w.ID, id)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.NotFound("source")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		spec, _ := s.spec(src.Type)
		changes := map[string]any{}
		if up.Name != nil {
			name, err := validateSourceName(*up.Name)
			if err != nil {
				return err
			}
			changes["name"], src.Name = name, name
		}
		if up.Interval != nil {
			d, err := parseInterval(*up.Interval)
			if err != nil {
				return err
			}
			changes["interval"], src.Interval = d.String(), d
		}
		if len(up.Config) > 0 {
			public, secrets, err := splitSecrets(spec, up.Config)
			if err != nil {
				return err
			}
			old, err := s.box.OpenFields(src.Secrets)
			if err != nil {
				return apperr.Internal(err)
			}
			for k, v := range old {
				if _, given := secrets[k]; !given || string(v) == `"••••••"` {
					secrets[k] = v
				}
			}
			full := secret.Merge(public, secrets)
			if err := s.validateConfig(ctx, spec, full); err != nil {
				return err
			}
			src.Config, _ = json.Marshal(public)
			src.Secrets = s.box.SealFields(secrets)
			src.State = nil // a new configuration starts from scratch
			changes["config"] = json.RawMessage(src.Config)
		}
		resume := false
		if up.Enabled != nil && *up.Enabled != src.Enabled {
			src.Enabled = *up.Enabled
			changes["enabled"] = src.Enabled
			if src.Enabled {
				src.PausedReason, resume = "", true
			} else {
				src.PausedReason = "paused by " + auth.ActorFrom(ctx).Label()
			}
		}
		if err := q.UpdateSource(ctx, &src); err != nil {
			if store.IsUniqueViolation(err) {
				return apperr.Conflict("name", "error.source_name_taken", "another source of this workspace has this name")
			}
			return apperr.Internal(err)
		}
		if changes["config"] != nil {
			if err := q.SaveSourceState(ctx, src.ID, nil, 0); err != nil {
				return apperr.Internal(err)
			}
		}
		if (resume || changes["config"] != nil || changes["interval"] != nil) && src.Enabled && src.Type != WebhookType {
			if err := s.schedulePoll(ctx, q, src, s.clock.Now()); err != nil {
				return err
			}
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "source.update", "source", idStr(src.ID), changes))
	})
	if err != nil {
		return SourceView{}, err
	}
	return s.view(src, ""), nil
}

// schedulePoll makes the source's poll job run at t, creating it if needed.
func (s *Service) schedulePoll(ctx context.Context, q *store.Q, src model.Source, t time.Time) error {
	moved, err := q.RescheduleJob(ctx, pollKey(src.ID), t)
	if err != nil {
		return apperr.Internal(err)
	}
	if !moved {
		if _, _, err := s.jobs.Enqueue(ctx, q, PollJob, pollPayload{src.ID}, jobs.EnqueueOptions{UniqueKey: pollKey(src.ID), WorkspaceID: src.WorkspaceID, RunAt: t}); err != nil {
			return apperr.Internal(err)
		}
	}
	s.jobs.Wake()
	return nil
}

// DeleteSource removes a source; its items stay.
func (s *Service) DeleteSource(ctx context.Context, ws string, id int64) error {
	w, err := s.ws.Authorize(ctx, ws, model.RoleManager)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		src, err := q.GetSource(ctx, w.ID, id)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.NotFound("source")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if _, err := q.DeleteSource(ctx, w.ID, id); err != nil {
			return apperr.Internal(err)
		}
		if j, err := q.GetJobByUniqueKey(ctx, pollKey(id)); err == nil {
			q.CancelJob(ctx, j.ID)
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "source.delete", "source", idStr(id), map[string]any{"name": src.Name, "type": src.Type}))
	})
}

// RunSource polls a source now (editors and above).
func (s *Service) RunSource(ctx context.Context, ws string, id int64) error {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(q *store.Q) error {
		src, err := q.GetSource(ctx, w.ID, id)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.NotFound("source")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if src.Type == WebhookType {
			return apperr.New(apperr.KindUnprocessable, "error.webhook_no_poll", "a webhook source receives items; it cannot be polled").WithCode("not_pollable")
		}
		if !src.Enabled {
			return apperr.New(apperr.KindConflict, "error.source_paused", "the source is paused (%s); enable it first", src.PausedReason).WithCode("source_paused")
		}
		return s.schedulePoll(ctx, q, src, s.clock.Now())
	})
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/connector/all"
	"github.com/parvis/parvis/internal/contacts"
	"github.com/parvis/parvis/internal/fetch"
	"github.com/parvis/parvis/internal/inbox"
	"github.com/parvis/parvis/internal/ingest"
	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/notify"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/publish/publisher"
	publishers "github.com/parvis/parvis/internal/publish/publisher/all"
	"github.com/parvis/parvis/internal/secret"
	"github.com/parvis/parvis/internal/store"
	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/topics"
	"github.com/parvis/parvis/internal/workspace"
)

// App holds the parts of a running Parvis: configuration, store, services.
type App struct {
	Config     *Config
	Log        *slog.Logger
	Clock      clock.Clock
	DB         *store.DB
	Box        *secret.Box
	Auth       *auth.Service
	Workspaces *workspace.Service
	Jobs       *jobs.Queue
	Pipeline   *ingest.Pipeline
	Listen     *listen.Service
	Topics     *topics.Service
	Publish    *publish.Service
	Inbox      *inbox.Service
	Contacts   *contacts.Service

	stopping chan struct{}
	stopOnce sync.Once
}

// Close releases the app's resources.
func (a *App) Close() error { return a.DB.Close() }

func newLogger(w io.Writer, c *Config) *slog.Logger {
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[c.LogLevel]
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// configFlags parses the configuration for a command.
func configFlags(env *Env, name string, args []string, extra func(fs *flag.FlagSet)) (*Config, *flag.FlagSet, error) {
	fs := flag.NewFlagSet("parvis "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	if extra != nil {
		extra(fs)
	}
	cfg, err := loadConfig(fs, args, env.Getenv, environ(env))
	return cfg, fs, err
}

// environ lists the environment visible through env.Getenv. Tests pass a
// Getenv over a map; the real process passes os.Getenv.
func environ(env *Env) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if env.Getenv(k) != "" {
			out = append(out, kv)
		}
	}
	return out
}

// open builds the app from a configuration: it opens and migrates the
// store and builds the services.
func open(ctx context.Context, env *Env, cfg *Config) (*App, error) {
	log := newLogger(env.Stderr, cfg)
	c := clock.Real{}
	db, err := store.Open(ctx, store.Options{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, Clock: c, Logger: log})
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	key, err := secretKey(cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	box, err := secret.NewBox(key)
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &App{Config: cfg, Log: log, Clock: c, DB: db, Box: box}
	a.Auth = auth.NewService(db, c, auth.Options{})
	a.Workspaces = workspace.NewService(db, a.Auth, c)
	a.Jobs = jobs.New(db, c, log)
	a.Jobs.Workers = cfg.Workers
	a.Jobs.Lease = cfg.JobLease
	engine, err := text.NewEngine()
	if err != nil {
		db.Close()
		return nil, err
	}
	a.Pipeline = ingest.New(db, c, log)
	a.Pipeline.AddEnricher(ingest.NewTextEnricher(engine))
	a.Pipeline.RegisterReanalysis(a.Jobs) // stored items read again after an upgrade
	registry := connector.NewRegistry()
	all.Register(registry)
	a.Listen = listen.New(listen.Options{DB: db, Workspaces: a.Workspaces, Pipeline: a.Pipeline, Registry: registry, Box: box,
		Jobs: a.Jobs, Clock: c, Log: log, AllowNetworks: cfg.FetchAllowNetworks, BaseURL: cfg.BaseURL, MaxBody: cfg.MaxBodyBytes})
	pubRegistry := publisher.NewRegistry()
	publishers.Register(pubRegistry)
	a.Publish = publish.New(publish.Options{DB: db, Workspaces: a.Workspaces, Registry: pubRegistry, Box: box, Jobs: a.Jobs,
		Clock: c, Log: log, AllowNetworks: cfg.FetchAllowNetworks, BaseURL: cfg.BaseURL})
	// Topics: the match stage and alert jobs. Notifications leave through
	// the guarded fetch client; e-mail through PARVIS_SMTP_* when set.
	sender := notify.NewSender(notify.Options{HTTP: fetch.NewClient(fetch.Options{AllowNetworks: cfg.FetchAllowNetworks}),
		SMTP: notify.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword}})
	a.Topics = topics.New(topics.Options{DB: db, Workspaces: a.Workspaces, Jobs: a.Jobs, Pipeline: a.Pipeline, Clock: c, Log: log,
		Box: box, Sender: sender, BaseURL: cfg.BaseURL})
	if cfg.SMTPAddr != "" && cfg.SMTPFrom != "" {
		a.Publish.SetMailer(sender) // approvers and authors of failed posts are e-mailed
	}
	// Contacts: records authors after the topics stage (topic matches are
	// counted) and before the inbox, which then never threads the items of
	// an erased author; the weekly feedback digest leaves by e-mail.
	a.Contacts = contacts.New(contacts.Options{DB: db, Workspaces: a.Workspaces, Jobs: a.Jobs, Pipeline: a.Pipeline, Sender: sender,
		SMTPConfigured: cfg.SMTPAddr != "" && cfg.SMTPFrom != "", Clock: c, Log: log, BaseURL: cfg.BaseURL})
	// Inbox: threads inbound items into conversations in the ingest
	// transaction; replies leave through the guarded client.
	a.Inbox = inbox.New(inbox.Options{DB: db, Workspaces: a.Workspaces, Jobs: a.Jobs, Box: box, Pipeline: a.Pipeline, Clock: c, Log: log,
		AllowNetworks: cfg.FetchAllowNetworks, BaseURL: cfg.BaseURL})
	if cfg.SMTPAddr != "" && cfg.SMTPFrom != "" {
		a.Inbox.SetMailer(sender) // teammates mentioned in notes are e-mailed
	}
	if err := a.Topics.Load(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("load topics: %w", err)
	}
	return a, nil
}

func secretKey(cfg *Config) ([]byte, error) {
	if cfg.SecretKey != "" {
		k, err := secret.ParseKey(cfg.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("PARVIS_SECRET_KEY: %w", err)
		}
		return k, nil
	}
	if cfg.DatabaseURL != "" {
		return nil, fmt.Errorf("PARVIS_SECRET_KEY: required with PostgreSQL, so that every process shares it (generate one with: openssl rand -hex 32)")
	}
	k, err := secret.LoadOrCreateKeyFile(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("secret key file: %w", err)
	}
	return k, nil
}

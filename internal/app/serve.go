package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/parvis/parvis/internal/api"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/listen"
	"github.com/parvis/parvis/internal/web"
)

func runServe(ctx context.Context, env *Env, args []string) error {
	cfg, _, err := configFlags(env, "serve", args, nil)
	if err != nil {
		return err
	}
	a, err := open(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (PARVIS_ADDR): %w", cfg.Addr, err)
	}
	return a.Serve(ctx, ln, func(url string) {
		fmt.Fprintf(env.Stdout, "Parvis is running on %s (%s). Open %s/ in your browser.\n", url, a.DB.Dialect(), url)
	})
}

// topicsRefresh is how often a process looks for topics that another
// process sharing the database created, changed or deleted.
const topicsRefresh = 30 * time.Second

// Serve serves HTTP on ln and runs the background workers until ctx ends,
// then shuts down gracefully: in-flight requests and jobs get
// Config.ShutdownTimeout to finish.
func (a *App) Serve(ctx context.Context, ln net.Listener, ready func(url string)) error {
	handler, _ := a.Handler()
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	srv.RegisterOnShutdown(a.stop)
	// Items stored by a version that read them otherwise are read again
	// by a background job; a failure to tell does not keep Parvis down.
	if _, err := a.Pipeline.ScheduleReanalysis(ctx, a.Jobs); err != nil {
		a.Log.Error("could not tell whether stored items need reading again", "err", err)
	}
	workerCtx, stopWorkers := context.WithCancel(ctx)
	defer stopWorkers()
	workersDone := make(chan error, 1)
	go func() { workersDone <- a.Jobs.Run(workerCtx, a.Config.ShutdownTimeout) }()
	go a.Listen.RunStreams(workerCtx, listen.StreamOptions{}) // live streams (Bluesky Jetstream…)
	go a.Topics.RunRefresh(workerCtx, topicsRefresh)          // topics changed by other processes

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	if a.Config.BaseURL != "" && !strings.HasPrefix(a.Config.BaseURL, "http://127.0.0.1:") && !strings.HasPrefix(a.Config.BaseURL, "http://localhost:") {
		url = a.Config.BaseURL
	}
	a.Log.Info("listening", "addr", ln.Addr().String(), "database", a.DB.Dialect().String())
	if ready != nil {
		ready(url)
	}
	select {
	case err := <-serveErr:
		stopWorkers()
		<-workersDone
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down", "timeout", a.Config.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	stopWorkers()
	<-workersDone
	if errors.Is(err, context.DeadlineExceeded) {
		srv.Close()
	}
	a.Log.Info("stopped")
	return nil
}

// Handler builds the whole HTTP surface: API, pages, health and metrics.
// It also returns the API routes (for the OpenAPI test).
func (a *App) Handler() (http.Handler, []api.Route) {
	if a.stopping == nil {
		a.stopping = make(chan struct{})
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := httpx.NewMetrics(reg)

	mux := http.NewServeMux()
	routes := api.Routes(mux, &api.Deps{Log: a.Log, Auth: a.Auth, Workspaces: a.Workspaces, Listen: a.Listen, Publish: a.Publish, Topics: a.Topics,
		Inbox: a.Inbox, Contacts: a.Contacts, BaseURL: a.Config.BaseURL, MaxBody: a.Config.MaxBodyBytes, MaxImport: 50 * a.Config.MaxBodyBytes})
	web.Routes(mux, &web.Deps{Log: a.Log, Auth: a.Auth, Workspaces: a.Workspaces, Listen: a.Listen, Topics: a.Topics, Publish: a.Publish, Inbox: a.Inbox, Contacts: a.Contacts, BaseURL: a.Config.BaseURL,
		SecureCookie: a.Config.SecureCookie(), TrustProxy: a.Config.TrustProxy, MaxBody: a.Config.MaxBodyBytes,
		Stopping: a.stopping})

	mux.Handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}))
	mux.Handle("GET /readyz", http.HandlerFunc(a.readyz))
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))

	var h http.Handler = mux
	h = httpx.Authenticate(a.Auth, a.Log, h)
	// Browsers' cross-origin writes are refused (CSRF); requests that are
	// not from a browser (API clients, webhooks) carry no Sec-Fetch-Site or
	// Origin header and pass.
	csrf := http.NewCrossOriginProtection()
	h = csrf.Handler(h)
	h = httpx.Observe(a.Log, metrics, h)
	h = httpx.SecurityHeaders(h)
	return h, routes
}

func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unreachable", "error": err.Error()})
		return
	}
	n, err := a.DB.PendingMigrations(ctx)
	if err != nil || n > 0 {
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "migrations pending", "pending": n})
		return
	}
	body := map[string]any{"status": "ready", "database": a.DB.Dialect().String()}
	// Reading the stored items again after an upgrade runs in the
	// background and leaves the server ready; its state is told here, as
	// no page lists a job without a workspace.
	if a.Pipeline != nil {
		if st, err := a.Pipeline.AnalysisState(ctx); err == nil {
			body["analysis"] = st
		} else {
			a.Log.Warn("readyz: analysis state", "err", err)
		}
	}
	httpx.WriteJSON(w, http.StatusOK, body)
}

// stop tells long-lived answers that the server is shutting down.
func (a *App) stop() {
	a.stopOnce.Do(func() {
		if a.stopping != nil {
			close(a.stopping)
		}
	})
}

package httpx

import (
	"bufio"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/i18n"
)

// SessionCookie is the name of the login cookie.
const SessionCookie = "parvis_session"

// Authenticate puts the actor of the request in its context: from an
// "Authorization: Bearer" API token, else from the session cookie. Requests
// without valid credentials go on without an actor; handlers and services
// decide whether that is allowed. A bearer token that is invalid is an
// immediate 401, so a client never silently acts anonymously.
func Authenticate(a *auth.Service, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, tok, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") {
				w.Header().Set("WWW-Authenticate", `Bearer realm="parvis"`)
				WriteError(w, r, log, apperr.Unauthenticated())
				return
			}
			actor, err := a.TokenActor(ctx, strings.TrimSpace(tok))
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="parvis", error="invalid_token"`)
				WriteError(w, r, log, err)
				return
			}
			ctx = auth.WithActor(ctx, actor)
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			if actor, err := a.SessionActor(ctx, c.Value); err == nil {
				ctx = auth.WithActor(ctx, actor)
			}
		}
		pref := ""
		if actor := auth.ActorFrom(ctx); actor != nil {
			pref = actor.User.Lang
		}
		ctx = WithLang(ctx, i18n.FromRequest(r, pref))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// statusWriter records the status of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := s.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("hijack not supported")
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Metrics are the HTTP metrics exported on /metrics.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parvis_http_requests_total", Help: "HTTP requests by route pattern, method and status class."}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "parvis_http_request_duration_seconds", Help: "HTTP request latency by route pattern.", Buckets: prometheus.DefBuckets}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// Observe logs each request, recovers panics into a 500 and records metrics.
func Observe(log *slog.Logger, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic serving request", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, "internal error", http.StatusInternalServerError)
				}
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			if m != nil {
				m.requests.WithLabelValues(route, r.Method, statusClass(status)).Inc()
				m.duration.WithLabelValues(route).Observe(d.Seconds())
			}
			level := slog.LevelDebug
			if status >= 500 {
				level = slog.LevelError
			} else if !strings.HasPrefix(r.URL.Path, "/static/") && r.URL.Path != "/healthz" {
				level = slog.LevelInfo
			}
			log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", status, "duration", d.Round(time.Microsecond))
		}()
		next.ServeHTTP(sw, r)
	})
}

func statusClass(s int) string {
	return string(rune('0'+s/100)) + "xx"
}

// SecurityHeaders sets headers every answer gets.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

// Package fetch builds the one HTTP client Parvis uses for outbound
// requests to URLs that users control (feeds, network APIs at configurable
// base URLs). Its guard refuses loopback, private, link-local (cloud
// metadata), multicast and other special-purpose addresses at dial time,
// after DNS resolution and for every redirect, so that a source cannot be
// used to reach the machine's own network (SSRF). It also bounds the time a
// request may take and the size of the body it may read.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Defaults used when an Options field is zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBodyBytes = 10 << 20
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "Parvis/1.0 (+https://github.com/parvis/parvis)"
)

// Options configure the client. The zero value is safe: every
// special-purpose address is refused.
type Options struct {
	// AllowNetworks are networks reachable despite the guard, e.g.
	// 127.0.0.0/8 for tests or 10.1.0.0/16 for an intranet. See
	// ParseAllowNetworks for PARVIS_FETCH_ALLOW_NETWORKS.
	AllowNetworks []netip.Prefix
	// Timeout bounds a whole request, redirects and body included.
	Timeout time.Duration
	// MaxBodyBytes bounds the bytes read from one response body; reading
	// more fails with a *BodyTooLargeError.
	MaxBodyBytes int64
	// MaxRedirects bounds the redirects followed for one request.
	MaxRedirects int
	// UserAgent is sent when a request sets none.
	UserAgent string
	// Resolver resolves host names; nil uses the system resolver. Tests
	// use it to make a name resolve to a chosen address.
	Resolver func(ctx context.Context, host string) ([]netip.Addr, error)
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	return o
}

// NewClient returns the guarded HTTP client. Every connection it opens is
// checked: the host is resolved, every address checked, then the checked
// address dialled (no second resolution an attacker could rebind), and the
// dialer's Control hook checks the socket address once more. Proxies from
// the environment are ignored, since a proxy would dial on our behalf.
func NewClient(opts Options) *http.Client {
	opts = opts.withDefaults()
	g := newGuard(opts)
	dialer := &net.Dialer{
		Timeout:   10 * time.Second,
		KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("fetch: dial %s: unexpected address: %v", address, err)
			}
			return g.check(ap.Addr().String(), ap.Addr())
		},
	}
	dial := func(ctx context.Context, network, address string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, fmt.Errorf("fetch: dial %s: %v", address, err)
		}
		addrs, err := g.lookup(ctx, host)
		if err != nil {
			return nil, err
		}
		var firstErr error
		for _, a := range addrs {
			conn, err := dialer.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
			if err == nil {
				return conn, nil
			}
			if firstErr == nil {
				firstErr = err
			}
		}
		return nil, firstErr
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opts.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: &guardedTransport{next: transport, opts: opts},
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opts.MaxRedirects {
				return fmt.Errorf("fetch: stopped after %d redirects (last to %s)", opts.MaxRedirects, req.URL.Redacted())
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("fetch: redirect to %s refused: scheme %q is not http or https", req.URL.Redacted(), req.URL.Scheme)
			}
			return nil
		},
	}
}

// guardedTransport refuses non-HTTP schemes, sets the user agent and bounds
// the response body.
type guardedTransport struct {
	next http.RoundTripper
	opts Options
}

func (t *guardedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return nil, fmt.Errorf("fetch: %s refused: scheme %q is not http or https", req.URL.Redacted(), req.URL.Scheme)
	}
	if req.Header.Get("User-Agent") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", t.opts.UserAgent)
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusSwitchingProtocols {
		// A websocket upgrade: the body is the connection itself, which
		// the caller bounds (message size limits), not a response body.
		return resp, nil
	}
	if resp.ContentLength > t.opts.MaxBodyBytes {
		resp.Body.Close()
		return nil, &BodyTooLargeError{URL: req.URL.Redacted(), Limit: t.opts.MaxBodyBytes, Declared: resp.ContentLength}
	}
	resp.Body = &limitedBody{rc: resp.Body, left: t.opts.MaxBodyBytes, limit: t.opts.MaxBodyBytes, url: req.URL.Redacted()}
	return resp, nil
}

// BodyTooLargeError is returned when a response body exceeds MaxBodyBytes.
type BodyTooLargeError struct {
	URL      string
	Limit    int64
	Declared int64 // Content-Length when the server announced it, else -1
}

func (e *BodyTooLargeError) Error() string {
	if e.Declared > 0 {
		return fmt.Sprintf("fetch: response body of %s is %d bytes, over the limit of %d bytes", e.URL, e.Declared, e.Limit)
	}
	return fmt.Sprintf("fetch: response body of %s exceeds the limit of %d bytes", e.URL, e.Limit)
}

// IsBodyTooLarge reports whether err comes from a body over the limit.
func IsBodyTooLarge(err error) bool {
	var e *BodyTooLargeError
	return errors.As(err, &e)
}

// limitedBody reads at most limit bytes and fails, instead of truncating
// silently, when the body holds more.
type limitedBody struct {
	rc    io.ReadCloser
	left  int64
	limit int64
	url   string
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// Probe one byte: a body of exactly limit bytes is fine.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, &BodyTooLargeError{URL: b.url, Limit: b.limit, Declared: -1}
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

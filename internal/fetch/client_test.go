package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func loopbackOnly(t *testing.T) []netip.Prefix {
	t.Helper()
	p, err := ParseAllowNetworks("127.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoopbackRefusedByDefault(t *testing.T) {
	t.Parallel()
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()

	_, err := NewClient(Options{}).Get(srv.URL)
	var blocked *BlockedError
	if !errors.As(err, &blocked) {
		t.Fatalf("Get(%s) error = %v, want a *BlockedError", srv.URL, err)
	}
	if blocked.Reason != "loopback" {
		t.Errorf("reason = %q, want loopback", blocked.Reason)
	}
	if !strings.Contains(err.Error(), "set PARVIS_FETCH_ALLOW_NETWORKS to allow it") {
		t.Errorf("error %q does not say how to allow the address", err)
	}
	if hits != 0 {
		t.Errorf("server was reached %d times", hits)
	}
}

func TestLoopbackAllowedWithAllowNetworks(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("User-Agent"))
	}))
	defer srv.Close()

	resp, err := NewClient(Options{AllowNetworks: loopbackOnly(t), UserAgent: "parvis-test"}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "parvis-test" {
		t.Errorf("server saw user agent %q, want parvis-test", body)
	}
}

func TestRedirectIsCheckedAtEveryHop(t *testing.T) {
	t.Parallel()
	targets := map[string]string{
		"metadata":       "http://169.254.169.254/latest/meta-data/",
		"other loopback": "http://127.0.0.2:9/",
		"ipv6 loopback":  "http://[::1]:9/",
		"mapped ipv6":    "http://[::ffff:10.0.0.1]:9/",
		"private name":   "http://intranet.example/",
		"file scheme":    "file:///etc/passwd",
	}
	for name, target := range targets {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.RedirectHandler(target, http.StatusFound))
			defer srv.Close()
			c := NewClient(Options{
				// Only the first hop's exact address is allowed.
				AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
				Resolver: func(ctx context.Context, host string) ([]netip.Addr, error) {
					return []netip.Addr{netip.MustParseAddr("192.168.1.20")}, nil
				},
			})
			_, err := c.Get(srv.URL)
			if err == nil {
				t.Fatalf("redirect to %s was followed", target)
			}
			var blocked *BlockedError
			if target == "file:///etc/passwd" {
				if !strings.Contains(err.Error(), `scheme "file"`) {
					t.Errorf("error = %v, want it to name the scheme", err)
				}
				return
			}
			if !errors.As(err, &blocked) {
				t.Fatalf("error = %v, want a *BlockedError", err)
			}
		})
	}
}

func TestRedirectLimit(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL+"/again", http.StatusFound)
	}))
	defer srv.Close()
	_, err := NewClient(Options{AllowNetworks: loopbackOnly(t), MaxRedirects: 3}).Get(srv.URL)
	if err == nil || !strings.Contains(err.Error(), "stopped after 3 redirects") {
		t.Fatalf("error = %v, want a redirect limit error", err)
	}
}

func TestNamesResolvingToPrivateAddressesAreRefused(t *testing.T) {
	t.Parallel()
	c := NewClient(Options{Resolver: func(ctx context.Context, host string) ([]netip.Addr, error) {
		// One public and one private address: the private one refuses the host.
		return []netip.Addr{netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("10.0.0.1")}, nil
	}})
	_, err := c.Get("http://x.example/feed")
	want := "address 10.0.0.1 of host x.example is private and not allowed; set PARVIS_FETCH_ALLOW_NETWORKS to allow it"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want it to contain %q", err, want)
	}
}

func TestLocalhostRefusedWithSystemResolver(t *testing.T) {
	t.Parallel()
	err := CheckURL(context.Background(), Options{}, "http://localhost:8080/")
	var blocked *BlockedError
	if !errors.As(err, &blocked) || blocked.Reason != "loopback" {
		t.Fatalf("CheckURL(localhost) = %v, want a loopback *BlockedError", err)
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	resolver := func(ctx context.Context, host string) ([]netip.Addr, error) {
		switch host {
		case "public.example":
			return []netip.Addr{netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("2606:2800:220:1::1")}, nil
		case "x":
			return []netip.Addr{netip.MustParseAddr("10.0.0.1")}, nil
		}
		return nil, fmt.Errorf("no such host %s", host)
	}
	tests := []struct {
		url, allow, wantErr string
	}{
		{"https://public.example/feed.xml", "", ""},
		{"http://x/feed", "", "address 10.0.0.1 of host x is private and not allowed; set PARVIS_FETCH_ALLOW_NETWORKS to allow it"},
		{"http://x/feed", "10.0.0.0/8", ""},
		{"http://10.1.2.3/", "10.0.0.0/16", "address 10.1.2.3 of host 10.1.2.3 is private"},
		{"http://169.254.169.254/latest", "", "link-local"},
		{"http://100.64.1.1/", "", "carrier-grade NAT"},
		{"http://0.0.0.0:80/", "", "unspecified"},
		{"http://[::]/", "", "unspecified"},
		{"http://[fe80::1]/", "", "link-local"},
		{"http://[fd00:ec2::254]/", "", "unique local"},
		{"http://[ff02::1]/", "", "multicast"},
		{"http://224.0.0.251/", "", "multicast"},
		{"http://[::ffff:127.0.0.1]/", "", "loopback"},
		{"http://[::ffff:169.254.169.254]/", "", "link-local"},
		{"http://[64:ff9b::a00:1]/", "", "private"},
		{"http://[2002:c0a8:101::1]/", "", "private"},
		{"http://255.255.255.255/", "", "reserved"},
		{"http://[::ffff:127.0.0.1]/", "127.0.0.0/8", ""},
		{"ftp://public.example/", "", `scheme "ftp" is not allowed`},
		{"https:///nohost", "", "no host"},
		{"http://nowhere.example/", "", "resolve host nowhere.example"},
	}
	for _, tt := range tests {
		allow, err := ParseAllowNetworks(tt.allow)
		if err != nil {
			t.Fatal(err)
		}
		err = CheckURL(context.Background(), Options{AllowNetworks: allow, Resolver: resolver}, tt.url)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("CheckURL(%s, allow %q) = %v, want nil", tt.url, tt.allow, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("CheckURL(%s, allow %q) = %v, want an error containing %q", tt.url, tt.allow, err, tt.wantErr)
		}
	}
}

func TestParseAllowNetworks(t *testing.T) {
	t.Parallel()
	got, err := ParseAllowNetworks(" 127.0.0.0/8, ,10.1.2.3, fd00::/8 ")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"127.0.0.0/8", "10.1.2.3/32", "fd00::/8"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("entry %d = %s, want %s", i, got[i], want[i])
		}
	}
	_, err = ParseAllowNetworks("127.0.0.0/8,10.0.0.0/33")
	if err == nil || !strings.Contains(err.Error(), `entry 2 "10.0.0.0/33"`) {
		t.Errorf("error = %v, want it to name entry 2", err)
	}
	_, err = ParseAllowNetworks("intranet")
	if err == nil || !strings.Contains(err.Error(), `"intranet"`) {
		t.Errorf("error = %v, want it to name the entry", err)
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/declared" {
			w.Header().Set("Content-Length", "200")
		} else {
			w.(http.Flusher).Flush() // chunked: no declared length
		}
		w.Write([]byte(strings.Repeat("x", 200)))
	}))
	defer srv.Close()
	c := NewClient(Options{AllowNetworks: loopbackOnly(t), MaxBodyBytes: 100})

	_, err := c.Get(srv.URL + "/declared")
	if !IsBodyTooLarge(err) || !strings.Contains(err.Error(), "over the limit of 100 bytes") {
		t.Errorf("declared: error = %v, want a body-too-large error", err)
	}

	resp, err := c.Get(srv.URL + "/chunked")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	if !IsBodyTooLarge(err) || !strings.Contains(err.Error(), "exceeds the limit of 100 bytes") {
		t.Errorf("chunked: error = %v, want a body-too-large error", err)
	}

	exact := NewClient(Options{AllowNetworks: loopbackOnly(t), MaxBodyBytes: 200})
	resp, err = exact.Get(srv.URL + "/chunked")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, err := io.ReadAll(resp.Body); err != nil || len(b) != 200 {
		t.Errorf("body of exactly the limit: %d bytes, error %v", len(b), err)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	start := time.Now()
	_, err := NewClient(Options{AllowNetworks: loopbackOnly(t), Timeout: 200 * time.Millisecond}).Get(srv.URL)
	if err == nil {
		t.Fatal("request to a server that never answers succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout of 200ms took %v", d)
	}
}

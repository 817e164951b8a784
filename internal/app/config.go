package app

import (
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration of a Parvis process, read from flags
// and PARVIS_* environment variables (flags win). Secrets may also come from
// a file named by PARVIS_<NAME>_FILE.
type Config struct {
	Addr               string
	DataDir            string
	DatabaseURL        string
	SecretKey          string
	BaseURL            string
	LogLevel           string
	LogFormat          string
	SecureCookies      string // auto, true, false
	TrustProxy         bool
	FetchAllowNetworks []netip.Prefix
	Workers            int
	ShutdownTimeout    time.Duration
	JobLease           time.Duration
	MaxBodyBytes       int64
	SMTPAddr           string
	SMTPFrom           string
	SMTPUsername       string
	SMTPPassword       string
}

// setting describes one configuration value.
type setting struct {
	name    string // flag name; the variable is PARVIS_ + upper snake case
	help    string
	def     string
	secret  bool // may come from PARVIS_…_FILE
	set     func(c *Config, v string) error
	forServ bool // only meaningful for serve (still accepted elsewhere)
}

func (s setting) env() string {
	return "PARVIS_" + strings.ToUpper(strings.ReplaceAll(s.name, "-", "_"))
}

func settings() []setting {
	return []setting{
		{name: "addr", def: "127.0.0.1:8080", help: "address to listen on", set: func(c *Config, v string) error {
			if _, _, err := splitHostPort(v); err != nil {
				return err
			}
			c.Addr = v
			return nil
		}},
		{name: "data-dir", def: "./parvis-data", help: "directory of the embedded database and secret key", set: func(c *Config, v string) error {
			if v == "" {
				return fmt.Errorf("must not be empty")
			}
			c.DataDir = v
			return nil
		}},
		{name: "database-url", secret: true, help: "postgres://… URL; empty uses the embedded SQLite database", set: func(c *Config, v string) error {
			if v != "" && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") {
				return fmt.Errorf("must start with postgres:// (or be empty for the embedded SQLite)")
			}
			c.DatabaseURL = v
			return nil
		}},
		{name: "secret-key", secret: true, help: "key encrypting stored credentials (64 hex digits); generated in the data directory if empty", set: func(c *Config, v string) error {
			c.SecretKey = v
			return nil
		}},
		{name: "base-url", help: "public URL of this instance (for links); default http://ADDR", set: func(c *Config, v string) error {
			if v == "" {
				c.BaseURL = ""
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return fmt.Errorf("must be an absolute http(s) URL, got %q", v)
			}
			c.BaseURL = strings.TrimRight(v, "/")
			return nil
		}},
		{name: "log-level", def: "info", help: "debug, info, warn or error", set: func(c *Config, v string) error {
			switch v {
			case "debug", "info", "warn", "error":
				c.LogLevel = v
				return nil
			}
			return fmt.Errorf("must be debug, info, warn or error, got %q", v)
		}},
		{name: "log-format", def: "text", help: "text or json", set: func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return fmt.Errorf("must be text or json, got %q", v)
			}
			c.LogFormat = v
			return nil
		}},
		{name: "secure-cookies", def: "auto", help: "auto (when base URL is https), true or false", set: func(c *Config, v string) error {
			if v != "auto" && v != "true" && v != "false" {
				return fmt.Errorf("must be auto, true or false, got %q", v)
			}
			c.SecureCookies = v
			return nil
		}},
		{name: "trust-proxy", def: "false", help: "take the client address from X-Forwarded-For (behind a reverse proxy)", set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("must be true or false, got %q", v)
			}
			c.TrustProxy = b
			return nil
		}},
		{name: "fetch-allow-networks", help: "comma-separated CIDRs that outbound fetches may reach despite the SSRF guard (e.g. 10.0.0.0/8)", set: func(c *Config, v string) error {
			c.FetchAllowNetworks = nil
			for _, part := range strings.Split(v, ",") {
				part = strings.TrimSpace(part)
				if part == "" {
					continue
				}
				p, err := netip.ParsePrefix(part)
				if err != nil {
					return fmt.Errorf("%q is not a CIDR (e.g. 127.0.0.0/8)", part)
				}
				c.FetchAllowNetworks = append(c.FetchAllowNetworks, p)
			}
			return nil
		}},
		{name: "workers", def: "4", help: "background jobs run at once", set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 256 {
				return fmt.Errorf("must be a number from 1 to 256, got %q", v)
			}
			c.Workers = n
			return nil
		}},
		{name: "job-lease", def: "10m", help: "how long a claimed job is held before another worker may take it over (how soon jobs of a crashed process resume); keep it above the longest job timeout (2m for publishing)", set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Second {
				return fmt.Errorf("must be a duration of at least 1s such as 10m, got %q", v)
			}
			c.JobLease = d
			return nil
		}},
		{name: "shutdown-timeout", def: "30s", help: "how long shutdown waits for requests and jobs", set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("must be a duration such as 30s, got %q", v)
			}
			c.ShutdownTimeout = d
			return nil
		}},
		{name: "smtp-addr", help: "SMTP server for e-mail notifications, host:port (empty: no e-mail)", set: func(c *Config, v string) error {
			if v != "" {
				if _, _, err := splitHostPort(v); err != nil {
					return err
				}
			}
			c.SMTPAddr = v
			return nil
		}},
		{name: "smtp-from", help: "sender address of e-mail notifications", set: func(c *Config, v string) error {
			if v != "" && !strings.Contains(v, "@") {
				return fmt.Errorf("must be an e-mail address, got %q", v)
			}
			c.SMTPFrom = v
			return nil
		}},
		{name: "smtp-username", help: "SMTP user name (PLAIN auth over TLS)", set: func(c *Config, v string) error {
			c.SMTPUsername = v
			return nil
		}},
		{name: "smtp-password", secret: true, help: "SMTP password", set: func(c *Config, v string) error {
			c.SMTPPassword = v
			return nil
		}},
		{name: "max-body-bytes", def: "10485760", help: "largest request body accepted", set: func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1024 {
				return fmt.Errorf("must be a number of bytes ≥ 1024, got %q", v)
			}
			c.MaxBodyBytes = n
			return nil
		}},
	}
}

// envAllowed lists PARVIS_ variables that are not settings but are read by
// tests and CI; they must not stop start-up.
func envAllowed(name string) bool {
	for _, p := range []string{"PARVIS_TEST_", "PARVIS_REQUIRE_", "PARVIS_SHARED_DATA", "PARVIS_BENCH_", "PARVIS_PEERS_"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// loadConfig reads the configuration from env then from the flags of fs
// (which it defines and parses). environ lists the environment as
// KEY=VALUE strings, to detect unknown PARVIS_ variables.
func loadConfig(fs *flag.FlagSet, args []string, getenv func(string) string, environ []string) (*Config, error) {
	c := &Config{}
	sets := settings()
	known := map[string]bool{}
	for _, s := range sets {
		known[s.env()] = true
		if s.secret {
			known[s.env()+"_FILE"] = true
		}
	}
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "PARVIS_") && !known[k] && !envAllowed(k) {
			return nil, fmt.Errorf("unknown setting %s in the environment (see 'parvis serve -h' for the settings)", k)
		}
	}
	for _, s := range sets {
		v, from := s.def, "default"
		if e := getenv(s.env()); e != "" {
			v, from = e, s.env()
		}
		if s.secret {
			if f := getenv(s.env() + "_FILE"); f != "" {
				b, err := os.ReadFile(f)
				if err != nil {
					return nil, fmt.Errorf("%s_FILE: %w", s.env(), err)
				}
				v, from = strings.TrimSpace(string(b)), s.env()+"_FILE"
			}
		}
		if err := s.set(c, v); err != nil {
			return nil, fmt.Errorf("%s: %w", from, err)
		}
		s := s
		fs.Func(s.name, s.help+" ("+s.env()+")", func(v string) error { return s.set(c, v) })
	}
	if err := fs.Parse(args); err != nil {
		return nil, reported{&UsageError{err.Error()}} // the flag package printed it
	}
	if c.BaseURL == "" {
		host, port, _ := splitHostPort(c.Addr)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + joinHostPort(host, port)
	}
	return c, nil
}

// SecureCookie says whether cookies get the Secure attribute.
func (c *Config) SecureCookie() bool {
	switch c.SecureCookies {
	case "true":
		return true
	case "false":
		return false
	}
	return strings.HasPrefix(c.BaseURL, "https://")
}

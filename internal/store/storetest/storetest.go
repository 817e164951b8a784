// Package storetest gives tests real databases: a fresh SQLite file, and a
// fresh database on a throw-away PostgreSQL server started from the initdb
// and postgres binaries (or on PARVIS_TEST_DATABASE_URL). There are no
// database mocks in Parvis.
//
// A test package that uses PostgreSQL calls Main from its TestMain, so the
// server is started once per test binary and stopped at the end.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/parvis/parvis/internal/clock"
	"github.com/parvis/parvis/internal/store"
)

// server is the PostgreSQL server of this test binary. It is test-only
// state, set up by Main and torn down when Main returns.
var server struct {
	once    sync.Once
	baseURL string // postgres URL of the maintenance database
	skip    string // why PostgreSQL tests skip, when they do
	stop    func()
}

// Main runs the tests of a package and stops the PostgreSQL server it may
// have started. Use: func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	if server.stop != nil {
		server.stop()
	}
	return code
}

// Engine names a database engine for sub-tests.
type Engine struct {
	Name string
	Open func(t testing.TB) *store.DB
}

// Options tune the databases tests get.
type Options struct {
	Clock clock.Clock
}

// Each runs fn as a sub-test on SQLite and on PostgreSQL, each with a fresh,
// migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	EachWith(t, Options{}, fn)
}

// EachWith is Each with options.
func EachWith(t *testing.T, o Options, fn func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t, o)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, o)) })
}

// SQLite returns a fresh migrated SQLite database in a temporary directory.
func SQLite(t testing.TB, o Options) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{DataDir: t.TempDir(), Clock: o.Clock})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate sqlite: %v", err)
	}
	return db
}

// Postgres returns a fresh migrated database on the test PostgreSQL server.
// It skips the test when no server can be had, unless
// PARVIS_REQUIRE_POSTGRES=1, which turns the skip into a failure.
func Postgres(t testing.TB, o Options) *store.DB {
	t.Helper()
	u := NewPostgresDatabase(t)
	db, err := store.Open(context.Background(), store.Options{URL: u, Clock: o.Clock})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate postgres: %v", err)
	}
	return db
}

// NewPostgresDatabase creates an empty database on the test server and
// returns its URL (skipping or failing as Postgres does).
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	server.once.Do(startServer)
	if server.baseURL == "" {
		if os.Getenv("PARVIS_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL required (PARVIS_REQUIRE_POSTGRES=1) but unavailable: %s", server.skip)
		}
		t.Skipf("PostgreSQL unavailable: %s (set PARVIS_TEST_DATABASE_URL or install initdb/postgres)", server.skip)
	}
	name := "parvis_test_" + randHex(6)
	admin, err := sql.Open("pgx", server.baseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	pu, _ := url.Parse(server.baseURL)
	pu.Path = "/" + name
	t.Cleanup(func() {
		a, err := sql.Open("pgx", server.baseURL)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
	return pu.String()
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func startServer() {
	if u := os.Getenv("PARVIS_TEST_DATABASE_URL"); u != "" {
		server.baseURL = u
		return
	}
	initdb, pgctl := findBinary("initdb"), findBinary("pg_ctl")
	if initdb == "" || pgctl == "" {
		server.skip = "initdb/pg_ctl not found in PATH, /usr/local/bin or /usr/lib/postgresql/*/bin"
		return
	}
	dir, err := os.MkdirTemp("", "parvis-pg-")
	if err != nil {
		server.skip = err.Error()
		return
	}
	// initdb refuses to run as root: run the server as the postgres user.
	var runAs []string
	if u, err := user.Current(); err == nil && u.Uid == "0" {
		pgUser, err := user.Lookup("postgres")
		if err != nil {
			server.skip = "running as root and no 'postgres' user to run the server as"
			os.RemoveAll(dir)
			return
		}
		uid, _ := strconv.Atoi(pgUser.Uid)
		gid, _ := strconv.Atoi(pgUser.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			server.skip = err.Error()
			return
		}
		runAs = []string{"runuser", "-u", "postgres", "--"}
	}
	run := func(args ...string) ([]byte, error) {
		full := append(append([]string{}, runAs...), args...)
		cmd := exec.Command(full[0], full[1:]...)
		cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "LANG=C.UTF-8")
		return cmd.CombinedOutput()
	}
	data := filepath.Join(dir, "data")
	if out, err := run(initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"); err != nil {
		server.skip = fmt.Sprintf("initdb failed: %v: %s", err, lastLines(out))
		os.RemoveAll(dir)
		return
	}
	port, err := freePort()
	if err != nil {
		server.skip = err.Error()
		return
	}
	opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if out, err := run(pgctl, "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		logb, _ := os.ReadFile(filepath.Join(dir, "log"))
		server.skip = fmt.Sprintf("postgres did not start: %v: %s %s", err, lastLines(out), lastLines(logb))
		os.RemoveAll(dir)
		return
	}
	server.baseURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	server.stop = func() {
		run(pgctl, "-D", data, "-m", "immediate", "-w", "stop")
		os.RemoveAll(dir)
	}
	// Wait until it accepts connections.
	deadline := time.Now().Add(30 * time.Second)
	for {
		db, err := sql.Open("pgx", server.baseURL)
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err == nil || time.Now().After(deadline) {
			if err != nil {
				server.skip = "postgres not reachable: " + err.Error()
				server.baseURL = ""
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func findBinary(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	cands := []string{"/usr/local/bin/" + name}
	if m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name); len(m) > 0 {
		cands = append(cands, m...)
	}
	for _, c := range cands {
		if st, err := os.Stat(c); err == nil && !st.IsDir() {
			return c
		}
	}
	return ""
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return strings.Join(lines, " | ")
}

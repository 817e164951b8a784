// Package store persists Parvis data in SQLite (embedded, the default) or
// PostgreSQL. Both engines share one schema and one migration history; the
// few differences (identity columns, full-text search) are handled by
// dialect sections in the migration files and by Q's helpers.
//
// Queries are written with ? placeholders and rebound for PostgreSQL. Times
// are stored as Unix microseconds (UTC) in BIGINT columns in both engines, so
// ordering, cursors and comparisons behave the same everywhere.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/parvis/parvis/internal/clock"
)

// Dialect is the SQL engine behind a DB.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is an open store.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	clock   clock.Clock
	log     *slog.Logger
	stats   statsState
}

// statsState decides when the planner's statistics need a refresh.
type statsState struct {
	mu      sync.Mutex
	written int64 // rows written since the last refresh
	next    int64 // refresh when written reaches it
	running bool  // a PostgreSQL refresh is under way
	wg      sync.WaitGroup
}

// NoteWrites records n rows written by bulk ingestion and, when the tables
// have grown much since the last time, refreshes the planner statistics.
// Tables fill from empty faster than autovacuum analyses them; plans made
// on the statistics of an empty table scan sequentially (measured: bulk
// import on PostgreSQL 3x slower at 200,000 rows). Thresholds double, so
// the cost stays a small share of the writes.
func (db *DB) NoteWrites(ctx context.Context, n int) error {
	db.stats.mu.Lock()
	if db.stats.next == 0 {
		db.stats.next = 5000
	}
	db.stats.written += int64(n)
	due := db.stats.written >= db.stats.next
	if due {
		db.stats.written = 0
		db.stats.next = min(db.stats.next*2, 2_000_000)
	}
	db.stats.mu.Unlock()
	if !due {
		return nil
	}
	if db.dialect == SQLite {
		_, err := db.sql.ExecContext(ctx, `PRAGMA analysis_limit = 1000; PRAGMA optimize`)
		return err
	}
	// On PostgreSQL the refresh runs beside the writes (it takes a
	// fraction of a second at 100,000 rows and needs no lock writers
	// wait for); one at a time, and Close waits for it.
	db.stats.mu.Lock()
	if db.stats.running {
		db.stats.mu.Unlock()
		return nil
	}
	db.stats.running = true
	db.stats.wg.Add(1)
	db.stats.mu.Unlock()
	go func() {
		defer func() {
			db.stats.mu.Lock()
			db.stats.running = false
			db.stats.mu.Unlock()
			db.stats.wg.Done()
		}()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Minute)
		defer cancel()
		if err := db.analyze(ctx); err != nil {
			db.log.Warn("refreshing planner statistics", "err", err)
		}
	}()
	return nil
}

// analyze refreshes PostgreSQL's statistics of the tables ingest fills; on
// items only of the columns plans filter or join on (statistics of the
// text and its tsvector cost more than the rest together, and no plan
// needs them).
func (db *DB) analyze(ctx context.Context) error {
	for _, q := range []string{
		`ANALYZE items (id, workspace_id, source_id, network, external_id, kind, author_handle, lang, sentiment, parent_id, thread_id, created_at, updated_at, deleted_at)`,
		`ANALYZE topic_matches, contacts, contact_identities, contact_items, conversations, conversation_items, jobs`,
	} {
		if _, err := db.sql.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// Options configures Open.
type Options struct {
	// URL is a postgres:// URL; empty means SQLite in DataDir.
	URL string
	// DataDir holds the SQLite database file (parvis.db).
	DataDir string
	// SQLitePath overrides the SQLite file path (tests).
	SQLitePath string
	Clock      clock.Clock
	Logger     *slog.Logger
}

// Open opens the database. It does not migrate; call Migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	db := &DB{clock: o.Clock, log: o.Logger}
	var err error
	switch {
	case strings.HasPrefix(o.URL, "postgres://") || strings.HasPrefix(o.URL, "postgresql://"):
		db.dialect = Postgres
		db.sql, err = sql.Open("pgx", withPlanCacheMode(o.URL))
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.sql.SetMaxOpenConns(20)
		db.sql.SetMaxIdleConns(10)
		db.sql.SetConnMaxIdleTime(5 * time.Minute)
	case o.URL == "" || strings.HasPrefix(o.URL, "sqlite:") || strings.HasPrefix(o.URL, "file:"):
		db.dialect = SQLite
		path := o.SQLitePath
		if path == "" && o.URL != "" {
			path = strings.TrimPrefix(strings.TrimPrefix(o.URL, "sqlite:"), "file:")
			path = strings.TrimPrefix(path, "//")
		}
		if path == "" {
			if o.DataDir == "" {
				return nil, errors.New("open sqlite: no data directory")
			}
			if err := os.MkdirAll(o.DataDir, 0o750); err != nil {
				return nil, fmt.Errorf("create data directory %s: %w", o.DataDir, err)
			}
			path = filepath.Join(o.DataDir, "parvis.db")
		}
		// _txlock=immediate: write transactions take the lock when they
		// begin, so two writers never deadlock upgrading a read lock.
		dsn := "file:" + path + "?_txlock=immediate" +
			"&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)" +
			// A 64 MiB page cache per connection: with the default 2 MiB, index
			// pages of a growing items table thrash and inserts slow down ~5x.
			"&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)" +
			// Checkpoint the WAL every ~40 MiB rather than every 4 MiB: pages that
			// successive batches dirty are then written back once.
			"&_pragma=wal_autocheckpoint(10000)"
		db.sql, err = sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		db.sql.SetMaxOpenConns(runtime.NumCPU() + 2)
		db.sql.SetMaxIdleConns(runtime.NumCPU() + 2)
	default:
		return nil, fmt.Errorf("database URL must start with postgres:// (or be empty for the embedded SQLite), got %q", redactURL(o.URL))
	}
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.sql.PingContext(pctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("connect to %s: %w", db.dialect, err)
	}
	return db, nil
}

// withPlanCacheMode asks PostgreSQL for custom plans unless the URL says
// otherwise. Parvis's tables grow from empty: a cached generic plan made
// while a table was small keeps scanning it sequentially long after an
// index lookup would be right (the items dedupe lookup slowed 50x).
func withPlanCacheMode(u string) string {
	if strings.Contains(u, "plan_cache_mode=") {
		return u
	}
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + "plan_cache_mode=force_custom_plan"
}

func redactURL(u string) string {
	if i := strings.Index(u, "@"); i > 0 {
		if j := strings.Index(u, "://"); j > 0 && j < i {
			return u[:j+3] + "…" + u[i:]
		}
	}
	return u
}

// Close closes the database.
func (db *DB) Close() error {
	db.stats.wg.Wait() // a statistics refresh under way
	return db.sql.Close()
}

// Dialect returns the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Clock returns the store's clock.
func (db *DB) Clock() clock.Clock { return db.clock }

// SQL exposes the underlying handle (benchmarks, tests).
func (db *DB) SQL() *sql.DB { return db.sql }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// execer is what *sql.DB and *sql.Tx have in common.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs queries, inside a transaction or not. Every entity method of the
// store hangs off Q, so services can compose them in one transaction.
type Q struct {
	ex   execer
	db   *DB
	inTx bool
	conn *sql.Conn // the transaction's connection, when in one
}

// Q returns a querier outside any transaction.
func (db *DB) Q() *Q { return &Q{ex: db.sql, db: db} }

// InTx runs fn in a transaction, committed if fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(q *Q) error) (err error) {
	// The transaction runs on a connection of its own, so that bulk loads
	// (PostgreSQL COPY) can use the same session.
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(&Q{ex: tx, db: db, inTx: true, conn: conn}); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Dialect returns the engine of the querier.
func (q *Q) Dialect() Dialect { return q.db.dialect }

// Now returns the store clock's time.
func (q *Q) Now() time.Time { return q.db.clock.Now().Truncate(time.Microsecond) }

// rebind turns ? placeholders into $n for PostgreSQL. Question marks inside
// quoted strings are left alone.
func (q *Q) rebind(s string) string {
	if q.db.dialect != Postgres || !strings.Contains(s, "?") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	n := 0
	inStr := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Exec runs a statement.
func (q *Q) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.ex.ExecContext(ctx, q.rebind(query), args...)
}

// Query runs a query.
func (q *Q) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.ex.QueryContext(ctx, q.rebind(query), args...)
}

// QueryRow runs a query returning at most one row.
func (q *Q) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return q.ex.QueryRowContext(ctx, q.rebind(query), args...)
}

// InsertID runs an INSERT … RETURNING id and returns the id.
func (q *Q) InsertID(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// micro converts a time to the stored representation.
func micro(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicro converts a stored time back; 0 is the zero time.
func fromMicro(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

func nullMicro(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func ptrMicro(v sql.NullInt64) *time.Time {
	if !v.Valid || v.Int64 == 0 {
		return nil
	}
	t := fromMicro(v.Int64)
	return &t
}

func ptrInt(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	x := v.Int64
	return &x
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// isUniqueViolation reports whether err is a unique-constraint violation.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505") ||
		strings.Contains(s, "duplicate key value")
}

// IsUniqueViolation is exported for services that map conflicts themselves.
func IsUniqueViolation(err error) bool { return isUniqueViolation(err) }

// Retryable reports whether err is a transaction that failed only for
// meeting another one (a deadlock, a serialization failure, a row held
// that a NOWAIT lock could not take, on PostgreSQL), which may succeed
// when run again.
func Retryable(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "40P01" || pg.Code == "40001" || pg.Code == "55P03")
}

// ErrNotFound is returned by Get methods when no row matches.
var ErrNotFound = errors.New("not found")

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

-- Accounts, workspaces, roles, tokens, audit log and durable jobs.

CREATE TABLE users (
	id {{id}},
	email TEXT NOT NULL,
	email_norm TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL,
	is_admin BOOLEAN NOT NULL DEFAULT FALSE,
	lang TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE workspaces (
	id {{id}},
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	time_zone TEXT NOT NULL,
	language TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);

CREATE TABLE members (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX members_user ON members(user_id);

CREATE TABLE invites (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	email TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL,
	created_by BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	accepted_at BIGINT,
	accepted_by BIGINT
);
CREATE INDEX invites_workspace ON invites(workspace_id);

CREATE TABLE api_tokens (
	id {{id}},
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	prefix TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	last_used_at BIGINT,
	revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- No foreign key on workspace_id: the record of a deleted workspace stays.
CREATE TABLE audit_log (
	id {{id}},
	workspace_id BIGINT,
	user_id BIGINT,
	token_id BIGINT,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id TEXT NOT NULL,
	details TEXT NOT NULL DEFAULT '{}',
	created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_ws ON audit_log(workspace_id, id);

CREATE TABLE jobs (
	id {{id}},
	kind TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '{}',
	unique_key TEXT UNIQUE,
	workspace_id BIGINT,
	state TEXT NOT NULL,
	priority INTEGER NOT NULL DEFAULT 0,
	attempts INTEGER NOT NULL DEFAULT 0,
	max_attempts INTEGER NOT NULL,
	run_at BIGINT NOT NULL,
	locked_by TEXT,
	locked_until BIGINT,
	last_error TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	finished_at BIGINT
);
CREATE INDEX jobs_due ON jobs(state, run_at);
CREATE INDEX jobs_ws_state ON jobs(workspace_id, state);

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

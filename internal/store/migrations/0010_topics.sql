-- Listening topics, what they matched, alert rules and the incidents they open.

CREATE TABLE topics (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	query TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'other',
	color TEXT NOT NULL DEFAULT '',
	active BOOLEAN NOT NULL DEFAULT TRUE,
	-- Set when the search of the stored history finished.
	backfilled_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (workspace_id, name)
);

-- created_at is the item's, copied so that dashboards scan one index.
CREATE TABLE topic_matches (
	topic_id BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
	item_id BIGINT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	matched_at BIGINT NOT NULL,
	PRIMARY KEY (topic_id, item_id)
);
CREATE INDEX topic_matches_topic_created ON topic_matches(topic_id, created_at);
CREATE INDEX topic_matches_topic_matched ON topic_matches(topic_id, matched_at);
CREATE INDEX topic_matches_item ON topic_matches(item_id);

CREATE TABLE alert_rules (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	topic_id BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL,
	-- The kind's parameters (window, threshold…), JSON.
	params TEXT NOT NULL DEFAULT '{}',
	-- Where to notify, JSON without secrets; secrets sealed apart.
	notify TEXT NOT NULL DEFAULT '[]',
	secrets TEXT NOT NULL DEFAULT '',
	enabled BOOLEAN NOT NULL DEFAULT TRUE,
	last_evaluated_at BIGINT,
	last_error TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX alert_rules_topic ON alert_rules(topic_id);

-- Items that already triggered a per-item rule (any, reach).
CREATE TABLE alert_hits (
	rule_id BIGINT NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
	item_id BIGINT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
	PRIMARY KEY (rule_id, item_id)
);

CREATE TABLE incidents (
	id {{id}},
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
	rule_id BIGINT NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
	topic_id BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'open',
	summary TEXT NOT NULL DEFAULT '',
	-- The figures that opened it (observed, expected, share…), JSON.
	details TEXT NOT NULL DEFAULT '{}',
	priority TEXT NOT NULL DEFAULT 'normal',
	suggest_crisis BOOLEAN NOT NULL DEFAULT FALSE,
	items_count BIGINT NOT NULL DEFAULT 0,
	opened_at BIGINT NOT NULL,
	last_triggered_at BIGINT NOT NULL,
	notified_at BIGINT,
	reminders INTEGER NOT NULL DEFAULT 0,
	acked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	acked_by_name TEXT NOT NULL DEFAULT '',
	acked_at BIGINT,
	closed_at BIGINT
);
CREATE INDEX incidents_ws_opened ON incidents(workspace_id, opened_at);
CREATE INDEX incidents_rule_state ON incidents(rule_id, state);

CREATE TABLE incident_items (
	incident_id BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	item_id BIGINT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
	PRIMARY KEY (incident_id, item_id)
);

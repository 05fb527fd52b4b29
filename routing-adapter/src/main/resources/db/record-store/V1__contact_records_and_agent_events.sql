-- The record store's first schema. Written for SQLite and PostgreSQL alike: plain types, times as epoch
-- milliseconds (BIGINT), the records themselves as their JSON text, upserts with ON CONFLICT.

-- One row per contact: its latest trace record (a record is written again when the agent's After Contact
-- Work on it ends), with the columns searches need.
CREATE TABLE contact_trace_record (
    contact_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    disconnect_at   BIGINT       NOT NULL,
    last_update_at  BIGINT       NOT NULL,
    interrupted     SMALLINT     NOT NULL DEFAULT 0,
    record          TEXT         NOT NULL
);
CREATE INDEX contact_trace_record_by_disconnect ON contact_trace_record (disconnect_at, contact_id);

-- Contacts in progress: what their record would say if the server stopped now. A row leaves when the
-- contact's record is stored; the rows left at start belong to contacts a crash interrupted.
CREATE TABLE contact_in_flight (
    contact_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    updated_at      BIGINT       NOT NULL,
    record          TEXT         NOT NULL
);

-- Every agent event (login, logout, state changes, heartbeats), in Connect's agent event JSON.
CREATE TABLE agent_event (
    event_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    username        VARCHAR(256) NOT NULL,
    event_type      VARCHAR(32)  NOT NULL,
    event_at        BIGINT       NOT NULL,
    event           TEXT         NOT NULL
);
CREATE INDEX agent_event_by_time ON agent_event (event_at);
CREATE INDEX agent_event_by_agent ON agent_event (username, event_at);

package io.switchboard.routing.record.store;

import io.switchboard.routing.record.ContactTraceLine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The record store's database: an SQLite file in WAL mode (a committed transaction survives a crash of the
 * process; {@code synchronous=NORMAL} leaves the last commits to the CTR files' fsync after a power loss,
 * from which a start catches up), its schema migrated by Flyway from {@code db/record-store}. The only class
 * that speaks JDBC and Flyway. Not thread-safe: owned by the {@link RecordStore}'s thread.
 */
final class RecordDatabase implements AutoCloseable {

    static final String MIGRATIONS = "classpath:db/record-store";

    private final Connection connection;
    private final PreparedStatement upsertRecord;
    private final PreparedStatement deleteInFlight;
    private final PreparedStatement upsertInFlight;
    private final PreparedStatement insertAgentEvent;
    private final PreparedStatement recordById;
    private final PreparedStatement recordsBetween;
    private final PreparedStatement recordsUpdatedBetween;
    private final PreparedStatement agentEventsBetween;

    /** Opens (creating) {@code file}, brings its schema up to date, and prepares the statements. */
    static RecordDatabase open(Path file) throws SQLException {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Flyway.configure().dataSource(url, "", "").locations(MIGRATIONS).load().migrate();
        return new RecordDatabase(DriverManager.getConnection(url));
    }

    private RecordDatabase(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=5000");
        }
        connection.setAutoCommit(false);
        upsertRecord = connection.prepareStatement("""
                INSERT INTO contact_trace_record (contact_id, disconnect_at, last_update_at, interrupted, record)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (contact_id) DO UPDATE SET disconnect_at = excluded.disconnect_at,
                    last_update_at = excluded.last_update_at, interrupted = excluded.interrupted,
                    record = excluded.record
                WHERE excluded.last_update_at >= contact_trace_record.last_update_at""");
        deleteInFlight = connection.prepareStatement("DELETE FROM contact_in_flight WHERE contact_id = ?");
        upsertInFlight = connection.prepareStatement("""
                INSERT INTO contact_in_flight (contact_id, updated_at, record) VALUES (?, ?, ?)
                ON CONFLICT (contact_id) DO UPDATE SET updated_at = excluded.updated_at, record = excluded.record""");
        insertAgentEvent = connection.prepareStatement("""
                INSERT INTO agent_event (event_id, username, event_type, event_at, event) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING""");
        recordById = connection.prepareStatement("SELECT record FROM contact_trace_record WHERE contact_id = ?");
        recordsBetween = connection.prepareStatement("""
                SELECT record FROM contact_trace_record WHERE disconnect_at >= ? AND disconnect_at < ?
                ORDER BY disconnect_at, contact_id LIMIT ?""");
        recordsUpdatedBetween = connection.prepareStatement("""
                SELECT record FROM contact_trace_record WHERE last_update_at >= ? AND last_update_at < ?
                ORDER BY last_update_at, contact_id LIMIT ?""");
        agentEventsBetween = connection.prepareStatement("""
                SELECT event FROM agent_event WHERE event_at >= ? AND event_at < ?
                ORDER BY event_at, event_id LIMIT ?""");
    }

    /** Stores a record (unless a later version is there) and forgets the contact's in-flight row. */
    void putRecord(ContactTraceLine line) throws SQLException {
        upsertRecord.setString(1, line.contactId());
        upsertRecord.setLong(2, line.disconnectTimestamp().toEpochMilli());
        upsertRecord.setLong(3, line.lastUpdateTimestamp().toEpochMilli());
        upsertRecord.setInt(4, line.interrupted() ? 1 : 0);
        upsertRecord.setString(5, line.json());
        upsertRecord.executeUpdate();
        deleteInFlight.setString(1, line.contactId());
        deleteInFlight.executeUpdate();
    }

    void putInFlight(String contactId, Instant at, String json) throws SQLException {
        upsertInFlight.setString(1, contactId);
        upsertInFlight.setLong(2, at.toEpochMilli());
        upsertInFlight.setString(3, json);
        upsertInFlight.executeUpdate();
    }

    void putAgentEvent(String eventId, String username, String type, Instant at, String json) throws SQLException {
        insertAgentEvent.setString(1, eventId);
        insertAgentEvent.setString(2, username);
        insertAgentEvent.setString(3, type);
        insertAgentEvent.setLong(4, at.toEpochMilli());
        insertAgentEvent.setString(5, json);
        insertAgentEvent.executeUpdate();
    }

    Optional<String> record(String contactId) throws SQLException {
        recordById.setString(1, contactId);
        try (ResultSet rs = recordById.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    List<String> between(Instant from, Instant to, int limit) throws SQLException {
        return texts(recordsBetween, from, to, limit);
    }

    /** Records last updated in [from, to), oldest update first. */
    List<String> updatedBetween(Instant from, Instant to, int limit) throws SQLException {
        return texts(recordsUpdatedBetween, from, to, limit);
    }

    /** Agent events timestamped in [from, to), oldest first. */
    List<String> agentEventsBetween(Instant from, Instant to, int limit) throws SQLException {
        return texts(agentEventsBetween, from, to, limit);
    }

    /** Runs a time-range query whose first column is a JSON text. */
    private static List<String> texts(PreparedStatement query, Instant from, Instant to, int limit)
            throws SQLException {
        query.setLong(1, from.toEpochMilli());
        query.setLong(2, to.toEpochMilli());
        query.setInt(3, limit);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The in-flight rows of contacts that have no record. */
    List<RecordStore.InFlight> orphans() throws SQLException {
        List<RecordStore.InFlight> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT f.contact_id, f.updated_at, f.record FROM contact_in_flight f
                WHERE NOT EXISTS (SELECT 1 FROM contact_trace_record r WHERE r.contact_id = f.contact_id)
                ORDER BY f.updated_at""")) {
            while (rs.next()) {
                out.add(new RecordStore.InFlight(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
            }
        }
        return out;
    }

    /** Forgets in-flight rows of contacts that do have a record (left when a crash fell between the two). */
    void dropSettledInFlight() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("""
                    DELETE FROM contact_in_flight WHERE EXISTS
                    (SELECT 1 FROM contact_trace_record r WHERE r.contact_id = contact_in_flight.contact_id)""");
        }
    }

    /** The latest instant anything stored shows the server alive at (epoch when the store is empty). */
    Instant lastSignOfLife() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT MAX(t) FROM (SELECT MAX(last_update_at) AS t FROM contact_trace_record
                    UNION ALL SELECT MAX(updated_at) FROM contact_in_flight
                    UNION ALL SELECT MAX(event_at) FROM agent_event) latest""")) {
            return rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : Instant.EPOCH;
        }
    }

    int count(String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    void commit() throws SQLException {
        connection.commit();
    }

    void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is broken; the next batch reports it.
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

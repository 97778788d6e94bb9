package dev.specwright.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code deliveries} table: every webhook delivery, keyed by {@code X-GitHub-Delivery}, and
 * what its processing job made of it. Reads are for the dashboard and for finding missed
 * deliveries; writes come from the inbox (in its own batch transaction) and from the job.
 */
public final class Deliveries {

  /**
   * A delivery about to be stored, with its {@code action} read from the payload, either {@code
   * PENDING} (its job comes with it) or {@code IGNORED} (an event no handler takes; no job), and
   * its payload as stored ({@link PayloadCompression}), deflated where the row is made: on the
   * webhook's request thread, not on the writer that stores a batch of rows.
   */
  public record NewRow(
      Delivery delivery, Optional<String> action, DeliveryStatus status, byte[] storedPayload) {
    public NewRow {
      if (status != DeliveryStatus.PENDING && status != DeliveryStatus.IGNORED) {
        throw new IllegalArgumentException("a new delivery is pending or ignored, not " + status);
      }
    }

    /** A row whose payload is deflated now. */
    public NewRow(Delivery delivery, Optional<String> action, DeliveryStatus status) {
      this(delivery, action, status, PayloadCompression.deflate(delivery.payload()));
    }

    /** A pending delivery. */
    public NewRow(Delivery delivery, Optional<String> action) {
      this(delivery, action, DeliveryStatus.PENDING);
    }

    /**
     * Binds the {@code deliveries} row's columns — id, event, action, received_at, status,
     * processed_at (an ignored row is processed at its arrival) — from {@code first}; returns the
     * next index.
     */
    public int bindRow(Dialect dialect, PreparedStatement ps, int first) throws SQLException {
      int i = first;
      ps.setString(i++, delivery.id());
      ps.setString(i++, delivery.event());
      ps.setString(i++, action.orElse(null));
      Timestamps.set(dialect, ps, i++, delivery.receivedAt());
      ps.setString(i++, status.column());
      Timestamps.set(
          dialect, ps, i++, status == DeliveryStatus.IGNORED ? delivery.receivedAt() : null);
      return i;
    }
  }

  private static final JsonFactory JSON = new JsonFactory();
  private static final String COLUMNS =
      "d.id, d.event, d.action, p.payload, p.deflated, d.received_at, d.status, d.processed_at,"
          + " d.last_error";
  private static final String SUMMARY_COLUMNS =
      "id, event, action, received_at, status, processed_at, last_error";
  private static final int MAX_ERROR_CHARS = 4000;

  private final Database db;
  private final Dialect dialect;

  public Deliveries(Database db) {
    this.db = db;
    this.dialect = db.dialect();
  }

  /**
   * The payload's top-level {@code "action"}, read with a streaming parser that stops as soon as it
   * finds it (GitHub puts it first), so a 12 KB payload costs microseconds. Empty when there is
   * none or the payload is not a JSON object.
   */
  public static Optional<String> actionOf(String payload) {
    try (JsonParser p = JSON.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("action".equals(name)) {
          return value == JsonToken.VALUE_STRING ? Optional.of(p.getText()) : Optional.empty();
        }
        p.skipChildren();
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Inserts the rows that are new, on the caller's connection and inside its transaction, and
   * returns the ids actually inserted: an id already stored (or repeated within {@code rows}) is
   * left alone. The payloads of the rows inserted go to {@code delivery_payloads}, so that later
   * updates of the row do not rewrite them. An ignored row is stored as processed at its arrival.
   */
  public Set<String> insertNew(Connection tx, List<NewRow> rows) throws SQLException {
    try (Inserter inserter = inserter(tx)) {
      return inserter.insertNew(rows);
    }
  }

  /**
   * {@link #insertNew}'s statements, prepared once on {@code c} for a writer that keeps its
   * connection and inserts batch after batch: sqlite-jdbc caches no prepared statement
   * (xerial/sqlite-jdbc#614) and HikariCP leaves that to drivers, and on SQLite's single writer
   * preparing a batch's statements took an eighth of its time. One row per execution, sent as a
   * JDBC batch, so the same statements serve every batch size. Close it before the connection.
   */
  public Inserter inserter(Connection c) throws SQLException {
    return new Inserter(c);
  }

  /** Statements of {@link #insertNew} prepared on one connection; see {@link #inserter}. */
  public final class Inserter implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement rows;
    private final PreparedStatement payloads;

    private Inserter(Connection c) throws SQLException {
      this.connection = c;
      this.rows =
          c.prepareStatement(
              "INSERT INTO deliveries (id, event, action, received_at, status, processed_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
      try {
        this.payloads =
            c.prepareStatement("INSERT INTO delivery_payloads (id, deflated) VALUES (?, ?)");
      } catch (SQLException | RuntimeException e) {
        rows.close();
        throw e;
      }
    }

    /** Whether these statements were prepared on {@code c}. */
    public boolean isOn(Connection c) {
      return connection == c;
    }

    /** As {@link Deliveries#insertNew}, on this inserter's connection. */
    public Set<String> insertNew(List<NewRow> batch) throws SQLException {
      if (batch.isEmpty()) {
        return Set.of();
      }
      try {
        for (NewRow row : batch) {
          row.bindRow(dialect, rows, 1);
          rows.addBatch();
        }
        int[] counts = rows.executeBatch();
        if (counts.length != batch.size()) {
          throw new SQLException(counts.length + " update counts for " + batch.size() + " rows");
        }
        Set<String> inserted = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
          if (counts[i] < 0) { // SUCCESS_NO_INFO: the driver cannot say which rows were new
            throw new SQLException("the driver gave no update count for row " + i);
          }
          NewRow row = batch.get(i);
          if (counts[i] > 0 && inserted.add(row.delivery().id())) {
            payloads.setString(1, row.delivery().id());
            payloads.setBytes(2, row.storedPayload());
            payloads.addBatch();
          }
        }
        if (!inserted.isEmpty()) {
          payloads.executeBatch();
        }
        return inserted;
      } finally {
        // A failed batch must not leave its rows bound for the next one.
        rows.clearBatch();
        payloads.clearBatch();
      }
    }

    @Override
    public void close() throws SQLException {
      try {
        rows.close();
      } finally {
        payloads.close();
      }
    }
  }

  public boolean contains(String id) {
    return query(
        "SELECT 1 FROM deliveries WHERE id = ?", ps -> ps.setString(1, id), ResultSet::next);
  }

  public Optional<StoredDelivery> find(String id) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM deliveries d JOIN delivery_payloads p ON p.id = d.id WHERE d.id = ?",
        ps -> ps.setString(1, id),
        rs -> rs.next() ? Optional.of(stored(rs)) : Optional.empty());
  }

  /** The newest deliveries first, without payloads. */
  public List<DeliverySummary> recent(int limit) {
    return query(
        "SELECT " + SUMMARY_COLUMNS + " FROM deliveries ORDER BY received_at DESC, id LIMIT ?",
        ps -> ps.setInt(1, Math.max(0, limit)),
        rs -> {
          List<DeliverySummary> out = new ArrayList<>();
          while (rs.next()) {
            out.add(summary(rs));
          }
          return out;
        });
  }

  /** How many deliveries stand in each status; every status is present, zero when none. */
  public Map<DeliveryStatus, Long> countsByStatus() {
    return query(
        "SELECT status, COUNT(*) FROM deliveries GROUP BY status",
        ps -> {},
        rs -> {
          Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
          for (DeliveryStatus s : DeliveryStatus.values()) {
            counts.put(s, 0L);
          }
          while (rs.next()) {
            counts.put(DeliveryStatus.ofColumn(rs.getString(1)), rs.getLong(2));
          }
          return Collections.unmodifiableMap(counts);
        });
  }

  /**
   * Deletes up to {@code limit} processed deliveries (handled, ignored or failed) received before
   * {@code cutoff}, payloads first, oldest first, in one transaction; returns how many. A pending
   * delivery is never deleted: its job still needs it. A deleted id is no longer known, so a
   * redelivery of it would be processed again; keep deliveries longer than GitHub offers them for
   * redelivery.
   */
  public int pruneProcessedBefore(Instant cutoff, int limit) {
    String oldest =
        "SELECT id FROM deliveries WHERE status <> 'pending' AND received_at < ?"
            + " ORDER BY received_at LIMIT ?";
    try (Connection c = db.dataSource().getConnection()) {
      return Transactions.inTransaction(
          c,
          tx -> {
            try (PreparedStatement payloads =
                    tx.prepareStatement(
                        "DELETE FROM delivery_payloads WHERE id IN (" + oldest + ")");
                PreparedStatement rows =
                    tx.prepareStatement("DELETE FROM deliveries WHERE id IN (" + oldest + ")")) {
              for (PreparedStatement ps : List.of(payloads, rows)) {
                Timestamps.set(dialect, ps, 1, cutoff);
                ps.setInt(2, limit);
              }
              payloads.executeUpdate();
              return rows.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw new StoreException("deliveries: " + e.getMessage(), e);
    }
  }

  /** How many stored deliveries wait for their job: the processing backlog (uses the index). */
  public long countPending() {
    return query(
        "SELECT COUNT(*) FROM deliveries WHERE status = 'pending'",
        ps -> {},
        rs -> rs.next() ? rs.getLong(1) : 0L);
  }

  /** Records the job's outcome: {@code HANDLED}, {@code IGNORED} or {@code FAILED}. */
  public void markProcessed(String id, DeliveryStatus status, Instant at, Optional<String> error) {
    update(MARK_PROCESSED, ps -> bindOutcome(ps, id, status, at, error));
  }

  /**
   * As {@link #markProcessed(String, DeliveryStatus, Instant, Optional)}, in the caller's
   * transaction.
   */
  public void markProcessed(
      Connection tx, String id, DeliveryStatus status, Instant at, Optional<String> error)
      throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(MARK_PROCESSED)) {
      bindOutcome(ps, id, status, at, error);
      ps.executeUpdate();
    }
  }

  private static final String MARK_PROCESSED =
      "UPDATE deliveries SET status = ?, processed_at = ?, last_error = ? WHERE id = ?";

  private void bindOutcome(
      PreparedStatement ps, String id, DeliveryStatus status, Instant at, Optional<String> error)
      throws SQLException {
    if (status == DeliveryStatus.PENDING) {
      throw new IllegalArgumentException("a processed delivery cannot be pending");
    }
    ps.setString(1, status.column());
    Timestamps.set(dialect, ps, 2, at);
    ps.setString(3, error.map(Deliveries::clip).orElse(null));
    ps.setString(4, id);
  }

  /** Notes a failed attempt; the delivery stays pending while its job retries. */
  public void recordAttemptFailure(String id, String error) {
    update(
        "UPDATE deliveries SET last_error = ? WHERE id = ? AND status = 'pending'",
        ps -> {
          ps.setString(1, clip(error));
          ps.setString(2, id);
        });
  }

  /**
   * Pending deliveries that have no job in {@code scheduled_tasks} under {@code taskName} and no
   * dead job either: what a crash between storing and enqueueing (or a lost job row) leaves.
   */
  public List<String> pendingWithoutJob(String taskName, int limit) {
    return query(
        "SELECT d.id FROM deliveries d WHERE d.status = 'pending'"
            + " AND NOT EXISTS (SELECT 1 FROM scheduled_tasks s"
            + "   WHERE s.task_name = ? AND s.task_instance = d.id)"
            + " AND NOT EXISTS (SELECT 1 FROM dead_jobs j"
            + "   WHERE j.task_name = ? AND j.task_instance = d.id)"
            + " ORDER BY d.received_at LIMIT ?",
        ps -> {
          ps.setString(1, taskName);
          ps.setString(2, taskName);
          ps.setInt(3, limit);
        },
        rs -> {
          List<String> ids = new ArrayList<>();
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
          return ids;
        });
  }

  private static String clip(String error) {
    return error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS);
  }

  private StoredDelivery stored(ResultSet rs) throws SQLException {
    Delivery d =
        new Delivery(
            rs.getString("id"),
            rs.getString("event"),
            payload(rs),
            Timestamps.get(dialect, rs, "received_at"));
    return new StoredDelivery(
        d,
        Optional.ofNullable(rs.getString("action")),
        DeliveryStatus.ofColumn(rs.getString("status")),
        Optional.ofNullable(Timestamps.get(dialect, rs, "processed_at")),
        Optional.ofNullable(rs.getString("last_error")));
  }

  /** Deflated since V13; rows stored before keep their text. */
  private static String payload(ResultSet rs) throws SQLException {
    byte[] deflated = rs.getBytes("deflated");
    return deflated != null ? PayloadCompression.inflate(deflated) : rs.getString("payload");
  }

  private DeliverySummary summary(ResultSet rs) throws SQLException {
    return new DeliverySummary(
        rs.getString("id"),
        rs.getString("event"),
        Optional.ofNullable(rs.getString("action")),
        Timestamps.get(dialect, rs, "received_at"),
        DeliveryStatus.ofColumn(rs.getString("status")),
        Optional.ofNullable(Timestamps.get(dialect, rs, "processed_at")),
        Optional.ofNullable(rs.getString("last_error")));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T query(String sql, Binder binder, Reader<T> reader) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return reader.read(rs);
      }
    } catch (SQLException e) {
      throw new StoreException("deliveries: " + e.getMessage(), e);
    }
  }

  private void update(String sql, Binder binder) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("deliveries: " + e.getMessage(), e);
    }
  }
}

package dev.specwright.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.specwright.llm.Cost;
import dev.specwright.llm.ToolCall;
import dev.specwright.llm.Usage;
import dev.specwright.store.Database;
import dev.specwright.store.StoreException;
import dev.specwright.store.Transactions;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Transcripts in the database (tables {@code agent_transcripts} and {@code
 * agent_transcript_entries}, migration V4), on SQLite and PostgreSQL alike. Every transcript is
 * scrubbed of secrets on the way in, whoever built it.
 */
public final class TranscriptStore implements TranscriptSink {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<ToolCall>> TOOL_CALLS = new TypeReference<>() {};

  /**
   * Transcripts whose messages one transaction deletes: an agent's attempt can hold hundreds of
   * messages, and SQLite's one writer should not wait long behind the retention job.
   */
  static final int PRUNE_PER_TRANSACTION = 20;

  private final Database db;
  private final InstantSource clock;
  private final SecretScrubber scrubber = new SecretScrubber();

  public TranscriptStore(Database db) {
    this(db, InstantSource.system());
  }

  /** With the clock that stamps {@link #pruneMessagesBefore pruned} transcripts. */
  public TranscriptStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The header of a stored transcript, for listings. */
  public record Summary(
      String id,
      String label,
      int attempt,
      Role role,
      Instant startedAt,
      EndReason endReason,
      String detail,
      int iterations,
      List<String> models,
      Usage usage,
      Cost cost,
      long wallMillis,
      Optional<Instant> messagesPrunedAt) {}

  /** Stores a transcript and its entries in one transaction. */
  @Override
  public void save(Transcript transcript) throws SQLException {
    Transcript t = transcript.scrubbed(scrubber);
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        insertHeader(c, t);
        insertEntries(c, t);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  public Optional<Transcript> load(String id) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, label, attempt, role, task, system_prompt, workspace, started_at,"
                    + " ended_at, end_reason, end_detail, summary, iterations, models,"
                    + " input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,"
                    + " cost_usd, cost_known, wall_ms FROM agent_transcripts WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        List<Transcript.Entry> entries = loadEntries(c, id);
        return Optional.of(
            new Transcript(
                rs.getString("id"),
                rs.getString("label"),
                rs.getInt("attempt"),
                Role.parse(rs.getString("role")),
                rs.getString("task"),
                rs.getString("system_prompt"),
                rs.getString("workspace"),
                instant(rs, "started_at"),
                instant(rs, "ended_at"),
                EndReason.parse(rs.getString("end_reason")),
                rs.getString("end_detail"),
                rs.getString("summary"),
                rs.getInt("iterations"),
                models(rs.getString("models")),
                usage(rs),
                cost(rs),
                rs.getLong("wall_ms"),
                entries));
      }
    }
  }

  /** The newest transcripts first; with a label, only those with exactly that label. */
  public List<Summary> list(Optional<String> label, int limit) throws SQLException {
    String sql =
        "SELECT id, label, attempt, role, started_at, end_reason, end_detail, iterations, models,"
            + " input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, cost_usd,"
            + " cost_known, wall_ms, messages_pruned_at FROM agent_transcripts"
            + (label.isPresent() ? " WHERE label = ?" : "")
            + " ORDER BY started_at DESC, id LIMIT ?";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (label.isPresent()) {
        ps.setString(i++, label.get());
      }
      ps.setInt(i, limit);
      List<Summary> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Summary(
                  rs.getString("id"),
                  rs.getString("label"),
                  rs.getInt("attempt"),
                  Role.parse(rs.getString("role")),
                  instant(rs, "started_at"),
                  EndReason.parse(rs.getString("end_reason")),
                  rs.getString("end_detail"),
                  rs.getInt("iterations"),
                  models(rs.getString("models")),
                  usage(rs),
                  cost(rs),
                  rs.getLong("wall_ms"),
                  Optional.ofNullable(rs.getTimestamp("messages_pruned_at"))
                      .map(Timestamp::toInstant)));
        }
      }
      return out;
    }
  }

  /**
   * Deletes the messages of up to {@code limit} transcripts started before {@code cutoff}, oldest
   * first, and keeps their headers (setting, end, usage, cost, time), stamped with when; returns
   * how many transcripts. The hourly {@code prune-transcript-messages} retention job calls it. A
   * pruned transcript {@link #load loads} with no entries.
   */
  public int pruneMessagesBefore(Instant cutoff, int limit) {
    try (Connection c = db.dataSource().getConnection()) {
      int pruned = 0;
      while (pruned < limit) {
        int chunk = Math.min(PRUNE_PER_TRANSACTION, limit - pruned);
        int done = Transactions.inTransaction(c, tx -> pruneOldest(tx, cutoff, chunk));
        pruned += done;
        if (done < chunk) {
          break;
        }
      }
      return pruned;
    } catch (SQLException e) {
      throw new StoreException("agent transcripts: " + e.getMessage(), e);
    }
  }

  private int pruneOldest(Connection c, Instant cutoff, int limit) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM agent_transcripts WHERE started_at < ? AND messages_pruned_at IS NULL"
                + " ORDER BY started_at, id LIMIT ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    if (ids.isEmpty()) {
      return 0;
    }
    Timestamp now = Timestamp.from(clock.instant());
    try (PreparedStatement entries =
            c.prepareStatement("DELETE FROM agent_transcript_entries WHERE transcript_id = ?");
        PreparedStatement header =
            c.prepareStatement(
                "UPDATE agent_transcripts SET messages_pruned_at = ? WHERE id = ?")) {
      for (String id : ids) {
        entries.setString(1, id);
        entries.addBatch();
        header.setTimestamp(1, now);
        header.setString(2, id);
        header.addBatch();
      }
      entries.executeBatch();
      header.executeBatch();
    }
    return ids.size();
  }

  private static void insertHeader(Connection c, Transcript t) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO agent_transcripts (id, label, attempt, role, task, system_prompt,"
                + " workspace, started_at, ended_at, end_reason, end_detail, summary, iterations,"
                + " models, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,"
                + " cost_usd, cost_known, wall_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int i = 1;
      ps.setString(i++, t.id());
      ps.setString(i++, t.label());
      ps.setInt(i++, t.attempt());
      ps.setString(i++, t.role().wireName());
      ps.setString(i++, t.task());
      ps.setString(i++, t.systemPrompt());
      ps.setString(i++, t.workspace());
      ps.setTimestamp(i++, Timestamp.from(t.startedAt()));
      ps.setTimestamp(i++, Timestamp.from(t.endedAt()));
      ps.setString(i++, t.endReason().wireName());
      ps.setString(i++, t.detail());
      ps.setString(i++, t.summary());
      ps.setInt(i++, t.iterations());
      ps.setString(i++, String.join("\n", t.models()));
      i = setUsage(ps, i, t.usage());
      i = setCost(ps, i, t.cost());
      ps.setLong(i, t.wallMillis());
      ps.executeUpdate();
    }
  }

  private static void insertEntries(Connection c, Transcript t) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO agent_transcript_entries (transcript_id, seq, iteration, kind, model,"
                + " text, tool_calls, tool_call_id, tool_name, is_error, input_tokens,"
                + " output_tokens, cache_write_tokens, cache_read_tokens, cost_usd, cost_known)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Transcript.Entry e : t.entries()) {
        int i = 1;
        ps.setString(i++, t.id());
        ps.setInt(i++, e.seq());
        ps.setInt(i++, e.iteration());
        ps.setString(i++, e.kind().name());
        ps.setString(i++, e.model());
        ps.setString(i++, e.text());
        ps.setString(i++, toJson(e.toolCalls()));
        ps.setString(i++, e.toolCallId());
        ps.setString(i++, e.toolName());
        ps.setBoolean(i++, e.isError());
        if (e.usage() == null) {
          for (int k = 0; k < 4; k++) {
            ps.setNull(i++, Types.BIGINT);
          }
        } else {
          i = setUsage(ps, i, e.usage());
        }
        if (e.cost() == null) {
          ps.setNull(i++, Types.NUMERIC);
          ps.setNull(i, Types.BOOLEAN);
        } else {
          setCost(ps, i, e.cost());
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static List<Transcript.Entry> loadEntries(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT seq, iteration, kind, model, text, tool_calls, tool_call_id, tool_name,"
                + " is_error, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,"
                + " cost_usd, cost_known FROM agent_transcript_entries WHERE transcript_id = ?"
                + " ORDER BY seq")) {
      ps.setString(1, id);
      List<Transcript.Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rs.getLong("input_tokens");
          Usage usage = rs.wasNull() ? null : usage(rs);
          rs.getString("cost_usd");
          Cost cost = rs.wasNull() ? null : cost(rs);
          out.add(
              new Transcript.Entry(
                  rs.getInt("seq"),
                  rs.getInt("iteration"),
                  Transcript.Kind.valueOf(rs.getString("kind")),
                  rs.getString("model"),
                  rs.getString("text"),
                  fromJson(rs.getString("tool_calls")),
                  rs.getString("tool_call_id"),
                  rs.getString("tool_name"),
                  rs.getBoolean("is_error"),
                  usage,
                  cost));
        }
      }
      return out;
    }
  }

  private static int setUsage(PreparedStatement ps, int i, Usage u) throws SQLException {
    ps.setLong(i++, u.input());
    ps.setLong(i++, u.output());
    ps.setLong(i++, u.cacheWrite());
    ps.setLong(i++, u.cacheRead());
    return i;
  }

  private static int setCost(PreparedStatement ps, int i, Cost cost) throws SQLException {
    ps.setBigDecimal(i++, cost.usd());
    ps.setBoolean(i++, cost.known());
    return i;
  }

  private static Usage usage(ResultSet rs) throws SQLException {
    return new Usage(
        rs.getLong("input_tokens"),
        rs.getLong("output_tokens"),
        rs.getLong("cache_write_tokens"),
        rs.getLong("cache_read_tokens"));
  }

  private static Cost cost(ResultSet rs) throws SQLException {
    // Read as text: SQLite keeps the exact decimal string, PostgreSQL's NUMERIC prints exactly.
    return new Cost(new BigDecimal(rs.getString("cost_usd")), rs.getBoolean("cost_known"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getTimestamp(column).toInstant();
  }

  private static List<String> models(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
  }

  private static String toJson(List<ToolCall> calls) {
    try {
      return JSON.writeValueAsString(calls);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<ToolCall> fromJson(String json) throws SQLException {
    try {
      return JSON.readValue(json, TOOL_CALLS);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored tool calls are not valid JSON", e);
    }
  }
}

package dev.specwright.queue;

import dev.specwright.config.DatabaseSettings;
import dev.specwright.store.Database;
import dev.specwright.store.Deliveries;
import dev.specwright.store.Delivery;
import dev.specwright.store.DeliveryInbox.Outcome;
import dev.specwright.store.Dialect;
import dev.specwright.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Throughput and latency of {@link DurableDeliveryInbox#accept} (store + enqueue, durable, group
 * commit) at 4 and 32 concurrent callers, on SQLite and on PostgreSQL (when {@code
 * SPECWRIGHT_TEST_POSTGRES} names a server), with the real 13.8 KB {@code issues.labeled} payload
 * and a fresh delivery id per call. Each run uses a fresh database, warms up, then measures.
 *
 * <pre>
 * ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.specwright.queue.DeliveryInboxBenchmark
 * </pre>
 *
 * Optional system properties: {@code bench.seconds} (measured, default 10), {@code bench.warmup}
 * (default 3), {@code bench.sqliteOnly=true}, {@code bench.workers=true} to run the queue's workers
 * (no-op handler) meanwhile.
 */
public final class DeliveryInboxBenchmark {

  private DeliveryInboxBenchmark() {}

  public static void main(String[] args) throws Exception {
    // Measure the inbox, not console logging (logback prints DEBUG when unconfigured).
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int seconds = Integer.getInteger("bench.seconds", 10);
    int warmup = Integer.getInteger("bench.warmup", 3);
    boolean workers = Boolean.getBoolean("bench.workers");
    String payload =
        Files.readString(
            Path.of("src/test/resources/fixtures/github/webhooks/issues.labeled.json"),
            StandardCharsets.UTF_8);
    List<Dialect> dialects = new ArrayList<>(List.of(Dialect.SQLITE));
    if (Boolean.getBoolean("bench.sqliteOnly")) {
      // measure SQLite alone
    } else if (System.getenv(TestDatabases.POSTGRES_ENV) != null) {
      dialects.add(Dialect.POSTGRESQL);
    } else {
      System.out.println("(PostgreSQL skipped: set " + TestDatabases.POSTGRES_ENV + ")");
    }
    System.out.printf(
        "payload %d bytes, warm-up %ds, measured %ds, workers %s, %d cores%n",
        payload.length(), warmup, seconds, workers, Runtime.getRuntime().availableProcessors());
    System.out.println(
        "| database | callers | deliveries/s | p50 ms | p99 ms | max ms |"
            + (workers ? " processed/s |" : ""));
    System.out.println("|---|---:|---:|---:|---:|---:|" + (workers ? "---:|" : ""));
    Path temp = Files.createTempDirectory("inbox-bench");
    for (Dialect dialect : dialects) {
      for (int callers : new int[] {4, 32}) {
        run(dialect, callers, payload, warmup, seconds, workers, temp);
      }
    }
  }

  private static void run(
      Dialect dialect,
      int callers,
      String payload,
      int warmup,
      int seconds,
      boolean workers,
      Path temp)
      throws Exception {
    DatabaseSettings settings = TestDatabases.settings(dialect, temp);
    try (Database db = Database.open(settings)) {
      Deliveries deliveries = new Deliveries(db);
      DeliveryProcessing processing =
          new DeliveryProcessing(
              db,
              deliveries,
              d -> DeliveryHandler.Result.IGNORED,
              new com.github.kagkarlsson.scheduler.SystemClock());
      try (JobQueue jobs =
              JobQueue.builder(db)
                  .task(processing.task())
                  .onDeadJob(processing)
                  .shutdownGrace(Duration.ofSeconds(2))
                  .build();
          DurableDeliveryInbox inbox =
              DurableDeliveryInbox.open(
                  db, deliveries, jobs, FreshDeliveries.none(), IntakeActivity.none())) {
        if (workers) {
          jobs.start();
        }
        phase(inbox, callers, payload, warmup, false);
        long processedBefore = processed(deliveries);
        long[] latencies = phase(inbox, callers, payload, seconds, true);
        long processedDuring = processed(deliveries) - processedBefore;
        Arrays.sort(latencies);
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %,.0f | %.2f | %.2f | %.1f |%s%n",
            dialect.name().toLowerCase(Locale.ROOT),
            callers,
            latencies.length / (double) seconds,
            pct(latencies, 0.50),
            pct(latencies, 0.99),
            latencies[latencies.length - 1] / 1e6,
            workers
                ? String.format(Locale.ROOT, " %,.0f |", processedDuring / (double) seconds)
                : "");
      }
    }
  }

  private static long processed(Deliveries deliveries) {
    return deliveries.countsByStatus().entrySet().stream()
        .filter(e -> e.getKey() != dev.specwright.store.DeliveryStatus.PENDING)
        .mapToLong(java.util.Map.Entry::getValue)
        .sum();
  }

  private static double pct(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
  }

  private static long[] phase(
      DurableDeliveryInbox inbox, int callers, String payload, int seconds, boolean record)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(callers);
    long[][] perThread = new long[callers][];
    int[] counts = new int[callers];
    for (int t = 0; t < callers; t++) {
      int me = t;
      Thread.ofPlatform()
          .start(
              () -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try {
                  while (!stop.get()) {
                    Delivery d =
                        new Delivery(
                            UUID.randomUUID().toString(), "issues", payload, Instant.now());
                    long start = System.nanoTime();
                    if (inbox.accept(d) != Outcome.ACCEPTED) {
                      throw new IllegalStateException("fresh id not accepted");
                    }
                    long took = System.nanoTime() - start;
                    if (n == lat.length) {
                      lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = took;
                  }
                } finally {
                  perThread[me] = lat;
                  counts[me] = n;
                  done.countDown();
                }
              });
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    done.await();
    if (!record) {
      return new long[0];
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < callers; t++) {
      System.arraycopy(perThread[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    return all;
  }
}

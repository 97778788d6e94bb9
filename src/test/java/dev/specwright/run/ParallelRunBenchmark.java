package dev.specwright.run;

import dev.specwright.store.Dialect;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * (a) Parallel speed-up: a run of 8 independent subtasks against a run of 1, every agent turn
 * taking a simulated second (developer: 2 turns, reviewer: 2 turns; research and planning too). (b)
 * The orchestrator's own CPU per subtask: 24 subtasks with agents that answer at once, so what is
 * measured is scheduling, database, status rendering and the fakes of GitHub and git.
 *
 * <p>Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.specwright.run.ParallelRunBenchmark}. Results in docs/bench/run.md.
 */
public final class ParallelRunBenchmark {

  private ParallelRunBenchmark() {}

  record Timing(double totalSeconds, double implementationSeconds, long cpuNanos) {}

  public static void main(String[] args) throws Exception {
    Path tmp = Files.createTempDirectory("specwright-bench");
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Duration turn = Duration.ofSeconds(1);

    run(tmp, 1, Duration.ZERO, 2); // warm up JIT, Flyway and the scheduler
    List<Timing> one = new ArrayList<>();
    List<Timing> eight = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      one.add(run(tmp, 1, turn, 2));
      eight.add(run(tmp, 8, turn, 2));
    }
    double oneTotal = median(one.stream().map(Timing::totalSeconds).toList());
    double eightTotal = median(eight.stream().map(Timing::totalSeconds).toList());
    double oneImpl = median(one.stream().map(Timing::implementationSeconds).toList());
    double eightImpl = median(eight.stream().map(Timing::implementationSeconds).toList());
    System.out.printf(
        Locale.ROOT,
        "(a) 1 s per agent turn, %d rounds, medians%n"
            + "    whole run (label -> every PR reviewed): 1 subtask %.2f s, 8 subtasks %.2f s,"
            + " ratio %.2fx%n"
            + "    implementation (first developer -> every PR reviewed): 1 subtask %.2f s,"
            + " 8 subtasks %.2f s, ratio %.2fx%n",
        rounds,
        oneTotal,
        eightTotal,
        eightTotal / oneTotal,
        oneImpl,
        eightImpl,
        eightImpl / oneImpl);

    List<Double> cpu = new ArrayList<>();
    List<Double> wall = new ArrayList<>();
    int n = 24; // the plan schema allows at most 30 subtasks
    for (int i = 0; i < rounds; i++) {
      Timing t = run(tmp, n, Duration.ZERO, 1);
      cpu.add(t.cpuNanos() / 1e6 / n);
      wall.add(t.totalSeconds());
    }
    System.out.printf(
        Locale.ROOT,
        "(b) %d subtasks, agents answer at once, %d rounds: orchestrator CPU %.1f ms per subtask"
            + " (median, label -> every PR reviewed; includes SQLite, db-scheduler, the status"
            + " renders, the test's polling and the fakes), wall %.2f s per run%n",
        n,
        rounds,
        median(cpu),
        median(wall));
    System.exit(0);
  }

  private static Timing run(Path tmp, int n, Duration turn, int turns) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(UUID.randomUUID().toString()));
    try (RunWorld w = new RunWorld(Dialect.SQLITE, dir, p -> p.withConcurrency(8))) {
      w.agents.turnDelay = turn;
      w.agents.turns = turns;
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(plan(n));
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      w.label();
      for (int i = 0; i < n; i++) {
        w.awaitTask("t" + i, TaskState.IN_REVIEW);
      }
      long end = System.nanoTime();
      return new Timing(
          (end - t0) / 1e9,
          (end - w.agents.firstDeveloperNanos.get()) / 1e9,
          processCpuNanos() - cpu0);
    }
  }

  static String plan(int n) {
    return IntStream.range(0, n)
        .mapToObj(
            i ->
                "{\"key\":\"t"
                    + i
                    + "\",\"title\":\"Task "
                    + i
                    + "\",\"description\":\"d\",\"acceptance_criteria\":[\"x\"],"
                    + "\"files\":[],\"depends_on\":[]}")
        .collect(Collectors.joining(",", "{\"subtasks\":[", "]}"));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }
}

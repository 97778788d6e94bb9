package dev.specwright.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Start cost of one sandboxed command ({@code true}) against a bare process and against the plain
 * (unsandboxed) runner, median over many runs, in one JVM so that the ratio compares like with
 * like. Run: see docs/bench/sandbox.md.
 */
public final class SandboxStartBenchmark {

  private SandboxStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path workspace = Files.createTempDirectory("specwright-bench-ws");
    Sandbox bwrap =
        new BubblewrapSandbox(
            Path.of("/usr/bin/bwrap"), SandboxSettings.ALWAYS_HIDDEN, SandboxSettings.DEFAULT_PATH);
    Sandbox plain = new PlainProcessSandbox(SandboxSettings.DEFAULT_PATH);
    List<String> bwrapArgv =
        ((BubblewrapSandbox) bwrap)
            .argv(workspace.toRealPath(), java.util.Map.of("PATH", "/usr/bin:/bin"), "true");
    CommandSpec command = CommandSpec.of("true", workspace);

    // warm-up: JIT, page cache, the first fork of each binary
    for (int i = 0; i < 30; i++) {
      bare(workspace);
      plain.run(command);
      bwrap.run(command);
      bare(workspace, bwrapArgv);
    }
    long[] bareNs = new long[runs];
    long[] plainNs = new long[runs];
    long[] bwrapNs = new long[runs];
    long[] bareBwrapNs = new long[runs];
    // interleaved, so that background load on the machine hits all three alike
    long[] childCpuTicks = new long[4];
    for (int i = 0; i < runs; i++) {
      long c0 = childCpuTicks();
      long t0 = System.nanoTime();
      bare(workspace);
      long t1 = System.nanoTime();
      long c1 = childCpuTicks();
      plain.run(command);
      long t2 = System.nanoTime();
      long c2 = childCpuTicks();
      CommandResult r = bwrap.run(command);
      long t3 = System.nanoTime();
      long c3 = childCpuTicks();
      bare(workspace, bwrapArgv);
      bareBwrapNs[i] = System.nanoTime() - t3;
      childCpuTicks[0] += c1 - c0;
      childCpuTicks[1] += c2 - c1;
      childCpuTicks[2] += c3 - c2;
      childCpuTicks[3] += childCpuTicks() - c3;
      if (!r.succeeded()) {
        throw new IllegalStateException("bwrap failed: " + r.output());
      }
      bareNs[i] = t1 - t0;
      plainNs[i] = t2 - t1;
      bwrapNs[i] = t3 - t2;
    }
    double bare = median(bareNs);
    double plainMs = median(plainNs);
    double bwrapMs = median(bwrapNs);
    System.out.printf("runs per variant: %d (median, ms)%n", runs);
    System.out.printf("bare ProcessBuilder /bin/true : %7.2f%n", bare);
    System.out.printf("bare ProcessBuilder bwrap true : %7.2f%n", median(bareBwrapNs));
    System.out.printf("PlainProcessSandbox  true      : %7.2f%n", plainMs);
    System.out.printf("BubblewrapSandbox    true      : %7.2f%n", bwrapMs);
    System.out.printf("p90 bubblewrap                 : %7.2f%n", percentile(bwrapNs, 0.9));
    System.out.printf("bubblewrap / bare               : %7.2fx%n", bwrapMs / bare);
    System.out.printf("bubblewrap / plain sandbox      : %7.2fx%n", bwrapMs / plainMs);
    System.out.printf(
        "bubblewrap overhead over bare   : %7.2f ms (target < 50 ms per start)%n", bwrapMs - bare);
    System.out.printf(
        "child CPU (user+sys) per start, ms: bare %.1f, plain %.1f, bubblewrap %.1f,"
            + " bare bwrap %.1f%n",
        childCpuTicks[0] * 10.0 / runs,
        childCpuTicks[1] * 10.0 / runs,
        childCpuTicks[2] * 10.0 / runs,
        childCpuTicks[3] * 10.0 / runs);
    Files.delete(workspace);
  }

  /** cutime + cstime of this JVM's waited-for children, in clock ticks (100 per second). */
  private static long childCpuTicks() throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[13]) + Long.parseLong(f[14]);
  }

  private static void bare(Path dir) throws Exception {
    bare(dir, List.of("/bin/true"));
  }

  private static void bare(Path dir, List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
  }

  private static double median(long[] ns) {
    return percentile(ns, 0.5);
  }

  private static double percentile(long[] ns, double q) {
    long[] sorted = ns.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }
}

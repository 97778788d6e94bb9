package dev.specwright.web;

import dev.specwright.config.Secret;
import dev.specwright.github.Fixtures;
import dev.specwright.github.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * CPU cost of the webhook route's own checks on the real 13.8 KB issues.labeled payload: the
 * HMAC-SHA256 signature check and the full JSON syntax check, each timed in 25 rounds of 2,000
 * calls after a warm-up, reporting the median time per call. Run with
 *
 * <pre>
 * ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.specwright.web.WebhookPathBenchmark
 * </pre>
 *
 * (A plain loop rather than JMH: the build compiles tests on JDK 25 without annotation processing,
 * so JMH's generated benchmark list is missing.)
 */
public final class WebhookPathBenchmark {

  static final int ROUNDS = 25;
  static final int CALLS = 2_000;

  public static void main(String[] args) {
    byte[] body =
        Fixtures.read("github/webhooks/issues.labeled.json").getBytes(StandardCharsets.UTF_8);
    WebhookSignature signature = new WebhookSignature(Secret.of("bench-webhook-secret"));
    String header = signature.sign(body);
    System.out.printf(
        "payload %d bytes, %d cores%n", body.length, Runtime.getRuntime().availableProcessors());
    report(
        "signature check (HMAC-SHA256, constant-time compare)",
        () -> signature.matches(body, header));
    report("JSON syntax check (streaming, every token)", () -> WebhookRoute.isJsonObject(body));
  }

  static void report(String name, BooleanSupplier op) {
    for (int i = 0; i < 20_000; i++) { // warm-up: let the JIT compile the path
      if (!op.getAsBoolean()) {
        throw new IllegalStateException(name + " failed on the good payload");
      }
    }
    double[] perCallMicros = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long start = System.nanoTime();
      boolean all = true;
      for (int i = 0; i < CALLS; i++) {
        all &= op.getAsBoolean();
      }
      perCallMicros[r] = (System.nanoTime() - start) / 1_000.0 / CALLS;
      if (!all) {
        throw new IllegalStateException(name + " failed on the good payload");
      }
    }
    Arrays.sort(perCallMicros);
    System.out.printf(
        "%-55s median %.1f µs/call (min %.1f, max %.1f)%n",
        name, perCallMicros[ROUNDS / 2], perCallMicros[0], perCallMicros[ROUNDS - 1]);
  }
}

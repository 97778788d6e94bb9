package dev.specwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.github.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadCompressionTest {

  private static final String LABELED = Fixtures.read("github/webhooks/issues.labeled.json");

  static Stream<Named<String>> payloads() {
    Random random = new Random(7);
    StringBuilder noise = new StringBuilder("{\"noise\":\"");
    for (int i = 0; i < 200_000; i++) {
      noise.append((char) ('!' + random.nextInt(90))); // hardly compresses: the buffer must grow
    }
    noise.append("\"}");
    return Stream.of(
        Named.of("GitHub's issues.labeled", LABELED),
        Named.of("an empty object", "{}"),
        Named.of("an empty string", ""),
        Named.of("multibyte text and an emoji", "{\"title\":\"Grüße, 你好 and 🚀\"}"),
        Named.of("escaped NUL in a string", "{\"body\":\"a\\u0000b\"}"),
        Named.of("incompressible 200 KB", noise.toString()),
        Named.of("4 MB of one repeated payload", LABELED.repeat(300)));
  }

  @ParameterizedTest
  @MethodSource("payloads")
  void givesBackExactlyWhatItStored(String payload) {
    assertThat(PayloadCompression.inflate(PayloadCompression.deflate(payload))).isEqualTo(payload);
  }

  @Test
  void storesARealPayloadInUnderAFifthOfItsSize() {
    byte[] stored = PayloadCompression.deflate(LABELED);
    assertThat(stored.length).isLessThan(LABELED.length() / 5);
  }

  @Test
  void storesTheStandardZlibFormatThatAnyToolReads() throws Exception {
    byte[] stored = PayloadCompression.deflate(LABELED);
    try (var in = new InflaterInputStream(new ByteArrayInputStream(stored))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(LABELED);
    }
    assertThat(stored[0]).isEqualTo((byte) 0x78); // zlib's header: deflate, 32 KB window
  }

  @Test
  void refusesBytesThatAreNotAZlibStream() {
    byte[] text = LABELED.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> PayloadCompression.inflate(text))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("not a zlib stream")
        .hasMessageNotContaining("Codertocat"); // names nothing of the content
  }

  @Test
  void refusesATruncatedStream() {
    byte[] stored = PayloadCompression.deflate(LABELED);
    byte[] cut = Arrays.copyOf(stored, stored.length / 2);
    assertThatThrownBy(() -> PayloadCompression.inflate(cut))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("truncated");
    // The pooled inflater that saw the bad stream is reset: the next payload reads whole.
    assertThat(PayloadCompression.inflate(stored)).isEqualTo(LABELED);
  }

  @Test
  void aPoolKeepsAtMostItsCapAndEndsTheRest() {
    List<String> ended = new ArrayList<>();
    List<String> reset = new ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger made =
        new java.util.concurrent.atomic.AtomicInteger();
    PayloadCompression.Pool<String> pool =
        new PayloadCompression.Pool<>(() -> "d" + made.incrementAndGet(), reset::add, ended::add);
    int burst = PayloadCompression.MAX_POOLED + 8; // that many callers at once
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      taken.add(pool.take());
    }
    taken.forEach(pool::give);

    assertThat(pool.idle()).isEqualTo(PayloadCompression.MAX_POOLED);
    assertThat(ended).hasSize(8);
    assertThat(reset).hasSize(burst); // every one given back is reset, kept or not
    // The next callers reuse what was kept instead of making new ones.
    pool.take();
    pool.take();
    assertThat(made).hasValue(burst);
    assertThat(pool.idle()).isEqualTo(PayloadCompression.MAX_POOLED - 2);
  }

  @Test
  void concurrentCallersNeverShareADeflaterMidStream() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String payload = LABELED.replace("Codertocat", "user-" + t);
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    byte[] stored = PayloadCompression.deflate(payload);
                    if (!PayloadCompression.inflate(stored).equals(payload)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

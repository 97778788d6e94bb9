package dev.specwright.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How delivery payloads are stored: UTF-8, deflated in the zlib format (RFC 1950) at its fastest
 * level. A 14 KB {@code issues.labeled} payload becomes about 2.4 KB, which SQLite keeps in its
 * table page instead of four overflow pages, and PostgreSQL in its row instead of its TOAST table:
 * storing a delivery writes a fifth of the bytes. It costs 30–40 µs on the webhook's request
 * thread, in parallel, where the store's single writer would otherwise spend longer writing the
 * bytes. Any zlib tool reads a stored payload ({@code python3 -c 'import zlib,sys;
 * sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))'}).
 *
 * <p>Deflaters and inflaters hold native memory (about 256 KB a deflater), so they are pooled and
 * reused rather than made per call or kept per thread. A pool keeps at most {@link #MAX_POOLED}: a
 * burst on a couple of hundred request threads does not leave 50 MB of native memory behind.
 */
public final class PayloadCompression {

  /** More than the request threads that deflate at once on a busy server; extras are ended. */
  static final int MAX_POOLED = 32;

  private static final Pool<Deflater> DEFLATERS =
      new Pool<>(() -> new Deflater(Deflater.BEST_SPEED), Deflater::reset, Deflater::end);
  private static final Pool<Inflater> INFLATERS =
      new Pool<>(Inflater::new, Inflater::reset, Inflater::end);
  private static final int CHUNK = 16 * 1024;

  private PayloadCompression() {}

  /** The payload as stored. */
  public static byte[] deflate(String payload) {
    byte[] raw = payload.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = DEFLATERS.take();
    try {
      deflater.setInput(raw);
      deflater.finish();
      // JSON deflates to a fifth or less; the buffer grows for the rare payload that does not.
      byte[] out = new byte[Math.max(64, raw.length / 4)];
      int n = 0;
      while (!deflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      return Arrays.copyOf(out, n);
    } finally {
      DEFLATERS.give(deflater);
    }
  }

  /**
   * The payload from what {@link #deflate} stored. Throws {@link StoreException} for bytes that are
   * not a whole zlib stream (a damaged row), naming nothing of the content.
   */
  public static String inflate(byte[] stored) {
    Inflater inflater = INFLATERS.take();
    try {
      inflater.setInput(stored);
      ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 6);
      byte[] chunk = new byte[CHUNK];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0
            && !inflater.finished()
            && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new StoreException("a stored payload is truncated (" + stored.length + " bytes)");
        }
        out.write(chunk, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new StoreException("a stored payload is not a zlib stream: " + e.getMessage(), e);
    } finally {
      INFLATERS.give(inflater);
    }
  }

  /** Idle (de)compressors, reset, at most {@link #MAX_POOLED}. */
  static final class Pool<T> {
    private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Supplier<T> make;
    private final Consumer<T> reset;
    private final Consumer<T> end;

    Pool(Supplier<T> make, Consumer<T> reset, Consumer<T> end) {
      this.make = make;
      this.reset = reset;
      this.end = end;
    }

    T take() {
      T t = idle.poll();
      if (t == null) {
        return make.get();
      }
      size.decrementAndGet();
      return t;
    }

    void give(T t) {
      reset.accept(t);
      if (size.incrementAndGet() <= MAX_POOLED) {
        idle.offer(t);
      } else {
        size.decrementAndGet();
        end.accept(t); // frees its native memory now rather than at garbage collection
      }
    }

    int idle() {
      return size.get();
    }
  }
}

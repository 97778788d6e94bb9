package dev.specwright.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a process's output, keeping at most {@code cap} bytes: the first half and the last half,
 * so that both the command's start (what ran) and its end (the failure) survive a flood. The stream
 * is always read to its end, so a chatty command never blocks on a full pipe.
 */
final class OutputCapture {

  private final int headCap;
  private final byte[] head;
  private final byte[] tail;
  private int headLen;
  private long tailWritten;
  private long total;

  OutputCapture(int cap) {
    this.headCap = cap / 2;
    this.head = new byte[headCap];
    this.tail = new byte[cap - headCap];
  }

  /** Reads {@code in} to its end (or until it is closed under us). */
  void drain(InputStream in) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        append(buf, n);
      }
    } catch (IOException closed) {
      // The process was killed and its pipe closed: what was read so far is the output.
    }
  }

  synchronized void append(byte[] buf, int n) {
    total += n;
    int off = 0;
    if (headLen < headCap) {
      int take = Math.min(n, headCap - headLen);
      System.arraycopy(buf, 0, head, headLen, take);
      headLen += take;
      off = take;
    }
    for (int i = off; i < n; i++) {
      tail[(int) (tailWritten++ % tail.length)] = buf[i];
    }
  }

  synchronized boolean truncated() {
    return tailWritten > tail.length;
  }

  /** The kept text; when bytes were cut, a line between head and tail says how many. */
  synchronized String text() {
    StringBuilder out = new StringBuilder();
    out.append(new String(head, 0, headLen, StandardCharsets.UTF_8));
    int tailLen = (int) Math.min(tailWritten, tail.length);
    byte[] ordered = new byte[tailLen];
    int start = (int) (tailWritten - tailLen);
    for (int i = 0; i < tailLen; i++) {
      ordered[i] = tail[(start + i) % tail.length];
    }
    if (truncated()) {
      long cut = total - headLen - tailLen;
      out.append("\n[… ")
          .append(cut)
          .append(" bytes of output cut; ")
          .append(total)
          .append(" bytes in all, first ")
          .append(headLen)
          .append(" and last ")
          .append(tailLen)
          .append(" kept …]\n");
    }
    out.append(new String(ordered, StandardCharsets.UTF_8));
    return out.toString();
  }
}

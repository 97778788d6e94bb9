package dev.specwright.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cancellation token for attempts. {@link #cancel()} marks it and interrupts every thread that is
 * running an attempt with it, so that a model call or a sandboxed command in progress stops too
 * (the sandbox kills its process tree on interrupt). Interrupting the thread directly works as
 * well.
 */
public final class Cancellation {

  private volatile boolean cancelled;
  private volatile String reason = "";
  private final Set<Thread> bound = ConcurrentHashMap.newKeySet();

  /** A token nobody cancels, for callers that rely on thread interruption alone. */
  public static Cancellation none() {
    return new Cancellation();
  }

  public void cancel() {
    cancel("cancelled");
  }

  /** Cancels with a reason (e.g. {@code /cancel by @alice}) that the attempt records. */
  public void cancel(String why) {
    reason = why == null || why.isBlank() ? "cancelled" : why;
    cancelled = true;
    for (Thread t : bound) {
      t.interrupt();
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  public String reason() {
    return reason;
  }

  /** Registers the current thread for interruption; close the binding when the attempt ends. */
  Binding bind() {
    Thread t = Thread.currentThread();
    bound.add(t);
    if (cancelled) {
      t.interrupt();
    }
    return () -> bound.remove(t);
  }

  /** The registration of one thread, removed on close. */
  interface Binding extends AutoCloseable {
    @Override
    void close();
  }
}

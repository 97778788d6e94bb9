package dev.specwright.agent;

import dev.specwright.sandbox.CommandResult;
import dev.specwright.sandbox.CommandSpec;
import dev.specwright.sandbox.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A test-only sandbox: {@code /bin/sh -c} as a plain process in the workspace, with the time limit
 * and the output cap, killing the process tree on timeout or interruption. No isolation at all; the
 * real one is bubblewrap.
 */
public final class ProcessSandbox implements Sandbox {

  @Override
  public CommandResult run(CommandSpec command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder pb =
        new ProcessBuilder("/bin/sh", "-c", command.commandLine())
            .directory(command.workspace().toFile())
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
    pb.environment().put("HOME", command.workspace().toString());
    pb.environment().putAll(command.extraEnv());
    Process p = pb.start();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (InputStream in = p.getInputStream()) {
                    in.transferTo(buf);
                  } catch (IOException ignored) {
                    // The process was killed.
                  }
                });
    boolean done;
    try {
      done = p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    if (!done) {
      kill(p);
    }
    reader.join(2000);
    byte[] bytes = buf.toByteArray();
    boolean truncated = bytes.length > command.outputCapBytes();
    String out = new String(bytes, StandardCharsets.UTF_8);
    if (truncated) {
      int half = command.outputCapBytes() / 2;
      out = out.substring(0, half) + "\n[... cut ...]\n" + out.substring(out.length() - half);
    }
    return new CommandResult(
        done ? p.exitValue() : -1,
        out,
        !done,
        truncated,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  @Override
  public String name() {
    return "test-process";
  }
}

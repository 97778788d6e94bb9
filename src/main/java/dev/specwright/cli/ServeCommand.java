package dev.specwright.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code specwright serve}: the GitHub App server. */
@Command(name = "serve", description = "Start the GitHub App server (webhooks, setup, metrics).")
public final class ServeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("serve is being built");
  }
}

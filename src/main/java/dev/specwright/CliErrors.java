package dev.specwright;

import dev.specwright.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a bad setting into one clear line on stderr and exit code 2, never a stack trace; anything
 * else is a bug and keeps its stack trace.
 */
final class CliErrors implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed)
      throws Exception {
    Throwable t = e;
    while (t != null) {
      if (t instanceof ConfigException ce) {
        cli.getErr().println("specwright: configuration error: " + ce.getMessage());
        cli.getErr().flush();
        return 2;
      }
      t = t.getCause();
    }
    throw e;
  }
}

package dev.specwright.config;

/**
 * A setting that stops start-up. Its message is one line that names the setting and says what is
 * wrong, so that {@code Main} can print it without a stack trace.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String setting;

  public ConfigException(String setting, String problem) {
    super(setting + ": " + problem);
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }
}

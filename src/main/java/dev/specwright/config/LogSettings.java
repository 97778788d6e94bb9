package dev.specwright.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to log: {@code LOG_LEVEL} (trace, debug, info, warn, error; default info) and {@code
 * LOG_FORMAT} ({@code text} for people, {@code json} for log collectors; default text).
 */
public record LogSettings(Level level, Format format) {

  public static final String LOG_LEVEL = "LOG_LEVEL";
  public static final String LOG_FORMAT = "LOG_FORMAT";

  /** The two log layouts, each a logback configuration on the classpath. */
  public enum Format {
    TEXT("logback.xml"),
    JSON("logback-json.xml");

    private final String resource;

    Format(String resource) {
      this.resource = resource;
    }

    public String resource() {
      return resource;
    }
  }

  public static LogSettings from(Env env) {
    String levelName = env.get(LOG_LEVEL, "info").toUpperCase(Locale.ROOT);
    Level level =
        switch (levelName) {
          case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF" -> Level.toLevel(levelName);
          case "WARNING" -> Level.WARN;
          default ->
              throw new ConfigException(
                  LOG_LEVEL, "expected trace, debug, info, warn or error, got '" + levelName + "'");
        };
    String formatName = env.get(LOG_FORMAT, "text").toLowerCase(Locale.ROOT);
    Format format =
        switch (formatName) {
          case "text" -> Format.TEXT;
          case "json" -> Format.JSON;
          default ->
              throw new ConfigException(
                  LOG_FORMAT, "expected text or json, got '" + formatName + "'");
        };
    return new LogSettings(level, format);
  }

  /**
   * Configures logback with the chosen layout and level. Called first thing by a command, so that
   * every logger created afterwards writes in this format (and one created before is reconfigured).
   */
  public void apply() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding: leave it to its own configuration
    }
    URL config = LogSettings.class.getClassLoader().getResource(format.resource());
    if (config == null) {
      throw new IllegalStateException(format.resource() + " is missing from the classpath");
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("bad logging configuration " + format.resource(), e);
    }
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
  }
}

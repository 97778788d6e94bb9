package dev.specwright.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSettingsTest {

  @AfterEach
  void restoreTestLogging() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
  }

  @SuppressWarnings("unchecked")
  static String encode(String message, Object arg) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var appender =
        (ConsoleAppender<ILoggingEvent>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    Encoder<ILoggingEvent> encoder = appender.getEncoder();
    var event =
        new ch.qos.logback.classic.spi.LoggingEvent(
            "x",
            context.getLogger("dev.specwright.Test"),
            Level.INFO,
            message,
            null,
            new Object[] {arg});
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void jsonFormatWritesOneJsonObjectPerLineWithTheFormattedMessage() throws Exception {
    LogSettings.from(Env.of(Map.of("LOG_FORMAT", "json", "LOG_LEVEL", "debug"))).apply();
    String line = encode("delivery {} stored", "d-1");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("formattedMessage").asText()).isEqualTo("delivery d-1 stored");
    assertThat(line.strip()).doesNotContain("\n");
    assertThat(LoggerFactory.getLogger("dev.specwright.Test").isDebugEnabled()).isTrue();
  }

  @Test
  void textFormatIsOneReadableLine() {
    LogSettings.from(Env.of(Map.of("LOG_LEVEL", "warn"))).apply();
    assertThat(encode("delivery {} stored", "d-1"))
        .contains("INFO")
        .endsWith("delivery d-1 stored\n");
    assertThat(LoggerFactory.getLogger("dev.specwright.Test").isInfoEnabled()).isFalse();
  }
}

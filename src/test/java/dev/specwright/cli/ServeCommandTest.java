package dev.specwright.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import dev.specwright.config.ConfigException;
import dev.specwright.config.Env;
import dev.specwright.github.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ServeCommandTest {

  @TempDir Path temp;

  @AfterEach
  void restoreTestLogging() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
  }

  @Test
  void malformedKeyStopsStartUpBeforeTheDatabaseIsTouched() {
    Path data = temp.resolve("data");
    ServeCommand serve =
        new ServeCommand(
            Env.of(
                Map.of(
                    "APP_ID",
                    "330788",
                    "PRIVATE_KEY",
                    Fixtures.pkcs1Pem().reveal().substring(0, 300),
                    "WEBHOOK_SECRET",
                    "s",
                    "SPECWRIGHT_DATA_DIR",
                    data.toString())));
    assertThatThrownBy(serve::call)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("PRIVATE_KEY: ")
        .hasMessageNotContaining("MII");
    assertThat(Files.exists(data)).isFalse();
  }

  @Test
  void savedCredentialsFileWithAMalformedKeyNamesTheFile() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(
        data.resolve("github-app.json"),
        "{\"id\":1,\"pem\":\"not a key\",\"webhook_secret\":\"s\",\"html_url\":\"x\"}");
    ServeCommand serve = new ServeCommand(Env.of(Map.of("SPECWRIGHT_DATA_DIR", data.toString())));
    assertThatThrownBy(serve::call)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SPECWRIGHT_DATA_DIR: ")
        .hasMessageContaining("github-app.json");
  }
}

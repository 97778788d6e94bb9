package dev.specwright.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.config.ConfigException;
import dev.specwright.config.Env;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalog of context windows and prices, its cost maths and the user's override file. */
class ModelCatalogTest {

  private final ModelCatalog shipped = ModelCatalog.defaults();

  @ParameterizedTest(name = "{0}: in {1}, out {2}, write {3}, read {4} → {5}")
  @CsvSource({
    // model,                         input, output, cacheWrite, cacheRead, usd
    "anthropic:claude-sonnet-4-5,       1000000,       0,       0,        0, 3",
    "anthropic:claude-sonnet-4-5,             0, 1000000,       0,        0, 15",
    "anthropic:claude-sonnet-4-5,             0,       0, 1000000,        0, 3.75",
    "anthropic:claude-sonnet-4-5,             0,       0,       0,  1000000, 0.3",
    "anthropic:claude-sonnet-4-5,          1200,     350,   20000,    80000, 0.10785",
    "anthropic:claude-sonnet-4-5-20250929, 1200,     350,   20000,    80000, 0.10785",
    "anthropic:claude-haiku-4-5,            656,      74,       0,        0, 0.001026",
    "anthropic:claude-opus-4-1,               1,       1,       1,        1, 0.00011025",
    "openai:gpt-5-mini,                  100000,   20000,       0,   400000, 0.075",
    "openai:gpt-4o-2024-08-06,               48,      19,       0,        0, 0.00031",
    "openai:gpt-5,                            0,       0,       0,        0, 0",
  })
  void costIsTokensTimesPricePerMillion(
      String model, long input, long output, long write, long read, String usd) {
    Cost cost = shipped.cost(ModelRef.parse(model), new Usage(input, output, write, read));

    assertThat(cost.known()).isTrue();
    assertThat(cost.usd()).isEqualByComparingTo(new BigDecimal(usd));
  }

  @Test
  void modelWithNoPriceCostsUnknownNeverZero() {
    Cost cost =
        shipped.cost(ModelRef.parse("ollama:qwen3-coder"), new Usage(1_000_000, 1_000, 0, 0));

    assertThat(cost).isEqualTo(Cost.UNKNOWN);
    assertThat(cost.toString()).isEqualTo("unknown");
    assertThat(Cost.usd("1.50").plus(cost).known()).isFalse();
  }

  @Test
  void unknownStaysUnknownEvenForZeroUsage() {
    assertThat(shipped.cost(ModelRef.parse("openai:no-such-model"), Usage.ZERO).known()).isFalse();
  }

  @Test
  void everyShippedPriceHasADateAndEveryModelAContextWindow() {
    assertThat(shipped.entries()).isNotEmpty();
    for (ModelInfo info : shipped.entries().values()) {
      assertThat(info.contextWindow()).as(info.name()).isPresent();
      assertThat(info.prices()).as(info.name()).isPresent();
      Prices p = info.prices().orElseThrow();
      assertThat(p.asOf()).as(info.name()).isBefore(LocalDate.of(2030, 1, 1));
      assertThat(p.cacheRead()).as(info.name()).isLessThanOrEqualTo(p.input());
      assertThat(p.source()).as(info.name()).startsWith("https://");
    }
  }

  @Test
  void overrideFileReplacesAnEntryAndAddsNewOnes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models.yml");
    Files.writeString(
        file,
        """
        models:
          anthropic:claude-sonnet-4-5:
            context_window: 1000000
            price: {input: 6, output: 22.5, cache_write: 7.5, cache_read: 0.6, as_of: 2026-11-01}
          ollama:*:
            price: {input: 0, output: 0, as_of: 2026-11-01, source: local hardware}
          openrouter:qwen/qwen3-coder:
            context_window: 262144
            price: {input: 0.22, output: 0.95, as_of: 2026-11-01}
        """);

    ModelCatalog catalog =
        ModelCatalog.fromEnv(Env.of(Map.of("SPECWRIGHT_MODEL_CATALOG", file.toString())));

    ModelInfo sonnet = catalog.find(ModelRef.parse("anthropic:claude-sonnet-4-5")).orElseThrow();
    assertThat(sonnet.contextWindow()).hasValue(1_000_000);
    // Replaced whole: the shipped aliases went with the shipped entry.
    assertThat(catalog.find(ModelRef.parse("anthropic:claude-sonnet-4-5-20250929"))).isEmpty();
    assertThat(
            catalog.cost(
                ModelRef.parse("anthropic:claude-sonnet-4-5"), new Usage(1_000_000, 0, 0, 0)))
        .isEqualTo(Cost.usd("6"));
    // Untouched entries stay.
    assertThat(catalog.find(ModelRef.parse("openai:gpt-5-mini"))).isPresent();
    // A provider-wide entry prices a local model at a known zero.
    Cost local = catalog.cost(ModelRef.parse("ollama:qwen3-coder"), new Usage(5000, 500, 0, 0));
    assertThat(local.known()).isTrue();
    assertThat(local.usd()).isEqualByComparingTo("0");
    // Cache prices left out default to the input price: never cheaper than it.
    Cost routed =
        catalog.cost(ModelRef.parse("openrouter:qwen/qwen3-coder"), new Usage(0, 0, 0, 1_000_000));
    assertThat(routed.usd()).isEqualByComparingTo("0.22");
  }

  @Test
  void jsonOverrideWorksToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models.json");
    Files.writeString(
        file,
        "{\"models\":{\"vllm:llama-3.3-70b\":{\"context_window\":131072,"
            + "\"price\":{\"input\":0.1,\"output\":0.1,\"as_of\":\"2026-11-01\"}}}}");

    ModelCatalog catalog =
        ModelCatalog.fromEnv(Env.of(Map.of("SPECWRIGHT_MODEL_CATALOG", file.toString())));

    assertThat(catalog.find(ModelRef.parse("vllm:llama-3.3-70b")).orElseThrow().contextWindow())
        .hasValue(131072);
  }

  @Test
  void overrideCanMarkAPriceUnknown(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models.yml");
    Files.writeString(
        file, "models:\n  openai:gpt-5:\n    context_window: 400000\n    price: unknown\n");

    ModelCatalog catalog =
        ModelCatalog.fromEnv(Env.of(Map.of("SPECWRIGHT_MODEL_CATALOG", file.toString())));

    assertThat(catalog.cost(ModelRef.parse("openai:gpt-5"), new Usage(10, 10, 0, 0)))
        .isEqualTo(Cost.UNKNOWN);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "price without a date | models: {'openai:x': {price: {input: 1, output: 2}}} | as_of",
        "negative price | models: {'openai:x': {price: {input: -1, output: 2, as_of: 2026-01-01}}} | negative",
        "price in words | models: {'openai:x': {price: {input: cheap, output: 2, as_of: 2026-01-01}}} | 'input'",
        "misspelt setting | models: {'openai:x': {context_windw: 5}} | context_windw",
        "name without provider | models: {'gpt-5': {context_window: 5}} | provider:model",
        "context window not a number | models: {'openai:x': {context_window: big}} | context_window",
        "not a map at all | - just a list | models",
        "a date that is no date | models: {'openai:x': {price: {input: 1, output: 2, as_of: 'last week'}}} | YYYY-MM-DD",
      })
  void badOverrideFileIsAConfigErrorNamingTheSettingAndTheEntry(
      String caseName, String yaml, String mentioned, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, yaml);

    assertThatThrownBy(
            () -> ModelCatalog.fromEnv(Env.of(Map.of("SPECWRIGHT_MODEL_CATALOG", file.toString()))))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("SPECWRIGHT_MODEL_CATALOG");
              assertThat(e.getMessage()).contains(file.toString()).contains(mentioned);
            });
  }

  @Test
  void missingOverrideFileIsAConfigError(@TempDir Path dir) {
    String missing = dir.resolve("nope.yml").toString();

    assertThatThrownBy(
            () -> ModelCatalog.fromEnv(Env.of(Map.of("SPECWRIGHT_MODEL_CATALOG", missing))))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.getMessage())
                    .startsWith("SPECWRIGHT_MODEL_CATALOG:")
                    .contains(missing));
  }
}

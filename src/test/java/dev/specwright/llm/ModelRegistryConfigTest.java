package dev.specwright.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.specwright.config.ConfigException;
import dev.specwright.config.Env;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Start-up checks: every model a configuration uses must be callable, or start-up says why. */
class ModelRegistryConfigTest {

  private static ModelRegistry registry(Map<String, String> env) {
    return ModelRegistry.fromEnv(Env.of(env));
  }

  private static List<ModelRef> refs(String... names) {
    return Stream.of(names).map(ModelRef::parse).toList();
  }

  static Stream<Arguments> unusableConfigurations() {
    return Stream.of(
        Arguments.of(
            "unknown provider",
            Map.of("ANTHROPIC_API_KEY", "k"),
            "mistral:large",
            "SPECWRIGHT_PROVIDERS",
            "unknown provider 'mistral'"),
        Arguments.of(
            "anthropic without its key",
            Map.of(),
            "anthropic:claude-sonnet-4-5",
            "ANTHROPIC_API_KEY",
            "anthropic:claude-sonnet-4-5"),
        Arguments.of(
            "openai without its key",
            Map.of("ANTHROPIC_API_KEY", "k"),
            "openai:gpt-5-mini",
            "OPENAI_API_KEY",
            "openai:gpt-5-mini"),
        Arguments.of(
            "a blank key is no key",
            Map.of("OPENAI_API_KEY", "   "),
            "openai:gpt-5-mini",
            "OPENAI_API_KEY",
            "not set"),
        Arguments.of(
            "openrouter declared without its key",
            Map.of("SPECWRIGHT_PROVIDERS", "openrouter"),
            "openrouter:qwen/qwen3-coder",
            "OPENROUTER_API_KEY",
            "openrouter"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableConfigurations")
  void validateNamesTheSettingToFix(
      String caseName, Map<String, String> env, String model, String setting, String mentioned) {
    ModelRegistry registry = registry(env);

    assertThatThrownBy(() -> registry.validate(refs("ollama:qwen3-coder", model)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.setting()).isEqualTo(setting);
              assertThat(e.getMessage()).startsWith(setting + ": ").contains(mentioned);
            });
    // The same check guards model() itself, so nothing reaches a provider half-configured.
    assertThatThrownBy(() -> registry.model(ModelRef.parse(model)))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void ollamaWorksOutOfTheBoxAtItsUsualAddress() {
    ModelRegistry registry = registry(Map.of());

    assertThatCode(() -> registry.validate(refs("ollama:qwen3-coder", "ollama:qwen3:8b")))
        .doesNotThrowAnyException();
    assertThat(registry.providers().all().get("ollama").baseUrl())
        .isEqualTo("http://localhost:11434/v1");
  }

  @Test
  void declaredProvidersTakeTheirUrlAndKeyFromTheirOwnVariables() {
    ModelRegistry registry =
        registry(
            Map.of(
                "SPECWRIGHT_PROVIDERS", "openrouter, my-vllm",
                "OPENROUTER_API_KEY", "or-key",
                "MY_VLLM_BASE_URL", "http://gpu-box:8000/v1/"));

    registry.validate(refs("openrouter:qwen/qwen3-coder", "my-vllm:llama-3.3-70b"));
    Provider vllm = registry.providers().all().get("my-vllm");
    assertThat(vllm.baseUrl()).isEqualTo("http://gpu-box:8000/v1");
    assertThat(vllm.apiKey()).isEmpty();
    assertThat(vllm.keySetting()).isEqualTo("MY_VLLM_API_KEY");
    assertThat(registry.providers().all().get("openrouter").baseUrl())
        .isEqualTo("https://openrouter.ai/api/v1");
  }

  @Test
  void declaredProviderWithoutABaseUrlFailsAtStartUp() {
    assertThatThrownBy(() -> registry(Map.of("SPECWRIGHT_PROVIDERS", "gpubox")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo("GPUBOX_BASE_URL"));
  }

  @Test
  void providerNamesThatCouldInjectVariablesAreRefused() {
    assertThatThrownBy(() -> registry(Map.of("SPECWRIGHT_PROVIDERS", "ollama,../etc,x=y")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo("SPECWRIGHT_PROVIDERS"));
  }

  @Test
  void builtInProvidersCannotBeRedeclaredAsGenericOnes() {
    assertThatThrownBy(() -> registry(Map.of("SPECWRIGHT_PROVIDERS", "openai")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.getMessage()).contains("OPENAI_BASE_URL"));
  }

  @Test
  void openAiBaseUrlMakesTheKeyOptionalForAServerStandingInForOpenAi() {
    ModelRegistry registry = registry(Map.of("OPENAI_BASE_URL", "http://localhost:8080/v1"));

    assertThatCode(() -> registry.validate(refs("openai:local-model"))).doesNotThrowAnyException();
  }

  @Test
  void anthropicBaseUrlIsTakenWithOrWithoutV1() {
    assertThat(
            registry(Map.of("ANTHROPIC_BASE_URL", "https://proxy.example/anthropic"))
                .providers()
                .all()
                .get("anthropic")
                .baseUrl())
        .isEqualTo("https://proxy.example/anthropic/v1");
    assertThat(
            registry(Map.of("ANTHROPIC_BASE_URL", "https://proxy.example/v1/"))
                .providers()
                .all()
                .get("anthropic")
                .baseUrl())
        .isEqualTo("https://proxy.example/v1");
  }

  @Test
  void credentialsInABaseUrlAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(
            () -> registry(Map.of("OPENAI_BASE_URL", "https://user:hunter2@proxy.example/v1")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("OPENAI_BASE_URL");
              assertThat(e.getMessage()).doesNotContain("hunter2");
            });
  }

  @Test
  void aBaseUrlThatIsNotHttpIsRefused() {
    assertThatThrownBy(() -> registry(Map.of("OLLAMA_BASE_URL", "file:///etc/passwd")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo("OLLAMA_BASE_URL"));
  }

  @Test
  void keysNeverShowInAProviderDescription() {
    ModelRegistry registry =
        registry(Map.of("ANTHROPIC_API_KEY", "sk-ant-secret-1", "OPENAI_API_KEY", "sk-secret-2"));

    assertThat(registry.providers().all().values().toString())
        .doesNotContain("sk-ant-secret-1")
        .doesNotContain("sk-secret-2")
        .contains("key set");
  }

  @Test
  void retryAndTimeoutSettingsAreChecked() {
    assertThatThrownBy(() -> registry(Map.of("SPECWRIGHT_MODEL_MAX_ATTEMPTS", "0")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.setting()).isEqualTo("SPECWRIGHT_MODEL_MAX_ATTEMPTS"));
    assertThatThrownBy(() -> registry(Map.of("SPECWRIGHT_MODEL_TIMEOUT_SECONDS", "soon")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.setting()).isEqualTo("SPECWRIGHT_MODEL_TIMEOUT_SECONDS"));
  }

  @Test
  void anEmptyChainIsRefused() {
    assertThatThrownBy(() -> registry(Map.of()).withFallback(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

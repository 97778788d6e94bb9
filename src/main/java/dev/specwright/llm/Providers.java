package dev.specwright.llm;

import dev.specwright.config.ConfigException;
import dev.specwright.config.Env;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The providers a configuration declares. {@code anthropic}, {@code openai} and {@code ollama}
 * always exist; more OpenAI-compatible servers are declared by name in {@code
 * SPECWRIGHT_PROVIDERS=openrouter,vllm} with {@code <NAME>_BASE_URL} and an optional {@code
 * <NAME>_API_KEY}. Well-known names (openrouter, vllm, lmstudio, llamacpp) come with their usual
 * base URL.
 */
public final class Providers {

  public static final String PROVIDERS = "SPECWRIGHT_PROVIDERS";
  public static final String ANTHROPIC_API_KEY = "ANTHROPIC_API_KEY";
  public static final String ANTHROPIC_BASE_URL = "ANTHROPIC_BASE_URL";
  public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
  public static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";

  private static final String OPENAI_DEFAULT_URL = "https://api.openai.com/v1";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

  /** Usual base URLs of well-known OpenAI-compatible servers, and whether they need a key. */
  private record Preset(String baseUrl, boolean keyRequired) {}

  private static final Map<String, Preset> PRESETS =
      Map.of(
          "ollama", new Preset("http://localhost:11434/v1", false),
          "openrouter", new Preset("https://openrouter.ai/api/v1", true),
          "vllm", new Preset("http://localhost:8000/v1", false),
          "lmstudio", new Preset("http://localhost:1234/v1", false),
          "llamacpp", new Preset("http://localhost:8080/v1", false));

  private final Map<String, Provider> byName;

  private Providers(Map<String, Provider> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Reads the providers from the environment; throws {@link ConfigException} naming a setting. */
  public static Providers fromEnv(Env env) {
    Map<String, Provider> providers = new LinkedHashMap<>();
    providers.put(
        "anthropic",
        new Provider(
            "anthropic",
            Provider.Api.ANTHROPIC,
            anthropicBaseUrl(env),
            env.get(ANTHROPIC_API_KEY),
            ANTHROPIC_API_KEY,
            true));
    Optional<String> openAiUrl = env.get(OPENAI_BASE_URL);
    providers.put(
        "openai",
        new Provider(
            "openai",
            Provider.Api.OPENAI,
            openAiUrl.map(u -> checkedUrl(OPENAI_BASE_URL, u)).orElse(OPENAI_DEFAULT_URL),
            env.get(OPENAI_API_KEY),
            OPENAI_API_KEY,
            // A local server standing in for OpenAI (OPENAI_BASE_URL) may well need no key.
            openAiUrl.isEmpty()));
    providers.put("ollama", compatible("ollama", env));
    for (String raw : env.get(PROVIDERS, "").split(",")) {
      String name = raw.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!NAME.matcher(name).matches()) {
        throw new ConfigException(
            PROVIDERS,
            "'" + raw.trim() + "' is not a provider name (lower-case letters, digits, - and _)");
      }
      if (name.equals("anthropic") || name.equals("openai")) {
        throw new ConfigException(
            PROVIDERS,
            "'"
                + name
                + "' is built in; configure it with "
                + (name.equals("openai") ? OPENAI_BASE_URL : ANTHROPIC_BASE_URL)
                + " instead");
      }
      providers.put(name, compatible(name, env));
    }
    return new Providers(providers);
  }

  /** The environment prefix of a provider: {@code my-vllm} → {@code MY_VLLM}. */
  static String prefix(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static Provider compatible(String name, Env env) {
    String urlSetting = prefix(name) + "_BASE_URL";
    String keySetting = prefix(name) + "_API_KEY";
    Preset preset = PRESETS.get(name);
    Optional<String> url = env.get(urlSetting);
    if (url.isEmpty() && preset == null) {
      throw new ConfigException(
          urlSetting,
          "not set; provider '"
              + name
              + "' is declared in "
              + PROVIDERS
              + " and needs the base URL of its OpenAI-compatible API, e.g. http://host:8000/v1");
    }
    return new Provider(
        name,
        Provider.Api.OPENAI,
        url.map(u -> checkedUrl(urlSetting, u)).orElseGet(() -> preset.baseUrl()),
        env.get(keySetting),
        keySetting,
        preset != null && preset.keyRequired());
  }

  /**
   * Anthropic's SDKs take the base URL without {@code /v1} ({@code https://api.anthropic.com});
   * LangChain4j wants it with. Accept both, so that the same variable works for every tool.
   */
  private static String anthropicBaseUrl(Env env) {
    Optional<String> url = env.get(ANTHROPIC_BASE_URL);
    if (url.isEmpty()) {
      return "https://api.anthropic.com/v1";
    }
    String u = stripSlash(checkedUrl(ANTHROPIC_BASE_URL, url.get()));
    return u.endsWith("/v1") ? u : u + "/v1";
  }

  private static String checkedUrl(String setting, String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null) {
        throw new ConfigException(
            setting, "expected an http(s) URL such as http://localhost:11434/v1");
      }
      if (uri.getUserInfo() != null) {
        throw new ConfigException(
            setting, "put the key in the _API_KEY variable, not in the URL (it would be logged)");
      }
      return stripSlash(url);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(setting, "not a valid URL");
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The provider of {@code ref}, checked usable: known, and holding a key if it needs one. */
  public Provider require(ModelRef ref) {
    Provider provider = byName.get(ref.provider());
    if (provider == null) {
      throw new ConfigException(
          PROVIDERS,
          "model "
              + ref
              + " names unknown provider '"
              + ref.provider()
              + "'; known providers: "
              + String.join(", ", byName.keySet())
              + ". Declare an OpenAI-compatible server with "
              + PROVIDERS
              + "="
              + ref.provider()
              + " and "
              + prefix(ref.provider())
              + "_BASE_URL");
    }
    if (provider.keyRequired() && provider.apiKey().isEmpty()) {
      throw new ConfigException(
          provider.keySetting(), "not set, but model " + ref + " needs it to call " + provider);
    }
    return provider;
  }

  /** Every provider by name, in declaration order. */
  public Map<String, Provider> all() {
    return byName;
  }
}

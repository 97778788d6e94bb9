package dev.specwright.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.specwright.config.ConfigException;
import dev.specwright.config.Env;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every model comes from: {@code provider:model} names become {@link ChatModel}s that call
 * the provider through LangChain4j, retry in one place, price their usage from the {@link
 * ModelCatalog}, and fall back along a chain. Call {@link #validate} at start-up with every model a
 * configuration will use, so that a missing key fails then and not at the first call.
 */
public final class ModelRegistry {

  /** Seconds one model call may take before it times out (and is retried). */
  public static final String TIMEOUT = "SPECWRIGHT_MODEL_TIMEOUT_SECONDS";

  /** Calls per model in all, first call included, before the chain falls back. */
  public static final String MAX_ATTEMPTS = "SPECWRIGHT_MODEL_MAX_ATTEMPTS";

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private final Providers providers;
  private final ModelCatalog catalog;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Duration timeout;
  private final Consumer<FallbackEvent> fallbackObserver;
  private final ProviderFailures failures;
  private final java.net.http.HttpClient http;
  private final Map<ModelRef, ChatModel> models = new ConcurrentHashMap<>();

  private ModelRegistry(Builder b) {
    this.providers = b.providers;
    this.catalog = b.catalog;
    this.retryPolicy = b.retryPolicy;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.timeout = b.timeout;
    this.fallbackObserver = b.fallbackObserver;
    this.failures = new ProviderFailures(b.clock);
    this.http =
        java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(Math.min(15, Math.max(1, timeout.toSeconds()))))
            .build();
  }

  /** Providers, catalog, retries and timeout from the environment (see docs/models.md). */
  public static ModelRegistry fromEnv(Env env) {
    return builder(env).build();
  }

  /** A registry read from {@code env}, with its parts replaceable (for tests, chiefly). */
  public static Builder builder(Env env) {
    return new Builder(env);
  }

  /**
   * Checks that every model can be called: its provider is declared and has its key. Throws {@link
   * ConfigException} naming the setting to fix. A model missing from the catalog is not an error
   * (its cost is unknown); it is logged.
   */
  public void validate(Collection<ModelRef> refs) {
    for (ModelRef ref : refs) {
      providers.require(ref);
      if (catalog.find(ref).flatMap(ModelInfo::prices).isEmpty()) {
        LOG.warn(
            "{} has no price in the model catalog: its cost will show as unknown (add it with {})",
            ref,
            ModelCatalog.CATALOG_FILE);
      }
    }
  }

  /** The model named {@code ref}, with retries; throws {@link ConfigException} if unusable. */
  public ChatModel model(ModelRef ref) {
    Provider provider = providers.require(ref);
    return models.computeIfAbsent(
        ref,
        r ->
            new RetryingChatModel(
                r,
                new ProviderChatModel(r, provider, langChainModel(r, provider), catalog, failures),
                retryPolicy,
                sleeper,
                random));
  }

  /**
   * The models of {@code chain} tried in order: each with its retries, then the next. The turn that
   * answers names the model that answered ({@link ChatTurn#model()}) and the fallbacks taken
   * ({@link ChatTurn#fallbacks()}).
   */
  public ChatModel withFallback(List<ModelRef> chain) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a fallback chain needs at least one model");
    }
    validate(chain);
    List<FallbackChatModel.Link> links = new ArrayList<>();
    for (ModelRef ref : chain) {
      links.add(new FallbackChatModel.Link(ref, model(ref)));
    }
    return new FallbackChatModel(links, fallbackObserver);
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  public Providers providers() {
    return providers;
  }

  private dev.langchain4j.model.chat.ChatModel langChainModel(ModelRef ref, Provider provider) {
    var httpClient = new ProviderHttpClient.Builder(http);
    return switch (provider.api()) {
      case ANTHROPIC ->
          AnthropicChatModel.builder()
              .httpClientBuilder(httpClient)
              .baseUrl(provider.baseUrl())
              .apiKey(provider.apiKey().orElse(""))
              .modelName(ref.model())
              // cache_control on the stable prefix: the tools and the system prompt.
              .cacheTools(true)
              .cacheSystemMessages(true)
              .timeout(timeout)
              .maxRetries(0)
              .logRequests(false)
              .logResponses(false)
              .build();
      case OPENAI ->
          OpenAiChatModel.builder()
              .httpClientBuilder(httpClient)
              .baseUrl(provider.baseUrl())
              .apiKey(provider.apiKey().orElse(null))
              .modelName(ref.model())
              .timeout(timeout)
              .maxRetries(0)
              .logRequests(false)
              .logResponses(false)
              .build();
    };
  }

  /** Builds a {@link ModelRegistry}; every part defaults to what {@link #fromEnv} uses. */
  public static final class Builder {
    private Providers providers;
    private ModelCatalog catalog;
    private RetryPolicy retryPolicy;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private Clock clock = Clock.systemUTC();
    private Duration timeout;
    private Consumer<FallbackEvent> fallbackObserver = e -> {};

    private Builder(Env env) {
      this.providers = Providers.fromEnv(env);
      this.catalog = ModelCatalog.fromEnv(env);
      int attempts = env.getInt(MAX_ATTEMPTS, RetryPolicy.DEFAULT.maxAttempts());
      if (attempts < 1 || attempts > 20) {
        throw new ConfigException(MAX_ATTEMPTS, "expected 1 to 20 calls, got " + attempts);
      }
      RetryPolicy d = RetryPolicy.DEFAULT;
      this.retryPolicy =
          new RetryPolicy(attempts, d.initialDelay(), d.maxDelay(), d.maxRetryAfter());
      int seconds = env.getInt(TIMEOUT, 300);
      if (seconds < 1) {
        throw new ConfigException(TIMEOUT, "expected a positive number of seconds");
      }
      this.timeout = Duration.ofSeconds(seconds);
    }

    public Builder catalog(ModelCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog);
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy);
      return this;
    }

    /** What waits between retries; a test passes one that records the waits. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    /** The source of jitter, a number in [0, 1). */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /** The clock a {@code retry-after} given as an HTTP date is measured against. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How long one call may take. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Told of every fallback as it happens (a metric, a log line, a status comment). */
    public Builder fallbackObserver(Consumer<FallbackEvent> observer) {
      this.fallbackObserver = Objects.requireNonNull(observer);
      return this;
    }

    public ModelRegistry build() {
      return new ModelRegistry(this);
    }
  }
}

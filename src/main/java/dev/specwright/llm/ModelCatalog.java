package dev.specwright.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.specwright.config.ConfigException;
import dev.specwright.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Context windows and prices of models, from {@code models.yml} shipped with Specwright, with the
 * user's own file ({@code SPECWRIGHT_MODEL_CATALOG}) merged over it: an entry in the user's file
 * replaces the shipped entry of the same name whole. A model is found by its name, then by an
 * alias, then by a {@code provider:*} entry.
 */
public final class ModelCatalog {

  public static final String CATALOG_FILE = "SPECWRIGHT_MODEL_CATALOG";
  private static final String RESOURCE = "/models.yml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> ENTRY_KEYS =
      Set.of("aliases", "context_window", "max_output_tokens", "price");
  private static final Set<String> PRICE_KEYS =
      Set.of("input", "output", "cache_write", "cache_read", "as_of", "source");

  private final Map<String, ModelInfo> byName;
  private final Map<String, ModelInfo> byAlias;

  private ModelCatalog(Map<String, ModelInfo> byName) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    Map<String, ModelInfo> aliases = new LinkedHashMap<>();
    for (ModelInfo info : byName.values()) {
      String provider = info.name().substring(0, info.name().indexOf(':') + 1);
      for (String alias : info.aliases()) {
        aliases.put(provider + alias, info);
      }
    }
    this.byAlias = Collections.unmodifiableMap(aliases);
  }

  /** The catalog shipped in the jar. */
  public static ModelCatalog defaults() {
    try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "models.yml (built in)");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }

  /** The shipped catalog, with the file named by {@code SPECWRIGHT_MODEL_CATALOG} merged over. */
  public static ModelCatalog fromEnv(Env env) {
    ModelCatalog catalog = defaults();
    Optional<String> file = env.get(CATALOG_FILE);
    if (file.isEmpty()) {
      return catalog;
    }
    Path path = Path.of(file.get());
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new ConfigException(CATALOG_FILE, "cannot read " + path + ": " + e);
    }
    try {
      return catalog.mergedWith(parse(text, path.toString()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(CATALOG_FILE, e.getMessage());
    }
  }

  /**
   * Parses a catalog in YAML (or JSON, which is YAML too). Throws {@link IllegalArgumentException}
   * naming the file and the entry at fault.
   */
  public static ModelCatalog parse(String text, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid YAML or JSON: " + firstLine(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new ModelCatalog(Map.of());
    }
    JsonNode models = root.get("models");
    if (models == null || !models.isObject()) {
      throw new IllegalArgumentException(source + ": expected a top-level 'models:' map");
    }
    Map<String, ModelInfo> entries = new LinkedHashMap<>();
    for (var field : models.properties()) {
      String name = field.getKey();
      String where = source + ": model '" + name + "'";
      try {
        ModelRef.parse(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
      entries.put(name, entry(name, field.getValue(), where));
    }
    return new ModelCatalog(entries);
  }

  private static ModelInfo entry(String name, JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(where + ": expected a map of settings");
    }
    unknownKeys(node, ENTRY_KEYS, where);
    List<String> aliases = new ArrayList<>();
    JsonNode a = node.get("aliases");
    if (a != null && !a.isNull()) {
      if (!a.isArray()) {
        throw new IllegalArgumentException(where + ": 'aliases' must be a list");
      }
      a.forEach(n -> aliases.add(n.asText()));
    }
    JsonNode price = node.get("price");
    Optional<Prices> prices =
        price == null || price.isNull() || "unknown".equals(price.asText(null))
            ? Optional.empty()
            : Optional.of(prices(price, where + " price"));
    return new ModelInfo(
        name,
        aliases,
        positiveInt(node, "context_window", where),
        positiveInt(node, "max_output_tokens", where),
        prices);
  }

  private static Prices prices(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": expected a map, or 'unknown'");
    }
    unknownKeys(node, PRICE_KEYS, where);
    BigDecimal input = money(node, "input", where, null);
    BigDecimal output = money(node, "output", where, null);
    // A provider without a separate cache price bills cached tokens as input: never less.
    BigDecimal cacheWrite = money(node, "cache_write", where, input);
    BigDecimal cacheRead = money(node, "cache_read", where, input);
    JsonNode asOf = node.get("as_of");
    if (asOf == null || asOf.isNull()) {
      throw new IllegalArgumentException(
          where + ": 'as_of' is required: the date (YYYY-MM-DD) the price was taken");
    }
    LocalDate date;
    try {
      date = LocalDate.parse(asOf.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + ": 'as_of' must be a date YYYY-MM-DD, got '" + asOf.asText() + "'");
    }
    JsonNode source = node.get("source");
    return new Prices(
        input, output, cacheWrite, cacheRead, date, source == null ? "" : source.asText());
  }

  private static BigDecimal money(JsonNode node, String key, String where, BigDecimal fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw new IllegalArgumentException(where + ": '" + key + "' is required (USD per MTok)");
      }
      return fallback;
    }
    BigDecimal amount;
    try {
      // From the text, so that 0.30 is exactly 0.30 and not the nearest double.
      amount = new BigDecimal(v.asText());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          where + ": '" + key + "' must be a number of USD per MTok, got '" + v.asText() + "'");
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException(where + ": '" + key + "' must not be negative");
    }
    return amount;
  }

  private static OptionalInt positiveInt(JsonNode node, String key, String where) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return OptionalInt.empty();
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
      throw new IllegalArgumentException(
          where + ": '" + key + "' must be a positive whole number, got '" + v.asText() + "'");
    }
    return OptionalInt.of(v.asInt());
  }

  private static void unknownKeys(JsonNode node, Set<String> known, String where) {
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            where + ": unknown setting '" + key + "' (known: " + String.join(", ", known) + ")");
      }
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** This catalog with every entry of {@code override} replacing the entry of the same name. */
  public ModelCatalog mergedWith(ModelCatalog override) {
    Map<String, ModelInfo> merged = new LinkedHashMap<>(byName);
    merged.putAll(override.byName);
    return new ModelCatalog(merged);
  }

  /** What is known of {@code ref}: by name, then alias, then the provider's {@code *} entry. */
  public Optional<ModelInfo> find(ModelRef ref) {
    String key = ref.toString();
    ModelInfo info = byName.get(key);
    if (info == null) {
      info = byAlias.get(key);
    }
    if (info == null) {
      info = byName.get(ref.provider() + ":*");
    }
    return Optional.ofNullable(info);
  }

  /** What {@code usage} on {@code ref} cost; {@link Cost#UNKNOWN} when the price is not known. */
  public Cost cost(ModelRef ref, Usage usage) {
    return find(ref).map(i -> i.cost(usage)).orElse(Cost.UNKNOWN);
  }

  /** Every entry by name. */
  public Map<String, ModelInfo> entries() {
    return byName;
  }
}

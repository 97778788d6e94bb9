package dev.specwright.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.TimeoutException;
import dev.specwright.llm.ModelException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sorts a failed provider call into a {@link ModelException.Kind}, with the provider's own error
 * message and its {@code retry-after}. A 429 (or 400/402/403) that speaks of credit, billing, quota
 * or a spend limit is {@link Kind#SPEND_LIMIT}: waiting will not mend it.
 */
final class ProviderFailures {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 400;

  /**
   * Wording of the providers' "no money left" errors: OpenAI's {@code insufficient_quota} ("You
   * exceeded your current quota, please check your plan and billing details"), Anthropic's "credit
   * balance is too low" and "reached your specified API usage limits", OpenRouter's 402
   * "Insufficient credits".
   */
  private static final Pattern SPEND =
      Pattern.compile(
          "insufficient_quota|credit balance|insufficient credits|out of credits"
              + "|spend(ing)? limit|usage limit|current quota|billing|budget",
          Pattern.CASE_INSENSITIVE);

  private final Clock clock;

  ProviderFailures(Clock clock) {
    this.clock = clock;
  }

  ModelException classify(ModelRef model, Throwable failure) {
    if (Thread.currentThread().isInterrupted() || causedBy(failure, InterruptedException.class)) {
      return new ModelException(Kind.CANCELLED, model, model + ": call cancelled", failure);
    }
    if (causedBy(failure, ProviderHttpClient.CancelledCall.class)) {
      return new ModelException(Kind.CANCELLED, model, model + ": call cancelled", failure);
    }
    ProviderHttpException http = find(failure, ProviderHttpException.class);
    if (http != null) {
      return fromHttp(model, http, failure);
    }
    if (find(failure, TimeoutException.class) != null
        || causedBy(failure, java.net.http.HttpTimeoutException.class)) {
      return new ModelException(Kind.TIMEOUT, model, model + ": timed out", failure);
    }
    ProviderHttpClient.UnreachableServer unreachable =
        find(failure, ProviderHttpClient.UnreachableServer.class);
    if (unreachable != null) {
      return new ModelException(
          Kind.SERVER_ERROR,
          model,
          model + ": connection failed: " + cut(unreachable.getMessage()),
          failure);
    }
    JsonProcessingException json = find(failure, JsonProcessingException.class);
    if (json != null) {
      return new ModelException(
          Kind.MALFORMED_RESPONSE,
          model,
          model + ": the response is not the JSON expected: " + cut(json.getOriginalMessage()),
          failure);
    }
    if (failure instanceof InternalServerException) {
      // Not from an HTTP status (that was handled above): LangChain4j found a 2xx body with no
      // usable reply in it, such as an OpenAI response with no choices.
      return new ModelException(
          Kind.MALFORMED_RESPONSE, model, model + ": " + cut(failure.getMessage()), failure);
    }
    return new ModelException(
        Kind.OTHER,
        model,
        model + ": " + failure.getClass().getSimpleName() + ": " + cut(failure.getMessage()),
        failure);
  }

  private ModelException fromHttp(ModelRef model, ProviderHttpException http, Throwable failure) {
    int status = http.statusCode();
    ErrorBody error = ErrorBody.parse(http.body());
    Kind kind =
        switch (status) {
          case 429 -> error.speaksOfSpending() ? Kind.SPEND_LIMIT : Kind.RATE_LIMITED;
          case 402 -> Kind.SPEND_LIMIT;
          case 529 -> Kind.OVERLOADED;
          case 408 -> Kind.TIMEOUT;
          case 401, 403 -> error.speaksOfSpending() ? Kind.SPEND_LIMIT : Kind.AUTHENTICATION;
          default -> {
            if ("overloaded_error".equals(error.type())) {
              yield Kind.OVERLOADED;
            } else if (status >= 500) {
              yield Kind.SERVER_ERROR;
            } else if (error.speaksOfSpending()) {
              yield Kind.SPEND_LIMIT;
            } else {
              yield Kind.BAD_REQUEST;
            }
          }
        };
    String message =
        model
            + ": HTTP "
            + status
            + (error.type().isEmpty() ? "" : " " + error.type())
            + (error.message().isEmpty() ? "" : ": " + cut(error.message()));
    return new ModelException(kind, model, message, retryAfter(http).orElse(null), failure);
  }

  /**
   * The wait a response asks for: {@code retry-after-ms} (OpenAI), else {@code retry-after} in
   * seconds or as an HTTP date (RFC 9110).
   */
  Optional<Duration> retryAfter(ProviderHttpException http) {
    Optional<String> ms = http.header("retry-after-ms");
    if (ms.isPresent()) {
      try {
        return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get()))));
      } catch (NumberFormatException ignored) {
        // fall through to retry-after
      }
    }
    Optional<String> header = http.header("retry-after");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    try {
      double seconds = Double.parseDouble(value);
      return Optional.of(Duration.ofMillis(Math.max(0, (long) (seconds * 1000))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /** The {@code error} object both providers send: type (or code) and message. */
  record ErrorBody(String type, String code, String message) {
    static ErrorBody parse(String body) {
      try {
        JsonNode root = JSON.readTree(body == null ? "" : body);
        JsonNode error = root == null ? null : root.get("error");
        if (error != null && error.isObject()) {
          return new ErrorBody(
              error.path("type").asText(""),
              error.path("code").asText(""),
              error.path("message").asText(""));
        }
        if (error != null && error.isTextual()) {
          return new ErrorBody("", "", error.asText());
        }
      } catch (JsonProcessingException | RuntimeException notJson) {
        // an HTML error page from a proxy, say: keep its start as the message
      }
      String text = body == null ? "" : body.strip();
      return new ErrorBody("", "", text);
    }

    boolean speaksOfSpending() {
      return SPEND.matcher(type + " " + code + " " + message).find();
    }
  }

  private static String cut(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE) + "…";
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    return find(t, type) != null;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}

package dev.specwright.llm;

import dev.langchain4j.exception.HttpException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An unsuccessful HTTP response from a provider, with its headers: LangChain4j's own {@link
 * HttpException} keeps only status and body, and {@code retry-after} lives in a header.
 * LangChain4j's exception mapper wraps this (it is the root cause), so it is found again by walking
 * the cause chain.
 */
final class ProviderHttpException extends HttpException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, List<String>> headers;
  private final String body;

  ProviderHttpException(int statusCode, Map<String, List<String>> headers, String body) {
    super(statusCode, body);
    this.headers = Map.copyOf(headers);
    this.body = body;
  }

  /** The first value of a header, matched without regard to case. */
  Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
        .map(e -> e.getValue().get(0))
        .findFirst();
  }

  String body() {
    return body;
  }
}

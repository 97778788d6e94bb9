package dev.specwright.llm;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * LangChain4j's HTTP transport SPI, implemented on the JDK client so that a failed response keeps
 * its headers ({@link ProviderHttpException}): the JDK-based client LangChain4j ships drops them,
 * and the retry decorator needs {@code retry-after}. Everything above the transport (request
 * bodies, response parsing) stays LangChain4j's. One JDK client is shared by every model, so
 * connections are pooled.
 */
final class ProviderHttpClient implements HttpClient {

  private final java.net.http.HttpClient jdk;
  private final Duration readTimeout;

  private ProviderHttpClient(java.net.http.HttpClient jdk, Duration readTimeout) {
    this.jdk = jdk;
    this.readTimeout = readTimeout;
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      throw new UnsupportedOperationException("multipart requests are not used for chat");
    }
    var builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
    request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
    builder.method(
        request.method().name(),
        request.body() == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
    if (readTimeout != null) {
      builder.timeout(readTimeout);
    }
    if (request.url().startsWith("http://")) {
      // No h2c upgrade dance with local servers (Ollama, llama.cpp): some mishandle it.
      builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
    }
    java.net.http.HttpResponse<byte[]> response;
    try {
      response = jdk.send(builder.build(), BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new TimeoutException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledCall(e);
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new CancelledCall(e);
    } catch (IOException e) {
      throw new UnreachableServer(e);
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      throw new ProviderHttpException(
          status, response.headers().map(), new String(response.body(), StandardCharsets.UTF_8));
    }
    return SuccessfulHttpResponse.builder()
        .statusCode(status)
        .headers(response.headers().map())
        .body(response.body())
        .build();
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    // Specwright does not stream; should it, LangChain4j's own transport serves.
    HttpClientBuilderLoader.loadHttpClientBuilder()
        .readTimeout(readTimeout)
        .build()
        .execute(request, parser, listener);
  }

  /** The call was interrupted: the caller wants it to stop. */
  static final class CancelledCall extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancelledCall(Throwable cause) {
      super("interrupted", cause);
    }
  }

  /** The server could not be reached, or the connection broke before a whole response came. */
  static final class UnreachableServer extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreachableServer(IOException cause) {
      super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }
  }

  /** The builder LangChain4j's model builders take; timeouts come from the model builder. */
  static final class Builder implements HttpClientBuilder {
    private final java.net.http.HttpClient jdk;
    private Duration connectTimeout;
    private Duration readTimeout;

    Builder(java.net.http.HttpClient jdk) {
      this.jdk = jdk;
    }

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public HttpClient build() {
      return new ProviderHttpClient(jdk, readTimeout);
    }
  }
}

package dev.specwright.web;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds{method,uri,status}} for every request, tagged with the route
 * template (never the raw path, whose values are unbounded).
 */
final class HttpMetrics {

  private final MeterRegistry registry;

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(Context ctx, Float millis) {
    String uri;
    try {
      uri = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      uri = "UNKNOWN";
    }
    if (ctx.status().getCode() == 404) {
      uri = "NOT_FOUND";
    }
    Timer.builder("http.server.requests")
        .description("HTTP requests served")
        .tag("method", ctx.method().name())
        .tag("uri", uri)
        .tag("status", Integer.toString(ctx.status().getCode()))
        .register(registry)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
  }
}

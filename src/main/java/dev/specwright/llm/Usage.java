package dev.specwright.llm;

/**
 * Tokens one call used, normalised: {@code input} never includes cached tokens (Anthropic's {@code
 * input_tokens} already excludes them; OpenAI's {@code prompt_tokens} includes {@code
 * cached_tokens}, which are subtracted).
 */
public record Usage(long input, long output, long cacheWrite, long cacheRead) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0);

  public Usage plus(Usage o) {
    return new Usage(
        input + o.input, output + o.output, cacheWrite + o.cacheWrite, cacheRead + o.cacheRead);
  }

  public long total() {
    return input + output + cacheWrite + cacheRead;
  }
}

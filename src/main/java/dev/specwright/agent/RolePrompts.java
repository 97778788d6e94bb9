package dev.specwright.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The default system prompt of each role, from {@code /agent/prompts/<role>.md} on the classpath.
 * Placeholders: {@code workspace} (the directory's name), {@code tools} (the tool names), {@code
 * max_iterations}, {@code workflow_note} (empty, or a note that workflows are off limits).
 */
public final class RolePrompts {

  private RolePrompts() {}

  /** The built-in template of a role; playbooks may supply their own with the same placeholders. */
  public static PromptTemplate defaultTemplate(Role role) {
    String resource = "/agent/prompts/" + role.wireName() + ".md";
    try (InputStream in = RolePrompts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new PromptTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

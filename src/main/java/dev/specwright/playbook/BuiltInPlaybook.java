package dev.specwright.playbook;

import dev.specwright.llm.ModelRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * The defaults every playbook starts from, as code: a playbook file states only what it changes.
 * The prompts are resources beside this class ({@code builtin/<role>.md}).
 */
public final class BuiltInPlaybook {

  /** How provenance names these values. */
  public static final String SOURCE = "built-in";

  private BuiltInPlaybook() {}

  /** The built-in playbook, complete. */
  public static Playbook playbook() {
    return new Playbook(
        "Built-in defaults",
        new Steps(true, true, true, true),
        new RoleSettings(
            ModelRef.parse("anthropic:claude-sonnet-4-5"),
            List.of(ModelRef.parse("openai:gpt-5-mini")),
            prompt(Role.RESEARCHER),
            AgentTool.READ_ONLY,
            new Budgets(30, 400_000, usd("1.00"), Duration.ofMinutes(10))),
        new RoleSettings(
            ModelRef.parse("anthropic:claude-sonnet-4-5"),
            List.of(ModelRef.parse("openai:gpt-5")),
            prompt(Role.PLANNER),
            AgentTool.READ_ONLY,
            new Budgets(12, 300_000, usd("2.00"), Duration.ofMinutes(10))),
        new RoleSettings(
            ModelRef.parse("openai:gpt-5-mini"),
            List.of(ModelRef.parse("anthropic:claude-haiku-4-5")),
            prompt(Role.DEVELOPER),
            AgentTool.ALL,
            new Budgets(60, 2_000_000, usd("2.00"), Duration.ofMinutes(30))),
        new RoleSettings(
            ModelRef.parse("anthropic:claude-sonnet-4-5"),
            List.of(ModelRef.parse("openai:gpt-5")),
            prompt(Role.REVIEWER),
            AgentTool.READ_ONLY,
            new Budgets(20, 600_000, usd("1.00"), Duration.ofMinutes(15))),
        new Strategies(1, EnumSet.allOf(FallbackTrigger.class), 4, 2),
        4,
        false,
        DependencyGate.MERGED,
        new PlanRules(12, List.of()),
        new CostCaps(usd("5.00"), usd("25.00")),
        new RepositoryCommands(List.of(), ""),
        List.of(),
        false,
        false);
  }

  /** The built-in prompt of a role. */
  public static PromptTemplate prompt(Role role) {
    String name = "builtin/" + role.key() + ".md";
    try (InputStream in = BuiltInPlaybook.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new PromptTemplate(
          SOURCE + ":" + role.key() + ".md", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BigDecimal usd(String amount) {
    return new BigDecimal(amount);
  }
}

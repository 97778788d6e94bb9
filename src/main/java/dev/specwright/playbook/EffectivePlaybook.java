package dev.specwright.playbook;

import dev.specwright.llm.ModelRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The playbook a run uses, resolved from built-in defaults, a playbook file and the repository
 * file, with the source of every setting that is not a built-in default.
 *
 * @param name the playbook's name ({@code default}, {@code bugfix})
 * @param file where it came from ({@code playbooks/bugfix.yml}, or {@code built-in} when the
 *     library has no file for {@code default})
 * @param playbook the resolved settings
 * @param overrides every field a playbook file or the repository file set, in file order, with the
 *     last source that set it
 */
public record EffectivePlaybook(
    String name, String file, Playbook playbook, List<Setting> overrides) {

  /** Where {@link #sourceOf} says a setting came from when no file set it. */
  public static final String BUILT_IN = BuiltInPlaybook.SOURCE;

  public EffectivePlaybook {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(playbook, "playbook");
    overrides = List.copyOf(overrides);
  }

  /**
   * One setting that differs from the built-in defaults.
   *
   * @param field dotted field, e.g. {@code developer.model}
   * @param value the value as shown to users, e.g. {@code openai:gpt-5-mini}
   * @param source {@code playbooks/bugfix.yml} or {@code .github/specwright.yml}
   * @param line the field's 1-based line in {@code source}; 0 when it has none (a command-line
   *     option)
   */
  public record Setting(String field, String value, String source, int line) {

    public Setting(String field, String value, String source) {
      this(field, value, source, 0);
    }

    /** The source with the line: {@code .github/specwright.yml:4}. */
    public String where() {
      return line > 0 ? source + ":" + line : source;
    }
  }

  /**
   * The same playbook with one role on another model, e.g. from {@code specwright run --model
   * developer=ollama:qwen3-coder}; provenance names {@code source} for that field. The role's
   * fallbacks stay.
   */
  public EffectivePlaybook withModel(Role role, ModelRef model, String source) {
    RoleSettings r = playbook.role(role);
    RoleSettings changed =
        new RoleSettings(model, r.fallbacks(), r.prompt(), r.tools(), r.budgets());
    Playbook p = playbook;
    Playbook next =
        new Playbook(
            p.description(),
            p.steps(),
            role == Role.RESEARCHER ? changed : p.researcher(),
            role == Role.PLANNER ? changed : p.planner(),
            role == Role.DEVELOPER ? changed : p.developer(),
            role == Role.REVIEWER ? changed : p.reviewer(),
            p.strategies(),
            p.concurrency(),
            p.planApproval(),
            p.startDependentsWhen(),
            p.planRules(),
            p.costCaps(),
            p.repository(),
            p.protectedPaths(),
            p.workflowsWritable(),
            p.subIssues());
    String field = role.key() + ".model";
    List<Setting> changedOverrides = new ArrayList<>(overrides);
    changedOverrides.removeIf(o -> o.field().equals(field));
    changedOverrides.add(new Setting(field, model.toString(), source));
    return new EffectivePlaybook(name, file, next, changedOverrides);
  }

  /** Where a field's value came from: a file, or {@link #BUILT_IN}. */
  public String sourceOf(String field) {
    return overrides.stream()
        .filter(o -> o.field().equals(field))
        .map(Setting::source)
        .findFirst()
        .orElse(BUILT_IN);
  }

  /** The steps that run, as {@code research → plan → implement → review}. */
  public String chain() {
    return playbook.steps().chain().stream().map(Step::key).collect(Collectors.joining(" → "));
  }

  /** One line for a terminal: name, steps, models. */
  public String summary() {
    Playbook p = playbook;
    return "playbook "
        + name
        + " ("
        + file
        + "): "
        + chain()
        + "; planner "
        + p.planner().model()
        + ", developer "
        + p.developer().model()
        + ", reviewer "
        + p.reviewer().model()
        + "; concurrency "
        + p.concurrency()
        + "; "
        + overrides.size()
        + " setting(s) changed from the built-in defaults";
  }

  /**
   * A short Markdown block for the status comment: the playbook, its steps, and a folded table of
   * every setting that differs from the built-in defaults and where it came from.
   */
  public String toMarkdown() {
    StringBuilder b = new StringBuilder();
    b.append("Playbook **`")
        .append(cell(name))
        .append("`** (`")
        .append(cell(file))
        .append("`): ")
        .append(chain())
        .append('\n');
    if (overrides.isEmpty()) {
      b.append("\nAll settings are the built-in defaults.\n");
      return b.toString();
    }
    b.append("\n<details><summary>")
        .append(overrides.size())
        .append(" setting(s) differ from the built-in defaults</summary>\n\n")
        .append(settingsTable(overrides));
    b.append("\n</details>\n");
    return b.toString();
  }

  /** A Markdown table of settings: each one's field, value and where it came from. */
  public static String settingsTable(List<Setting> settings) {
    StringBuilder b = new StringBuilder("| Setting | Value | From |\n|---|---|---|\n");
    for (Setting o : settings) {
      b.append("| `")
          .append(cell(o.field()))
          .append("` | `")
          .append(cell(o.value()))
          .append("` | `")
          .append(cell(o.where()))
          .append("` |\n");
    }
    return b.toString();
  }

  /**
   * Repository-supplied text for inline code in a GitHub comment's table: it stays in its cell (no
   * backtick, pipe, line break or HTML tag), cut to 80 characters.
   */
  public static String cell(String text) {
    String t =
        text.replace('`', '\'')
            .replace("|", "\\|")
            .replace('\n', ' ')
            .replace('\r', ' ')
            .replace("<", "&lt;")
            .replace(">", "&gt;");
    return t.length() > 80 ? t.substring(0, 77) + "..." : t;
  }
}

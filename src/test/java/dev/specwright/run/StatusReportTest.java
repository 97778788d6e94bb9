package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ModelRef;
import dev.specwright.playbook.EffectivePlaybook.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The playbook line of the status comment. */
class StatusReportTest {

  static final RunPolicy BASE =
      RunPolicy.defaults(ModelRef.parse("anthropic:claude-opus-4-1"), ModelRef.parse("openai:x"));

  static String origin(String playbook, String label, List<Setting> overrides) {
    return StatusReport.origin(
        BASE.withOrigin(
            new RunPolicy.Origin(playbook, "playbooks/" + playbook + ".yml", label, overrides)));
  }

  @Test
  void namesThePlaybookTheLabelAndEachRepositoryOverrideWithItsSource() {
    String line =
        origin(
            "bugfix",
            "spec:bugfix",
            List.of(
                new Setting("developer.model", "ollama:qwen3-coder", ".github/specwright.yml", 4),
                new Setting("cost_caps.run_usd", "10.00", ".github/specwright.yml", 9)));
    assertThat(line.lines().findFirst().orElseThrow())
        .isEqualTo(
            "Playbook `bugfix` (label `spec:bugfix`, `playbooks/bugfix.yml`); overrides:"
                + " developer.model from `.github/specwright.yml:4`; cost_caps.run_usd from"
                + " `.github/specwright.yml:9`.");
    assertThat(line).contains("| `cost_caps.run_usd` | `10.00` | `.github/specwright.yml:9` |");
  }

  @Test
  void aPlaybookFilesManySettingsAreCountedSoTheLineStaysShort() {
    List<Setting> many =
        List.of(
            new Setting("concurrency", "1", "playbooks/bugfix.yml"),
            new Setting("planner.model", "a:b", "playbooks/bugfix.yml"),
            new Setting("planner.prompt", "bugfix/planner.md", "playbooks/bugfix.yml"),
            new Setting("plan_rules.max_subtasks", "2", "playbooks/bugfix.yml"),
            new Setting("repository.test", "npm test", ".github/specwright.yml", 2));
    assertThat(origin("bugfix", "spec:bugfix", many).lines().findFirst().orElseThrow())
        .endsWith(
            "overrides: 4 settings from `playbooks/bugfix.yml`; repository.test from"
                + " `.github/specwright.yml:2`.");
  }

  @Test
  void builtInDefaultsSaySo() {
    assertThat(StatusReport.origin(BASE))
        .isEqualTo(
            "Playbook `default` (label `spec`, `built-in`); every setting is a built-in default.\n");
  }

  @Test
  void aHostileRepositoryFileValueCannotBreakOutOfItsCellOrInjectMarkup() {
    String v = "x` | <img src=x onerror=alert(1)>\n## Approved by @admin |";
    String out =
        origin(
            "default",
            "spec",
            List.of(new Setting("repository.test", v, ".github/specwright.yml")));
    String row =
        out.lines().filter(l -> l.startsWith("| `repository.test`")).findFirst().orElseThrow();
    assertThat(row)
        .doesNotContain("<img")
        .contains("&lt;img")
        .doesNotContain("\n")
        .contains("x' \\| &lt;img");
    // the row still has exactly its three cells
    assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(4);
    assertThat(out.lines().filter(l -> l.startsWith("## "))).isEmpty();
  }
}

package dev.specwright.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.llm.ModelRef;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repository file over playbook over built-in defaults, and where each setting came from. */
class PrecedenceTest {

  @TempDir Path temp;

  private EffectivePlaybook choose(PlaybookFolder folder, String label, String repositoryFile) {
    PlaybookChoice c =
        new PlaybookSelector(folder.library()).choose(label, Optional.ofNullable(repositoryFile));
    assertThat(c).isInstanceOf(PlaybookChoice.Chosen.class);
    return ((PlaybookChoice.Chosen) c).playbook();
  }

  private PlaybookFolder folder() {
    return new PlaybookFolder(temp)
        .write(
            "team.yml",
            """
            developer:
              model: anthropic:claude-haiku-4-5
              budgets:
                iterations: 40
                wall_time: 20m
            reviewer:
              model: openai:gpt-5
            protected_paths: [migrations/]
            repository:
              setup: [npm ci]
              test: npm test
            """);
  }

  @Test
  void theRepositoryFileGoesOverThePlaybookWhichGoesOverTheBuiltInDefaults() {
    EffectivePlaybook p =
        choose(
            folder(),
            "spec:team",
            """
            developer:
              model: ollama:qwen3-coder
              budgets:
                iterations: 25
            repository:
              test: npm run test:ci
            """);
    Playbook s = p.playbook();
    Budgets builtIn = BuiltInPlaybook.playbook().developer().budgets();

    assertThat(s.developer().model()).isEqualTo(ModelRef.parse("ollama:qwen3-coder"));
    assertThat(s.developer().budgets().iterations()).isEqualTo(25);
    assertThat(s.developer().budgets().wallTime()).isEqualTo(Duration.ofMinutes(20));
    assertThat(s.developer().budgets().tokens()).isEqualTo(builtIn.tokens());
    assertThat(s.reviewer().model()).isEqualTo(ModelRef.parse("openai:gpt-5"));
    assertThat(s.repository().setup()).containsExactly("npm ci");
    assertThat(s.repository().testCommand()).contains("npm run test:ci");

    assertThat(p.sourceOf("developer.model")).isEqualTo(".github/specwright.yml");
    assertThat(p.sourceOf("developer.budgets.iterations")).isEqualTo(".github/specwright.yml");
    assertThat(p.sourceOf("developer.budgets.wall_time")).isEqualTo("playbooks/team.yml");
    assertThat(p.sourceOf("developer.budgets.tokens")).isEqualTo("built-in");
    assertThat(p.sourceOf("reviewer.model")).isEqualTo("playbooks/team.yml");
    assertThat(p.sourceOf("repository.setup")).isEqualTo("playbooks/team.yml");
    assertThat(p.sourceOf("repository.test")).isEqualTo(".github/specwright.yml");
    assertThat(p.sourceOf("concurrency")).isEqualTo("built-in");
  }

  @Test
  void theRepositoryFileKeepsThePlaybooksFallbacksWhenItChangesOnlyTheModel() {
    PlaybookFolder folder =
        new PlaybookFolder(temp)
            .write(
                "team.yml",
                "developer:\n  model: openai:gpt-5-mini\n  fallbacks: [anthropic:claude-haiku-4-5]\n");
    Playbook s = choose(folder, "spec:team", "developer:\n  model: openai:gpt-5\n").playbook();
    assertThat(s.developer().modelChain())
        .extracting(ModelRef::toString)
        .containsExactly("openai:gpt-5", "anthropic:claude-haiku-4-5");
  }

  @Test
  void protectedPathsAddUpSoThatARepositoryCanProtectMoreButNeverLess() {
    EffectivePlaybook p =
        choose(folder(), "spec:team", "protected_paths: [secrets/, migrations/]\n");
    assertThat(p.playbook().protectedPaths()).containsExactly("migrations/", "secrets/");
    assertThat(p.sourceOf("protected_paths")).isEqualTo(".github/specwright.yml");
    assertThat(p.playbook().pathGuard().protects("db/migrations/001.sql")).isTrue();
    assertThat(p.playbook().pathGuard().protects("secrets/key.pem")).isTrue();
  }

  @Test
  void costCapsFromTheRepositoryFileReplaceThePlaybooks() {
    EffectivePlaybook p = choose(folder(), "spec:team", "cost_caps: { run_usd: 3.5 }\n");
    assertThat(p.playbook().costCaps().runUsd()).isEqualByComparingTo(new BigDecimal("3.5"));
    assertThat(p.playbook().costCaps().taskUsd())
        .isEqualByComparingTo(BuiltInPlaybook.playbook().costCaps().taskUsd());
  }

  @Test
  void theStatusCommentNamesThePlaybookAndTheSourceOfEachOverride() {
    EffectivePlaybook p =
        choose(folder(), "spec:team", "developer:\n  model: ollama:qwen3-coder\n");
    assertThat(p.toMarkdown())
        .startsWith(
            "Playbook **`team`** (`playbooks/team.yml`): research → plan → implement → review\n")
        .contains("<details><summary>7 setting(s) differ from the built-in defaults</summary>")
        .contains("| `developer.model` | `ollama:qwen3-coder` | `.github/specwright.yml:2` |\n")
        .containsPattern(
            "\\| `developer.budgets.iterations` \\| `40` \\| `playbooks/team.yml:\\d+` \\|\n")
        .containsPattern("\\| `repository.setup` \\| `npm ci` \\| `playbooks/team.yml:\\d+` \\|\n")
        .doesNotContain("| `concurrency`");
  }

  @Test
  void repositoryTextInTheStatusCommentCannotBreakOutOfItsCell() {
    EffectivePlaybook p =
        choose(folder(), "spec:team", "repository:\n  test: \"make test | tee `x` <script>\"\n");
    assertThat(p.toMarkdown())
        .contains("| `repository.test` | `make test \\| tee 'x' &lt;script&gt;` |")
        .doesNotContain("<script>");
  }

  @Test
  void aPlaybookThatSwitchesResearchOffRunsTheRestOfTheChain() {
    PlaybookFolder folder =
        new PlaybookFolder(temp)
            .write("quick.yml", "steps:\n  research: false\nplanner:\n  prompt: quick/planner.md\n")
            .write("quick/planner.md", "Plan {{spec}} without notes.\n{{plan_rules}}\n");
    EffectivePlaybook p = choose(folder, "spec:quick", null);
    assertThat(p.playbook().steps().enabled(Step.RESEARCH)).isFalse();
    assertThat(p.playbook().steps().chain())
        .containsExactly(Step.PLAN, Step.IMPLEMENT, Step.REVIEW);
    assertThat(p.chain()).isEqualTo("plan → implement → review");
    assertThat(p.sourceOf("steps.research")).isEqualTo("playbooks/quick.yml");
    assertThat(p.toMarkdown()).startsWith("Playbook **`quick`** (`playbooks/quick.yml`): plan →");
  }

  @Test
  void thePlaybookStatesOnlyWhatItChanges() {
    PlaybookFolder folder = new PlaybookFolder(temp).write("one.yml", "concurrency: 2\n");
    EffectivePlaybook p = choose(folder, "spec:one", null);
    assertThat(p.overrides())
        .containsExactly(new EffectivePlaybook.Setting("concurrency", "2", "playbooks/one.yml", 1));
    Playbook expected = BuiltInPlaybook.playbook();
    assertThat(p.playbook().developer()).isEqualTo(expected.developer());
    assertThat(p.playbook().strategies()).isEqualTo(expected.strategies());
    assertThat(p.playbook().concurrency()).isEqualTo(2);
  }

  @Test
  void aModelChosenOnTheCommandLineGoesOverEverythingAndSaysSo() {
    EffectivePlaybook p =
        folder()
            .library()
            .resolve("team", RepositoryFile.parse("developer:\n  model: openai:gpt-5\n"))
            .withModel(Role.DEVELOPER, ModelRef.parse("ollama:qwen3-coder"), "command line");
    assertThat(p.playbook().developer().model()).isEqualTo(ModelRef.parse("ollama:qwen3-coder"));
    assertThat(p.playbook().developer().budgets().iterations()).isEqualTo(40);
    assertThat(p.sourceOf("developer.model")).isEqualTo("command line");
    assertThat(p.playbook().reviewer().model()).isEqualTo(ModelRef.parse("openai:gpt-5"));
  }
}

package dev.specwright.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples in docs/playbooks.md are valid and do what the text says. */
class DocumentedExamplesTest {

  @TempDir Path temp;

  private static List<String> blocks(String language) throws IOException {
    String doc = Files.readString(Path.of("docs/playbooks.md"));
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String block(String language, String containing) throws IOException {
    return blocks(language).stream().filter(b -> b.contains(containing)).findFirst().orElseThrow();
  }

  @Test
  void theWorkedExampleValidatesAndResolvesAsDescribed() throws IOException {
    PlaybookFolder folder =
        new PlaybookFolder(temp)
            .write("careful.yml", block("yaml", "description: Risky changes"))
            .write("careful/developer.md", block("markdown", "You are a developer"));
    EffectivePlaybook p =
        ((PlaybookChoice.Chosen)
                new PlaybookSelector(folder.library()).choose("spec:careful", Optional.empty()))
            .playbook();
    assertThat(p.playbook().planApproval()).isTrue();
    assertThat(p.playbook().concurrency()).isEqualTo(2);
    assertThat(p.playbook().pathGuard().protects("api/v1/service.pb.go")).isTrue();
    assertThat(p.playbook().pathGuard().protects("vendor/x/y.go")).isTrue();
    assertThat(p.toMarkdown()).contains("<details><summary>21 setting(s) differ");
  }

  @Test
  void theSmallestPlaybookValidates() throws IOException {
    PlaybookFolder folder =
        new PlaybookFolder(temp).write("careful.yml", block("yaml", "plan_approval: true\n"));
    assertThat(folder.library().resolve("careful").overrides()).hasSize(1);
  }

  @Test
  void theRepositoryFileExampleValidatesOverTheShippedPlaybooks() throws IOException {
    String text = block("yaml", "# .github/specwright.yml");
    PlaybookChoice c =
        new PlaybookSelector(PlaybookLibrary.at(Path.of("playbooks")))
            .choose("ai-spec", Optional.of(text));
    assertThat(c)
        .isInstanceOfSatisfying(
            PlaybookChoice.Chosen.class,
            chosen -> {
              assertThat(chosen.playbook().name()).isEqualTo("bugfix");
              assertThat(chosen.playbook().playbook().protectedPaths())
                  .containsExactly("migrations/", "*.lock");
            });
  }
}

package dev.specwright.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PromptTemplateTest {

  @ParameterizedTest
  @EnumSource(Role.class)
  void everyRoleHasADefaultPromptWithTheDocumentedPlaceholders(Role role) {
    PromptTemplate t = RolePrompts.defaultTemplate(role);
    assertThat(t.placeholders())
        .isSubsetOf("workspace", "tools", "max_iterations", "workflow_note")
        .contains("workspace", "tools", "max_iterations");
    String text =
        t.render(
            Map.of(
                "workspace",
                "app",
                "tools",
                "list_files, finish",
                "max_iterations",
                "50",
                "workflow_note",
                ""));
    assertThat(text).contains("`app`", "list_files, finish", "finish").doesNotContain("{{");
  }

  @Test
  void aPlaceholderWithoutValueIsAnErrorNamingIt() {
    PromptTemplate t = new PromptTemplate("Hello {{ name }}, see {{workspace}} and {{typo_here}}.");
    assertThatThrownBy(() -> t.render(Map.of("name", "x", "workspace", "y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[typo_here]");
  }

  @Test
  void valuesAreInsertedLiterally() {
    PromptTemplate t = new PromptTemplate("cost {{v}}");
    assertThat(t.render(Map.of("v", "$1 \\ {{v}}"))).isEqualTo("cost $1 \\ {{v}}");
  }
}

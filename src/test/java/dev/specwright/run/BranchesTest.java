package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BranchesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Add OAuth login!|add-oauth-login",
        "  Überprüfung der Käse-API  |uberprufung-der-kase-api",
        "../../etc/passwd|etc-passwd",
        "refs/heads/main.lock|refs-heads-main-lock",
        "日本語だけ|spec",
        "A very long title that goes on and on about many things at once|a-very-long-title-that-goes-on-and-on-ab"
      })
  void slugIsASafeRefComponent(String title, String slug) {
    assertThat(Branches.slug(title)).isEqualTo(slug);
    assertThat(Branches.forTask(7, Branches.slug(title), "api"))
        .isEqualTo("specwright/7-" + slug + "/api");
  }
}

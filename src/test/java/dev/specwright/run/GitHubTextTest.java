package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mentionPingsNobody|thanks @octocat!|thanks @\u200Doctocat!",
        "teamMention|cc @acme/security|cc @\u200Dacme/security",
        "emailIsNotAMention|mail a@b.test|mail a@b.test",
        "closesOtherIssue|Closes #12|Closes #\u200D12",
        "fixesWithColon|fixes: #3|fixes: #\u200D3",
        "crossRepoResolve|Resolved acme/other#9|Resolved acme/other#\u200D9",
        "plainReferenceStays|see #12|see #12"
      })
  void agentTextCannotPingOrCloseAnything(String name, String in, String out) {
    assertThat(GitHubText.inert(in)).isEqualTo(out);
  }
}

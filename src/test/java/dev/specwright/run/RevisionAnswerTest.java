package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a developer's final answer says about the threads it was given (11 and 22). */
class RevisionAnswerTest {

  static final Set<Long> GIVEN = Set.of(11L, 22L);

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(
            "bare JSON naming both threads",
            """
            {"summary":"Fixed both.","threads":[{"id":11,"reply":"a"},{"id":22,"reply":"b"}]}""",
            "Fixed both.",
            Map.of(11L, "a", 22L, "b")),
        Arguments.of(
            "JSON in a fence after prose",
            "Here you go:\n```json\n{\"summary\":\"Fixed.\",\"threads\":[{\"id\":22,\"reply\":\"b\"}]}"
                + "\n```",
            "Fixed.",
            Map.of(22L, "b")),
        Arguments.of(
            "a thread it was never given is dropped",
            """
            {"summary":"Fixed.","threads":[{"id":11,"reply":"a"},{"id":999,"reply":"smuggled"}]}""",
            "Fixed.",
            Map.of(11L, "a")),
        Arguments.of(
            "the same thread twice keeps the first reply",
            """
            {"summary":"S","threads":[{"id":11,"reply":"first"},{"id":11,"reply":"second"}]}""",
            "S",
            Map.of(11L, "first")),
        Arguments.of(
            "a blank reply is no reply",
            """
            {"summary":"S","threads":[{"id":11,"reply":"   "}]}""",
            "S",
            Map.of()),
        Arguments.of(
            "no threads listed: none addressed",
            "{\"summary\":\"Only tidied.\"}",
            "Only tidied.",
            Map.of()),
        Arguments.of(
            "prose is all summary and addresses nothing",
            "I fixed thread 11 {see above}.",
            "I fixed thread 11 {see above}.",
            Map.of()),
        Arguments.of(
            "an id given as a string breaks the schema: all summary",
            "{\"summary\":\"S\",\"threads\":[{\"id\":\"11\",\"reply\":\"a\"}]}",
            "{\"summary\":\"S\",\"threads\":[{\"id\":\"11\",\"reply\":\"a\"}]}",
            Map.of()),
        Arguments.of("nothing at all", null, "", Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void readsTheSummaryAndTheRepliesToGivenThreadsOnly(
      String name, String text, String summary, Map<Long, String> replies) {
    RevisionAnswer answer = RevisionAnswer.parse(text, GIVEN);
    assertThat(answer.summary()).isEqualTo(summary);
    assertThat(answer.replies()).isEqualTo(replies);
  }
}

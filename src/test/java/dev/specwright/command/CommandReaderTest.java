package dev.specwright.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which lines of a comment are commands: the Markdown rules, one adversarial case per row. */
class CommandReaderTest {

  static Stream<Arguments> comments() {
    return Stream.of(
        row("a lone command", "/retry", "retry"),
        row(
            "command with arguments",
            "/switch-model developer openai:gpt-5-mini",
            "switch-model[developer, openai:gpt-5-mini]"),
        row("uppercase command word", "/ReTry API", "retry[API]"),
        row("two commands in one comment, in order", "/status\n/retry api", "status", "retry[api]"),
        row("commands among prose", "Thanks!\n/retry\nand then\n/status", "retry", "status"),
        row("leading spaces and tabs", "  /retry\n\t/status", "retry", "status"),
        row("extra whitespace between arguments", "/retry    api   ", "retry[api]"),
        row("CRLF line ends", "hi\r\n/retry\r\n/status\r\n", "retry", "status"),
        row("command in a list item's text is not at line start", "- /retry"),
        row("command continuing a list item", "- first\n  /retry", "retry"),
        row("command inside a backtick fence", "```\n/retry\n```"),
        row("command inside a fence with a language", "```sh\n/retry\n```"),
        row("command inside a tilde fence", "~~~\n/retry\n~~~"),
        row("longer fence is not closed by a shorter one", "````\n```\n/retry\n````"),
        row("unclosed fence swallows the rest", "```\n/retry\n/status"),
        row("command after a closed fence", "```\n/retry\n```\n/status", "status"),
        row("indented code block", "text\n\n    /retry\n"),
        row("quoted command", "> /retry"),
        row("quoted command in a nested quote", "> > /retry"),
        row("lazy continuation of a quote", "> I said\n/retry"),
        row("command after a quote and a blank line", "> /retry\n\n/status", "status"),
        row("quote inside a list", "- > /retry"),
        row("HTML comment", "<!-- /retry -->"),
        row("HTML block", "<details>\n/retry\n</details>"),
        row("heading", "# /retry"),
        row("setext heading", "/retry\n---"),
        row("inline code", "use `/retry` here"),
        row("a path", "/usr/bin/env not found"),
        row("a URL path", "/repos/octo/hello is 404"),
        row("slash and space", "/ retry"),
        row("a digit after the slash", "/2retry"),
        row("double slash", "//retry"),
        row("a word glued to punctuation", "/retry!"),
        row("empty comment", ""),
        row("no slash at all", "Looks good to me"));
  }

  static Arguments row(String name, String body, String... expected) {
    return Arguments.of(name, body, List.of(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("comments")
  void findsExactlyTheCommandLines(String name, String body, List<String> expected) {
    List<String> found =
        CommandReader.read(body).stream()
            .map(c -> c.args().isEmpty() ? c.name() : c.name() + c.args())
            .toList();

    assertThat(found).containsExactlyElementsOf(expected);
  }

  @Test
  void keepsTheLineAsWrittenForTheReply() {
    assertThat(CommandReader.read("x\n  /Retry  api  "))
        .containsExactly(new SlashCommand("retry", List.of("api"), "/Retry  api"));
  }

  @Test
  void nullBodyHasNoCommands() {
    assertThat(CommandReader.read(null)).isEmpty();
  }

  @Test
  void aHugeCommentIsCutNotRejected() {
    String body = "/status\n" + "x".repeat(CommandReader.MAX_CHARS * 2) + "\n/retry";

    assertThat(CommandReader.read(body)).extracting(SlashCommand::name).containsExactly("status");
  }
}

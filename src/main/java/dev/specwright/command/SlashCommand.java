package dev.specwright.command;

import java.util.List;

/**
 * One command line of a comment: the command word in lower case ({@code switch-model}), its
 * whitespace-separated arguments as written, and the line itself (trimmed) for replies.
 */
public record SlashCommand(String name, List<String> args, String line) {

  public SlashCommand {
    args = List.copyOf(args);
  }
}

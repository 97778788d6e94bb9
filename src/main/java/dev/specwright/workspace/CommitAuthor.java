package dev.specwright.workspace;

/** Who a commit is by, e.g. the GitHub App's bot identity. */
public record CommitAuthor(String name, String email) {

  public CommitAuthor {
    if (name == null || name.isBlank() || email == null || email.isBlank()) {
      throw new IllegalArgumentException("a commit author needs a name and an email");
    }
    if ((name + email).chars().anyMatch(c -> c == '<' || c == '>' || c == '\n')) {
      throw new IllegalArgumentException("a commit author may not contain '<', '>' or newlines");
    }
  }
}

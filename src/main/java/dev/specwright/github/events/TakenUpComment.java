package dev.specwright.github.events;

import dev.specwright.github.IssueComments;

/**
 * The placeholder {@link SpecIntake}: says on the issue that Specwright has taken it up. A hidden
 * marker makes it idempotent: if the comment is already there (a retried job), nothing is posted.
 */
public final class TakenUpComment implements SpecIntake {

  static final String MARKER = "<!-- specwright:taken-up -->";

  private final IssueComments comments;

  public TakenUpComment(IssueComments comments) {
    this.comments = comments;
  }

  @Override
  public void start(SpecRequest request) throws Exception {
    if (comments.findContaining(request.repo(), request.issueNumber(), MARKER).isPresent()) {
      return;
    }
    comments.post(
        request.repo(),
        request.issueNumber(),
        MARKER
            + "\nSpecwright has taken up this spec (labeled by @"
            + request.requestedBy()
            + "). A plan will follow here.");
  }
}

package dev.specwright.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A GitHub that records each side effect as a readable line ("reaction eyes on issue comment 5",
 * "comment on #3: …") and answers permission lookups from a table (unknown users: none).
 */
class FakeGitHub implements CommandGitHub, CollaboratorPermissions {

  final List<String> effects = new ArrayList<>();
  final List<String> permissionLookups = new ArrayList<>();
  final Map<String, Permission> permissions = new HashMap<>();
  final List<ReviewComment> reviewComments = new ArrayList<>();

  FakeGitHub grant(String login, Permission permission) {
    permissions.put(login, permission);
    return this;
  }

  @Override
  public void reactToIssueComment(RepoRef repo, long commentId, String reaction) {
    effects.add("reaction " + reaction + " on issue comment " + commentId);
  }

  @Override
  public void reactToReviewComment(RepoRef repo, long commentId, String reaction) {
    effects.add("reaction " + reaction + " on review comment " + commentId);
  }

  @Override
  public void commentOnIssue(RepoRef repo, int number, String body) {
    effects.add("comment on " + repo.fullName() + "#" + number + ": " + body);
  }

  @Override
  public void replyToReviewComment(RepoRef repo, int pullNumber, long threadRootId, String body) {
    effects.add(
        "reply in thread "
            + threadRootId
            + " on "
            + repo.fullName()
            + "#"
            + pullNumber
            + ": "
            + body);
  }

  @Override
  public List<ReviewComment> reviewComments(RepoRef repo, int pullNumber, long reviewId) {
    effects.add(
        "list comments of review " + reviewId + " on " + repo.fullName() + "#" + pullNumber);
    return List.copyOf(reviewComments);
  }

  @Override
  public Permission permission(RepoRef repo, String login) {
    permissionLookups.add(repo.fullName() + " " + login);
    return permissions.getOrDefault(login, Permission.NONE);
  }
}

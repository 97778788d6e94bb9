package dev.specwright.command;

import java.util.List;

/** A review with changes requested by a permitted person: its summary and its inline comments. */
public record HumanReview(
    long reviewId, String reviewer, String body, List<ReviewComment> comments) {

  public HumanReview {
    comments = List.copyOf(comments);
  }
}

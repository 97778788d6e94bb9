package dev.specwright.github.events;

import dev.specwright.github.RepoRef;

/**
 * A trusted person labeled an issue as a spec: the issue, who asked, and the delivery that said so
 * (a stable key for idempotent follow-up work).
 */
public record SpecRequest(
    String deliveryId,
    RepoRef repo,
    int issueNumber,
    String issueTitle,
    String issueBody,
    String requestedBy) {}

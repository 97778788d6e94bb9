package dev.specwright.run;

import java.time.Instant;

/** A run as stored. {@code planJson} is the accepted plan; {@code failure} why it failed. */
public record RunRecord(
    long id,
    RepoRef repo,
    int issue,
    String issueTitle,
    String slug,
    RunState state,
    String labeler,
    RunPolicy policy,
    ModelOverrides overrides,
    String researchNotes,
    String failure,
    Instant createdAt) {}

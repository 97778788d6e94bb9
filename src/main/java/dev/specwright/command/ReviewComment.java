package dev.specwright.command;

/**
 * One inline comment of a human review, as the developer agent receives it. {@code line} is the
 * line in the file ({@code 0} when GitHub gave none, e.g. an outdated comment); {@code
 * threadRootId} is the thread's first comment — the comment itself, or the one it answers ({@code
 * in_reply_to_id}) — which is what GitHub accepts replies to, and what the run replies to once the
 * agent has addressed the comment.
 */
public record ReviewComment(
    long id, long threadRootId, String path, int line, String diffHunk, String body) {}

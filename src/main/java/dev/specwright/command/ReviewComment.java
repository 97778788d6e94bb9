package dev.specwright.command;

/**
 * One inline comment of a human review, as the developer agent receives it. {@code line} is the
 * line in the file ({@code 0} when GitHub gave none, e.g. an outdated comment); {@code id} is what
 * the run side replies to when it has addressed the comment.
 */
public record ReviewComment(long id, String path, int line, String diffHunk, String body) {}

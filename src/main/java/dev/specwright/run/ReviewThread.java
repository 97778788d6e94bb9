package dev.specwright.run;

/**
 * A thread of a person's review that a developer is asked to address: the id of the thread's first
 * comment (the one GitHub accepts replies to), where it points, and what the reviewer wrote in it.
 * {@code line} is {@code 0} when GitHub gave none (an outdated comment).
 */
public record ReviewThread(long threadId, String path, int line, String body) {}

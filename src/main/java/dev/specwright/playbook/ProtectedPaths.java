package dev.specwright.playbook;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The paths agents may not change, as the agent's write tools ask about them. Patterns are globs
 * relative to the repository root, read like {@code .gitignore}: {@code *} stays inside one folder,
 * {@code **} crosses folders, a pattern without a slash matches at any depth ({@code *.lock}), and
 * a pattern that matches a folder protects everything in it ({@code src/} or {@code src}). {@code
 * .git/} is always protected; {@code .github/workflows/} unless the playbook makes it writable.
 */
public final class ProtectedPaths {

  private final List<String> patterns;
  private final boolean workflowsWritable;
  private final List<PathMatcher> matchers = new ArrayList<>();

  public ProtectedPaths(List<String> patterns, boolean workflowsWritable) {
    this.patterns = List.copyOf(patterns);
    this.workflowsWritable = workflowsWritable;
    List<String> all = new ArrayList<>(patterns);
    all.add(".git");
    if (!workflowsWritable) {
      all.add(".github/workflows");
    }
    for (String p : all) {
      problem(p)
          .ifPresent(
              why -> {
                throw new IllegalArgumentException(p + ": " + why);
              });
      matchers.addAll(matchersFor(p));
    }
  }

  public List<String> patterns() {
    return patterns;
  }

  public boolean workflowsWritable() {
    return workflowsWritable;
  }

  /**
   * Whether an agent may not change this path (relative to the workspace root, {@code /}
   * separated). The path or any folder above it counts.
   */
  public boolean protects(String relativePath) {
    Path path = Path.of(relativePath).normalize();
    for (Path p = path; p != null && !p.toString().isEmpty(); p = p.getParent()) {
      for (PathMatcher m : matchers) {
        if (m.matches(p)) {
          return true;
        }
      }
    }
    return false;
  }

  /** What is wrong with a pattern, in plain words, or empty when it is usable. */
  public static Optional<String> problem(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return Optional.of("must be a path pattern, got an empty one");
    }
    if (pattern.startsWith("//") || pattern.matches("^[A-Za-z]:.*") || pattern.startsWith("~")) {
      return Optional.of("must be relative to the repository root, got \"" + pattern + "\"");
    }
    if (pattern.contains("\\")) {
      return Optional.of("must use / between folders, got \"" + pattern + "\"");
    }
    for (String part : pattern.split("/")) {
      if (part.equals("..")) {
        return Optional.of("must stay inside the repository (no ..), got \"" + pattern + "\"");
      }
    }
    try {
      matchersFor(pattern);
    } catch (IllegalArgumentException e) {
      return Optional.of("is not a valid glob pattern: \"" + pattern + "\"");
    }
    return Optional.empty();
  }

  private static List<PathMatcher> matchersFor(String pattern) {
    String p = pattern.strip();
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    boolean anchored = p.startsWith("/");
    if (anchored) {
      p = p.substring(1);
    }
    if (p.isEmpty() || p.equals("/")) {
      throw new IllegalArgumentException("protects nothing in particular");
    }
    var fs = FileSystems.getDefault();
    List<PathMatcher> out = new ArrayList<>();
    out.add(fs.getPathMatcher("glob:" + p));
    if (!anchored && !p.contains("/")) {
      out.add(fs.getPathMatcher("glob:**/" + p));
    }
    return out;
  }

  @Override
  public String toString() {
    return "ProtectedPaths" + patterns + (workflowsWritable ? " (workflows writable)" : "");
  }
}

package dev.specwright.workspace;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;

/**
 * The branch of one subtask: {@code specwright/<issue>-<slug>/<key>}. The slug is derived from the
 * issue title (ASCII letters and digits joined by single hyphens, at most {@value #MAX_SLUG}
 * characters, never empty); the key comes from the plan and is validated rather than repaired,
 * since it is also the subtask's stable identity.
 */
public record BranchName(long issue, String slug, String key) {

  public static final String PREFIX = "specwright/";
  public static final int MAX_SLUG = 40;
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
  private static final Pattern PARSE =
      Pattern.compile("specwright/([1-9][0-9]{0,17})-([a-z0-9-]+)/([A-Za-z0-9_-]+)");

  public BranchName {
    if (issue <= 0) {
      throw new IllegalArgumentException("issue number must be positive, got " + issue);
    }
    if (slug.length() > MAX_SLUG || !SLUG.matcher(slug).matches()) {
      throw new IllegalArgumentException("not a branch slug: '" + slug + "'");
    }
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "subtask key must be 1-40 letters, digits, '-' or '_' starting with a letter or digit,"
              + " got '"
              + key
              + "'");
    }
  }

  /** The branch for subtask {@code key} of issue {@code issue} titled {@code title}. */
  public static BranchName of(long issue, String title, String key) {
    return new BranchName(issue, slugOf(title), key);
  }

  /** Reads a branch name back, e.g. from a pull request's head ref. */
  public static BranchName parse(String branch) {
    var m = PARSE.matcher(branch);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Specwright branch: '" + branch + "'");
    }
    return new BranchName(Long.parseLong(m.group(1)), m.group(2), m.group(3));
  }

  /**
   * A title as a slug: accents folded ("Café" → "cafe"), everything else that is not an ASCII
   * letter or digit (slashes, dots, emoji, bidi controls) becomes a separator, cut at a word
   * boundary to {@value #MAX_SLUG} characters; "task" when nothing is left.
   */
  public static String slugOf(String title) {
    String folded =
        Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT);
    String slug = folded.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > MAX_SLUG) {
      slug = slug.substring(0, MAX_SLUG);
      int lastDash = slug.lastIndexOf('-');
      if (lastDash >= MAX_SLUG / 2) {
        slug = slug.substring(0, lastDash);
      }
      slug = slug.replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "task" : slug;
  }

  /** {@code refs/heads/specwright/…}. */
  public String ref() {
    return "refs/heads/" + this;
  }

  @Override
  public String toString() {
    return PREFIX + issue + "-" + slug + "/" + key;
  }

  static {
    // the patterns above only ever produce names git accepts; keep that checked in one place
    if (!Repository.isValidRefName(new BranchName(1, "a-b", "k_1").ref())) {
      throw new AssertionError("branch name pattern produces invalid refs");
    }
  }
}

package dev.specwright.run;

import java.text.Normalizer;
import java.util.Locale;

/** Branch names and slugs: {@code specwright/<issue>-<slug>/<key>}, always a valid ref name. */
public final class Branches {

  private Branches() {}

  public static String forTask(int issue, String slug, String key) {
    return "specwright/" + issue + "-" + slug + "/" + key;
  }

  /** A short ASCII slug of an issue title: {@code Add OAuth login!} → {@code add-oauth-login}. */
  public static String slug(String title) {
    String s =
        Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (s.length() > 40) {
      s = s.substring(0, 40).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "spec" : s;
  }
}

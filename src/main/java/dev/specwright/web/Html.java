package dev.specwright.web;

/** The little HTML the setup pages need: escaping and one page shell. */
final class Html {

  private Html() {}

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String page(String title, String body) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title><style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;"
        + "padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2rem}"
        + "button{font-size:1rem;padding:.4rem 1rem}</style></head><body>"
        + body
        + "</body></html>";
  }
}

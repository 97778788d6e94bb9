package dev.specwright.agent;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces anything that looks like a secret with {@code [REDACTED:<kind>]}: GitHub tokens,
 * OpenAI/Anthropic keys, AWS access keys, PEM private keys, {@code Authorization:} header values,
 * passwords in URLs, and high-entropy values assigned to names containing KEY, TOKEN, SECRET or
 * PASSWORD. Applied to tool results before the model sees them and to every transcript before it is
 * stored. It errs on the side of redacting: a false positive costs a little context, a miss leaks.
 */
public final class SecretScrubber {

  /** A pattern, and literals (lower case) of which one must occur for it to be worth running. */
  private record Rule(String kind, Pattern pattern, int group, List<String> hints) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              "private-key",
              Pattern.compile(
                  "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z0-9 ]*PRIVATE"
                      + " KEY-----|\\z)"),
              0,
              List.of("private key-----")),
          new Rule(
              "github-token",
              Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,255}\\b"),
              0,
              List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
          new Rule(
              "github-token",
              Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{22,255}"),
              0,
              List.of("github_pat_")),
          new Rule(
              "anthropic-key",
              Pattern.compile("\\bsk-ant-[A-Za-z0-9_\\-]{16,}"),
              0,
              List.of("sk-ant-")),
          new Rule(
              "openai-key",
              Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\\-]{20,}"),
              0,
              List.of("sk-")),
          new Rule(
              "aws-access-key",
              Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b"),
              0,
              List.of("akia", "asia", "abia", "acca")),
          new Rule(
              "slack-token",
              Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
              0,
              List.of("xox")),
          new Rule(
              "authorization",
              Pattern.compile(
                  "(?im)((?:proxy-)?authorization\\s*[:=]\\s*[\"']?(?:(?:bearer|basic|token|bot)\\s+)?)([^\\s\"',]+)"),
              2,
              List.of("authorization")),
          new Rule(
              "url-password",
              Pattern.compile(
                  "(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,30}://[^/\\s:@]+:)([^/\\s@]+)(@)"),
              2,
              List.of("://")));

  /**
   * {@code NAME=value} / {@code NAME: value}; whether NAME mentions a secret is checked in code.
   * The look-behind starts names only at their beginning, which keeps the scan linear.
   */
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{2,80}+)([\"']?\\s*[=:]\\s*[\"']?)([^\\s\"'`,;]{8,})");

  private static final Pattern SECRET_NAME =
      Pattern.compile("KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIAL");

  /** Bits per character above which a value is taken for a generated secret. */
  static final double ENTROPY_THRESHOLD = 3.0;

  /** Returns the text with every secret-looking part replaced. */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    for (Rule r : RULES) {
      if (r.hints().stream().anyMatch(lower::contains)) {
        out = replace(out, r);
      }
    }
    Matcher m = ASSIGNMENT.matcher(out);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = m.group(3);
      boolean secret =
          SECRET_NAME.matcher(m.group(1).toUpperCase(java.util.Locale.ROOT)).find()
              && !value.startsWith("$")
              && !value.startsWith("[REDACTED")
              && entropy(value) >= ENTROPY_THRESHOLD;
      String replacement = secret ? m.group(1) + m.group(2) + "[REDACTED:secret]" : m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String replace(String text, Rule rule) {
    Matcher m = rule.pattern().matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    do {
      String tag = "[REDACTED:" + rule.kind() + "]";
      String replacement;
      if (rule.group() == 0) {
        replacement = tag;
      } else {
        String whole = m.group();
        int s = m.start(rule.group()) - m.start();
        int e = m.end(rule.group()) - m.start();
        replacement = whole.substring(0, s) + tag + whole.substring(e);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }

  /** Shannon entropy in bits per character. */
  static double entropy(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    double n = s.length();
    for (int c : counts) {
      if (c > 0) {
        double p = c / n;
        h -= p * (Math.log(p) / Math.log(2));
      }
    }
    if (other > 0) {
      double p = other / n;
      h -= p * (Math.log(p) / Math.log(2));
    }
    return h;
  }
}

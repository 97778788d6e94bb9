package dev.specwright.sandbox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole environment a sandboxed command sees: a fixed safe set ({@code PATH}, {@code HOME},
 * {@code LANG}, {@code TERM=dumb}, {@code TMPDIR}) plus the command's own {@code extraEnv} once
 * checked. Nothing is inherited from the server, so its tokens, keys and settings never reach an
 * agent.
 */
final class SandboxEnvironment {

  /** Names a secret tends to have; a false positive only costs the caller a rename. */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          ".*(TOKEN|SECRET|PASSW|KEY|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION|DATABASE_URL|_PAT)"
              + ".*");

  /** Values that are recognisably a credential whatever they are called. */
  private static final Pattern SECRET_VALUE =
      Pattern.compile(
          "(?s)(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\\w{20,}|sk-[A-Za-z0-9_-]{16,}"
              + "|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|.*-----BEGIN [A-Z ]*PRIVATE KEY).*");

  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SandboxEnvironment() {}

  static Map<String, String> of(CommandSpec command, String path, String home, String tmpDir) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", path);
    env.put("HOME", home);
    env.put("LANG", "C.UTF-8");
    env.put("TERM", "dumb");
    env.put("TMPDIR", tmpDir);
    command.extraEnv().forEach((name, value) -> env.put(checkedName(name, value), value));
    return env;
  }

  private static String checkedName(String name, String value) {
    if (!VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a valid environment variable name: '" + name + "'");
    }
    if (SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
      throw new IllegalArgumentException(
          "refusing to pass " + name + " into the sandbox: its name looks like a secret");
    }
    if (SECRET_VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "refusing to pass " + name + " into the sandbox: its value looks like a credential");
    }
    if (name.equals("HOME") || name.equals("TMPDIR")) {
      throw new IllegalArgumentException(name + " is set by the sandbox and cannot be overridden");
    }
    return name;
  }
}

package dev.specwright.config;

/** The label that hands an issue to Specwright ({@code SPEC_LABEL}, default {@code spec}). */
public record LabelSettings(String specLabel) {

  public static final String SPEC_LABEL = "SPEC_LABEL";

  public static LabelSettings from(Env env) {
    String label = env.get(SPEC_LABEL, "spec");
    if (label.length() > 50) {
      throw new ConfigException(SPEC_LABEL, "GitHub labels are at most 50 characters");
    }
    return new LabelSettings(label);
  }
}

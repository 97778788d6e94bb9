package dev.specwright.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A repository's {@code .github/specwright.yml}, read from its default branch: which label starts a
 * run, which playbook a plain label picks, and overrides of models, budgets, cost caps, commands
 * and protected paths. It cannot change prompts, tools, steps or strategies; a repository that
 * wants those picks a playbook.
 */
public final class RepositoryFile {

  /** Where the file lives in a repository, and how messages name it. */
  public static final String PATH = ".github/specwright.yml";

  /** The label that starts a run when the file does not say otherwise. */
  public static final String DEFAULT_LABEL = "spec";

  private final String label;
  private final Optional<String> playbook;
  private final int playbookLine;
  private final Layer layer;

  private RepositoryFile(String label, Optional<String> playbook, int playbookLine, Layer layer) {
    this.label = label;
    this.playbook = playbook;
    this.playbookLine = playbookLine;
    this.layer = layer;
  }

  /** A repository without the file: every default. */
  public static RepositoryFile none() {
    return new RepositoryFile(
        DEFAULT_LABEL, Optional.empty(), 0, new Layer(PATH, JsonNodeFactory.instance.objectNode()));
  }

  /**
   * Reads the file's text.
   *
   * @throws InvalidPlaybookException with every problem, each naming {@code
   *     .github/specwright.yml}, the line and the field
   */
  public static RepositoryFile parse(String text) {
    LocatedYaml doc = LocatedYaml.parse(PATH, text);
    List<PlaybookProblem> problems =
        LayerChecks.combine(
            doc,
            SchemaCheck.problems(doc, SchemaCheck.Kind.REPOSITORY_FILE),
            LayerChecks.check(doc, null));
    if (!problems.isEmpty()) {
      throw new InvalidPlaybookException(problems);
    }
    ObjectNode overlay = doc.root().deepCopy();
    JsonNode label = overlay.remove("label");
    JsonNode playbook = overlay.remove("playbook");
    return new RepositoryFile(
        label == null ? DEFAULT_LABEL : label.asText(),
        Optional.ofNullable(playbook).map(JsonNode::asText),
        playbook == null ? 0 : doc.lineOf("/playbook"),
        new Layer(PATH, overlay, doc.lines()));
  }

  /**
   * The label the file names, read leniently from a file that is otherwise invalid, so that the run
   * can tell whether a label was meant for Specwright before it explains the file's errors.
   */
  static String labelOf(String text) {
    try {
      JsonNode label = LocatedYaml.parse(PATH, text).root().path("label");
      if (label.isTextual() && label.asText().matches("^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")) {
        return label.asText();
      }
    } catch (InvalidPlaybookException e) {
      // a syntax error: fall back to the default label
    }
    return DEFAULT_LABEL;
  }

  /** The label that starts a run ({@code spec} unless the file says otherwise). */
  public String label() {
    return label;
  }

  /** The playbook for the plain label, when the file names one. */
  public Optional<String> playbook() {
    return playbook;
  }

  int playbookLine() {
    return playbookLine;
  }

  Layer layer() {
    return layer;
  }
}

package dev.specwright.playbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The playbooks of one folder ({@code playbooks/}): {@code <name>.yml} files, each with its prompt
 * templates beside it. Files are read on every {@link #load}, so an edited playbook takes effect at
 * the next run without a restart.
 */
public final class PlaybookLibrary {

  /** What a playbook may be called: it comes from a label, so nothing that could be a path. */
  public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");

  /** The playbook of a plain {@code spec} label. */
  public static final String DEFAULT = "default";

  static final int MAX_TEMPLATE_BYTES = 64 * 1024;

  private final Path root;
  private final String displayRoot;

  /**
   * @param root the folder holding the playbooks
   * @param displayRoot how messages name that folder ({@code playbooks})
   */
  public PlaybookLibrary(Path root, String displayRoot) {
    this.root = root.toAbsolutePath().normalize();
    this.displayRoot = displayRoot;
  }

  /** The library in a folder, named in messages by the folder's own name. */
  public static PlaybookLibrary at(Path folder) {
    Path name = folder.toAbsolutePath().normalize().getFileName();
    return new PlaybookLibrary(folder, name == null ? "" : name.toString());
  }

  /** The names of the playbooks, sorted. */
  public List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .map(n -> n.substring(0, n.length() - ".yml".length()))
          .filter(n -> NAME.matcher(n).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a playbook of that name exists; {@code default} always does (built-in at least). */
  public boolean has(String name) {
    return NAME.matcher(name).matches() && (name.equals(DEFAULT) || names().contains(name));
  }

  /**
   * A playbook on its own, over the built-in defaults: what {@code playbook validate} shows.
   *
   * @throws InvalidPlaybookException with every problem of the file and its templates
   */
  public EffectivePlaybook resolve(String name) {
    return resolve(name, List.of());
  }

  /**
   * A playbook with a repository file over it, as {@link PlaybookSelector} resolves it once the
   * name is known (the local run uses this with the repository's own file).
   *
   * @throws InvalidPlaybookException with every problem of the playbook file and its templates
   */
  public EffectivePlaybook resolve(String name, RepositoryFile repository) {
    return resolve(name, List.of(repository.layer()));
  }

  EffectivePlaybook resolve(String name, List<Layer> above) {
    Optional<Layer> layer = load(name);
    List<Layer> layers = new ArrayList<>();
    layer.ifPresent(layers::add);
    layers.addAll(above);
    return LayerMerge.merge(name, layer.map(Layer::source).orElse(BuiltInPlaybook.SOURCE), layers);
  }

  /** Every playbook's problems, for a start-up check; empty lists for valid ones. */
  public Map<String, List<PlaybookProblem>> check() {
    Map<String, List<PlaybookProblem>> out = new LinkedHashMap<>();
    for (String name : names()) {
      try {
        load(name);
        out.put(name, List.of());
      } catch (InvalidPlaybookException e) {
        out.put(name, e.problems());
      }
    }
    return out;
  }

  /** The file's layer, or empty for {@code default} without a file. */
  Optional<Layer> load(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a playbook name: " + name);
    }
    Path file = root.resolve(name + ".yml");
    String display = display(file);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (name.equals(DEFAULT)) {
        return Optional.empty();
      }
      throw new InvalidPlaybookException(
          new PlaybookProblem(display, 0, "", "no such playbook file"));
    } catch (IOException e) {
      throw new InvalidPlaybookException(
          new PlaybookProblem(display, 0, "", "cannot read the file: " + e.getMessage()));
    }
    return Optional.of(loadText(display, text, file.getParent()));
  }

  /** Reads and checks a playbook's text; templates are looked up beside {@code dir}. */
  Layer loadText(String display, String text, Path dir) {
    LocatedYaml doc = LocatedYaml.parse(display, text);
    LayerChecks.Templates templates = name -> template(dir, name);
    List<PlaybookProblem> problems =
        LayerChecks.combine(
            doc,
            SchemaCheck.problems(doc, SchemaCheck.Kind.PLAYBOOK),
            LayerChecks.check(doc, templates));
    if (!problems.isEmpty()) {
      throw new InvalidPlaybookException(problems);
    }
    return new Layer(display, LayerChecks.withTemplates(doc, templates), doc.lines());
  }

  private LayerChecks.Templates.Loaded template(Path dir, String name) {
    Path candidate = dir.resolve(name).normalize();
    String shown = display(candidate);
    if (Path.of(name).isAbsolute() || !candidate.startsWith(root)) {
      return failed("must name a template file inside " + shownRoot() + ", got \"" + name + "\"");
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(root.toRealPath())) {
        return failed("template file " + shown + " leads outside " + shownRoot());
      }
      if (!Files.isRegularFile(real)) {
        return failed("template file " + shown + " is not a file");
      }
      if (Files.size(real) > MAX_TEMPLATE_BYTES) {
        return failed(
            "template file " + shown + " is larger than " + MAX_TEMPLATE_BYTES / 1024 + " KiB");
      }
      byte[] bytes = Files.readAllBytes(real);
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      return new LayerChecks.Templates.Loaded(Optional.of(new PromptTemplate(shown, text)), "");
    } catch (NoSuchFileException e) {
      return failed("template file " + shown + " does not exist");
    } catch (CharacterCodingException e) {
      return failed("template file " + shown + " is not UTF-8 text");
    } catch (IOException e) {
      return failed("cannot read template file " + shown + ": " + e.getMessage());
    }
  }

  private static LayerChecks.Templates.Loaded failed(String why) {
    return new LayerChecks.Templates.Loaded(Optional.empty(), why);
  }

  private String shownRoot() {
    return displayRoot.isEmpty() ? "the playbook's folder" : displayRoot + "/";
  }

  private String display(Path file) {
    String rel = root.relativize(file.toAbsolutePath().normalize()).toString();
    return displayRoot.isEmpty() ? rel : displayRoot + "/" + rel;
  }
}

package dev.specwright.run.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.specwright.cli.RunCommand;
import dev.specwright.config.Env;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code specwright run} end to end: the real orchestrator, agent loop, bubblewrap sandbox and git
 * on a temporary repository, against a WireMock server speaking OpenAI's chat-completions format as
 * a local Ollama would.
 */
class LocalRunTest {

  static final String PLAN =
      """
      {"subtasks":[
       {"key":"greeting","title":"Add a greeting","description":"Write greeting.txt.",
        "acceptance_criteria":["greeting.txt says hello"],"files":["greeting.txt"],"depends_on":[]},
       {"key":"farewell","title":"Add a farewell","description":"Write farewell.txt.",
        "acceptance_criteria":["farewell.txt says goodbye"],"files":["farewell.txt"],"depends_on":[]}
      ]}
      """;

  @TempDir Path tmp;
  Path repo;
  Path spec;
  WireMockServer models;
  ScriptedOpenAi script;

  @BeforeEach
  void setUp() throws Exception {
    script =
        new ScriptedOpenAi(
            PLAN,
            Map.of(
                "greeting", new String[] {"greeting.txt", "hello\n"},
                "farewell", new String[] {"farewell.txt", "goodbye\n"}));
    models = new WireMockServer(options().dynamicPort().extensions(script));
    models.start();
    models.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse()));

    repo = tmp.resolve("shop");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.writeString(repo.resolve("README.md"), "# Shop\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("init").setSign(false).call();
    }
    // The user's own work in progress, which the run must leave exactly as it is.
    Files.writeString(repo.resolve("README.md"), "# Shop\n\nwork in progress\n");
    Files.writeString(repo.resolve("scratch.txt"), "untracked notes\n");
    spec = tmp.resolve("spec.md");
    Files.writeString(spec, "# Greet and part\n\nAdd greeting.txt and farewell.txt.\n");
  }

  @AfterEach
  void tearDown() {
    models.stop();
  }

  int run(StringWriter out, StringWriter err) {
    return run(out, err, Path.of("playbooks").toAbsolutePath(), "default");
  }

  int run(StringWriter out, StringWriter err, Path playbooks, String playbook) {
    Map<String, String> env = new HashMap<>();
    env.put("OLLAMA_BASE_URL", models.baseUrl() + "/v1");
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    CommandLine cli = new CommandLine(new RunCommand(Env.of(env)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> args =
        List.of(
            "--repo",
            repo.toString(),
            "--spec",
            spec.toString(),
            "--playbooks",
            playbooks.toString(),
            "--playbook",
            playbook,
            "--model",
            "researcher=ollama:local-model",
            "--model",
            "planner=ollama:local-model",
            "--model",
            "developer=ollama:local-model",
            "--model",
            "reviewer=ollama:local-model");
    return cli.execute(args.toArray(String[]::new));
  }

  @Test
  void runsTheWholeChainIntoOneBranchPerSubtaskAndAReport() throws Exception {
    Map<String, String> before = workingTree();
    String head = head();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = run(out, err);

    assertThat(code).as(out + "\n" + err).isZero();
    Map<String, String> branches = branches();
    assertThat(branches)
        .as(out.toString())
        .containsOnlyKeys(
            "specwright/1-greet-and-part/greeting", "specwright/1-greet-and-part/farewell");
    assertThat(fileOn("specwright/1-greet-and-part/greeting", "greeting.txt")).isEqualTo("hello\n");
    assertThat(fileOn("specwright/1-greet-and-part/farewell", "farewell.txt"))
        .isEqualTo("goodbye\n");
    // Each branch holds only its own subtask's work on top of main.
    assertThat(fileOn("specwright/1-greet-and-part/greeting", "farewell.txt")).isNull();
    assertThat(fileOn("specwright/1-greet-and-part/greeting", "README.md")).isEqualTo("# Shop\n");

    // Every agent was asked, each developer twice (write, then finish).
    assertThat(script.asked)
        .contains("researcher", "planner", "reviewer:greeting", "reviewer:farewell")
        .filteredOn(a -> a.equals("developer:greeting"))
        .hasSize(2);

    Path report = onlyReport();
    String text = Files.readString(report);
    assertThat(text)
        .contains("# Specwright local run #1: Greet and part")
        .contains("**greeting** Add a greeting")
        .contains("`specwright/1-greet-and-part/farewell`")
        .contains("Meets the criteria for greeting.")
        .contains("`greeting.txt:1` Good first line.")
        .contains("| subtask | state |");
    assertThat(out.toString()).contains("Report: " + report);

    // The user's working tree, index and HEAD are as they were; only the report was added.
    assertThat(head()).isEqualTo(head);
    assertThat(workingTree()).isEqualTo(before);
  }

  @Test
  void aSubtaskThatDoesNotFinishMakesTheRunExitOneAndSaysWhich() throws Exception {
    script.stuck = Set.of("farewell");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = run(out, err);

    // A script that runs `specwright run && …` must not take half a run for a whole one.
    assertThat(code).as(out + "\n" + err).isEqualTo(1);
    assertThat(err.toString())
        .contains("1 of 2 subtasks did not finish (failed, stuck or blocked)")
        .contains(onlyReport().toString());
    assertThat(branches()).as(out.toString()).containsKey("specwright/1-greet-and-part/greeting");
    assertThat(fileOn("specwright/1-greet-and-part/greeting", "greeting.txt")).isEqualTo("hello\n");
    assertThat(Files.readString(onlyReport())).contains("| subtask | state |");
  }

  @Test
  void helpSaysWhatEachExitCodeMeans() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new RunCommand(Env.of(Map.of())));
    cli.setOut(new PrintWriter(out, true));

    assertThat(cli.execute("--help")).isZero();

    assertThat(out.toString())
        .contains("Exit codes:")
        .contains("every subtask finished with a reviewed branch")
        .contains("a subtask failed, got stuck or was blocked")
        .contains("130");
  }

  @Test
  void aPlaybookWithoutResearchAndReviewWithItsOwnBriefToolsAndPathsRunsAsWritten()
      throws Exception {
    Path playbooks = Files.createDirectories(tmp.resolve("playbooks"));
    Files.createDirectories(playbooks.resolve("lean"));
    Files.writeString(
        playbooks.resolve("lean/developer.md"),
        "LEAN BRIEF for {{repository}}: {{task}}. Tests: {{test_command}}.\n");
    Files.writeString(
        playbooks.resolve("lean.yml"),
        """
        steps: { research: false, review: false }
        developer:
          prompt: lean/developer.md
          tools: [read_file, write_file, run_tests]
        repository:
          test: "cat greeting.txt"
        protected_paths: [farewell.txt]
        """);
    StringWriter out = new StringWriter();

    StringWriter err = new StringWriter();
    int code = run(out, err, playbooks, "lean");

    // farewell.txt is protected, so that subtask cannot be done: the run exits 1 and says so.
    assertThat(code).as(out.toString()).isEqualTo(1);
    assertThat(err.toString()).contains("1 of 2 subtasks did not finish");
    assertThat(script.asked).doesNotContain("researcher").noneMatch(a -> a.startsWith("reviewer"));
    assertThat(script.asked).contains("planner", "developer:greeting", "developer:farewell");
    String developer =
        script.bodies.stream()
            .filter(b -> b.contains("# Your subtask: greeting"))
            .findFirst()
            .orElseThrow();
    var request = ScriptedOpenAi.JSON.readTree(developer);
    assertThat(request.toString()).contains("LEAN BRIEF for local/shop: greeting — Add a greeting");
    List<String> tools = new java.util.ArrayList<>();
    request.path("tools").forEach(t -> tools.add(t.path("function").path("name").asText()));
    assertThat(tools).containsExactly("read_file", "write_file", "run_tests", "finish");
    // greeting is written and waits for the human; farewell.txt is protected, so its developer
    // changed nothing and the subtask failed without a branch.
    assertThat(fileOn("specwright/1-greet-and-part/greeting", "greeting.txt")).isEqualTo("hello\n");
    assertThat(branches()).containsOnlyKeys("specwright/1-greet-and-part/greeting");
    // The developer's write was refused by the tool, and the model was told so.
    assertThat(script.bodies)
        .anyMatch(
            b ->
                b.contains("# Your subtask: farewell")
                    && b.contains(
                        "farewell.txt' is a protected path; it may be read, not written"));
  }

  @Test
  void aSecondRunGetsItsOwnBranchesAndLeavesTheFirstAlone() throws Exception {
    assertThat(run(new StringWriter(), new StringWriter())).isZero();
    Map<String, String> first = branches();
    assertThat(run(new StringWriter(), new StringWriter())).isZero();
    Map<String, String> both = branches();
    assertThat(both).containsAllEntriesOf(first);
    assertThat(both).containsKey("specwright/2-greet-and-part/greeting").hasSize(4);
  }

  @Test
  void interruptStopsCleanlyAndLeavesTheRepositoryAsItWas() throws Exception {
    script.slow = Map.of("farewell", 20_000);
    Map<String, String> before = workingTree();
    String head = head();
    List<Path> tempsBefore = temps();
    StringWriter out = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    Thread runner = new Thread(() -> code.set(run(out, new StringWriter())), "local-run");
    runner.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> script.asked.contains("developer:farewell"));
    runner.interrupt();
    runner.join(40_000);

    assertThat(runner.isAlive()).isFalse();
    assertThat(code.get()).as(out.toString()).isEqualTo(130);
    assertThat(out.toString()).contains("Interrupted").contains("Stopped. Left behind:");
    assertThat(head()).isEqualTo(head);
    assertThat(workingTree()).isEqualTo(before);
    assertThat(temps()).isSubsetOf(tempsBefore); // the workspaces and the database are gone
    assertThat(Files.readString(onlyReport())).contains("interrupted");
    // Nothing the cancelled developer was still writing reached a branch.
    for (String b : branches().keySet()) {
      assertThat(fileOn(b, "farewell.txt")).isNull();
    }
  }

  @Test
  void aRepositoryWithoutCommitsIsRefusedWithAClearMessage() throws Exception {
    Path empty = tmp.resolve("empty");
    Git.init().setDirectory(empty.toFile()).setInitialBranch("main").call().close();
    repo = empty;
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err)).isEqualTo(2);
    assertThat(err.toString()).contains("check out a branch with at least one commit");
  }

  @Test
  void anUnknownPlaybookIsRefusedBeforeAnythingRuns() throws Exception {
    CommandLine cli = new CommandLine(new RunCommand(Env.of(Map.of())));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "--repo", repo.toString(),
            "--spec", spec.toString(),
            "--playbooks", Path.of("playbooks").toAbsolutePath().toString(),
            "--playbook", "nope");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no playbook 'nope'");
    assertThat(script.asked).isEmpty();
  }

  // ---- helpers ----

  private Path onlyReport() throws Exception {
    try (Stream<Path> s = Files.list(repo.resolve(".specwright"))) {
      List<Path> reports = s.filter(p -> p.toString().endsWith("-report.md")).toList();
      assertThat(reports).hasSize(1);
      return reports.get(0);
    }
  }

  private static List<Path> temps() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("specwright-run-")).toList();
    }
  }

  /** Every file outside .git and .specwright, with its content. */
  private Map<String, String> workingTree() throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(repo)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = repo.relativize(p).toString();
        if (!rel.startsWith(".git") && !rel.startsWith(".specwright")) {
          files.put(rel, Files.readString(p));
        }
      }
    }
    try (Git git = Git.open(repo.toFile())) {
      files.put("<status>", git.status().call().getUncommittedChanges().toString());
    }
    return files;
  }

  private String head() throws Exception {
    try (Repository r = Git.open(repo.toFile()).getRepository()) {
      return r.getFullBranch() + "@" + r.resolve("HEAD").name();
    }
  }

  private Map<String, String> branches() throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Repository r = Git.open(repo.toFile()).getRepository()) {
      for (var ref : r.getRefDatabase().getRefsByPrefix("refs/heads/specwright/")) {
        out.put(Repository.shortenRefName(ref.getName()), ref.getObjectId().name());
      }
    }
    return out;
  }

  private String fileOn(String branch, String path) throws Exception {
    try (Repository r = Git.open(repo.toFile()).getRepository();
        RevWalk walk = new RevWalk(r)) {
      RevCommit c = walk.parseCommit(r.resolve("refs/heads/" + branch));
      try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
        return tw == null
            ? null
            : new String(r.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}

package dev.specwright.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.specwright.playbook.AgentTool;
import dev.specwright.playbook.EffectivePlaybook;
import dev.specwright.playbook.FallbackTrigger;
import dev.specwright.playbook.PlanRules;
import dev.specwright.playbook.PromptTemplate;
import dev.specwright.playbook.RepositoryCommands;
import dev.specwright.playbook.Steps;
import dev.specwright.run.Agents.AgentResult;
import dev.specwright.run.Agents.EndReason;
import dev.specwright.store.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run applies every playbook setting the policy carries: steps switched off, prompt templates,
 * tool sets, setup and test commands, plan rules, fallback triggers and attempts, protected paths,
 * and the playbook's name in the status comment. On SQLite with a real db-scheduler.
 */
class PlaybookRunTest {

  @TempDir Path tmp;

  private static final String ONE_TASK =
      """
      {"subtasks":[{"key":"api","title":"Login endpoint","description":"Add POST /login.",
       "acceptance_criteria":["returns a session cookie"],"files":[],"depends_on":[]}]}
      """;

  private static Steps steps(boolean research, boolean plan, boolean implement, boolean review) {
    return new Steps(research, plan, implement, review);
  }

  @Test
  void aPlaybookThatSwitchesResearchOffPlansWithoutAResearcherCall() throws Exception {
    try (RunWorld w =
        new RunWorld(Dialect.SQLITE, tmp, p -> p.withSteps(steps(false, true, true, true)))) {
      w.label();
      w.awaitTask("ui", TaskState.IN_REVIEW);
      assertThat(w.agents.requestsOf(Role.RESEARCHER)).isEmpty();
      assertThat(w.agents.requestsOf(Role.PLANNER)).hasSize(1);
      assertThat(w.agents.requestsOf(Role.PLANNER).getFirst())
          .contains("## Research notes\n\n(none)");
      assertThat(w.github.commentWith("specwright:plan:").orElseThrow())
          .contains("**api**", "**ui**", "**docs**");
      assertThat(w.run().researchNotes()).isNull();
    }
  }

  @Test
  void withReviewOffAPushedSubtaskWaitsForTheHumanAndNoReviewerRuns() throws Exception {
    try (RunWorld w =
        new RunWorld(Dialect.SQLITE, tmp, p -> p.withSteps(steps(true, true, true, false)))) {
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(ONE_TASK);
      w.label();
      w.awaitTask("api", TaskState.IN_REVIEW);
      assertThat(w.task("api").prNumber()).isNotNull();
      assertThat(w.agents.requestsOf(Role.REVIEWER)).isEmpty();
      assertThat(w.github.lines("review")).isEmpty();
    }
  }

  @Test
  void withPlanOffTheIssueItselfIsTheOneSubtaskAndNoPlannerRuns() throws Exception {
    try (RunWorld w =
        new RunWorld(Dialect.SQLITE, tmp, p -> p.withSteps(steps(false, false, true, true)))) {
      w.label();
      w.awaitTask("spec", TaskState.IN_REVIEW);
      assertThat(w.agents.requestsOf(Role.PLANNER)).isEmpty();
      assertThat(w.agents.requestsOf(Role.RESEARCHER)).isEmpty();
      Subtask spec = w.task("spec");
      assertThat(spec.title()).isEqualTo("Add auth");
      assertThat(spec.description()).contains("Users log in with a password.");
      assertThat(w.runs.subtasks.list(w.run().id())).hasSize(1);
      assertThat(w.agents.requestsOf(Role.DEVELOPER).getFirst())
          .startsWith("developer on " + RunWorld.CHEAP + ": # Your subtask: spec — Add auth");
    }
  }

  @Test
  void withImplementOffThePlanIsTheResultAndNoDeveloperRuns() throws Exception {
    try (RunWorld w =
        new RunWorld(Dialect.SQLITE, tmp, p -> p.withSteps(steps(true, true, false, false)))) {
      w.label();
      w.awaitRun(RunState.DONE);
      assertThat(w.agents.requestsOf(Role.DEVELOPER)).isEmpty();
      assertThat(w.github.commentWith("specwright:plan:").orElseThrow()).contains("**api**");
      assertThat(w.github.commentWith("specwright:notice:1:plan-only").orElseThrow())
          .contains("the plan above is this run's result");
      assertThat(w.github.prs).isEmpty();
      w.awaitStatusContains("done — the plan is the result");
    }
  }

  @Test
  void aPlanThatBreaksAPlanRuleIsSentBackOnceNamingTheRule() throws Exception {
    PlanRules rules =
        new PlanRules(
            5,
            List.of(
                new PlanRules.RequiredCriterion(
                    "regression test", PlanRules.Scope.ANY_TASK, "a fix needs a test")));
    String withTest = ONE_TASK.replace("returns a session cookie", "a regression test fails first");
    try (RunWorld w = new RunWorld(Dialect.SQLITE, tmp, p -> p.withPlanRules(rules))) {
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(ONE_TASK);
      w.agents.planAnswers.add(withTest);
      w.label();
      w.awaitTask("api", TaskState.IN_REVIEW);
      List<String> planner = w.agents.requestsOf(Role.PLANNER);
      assertThat(planner).hasSize(2);
      assertThat(planner.get(0)).contains("has an acceptance criterion matching /regression test/");
      assertThat(planner.get(1))
          .contains("Your previous answer was not a valid plan")
          .contains(
              "the playbook's plan rules: no subtask has an acceptance criterion matching"
                  + " /regression test/: a fix needs a test");
    }
  }

  @Test
  void aPlanBreakingTheRuleTwiceFailsTheRunWithTheRule() throws Exception {
    try (RunWorld w =
        new RunWorld(Dialect.SQLITE, tmp, p -> p.withPlanRules(new PlanRules(2, List.of())))) {
      w.label(); // the world's plan has three subtasks
      w.awaitRun(RunState.FAILED);
      assertThat(w.run().failure())
          .endsWith("the playbook's plan rules: the plan has 3 subtasks; at most 2 are allowed");
      assertThat(w.agents.requestsOf(Role.DEVELOPER)).isEmpty();
    }
  }

  @Test
  void aFailingSetupCommandFailsTheSubtaskWithItsTailAndSpendsNoTokens() throws Exception {
    try (RunWorld w =
        new RunWorld(
            Dialect.SQLITE,
            tmp,
            p ->
                p.withCommands(
                    new RepositoryCommands(
                        List.of("echo installing", "echo 'npm ERR! missing lockfile' && exit 3"),
                        "")))) {
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(ONE_TASK);
      w.label();
      w.awaitTask("api", TaskState.FAILED);
      assertThat(w.task("api").reason())
          .isEqualTo(
              "the setup command `echo 'npm ERR! missing lockfile' && exit 3` failed (exit 3):"
                  + " npm ERR! missing lockfile");
      assertThat(w.agents.requestsOf(Role.DEVELOPER)).isEmpty();
      assertThat(w.task("api").figures().iterations()).isZero();
      // research, planning and the developer's workspace each ran the setup up to its failure;
      // only the developer's subtask fails for it, the others are told in their task
      assertThat(w.agents.commands).hasSize(6);
      assertThat(w.agents.requestsOf(Role.RESEARCHER).getFirst())
          .contains(
              "# Note from Specwright\n\nthe setup command `echo 'npm ERR! missing lockfile'");
      assertThat(w.agents.requestsOf(Role.PLANNER).getFirst()).contains("# Note from Specwright");
    }
  }

  @Test
  void theTestCommandRunsAfterTheDeveloperAndItsResultReachesThePrAndTheReviewer()
      throws Exception {
    try (RunWorld w =
        new RunWorld(
            Dialect.SQLITE,
            tmp,
            p ->
                p.withCommands(
                    new RepositoryCommands(
                        List.of("touch .setup-ran"),
                        "test -f api.txt && test -f .setup-ran && touch .test-ran && echo '2 tests passed'")))) {
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(ONE_TASK);
      w.label();
      w.awaitTask("api", TaskState.IN_REVIEW);
      String result =
          "**passed**: `test -f api.txt && test -f .setup-ran && touch .test-ran && echo '2 tests"
              + " passed'` exited 0";
      assertThat(w.github.prs.get("specwright/7-add-auth/api").body())
          .contains("### Tests run by Specwright\n\n" + result)
          .contains("2 tests passed");
      assertThat(w.agents.requestsOf(Role.REVIEWER).getFirst())
          .contains("# Test run by Specwright after the developer finished\n\n" + result);
      // The developer and the reviewer are told the command in their prompts, and offered it.
      assertThat(w.agents.requestsOf(Role.DEVELOPER).getFirst())
          .contains("Run the tests (test -f api.txt");
      Agents.AgentTask dev =
          w.agents.tasks.stream().filter(t -> t.role() == Role.DEVELOPER).findFirst().orElseThrow();
      assertThat(dev.equipment().testCommand()).startsWith("test -f api.txt");
      // what the test command left in the workspace is not committed
      assertThat(w.workspaces.remote.get("specwright/7-add-auth/api"))
          .doesNotContainKey(".test-ran");
    }
  }

  @Test
  void aFailingTestCommandIsReportedNotHidden() throws Exception {
    try (RunWorld w =
        new RunWorld(
            Dialect.SQLITE,
            tmp,
            p ->
                p.withCommands(
                    new RepositoryCommands(
                        List.of(),
                        "echo 'FAIL LoginTest, cc @octocat, fixes #12' && echo '```' && exit 1")))) {
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(ONE_TASK);
      w.label();
      w.awaitTask("api", TaskState.IN_REVIEW);
      assertThat(w.github.prs.get("specwright/7-add-auth/api").body())
          .contains("exited 1")
          .contains("FAIL LoginTest")
          .doesNotContain("@octocat", "fixes #12")
          .contains("@\u200Doctocat", "fixes #\u200D12");
      // the output cannot close the code block it is shown in
      String body = w.github.prs.get("specwright/7-add-auth/api").body();
      String tests = body.substring(body.indexOf("### Tests run by Specwright"));
      assertThat(tests.substring(0, tests.indexOf("### Figures")).split("```", -1)).hasSize(3);
    }
  }

  @Test
  void theRolesTemplateIsTheTaskAndItsToolsAndProtectedPathsAreTheAgentsEquipment()
      throws Exception {
    PromptTemplate custom =
        new PromptTemplate(
            "playbooks/team/developer.md",
            "TEAM RULES: work on {{task}} in {{repository}}; never touch {{protected_paths}}.");
    try (RunWorld w =
        new RunWorld(
            Dialect.SQLITE,
            tmp,
            p ->
                p.withRole(
                        Role.DEVELOPER,
                        new RunPolicy.RoleWork(
                            custom, Set.of(AgentTool.READ_FILE, AgentTool.EDIT_FILE)))
                    .withProtectedPaths(List.of("migrations/"), false))) {
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(ONE_TASK);
      w.label();
      w.awaitTask("api", TaskState.IN_REVIEW);
      assertThat(w.agents.requestsOf(Role.DEVELOPER).getFirst())
          .contains(
              "TEAM RULES: work on api — Login endpoint\n\nAdd POST /login. in acme/shop; never"
                  + " touch migrations/, .git/, .github/workflows/.");
      Agents.AgentTask dev =
          w.agents.tasks.stream().filter(t -> t.role() == Role.DEVELOPER).findFirst().orElseThrow();
      assertThat(dev.equipment().tools()).containsExactlyInAnyOrder("read_file", "edit_file");
      assertThat(dev.equipment().protectedPaths()).containsExactly("migrations/");
      assertThat(dev.equipment().workflowsWritable()).isFalse();
      Agents.AgentTask reviewer =
          w.agents.tasks.stream().filter(t -> t.role() == Role.REVIEWER).findFirst().orElseThrow();
      assertThat(reviewer.equipment().tools())
          .containsExactlyInAnyOrder("list_files", "read_file", "search", "run_tests");
    }
  }

  @Test
  void withoutStuckInFallbackOnAStuckDeveloperStaysOnItsModelUpToMaxAttempts() throws Exception {
    try (RunWorld w =
        new RunWorld(
            Dialect.SQLITE,
            tmp,
            p -> p.withAttempts(Set.of(FallbackTrigger.MODEL_ERROR), 3).withRestartsOnStuck(0))) {
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(ONE_TASK);
      w.agents.developers.put("api", (task, n, c) -> stuck(task));
      w.label();
      w.awaitTask("api", TaskState.STUCK);
      assertThat(w.agents.tasks)
          .filteredOn(t -> t.role() == Role.DEVELOPER)
          .extracting(t -> t.models().getFirst())
          .containsExactly(RunWorld.CHEAP, RunWorld.CHEAP, RunWorld.CHEAP);
    }
  }

  @Test
  void budgetExhaustedInFallbackOnMovesToTheNextModelAtOnce() throws Exception {
    try (RunWorld w =
        new RunWorld(
            Dialect.SQLITE,
            tmp,
            p -> p.withAttempts(Set.of(FallbackTrigger.BUDGET_EXHAUSTED), 2))) {
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(ONE_TASK);
      w.agents.developers.put(
          "api",
          (task, n, c) ->
              new AgentResult(
                  EndReason.BUDGET_EXHAUSTED,
                  "",
                  5,
                  ScriptedAgents.USAGE,
                  ScriptedAgents.COST,
                  Duration.ofSeconds(1),
                  task.models().getFirst(),
                  "5 iterations"));
      w.label();
      w.awaitTask("api", TaskState.FAILED);
      List<Agents.AgentTask> dev =
          w.agents.tasks.stream().filter(t -> t.role() == Role.DEVELOPER).toList();
      assertThat(dev)
          .extracting(t -> t.models().getFirst())
          .containsExactly(RunWorld.CHEAP, RunWorld.FALLBACK);
      // model_error is not a trigger: no fallback chain inside an attempt either
      assertThat(dev).allMatch(t -> t.models().size() == 1);
    }
  }

  @Test
  void theStatusCommentNamesThePlaybookTheLabelAndWhereOverridesCameFrom() throws Exception {
    RunPolicy.Origin origin =
        new RunPolicy.Origin(
            "bugfix",
            "playbooks/bugfix.yml",
            "spec:bugfix",
            List.of(
                new EffectivePlaybook.Setting("concurrency", "1", "playbooks/bugfix.yml"),
                new EffectivePlaybook.Setting(
                    "developer.model", "ollama:qwen3-coder", ".github/specwright.yml", 3)));
    try (RunWorld w = new RunWorld(Dialect.SQLITE, tmp, p -> p.withOrigin(origin))) {
      w.label();
      w.awaitTask("ui", TaskState.IN_REVIEW);
      w.awaitStatusContains(
          "Playbook `bugfix` (label `spec:bugfix`, `playbooks/bugfix.yml`); overrides:"
              + " concurrency from `playbooks/bugfix.yml`; developer.model from"
              + " `.github/specwright.yml:3`.");
      assertThat(w.github.statusComment())
          .contains("| `developer.model` | `ollama:qwen3-coder` | `.github/specwright.yml:3` |");
    }
  }

  @Test
  void aPlannerWithToolsReadsACheckoutAndOneWithoutGetsNone() throws Exception {
    try (RunWorld w = new RunWorld(Dialect.SQLITE, tmp)) {
      w.agents.beforeRun =
          t -> {
            if (t.role() == Role.PLANNER) {
              assertThat(t.workspace().resolve("README.md")).hasContent("shop\n");
            }
          };
      w.label();
      w.awaitTask("ui", TaskState.IN_REVIEW);
      assertThat(w.agents.tasks).filteredOn(t -> t.role() == Role.PLANNER).hasSize(1);
    }
    Path other = java.nio.file.Files.createDirectories(tmp.resolve("other"));
    try (RunWorld w =
        new RunWorld(
            Dialect.SQLITE,
            other,
            p ->
                p.withRole(
                    Role.PLANNER,
                    new RunPolicy.RoleWork(
                        p.prompt(Role.PLANNER), java.util.EnumSet.noneOf(AgentTool.class))))) {
      w.label();
      w.awaitTask("ui", TaskState.IN_REVIEW);
      assertThat(w.agents.tasks)
          .filteredOn(t -> t.role() == Role.PLANNER)
          .singleElement()
          .satisfies(t -> assertThat(t.workspace()).isNull());
    }
  }

  @Test
  void aReviewerIsToldWhenTheSetupFailedInItsWorkspace() throws Exception {
    Path flag = tmp.resolve("developer-done");
    try (RunWorld w =
        new RunWorld(
            Dialect.SQLITE,
            tmp,
            p ->
                p.withCommands(
                    new RepositoryCommands(
                        List.of("test ! -f " + flag + " || (echo 'registry down' && exit 7)"),
                        "")))) {
      w.agents.planAnswers.clear();
      w.agents.planAnswers.add(ONE_TASK);
      w.agents.developers.put(
          "api",
          (task, n, c) -> {
            ScriptedAgents.write(task, "api.txt", "done\n");
            java.nio.file.Files.writeString(flag, "");
            return new AgentResult(
                EndReason.FINISHED,
                "Done.",
                1,
                ScriptedAgents.USAGE,
                ScriptedAgents.COST,
                Duration.ofSeconds(1),
                task.models().getFirst(),
                null);
          });
      w.label();
      w.awaitTask("api", TaskState.IN_REVIEW);
      assertThat(w.agents.requestsOf(Role.REVIEWER).getFirst())
          .contains("# Note from Specwright")
          .contains("failed (exit 7): registry down; commands that need it may fail.");
    }
  }

  private static AgentResult stuck(Agents.AgentTask task) {
    ScriptedAgents.write(task, "try.txt", "attempt\n");
    return new AgentResult(
        EndReason.STUCK,
        "",
        3,
        ScriptedAgents.USAGE,
        ScriptedAgents.COST,
        Duration.ofSeconds(1),
        task.models().getFirst(),
        "same edit repeated");
  }
}

package dev.specwright.run;

import dev.specwright.llm.Cost;
import dev.specwright.llm.ModelRef;
import dev.specwright.llm.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs one agent attempt. The run decides role, models, task and budget; the agent loop (with its
 * tools, stuck detection and provider fallback along {@code models}) does the rest. Researcher and
 * reviewer get read-only tools.
 */
public interface Agents {

  AgentResult run(AgentTask task, Listener listener, Cancellation cancellation);

  /**
   * Runs one of the repository's own commands (a setup or the test command) in the sandbox the
   * agents' commands run in, in {@code workspace}, without a model. No credential is in its
   * environment.
   */
  default CommandOutcome runCommand(Path workspace, String command, Duration timeout)
      throws InterruptedException {
    return new CommandOutcome(
        false, -1, false, "these agents have no sandbox to run `" + command + "` in");
  }

  /**
   * One attempt's input. {@code models} is a fallback chain: the first is tried first. {@code
   * workspace} is null for the planner, which works from the research notes. {@code instructions}
   * is Specwright's fixed part (the answer format); {@code task} is the role's prompt template,
   * rendered.
   */
  record AgentTask(
      Role role,
      List<ModelRef> models,
      String instructions,
      String task,
      Path workspace,
      Budget budget,
      Equipment equipment) {

    public AgentTask {
      equipment = equipment == null ? Equipment.DEFAULT : equipment;
    }

    /** A task with the role's default tools and no protected paths. */
    public AgentTask(
        Role role,
        List<ModelRef> models,
        String instructions,
        String task,
        Path workspace,
        Budget budget) {
      this(role, models, instructions, task, workspace, budget, Equipment.DEFAULT);
    }
  }

  /**
   * What an agent works with besides its prompt.
   *
   * @param tools the tool names it is offered ({@code finish} always), or null for the role's
   *     default set
   * @param testCommand the repository's test command behind {@code run_tests}; empty for none
   * @param protectedPaths glob patterns its write tools refuse
   * @param workflowsWritable whether it may change {@code .github/workflows/}
   */
  record Equipment(
      java.util.Set<String> tools,
      String testCommand,
      List<String> protectedPaths,
      boolean workflowsWritable) {
    public static final Equipment DEFAULT = new Equipment(null, "", List.of(), false);

    public Equipment {
      tools = tools == null ? null : java.util.Set.copyOf(tools);
      testCommand = testCommand == null ? "" : testCommand;
      protectedPaths = protectedPaths == null ? List.of() : List.copyOf(protectedPaths);
    }
  }

  /**
   * How a repository command ended: whether it passed, its exit code (-1 when killed at its time
   * limit) and the tail of its output.
   */
  record CommandOutcome(boolean passed, int exitCode, boolean timedOut, String tail) {

    /** The last {@code max} characters of {@code output}, from a line start where possible. */
    public static String tail(String output, int max) {
      String s = output == null ? "" : output.strip();
      if (s.length() <= max) {
        return s;
      }
      String t = s.substring(s.length() - max);
      int nl = t.indexOf('\n');
      return "…" + (nl >= 0 && nl < t.length() - 1 ? t.substring(nl + 1) : t);
    }
  }

  /** Why an attempt ended. */
  enum EndReason {
    FINISHED,
    BUDGET_EXHAUSTED,
    STUCK,
    MODEL_ERROR,
    CANCELLED
  }

  /**
   * One attempt's outcome: the final text (summary, or the plan / verdict JSON), its figures, and
   * the model that actually answered (null when none did).
   */
  record AgentResult(
      EndReason end,
      String text,
      int iterations,
      Usage usage,
      Cost cost,
      Duration wall,
      ModelRef modelUsed,
      String detail) {}

  /** Live figures while an attempt runs, for the status comment. */
  @FunctionalInterface
  interface Listener {
    void progress(int iterations, Usage usage, Cost cost);

    Listener NONE = (i, u, c) -> {};
  }

  /** Asked by the agent loop between steps; {@link #onCancel} lets it interrupt a model call. */
  interface Cancellation {
    boolean isCancelled();

    void onCancel(Runnable action);
  }
}

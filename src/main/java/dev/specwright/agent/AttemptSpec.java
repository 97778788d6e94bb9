package dev.specwright.agent;

import dev.specwright.agent.tools.WorkspacePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one attempt needs besides the model: who (role and its prompt), what (the task), where
 * (the workspace and what may be written there), and its limits. Start from {@link #of} and adjust
 * with the {@code with…} methods.
 *
 * @param label free text that groups transcripts, e.g. {@code octo/app#12 task-b}
 * @param attempt 1 for the first attempt at a task; {@link Attempts} counts up
 * @param prompt the system prompt template; placeholders as in {@link RolePrompts}
 * @param toolResultCap characters of one tool result the model sees (head and tail kept)
 * @param tools which tools the agent is offered, and the test command behind {@code run_tests}
 */
public record AttemptSpec(
    Role role,
    String task,
    Path workspace,
    Budget budget,
    StuckRules stuckRules,
    WorkspacePolicy policy,
    PromptTemplate prompt,
    Duration commandTimeout,
    int commandOutputCapBytes,
    int toolResultCap,
    int maxOutputTokens,
    String label,
    int attempt,
    ToolChoice tools) {

  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_COMMAND_OUTPUT_CAP = 64 * 1024;
  public static final int DEFAULT_TOOL_RESULT_CAP = 20_000;
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 8192;

  public AttemptSpec {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(stuckRules, "stuckRules");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    label = label == null ? "" : label;
    tools = tools == null ? ToolChoice.ROLE_DEFAULT : tools;
    if (task.isBlank()) {
      throw new IllegalArgumentException("the task is empty");
    }
    if (toolResultCap < 200 || commandOutputCapBytes < 200) {
      throw new IllegalArgumentException("output caps below 200 leave the model nothing to read");
    }
    if (maxOutputTokens < 1 || attempt < 1) {
      throw new IllegalArgumentException("maxOutputTokens and attempt must be positive");
    }
  }

  /**
   * A spec with the defaults: the role's built-in prompt, {@link Budget#DEFAULT}, OpenHands' stuck
   * rules.
   */
  public static AttemptSpec of(Role role, String task, Path workspace) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        Budget.DEFAULT,
        StuckRules.DEFAULT,
        WorkspacePolicy.DEFAULT,
        RolePrompts.defaultTemplate(role),
        DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_COMMAND_OUTPUT_CAP,
        DEFAULT_TOOL_RESULT_CAP,
        DEFAULT_MAX_OUTPUT_TOKENS,
        "",
        1,
        ToolChoice.ROLE_DEFAULT);
  }

  public AttemptSpec withBudget(Budget b) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        b,
        stuckRules,
        policy,
        prompt,
        commandTimeout,
        commandOutputCapBytes,
        toolResultCap,
        maxOutputTokens,
        label,
        attempt,
        tools);
  }

  public AttemptSpec withStuckRules(StuckRules r) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        budget,
        r,
        policy,
        prompt,
        commandTimeout,
        commandOutputCapBytes,
        toolResultCap,
        maxOutputTokens,
        label,
        attempt,
        tools);
  }

  public AttemptSpec withPolicy(WorkspacePolicy p) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        budget,
        stuckRules,
        p,
        prompt,
        commandTimeout,
        commandOutputCapBytes,
        toolResultCap,
        maxOutputTokens,
        label,
        attempt,
        tools);
  }

  public AttemptSpec withPrompt(PromptTemplate p) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        budget,
        stuckRules,
        policy,
        p,
        commandTimeout,
        commandOutputCapBytes,
        toolResultCap,
        maxOutputTokens,
        label,
        attempt,
        tools);
  }

  public AttemptSpec withCommandLimits(Duration timeout, int outputCapBytes) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        budget,
        stuckRules,
        policy,
        prompt,
        timeout,
        outputCapBytes,
        toolResultCap,
        maxOutputTokens,
        label,
        attempt,
        tools);
  }

  public AttemptSpec withToolResultCap(int chars) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        budget,
        stuckRules,
        policy,
        prompt,
        commandTimeout,
        commandOutputCapBytes,
        chars,
        maxOutputTokens,
        label,
        attempt,
        tools);
  }

  public AttemptSpec withMaxOutputTokens(int tokens) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        budget,
        stuckRules,
        policy,
        prompt,
        commandTimeout,
        commandOutputCapBytes,
        toolResultCap,
        tokens,
        label,
        attempt,
        tools);
  }

  public AttemptSpec withLabel(String l) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        budget,
        stuckRules,
        policy,
        prompt,
        commandTimeout,
        commandOutputCapBytes,
        toolResultCap,
        maxOutputTokens,
        l,
        attempt,
        tools);
  }

  public AttemptSpec withTask(String t) {
    return new AttemptSpec(
        role,
        t,
        workspace,
        budget,
        stuckRules,
        policy,
        prompt,
        commandTimeout,
        commandOutputCapBytes,
        toolResultCap,
        maxOutputTokens,
        label,
        attempt,
        tools);
  }

  public AttemptSpec withAttempt(int n) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        budget,
        stuckRules,
        policy,
        prompt,
        commandTimeout,
        commandOutputCapBytes,
        toolResultCap,
        maxOutputTokens,
        label,
        n,
        tools);
  }

  public AttemptSpec withTools(ToolChoice t) {
    return new AttemptSpec(
        role,
        task,
        workspace,
        budget,
        stuckRules,
        policy,
        prompt,
        commandTimeout,
        commandOutputCapBytes,
        toolResultCap,
        maxOutputTokens,
        label,
        attempt,
        t);
  }
}

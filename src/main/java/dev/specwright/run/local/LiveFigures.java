package dev.specwright.run.local;

import dev.specwright.run.Agents;
import dev.specwright.run.Figures;
import dev.specwright.run.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agents that record each running attempt's live figures for the progress display: by subtask key
 * (the workspace directory's name) for developers and reviewers, by role for research and planning.
 */
final class LiveFigures implements Agents {

  /** What is running now for one subtask or phase. */
  record Live(Role role, String model, Figures figures) {}

  private final Agents agents;
  private final Map<String, Live> live = new ConcurrentHashMap<>();

  LiveFigures(Agents agents) {
    this.agents = agents;
  }

  @Override
  public AgentResult run(AgentTask task, Listener listener, Cancellation cancellation) {
    String key = keyOf(task);
    String model = task.models().isEmpty() ? "" : task.models().get(0).toString();
    live.put(key, new Live(task.role(), model, Figures.ZERO));
    try {
      return agents.run(
          task,
          (iterations, usage, cost) -> {
            live.put(
                key,
                new Live(task.role(), model, new Figures(iterations, usage, cost, Duration.ZERO)));
            listener.progress(iterations, usage, cost);
          },
          cancellation);
    } finally {
      live.remove(key);
    }
  }

  @Override
  public CommandOutcome runCommand(Path workspace, String command, Duration timeout)
      throws InterruptedException {
    return agents.runCommand(workspace, command, timeout);
  }

  Optional<Live> of(String key) {
    return Optional.ofNullable(live.get(key));
  }

  private static String keyOf(AgentTask task) {
    if (task.role() == Role.DEVELOPER || task.role() == Role.REVIEWER) {
      Path name = task.workspace() == null ? null : task.workspace().getFileName();
      if (name != null) {
        return name.toString();
      }
    }
    return task.role().label();
  }
}

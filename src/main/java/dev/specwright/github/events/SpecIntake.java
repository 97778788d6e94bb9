package dev.specwright.github.events;

/**
 * What happens when a trusted person labels an issue as a spec. For now {@link TakenUpComment}
 * answers on the issue; the run (issue 4) plugs in an intake that starts a Run. Must be idempotent:
 * a job may call it again for the same request.
 */
@FunctionalInterface
public interface SpecIntake {

  void start(SpecRequest request) throws Exception;
}

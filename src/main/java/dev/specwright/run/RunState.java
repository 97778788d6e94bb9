package dev.specwright.run;

/** Where a run is. DONE, FAILED and CANCELLED are final; only one non-final run per issue. */
public enum RunState {
  RESEARCHING,
  PLANNING,
  AWAITING_APPROVAL,
  IMPLEMENTING,
  REVIEWING,
  DONE,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }
}

package dev.specwright.playbook;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Spending limits in US dollars across attempts: hitting one stops the work with a comment saying
 * so.
 *
 * @param taskUsd everything one subtask may cost, its attempts and reviews together
 * @param runUsd everything one run may cost
 */
public record CostCaps(BigDecimal taskUsd, BigDecimal runUsd) {
  public CostCaps {
    Objects.requireNonNull(taskUsd, "taskUsd");
    Objects.requireNonNull(runUsd, "runUsd");
  }
}

package dev.specwright.command;

/**
 * A webhook payload that is not JSON or lacks a field its event must have; the message says which.
 */
public class MalformedPayload extends IllegalArgumentException {

  public MalformedPayload(String message) {
    super(message);
  }

  public MalformedPayload(String message, Throwable cause) {
    super(message, cause);
  }
}

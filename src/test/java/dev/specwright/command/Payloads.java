package dev.specwright.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A real recorded webhook payload from src/test/resources/fixtures/github/webhooks, copied so a
 * test can change the few fields its scenario needs ({@code set("comment.body", "/retry")}).
 */
final class Payloads {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String event;
  private final ObjectNode root;

  private Payloads(String event, ObjectNode root) {
    this.event = event;
    this.root = root;
  }

  /** Loads {@code <file>.json}; the event name is the part before the first dot. */
  static Payloads fixture(String file) {
    String path = "/fixtures/github/webhooks/" + file + ".json";
    try (InputStream in = Payloads.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      int dot = file.indexOf('.');
      String event = dot < 0 ? file : file.substring(0, dot);
      return new Payloads(event, (ObjectNode) JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Payloads set(String path, Object value) {
    ObjectNode parent = parentOf(path);
    String field = path.substring(path.lastIndexOf('.') + 1);
    parent.set(field, JSON.valueToTree(value));
    return this;
  }

  Payloads remove(String path) {
    parentOf(path).remove(path.substring(path.lastIndexOf('.') + 1));
    return this;
  }

  Payloads user(String path, String login, String type) {
    return set(path + ".login", login).set(path + ".type", type);
  }

  private ObjectNode parentOf(String path) {
    JsonNode node = root;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.get(parts[i]);
      if (node == null) {
        throw new IllegalArgumentException("fixture has no " + path);
      }
    }
    return (ObjectNode) node;
  }

  String event() {
    return event;
  }

  String json() {
    return root.toString();
  }

  @Override
  public String toString() {
    return event;
  }
}

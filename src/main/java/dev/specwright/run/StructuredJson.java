package dev.specwright.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's structured answer: the JSON object in its final text (bare, or in a fenced block),
 * checked against a JSON Schema from the classpath. Errors are phrased so they can be sent back to
 * the model as they are.
 */
final class StructuredJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonSchema schema;

  StructuredJson(String resource) {
    try (InputStream in = StructuredJson.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema " + resource);
      }
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parsed node, or the errors that make the text unacceptable. */
  sealed interface Parsed permits Valid, Invalid {}

  record Valid(JsonNode node) implements Parsed {}

  record Invalid(List<String> errors) implements Parsed {}

  Parsed parse(String text) {
    String json = extract(text == null ? "" : text);
    if (json == null) {
      return new Invalid(List.of("the answer holds no JSON object"));
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return new Invalid(
          List.of(
              "the JSON does not parse: "
                  + e.getOriginalMessage()
                  + " at line "
                  + e.getLocation().getLineNr()));
    }
    List<String> errors = new ArrayList<>();
    for (ValidationMessage m : schema.validate(node)) {
      errors.add(m.getMessage());
    }
    errors.sort(null);
    return errors.isEmpty() ? new Valid(node) : new Invalid(errors);
  }

  /**
   * The JSON object: inside the last ```json fence if any, else from the first '{' to the last '}'.
   */
  private static String extract(String text) {
    int fence = text.lastIndexOf("```json");
    if (fence >= 0) {
      int start = text.indexOf('\n', fence);
      int end = start < 0 ? -1 : text.indexOf("```", start);
      if (start >= 0 && end > start) {
        return text.substring(start + 1, end).trim();
      }
    }
    int open = text.indexOf('{');
    int close = text.lastIndexOf('}');
    return open >= 0 && close > open ? text.substring(open, close + 1) : null;
  }
}

package dev.specwright.playbook;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.specwright.llm.ModelRef;
import java.io.IOException;
import java.time.Duration;

/**
 * The one mapping between playbook trees and {@link Playbook} records: snake_case fields, models as
 * {@code provider:model}, wall times as {@code 1h30m}.
 */
final class PlaybookJson {

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          // 2.00 stays 2.00 through a tree, so that a built-in amount equals itself
          .nodeFactory(new JsonNodeFactory(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(module())
          .build();

  private PlaybookJson() {}

  private static SimpleModule module() {
    SimpleModule m = new SimpleModule("specwright-playbook");
    m.addSerializer(
        ModelRef.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(ModelRef v, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeString(v.toString());
          }
        });
    m.addDeserializer(
        ModelRef.class,
        new JsonDeserializer<>() {
          @Override
          public ModelRef deserialize(JsonParser p, DeserializationContext c) throws IOException {
            return ModelRef.parse(p.getValueAsString());
          }
        });
    m.addSerializer(
        Duration.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Duration v, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeString(DurationText.format(v));
          }
        });
    m.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
            return DurationText.parse(p.getValueAsString());
          }
        });
    return m;
  }
}

package dev.specwright.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Transcripts as JSON files: what {@code specwright agent --transcript} writes, and reads back. */
public final class TranscriptJson {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private TranscriptJson() {}

  /** Writes the transcript, scrubbed once more, to {@code file} (replacing it). */
  public static void write(Transcript transcript, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), transcript.scrubbed(new SecretScrubber()));
  }

  public static String toJson(Transcript transcript) throws IOException {
    return JSON.writeValueAsString(transcript.scrubbed(new SecretScrubber()));
  }

  public static Transcript read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Transcript.class);
  }

  /** A sink that writes each transcript to the same file. */
  public static TranscriptSink toFile(Path file) {
    return t -> write(t, file);
  }
}

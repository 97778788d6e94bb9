package dev.specwright.agent;

/**
 * Where the loop hands each finished attempt's transcript: the database ({@link TranscriptStore}),
 * a JSON file ({@link TranscriptJson}), or nowhere.
 */
@FunctionalInterface
public interface TranscriptSink {

  TranscriptSink NONE = t -> {};

  /** Stores the (already scrubbed) transcript. A failure here is logged; the attempt stands. */
  void save(Transcript transcript) throws Exception;
}

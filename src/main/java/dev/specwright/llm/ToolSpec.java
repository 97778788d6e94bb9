package dev.specwright.llm;

/**
 * A tool declared to the model: its name, what it does, and a JSON Schema (as text) of its
 * arguments object.
 */
public record ToolSpec(String name, String description, String parametersJsonSchema) {}

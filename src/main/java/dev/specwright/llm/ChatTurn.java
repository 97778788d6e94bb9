package dev.specwright.llm;

/**
 * The result of one {@link ChatModel#chat} call: the model's message, why it stopped, what it used
 * and cost, and which model actually answered (after any fallback).
 */
public record ChatTurn(
    Message.Assistant message, StopReason stopReason, Usage usage, Cost cost, ModelRef model) {}

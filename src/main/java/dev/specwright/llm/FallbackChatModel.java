package dev.specwright.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chain of models tried in order: when one fails for good (its retries spent, or a failure
 * retries cannot mend), the next is asked, and the step is recorded as a {@link FallbackEvent} on
 * the turn that finally answers and given to the observer. Cancellation is never a reason to fall
 * back. When every model fails, the last failure is thrown.
 */
final class FallbackChatModel implements ChatModel {

  private static final Logger LOG = LoggerFactory.getLogger(FallbackChatModel.class);

  /** A model of the chain with the name it was asked by. */
  record Link(ModelRef ref, ChatModel model) {}

  private final List<Link> chain;
  private final Consumer<FallbackEvent> observer;

  FallbackChatModel(List<Link> chain, Consumer<FallbackEvent> observer) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a fallback chain needs at least one model");
    }
    this.chain = List.copyOf(chain);
    this.observer = observer;
  }

  @Override
  public ChatTurn chat(ChatRequest request) throws ModelException {
    List<FallbackEvent> events = new ArrayList<>();
    for (int i = 0; ; i++) {
      Link link = chain.get(i);
      try {
        return link.model().chat(request).withFallbacks(events);
      } catch (ModelException e) {
        if (e.kind() == ModelException.Kind.CANCELLED || i == chain.size() - 1) {
          throw e;
        }
        FallbackEvent event =
            new FallbackEvent(link.ref(), e.kind(), e.getMessage(), chain.get(i + 1).ref());
        LOG.warn("{}", event);
        events.add(event);
        observer.accept(event);
      }
    }
  }
}

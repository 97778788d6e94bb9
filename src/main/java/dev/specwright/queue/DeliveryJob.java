package dev.specwright.queue;

/** The data of a {@code process-delivery} job: which stored delivery to process. */
public record DeliveryJob(String deliveryId) {}

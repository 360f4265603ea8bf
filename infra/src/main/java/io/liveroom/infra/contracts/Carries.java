package io.liveroom.infra.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What travels on an event-bus address of {@link Addresses}: a request and its reply ({@code
 * request}/{@code reply}), an event published to every listener ({@code publish}), or a one-way
 * message to one consumer ({@code send}). Exactly one of the three forms per address;
 * docs/architecture.md's table of addresses is checked against these (AddressesTest).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Carries {
  /** The request of a request-reply address. */
  Class<?> request() default Void.class;

  /** The reply of a request-reply address. */
  Class<?> reply() default Void.class;

  /** The event published on the address. */
  Class<?> publish() default Void.class;

  /** The message sent (point to point, no reply) to the address. */
  Class<?> send() default Void.class;
}

package io.liveroom.infra.auth;

import java.util.Locale;
import java.util.Optional;

/** What a token allows; in the token's {@code privileges} claim by {@link #id()}. */
public enum Privilege {
  LOGIN,
  PUBLISH;

  /** The name in the token: {@code login}, {@code publish}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The privilege named {@code id} in a token; empty for names this version does not know. */
  public static Optional<Privilege> fromId(String id) {
    for (Privilege p : values()) {
      if (p.id().equals(id)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

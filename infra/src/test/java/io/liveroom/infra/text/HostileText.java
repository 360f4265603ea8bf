package io.liveroom.infra.text;

import java.util.Random;

/**
 * Test text for the Unicode hardening: random UTF-16 mixing every width of character and unpaired
 * surrogates.
 */
public final class HostileText {
  /** The adversarial test's string: a high surrogate with no low one after it. */
  public static final String LONE_HIGH = "x\ud83d\u00e9y";

  private HostileText() {}

  /**
   * {@code length} chars mixing 1-4 byte characters, surrogate pairs and lone high and low
   * surrogates.
   */
  public static String random(Random random, int length) {
    StringBuilder s = new StringBuilder(length + 1);
    while (s.length() < length) {
      switch (random.nextInt(8)) {
        case 0 ->
            s.append((char) (0xD800 + random.nextInt(0x400))); // lone high (unless a low follows)
        case 1 ->
            s.append((char) (0xDC00 + random.nextInt(0x400))); // lone low (unless after a high)
        case 2 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a pair, 4 bytes
        case 3 -> s.append((char) (0x800 + random.nextInt(0xD000 - 0x800))); // 3 bytes
        case 4 -> s.append((char) (0x80 + random.nextInt(0x780))); // 2 bytes
        default -> s.append((char) random.nextInt(0x80));
      }
    }
    return s.toString();
  }
}

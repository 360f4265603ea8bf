package io.liveroom.media.sdp;

import io.liveroom.media.sdp.SessionDescription.Fingerprint;
import io.liveroom.media.sdp.SessionDescription.Media;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses the SDP offers WebRTC clients send (Unified Plan, BUNDLE). Unknown lines are ignored. */
public final class SdpParser {
  private static final int MAX_SDP_CHARS = 64 * 1024;

  private SdpParser() {}

  public static SessionDescription parse(String sdp) {
    if (sdp == null || sdp.isBlank()) {
      throw new SdpException("empty SDP");
    }
    if (sdp.length() > MAX_SDP_CHARS) {
      throw new SdpException("SDP larger than " + MAX_SDP_CHARS + " characters");
    }
    if (!sdp.startsWith("v=0")) {
      throw new SdpException("SDP must start with v=0");
    }
    Session session = new Session();
    MediaSectionParser current = null;
    List<MediaSectionParser> media = new ArrayList<>();
    for (String raw : sdp.split("\r?\n")) {
      String line = raw.strip();
      if (line.length() < 2 || line.charAt(1) != '=') {
        continue;
      }
      char type = line.charAt(0);
      String value = line.substring(2);
      if (type == 'm') {
        current = new MediaSectionParser(value);
        media.add(current);
      } else if (type == 'a') {
        if (current == null) {
          session.attribute(value);
        } else {
          current.attribute(value);
        }
      }
    }
    if (media.isEmpty()) {
      throw new SdpException("SDP has no m-lines");
    }
    List<Media> built = media.stream().map(MediaSectionParser::build).toList();
    String ufrag = session.ufrag;
    String pwd = session.pwd;
    Fingerprint fingerprint = session.fingerprint;
    String setup = session.setup;
    for (MediaSectionParser m : media) {
      if (m.port == 0) {
        continue;
      }
      ufrag = ufrag == null ? m.ufrag : ufrag;
      pwd = pwd == null ? m.pwd : pwd;
      fingerprint = fingerprint == null ? m.fingerprint : fingerprint;
      setup = setup == null ? m.setup : setup;
    }
    if (ufrag == null || pwd == null) {
      throw new SdpException("SDP has no a=ice-ufrag / a=ice-pwd");
    }
    if (fingerprint == null) {
      throw new SdpException("SDP has no a=fingerprint");
    }
    return new SessionDescription(
        ufrag,
        pwd,
        fingerprint,
        setup == null ? "actpass" : setup,
        List.copyOf(session.bundle),
        built);
  }

  static Fingerprint fingerprint(String value) {
    String[] parts = value.trim().split("\\s+");
    if (parts.length != 2) {
      throw new SdpException("malformed a=fingerprint:" + value);
    }
    return new Fingerprint(parts[0].toLowerCase(Locale.ROOT), parts[1].toUpperCase(Locale.ROOT));
  }

  private static final class Session {
    String ufrag;
    String pwd;
    Fingerprint fingerprint;
    String setup;
    final List<String> bundle = new ArrayList<>();

    void attribute(String a) {
      if (a.startsWith("ice-ufrag:")) {
        ufrag = a.substring(10).trim();
      } else if (a.startsWith("ice-pwd:")) {
        pwd = a.substring(8).trim();
      } else if (a.startsWith("fingerprint:")) {
        fingerprint = fingerprint(a.substring(12));
      } else if (a.startsWith("setup:")) {
        setup = a.substring(6).trim();
      } else if (a.startsWith("group:BUNDLE")) {
        for (String mid : a.substring(12).trim().split("\\s+")) {
          if (!mid.isEmpty()) {
            bundle.add(mid);
          }
        }
      }
    }
  }

  /**
   * RFC 8851 rid-id: alphanumerics, '-' and '_', at most 16 here (it travels in a header
   * extension).
   */
  static boolean validRid(String rid) {
    return !rid.isEmpty()
        && rid.length() <= 16
        && rid.chars()
            .allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
  }

  static int parseInt(String s, String what) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new SdpException("malformed " + what + ": " + s);
    }
  }
}

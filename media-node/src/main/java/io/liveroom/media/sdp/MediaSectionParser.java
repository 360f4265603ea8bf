package io.liveroom.media.sdp;

import static io.liveroom.media.sdp.SdpParser.fingerprint;
import static io.liveroom.media.sdp.SdpParser.parseInt;
import static io.liveroom.media.sdp.SdpParser.validRid;

import io.liveroom.media.sdp.SessionDescription.Candidate;
import io.liveroom.media.sdp.SessionDescription.Codec;
import io.liveroom.media.sdp.SessionDescription.Extmap;
import io.liveroom.media.sdp.SessionDescription.Fingerprint;
import io.liveroom.media.sdp.SessionDescription.Media;
import io.liveroom.media.sdp.SessionDescription.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One m-section of an SDP being parsed: its m-line, then its attributes, then {@link #build}. */
final class MediaSectionParser {
  final String kind;
  final int port;
  final String protocol;
  final List<Integer> payloadTypes = new ArrayList<>();
  final List<String> formats = new ArrayList<>();
  final Map<Integer, String[]> rtpmap = new LinkedHashMap<>();
  final Map<Integer, String> fmtp = new LinkedHashMap<>();
  final Map<Integer, List<String>> feedback = new LinkedHashMap<>();
  final List<String> wildcardFeedback = new ArrayList<>();
  final List<Extmap> extmaps = new ArrayList<>();
  final Map<Long, String[]> sources = new LinkedHashMap<>();
  final List<List<Long>> fidGroups = new ArrayList<>();
  final List<Candidate> candidates = new ArrayList<>();
  final List<String> sendRids = new ArrayList<>();
  final List<String> simulcastSend = new ArrayList<>();
  String mid;
  String direction = "sendrecv";
  String msid;
  boolean rtcpMux;
  boolean rtcpRsize;
  String ufrag;
  String pwd;
  Fingerprint fingerprint;
  String setup;

  MediaSectionParser(String mLine) {
    String[] parts = mLine.trim().split("\\s+");
    if (parts.length < 3) {
      throw new SdpException("malformed m-line: " + mLine);
    }
    kind = parts[0];
    port = parseInt(parts[1].split("/")[0], "m-line port");
    protocol = parts[2];
    for (int i = 3; i < parts.length; i++) {
      formats.add(parts[i]);
      if (parts[i].chars().allMatch(Character::isDigit)) {
        payloadTypes.add(Integer.parseInt(parts[i]));
      }
    }
  }

  void attribute(String a) {
    int colon = a.indexOf(':');
    String name = colon < 0 ? a : a.substring(0, colon);
    String value = colon < 0 ? "" : a.substring(colon + 1).trim();
    switch (name) {
      case "mid" -> mid = value;
      case "sendrecv", "sendonly", "recvonly", "inactive" -> direction = name;
      case "rtcp-mux" -> rtcpMux = true;
      case "rtcp-rsize" -> rtcpRsize = true;
      case "msid" -> msid = value;
      case "ice-ufrag" -> ufrag = value;
      case "ice-pwd" -> pwd = value;
      case "fingerprint" -> fingerprint = fingerprint(value);
      case "setup" -> setup = value;
      case "rtpmap" -> {
        String[] parts = value.split("\\s+", 2);
        if (parts.length == 2) {
          rtpmap.put(parseInt(parts[0], "rtpmap payload type"), parts[1].split("/"));
        }
      }
      case "fmtp" -> {
        String[] parts = value.split("\\s+", 2);
        if (parts.length == 2) {
          fmtp.put(parseInt(parts[0], "fmtp payload type"), parts[1].trim());
        }
      }
      case "rtcp-fb" -> {
        String[] parts = value.split("\\s+", 2);
        if (parts.length == 2) {
          if (parts[0].equals("*")) {
            wildcardFeedback.add(parts[1].trim());
          } else {
            feedback
                .computeIfAbsent(parseInt(parts[0], "rtcp-fb payload type"), k -> new ArrayList<>())
                .add(parts[1].trim());
          }
        }
      }
      case "extmap" -> {
        String[] parts = value.split("\\s+");
        if (parts.length >= 2) {
          extmaps.add(new Extmap(parseInt(parts[0].split("/")[0], "extmap id"), parts[1]));
        }
      }
      case "ssrc" -> {
        String[] parts = value.split("\\s+", 2);
        long ssrc = Long.parseLong(parts[0]);
        String[] src = sources.computeIfAbsent(ssrc, k -> new String[2]);
        if (parts.length == 2 && parts[1].startsWith("cname:")) {
          src[0] = parts[1].substring(6);
        } else if (parts.length == 2 && parts[1].startsWith("msid:")) {
          src[1] = parts[1].substring(5);
        }
      }
      case "ssrc-group" -> {
        String[] parts = value.split("\\s+");
        if (parts[0].equals("FID")) {
          List<Long> group = new ArrayList<>();
          for (int i = 1; i < parts.length; i++) {
            group.add(Long.parseLong(parts[i]));
          }
          fidGroups.add(List.copyOf(group));
        }
      }
      case "rid" -> {
        String[] p = value.split("\\s+");
        if (p.length >= 2 && p[1].equals("send") && validRid(p[0]) && sendRids.size() < 8) {
          sendRids.add(p[0]);
        }
      }
      case "simulcast" -> {
        String[] p = value.split("\\s+");
        if (p.length >= 2 && p[0].equals("send")) {
          for (String alternatives : p[1].split(";")) {
            String rid = alternatives.split(",")[0];
            rid = rid.startsWith("~") ? rid.substring(1) : rid; // paused layers are still layers
            if (validRid(rid) && simulcastSend.size() < 8) {
              simulcastSend.add(rid);
            }
          }
        }
      }
      case "candidate" -> {
        String[] p = value.split("\\s+");
        if (p.length >= 8 && p[6].equals("typ")) {
          candidates.add(
              new Candidate(
                  p[0],
                  parseInt(p[1], "candidate component"),
                  p[2].toLowerCase(Locale.ROOT),
                  Long.parseLong(p[3]),
                  p[4],
                  parseInt(p[5], "candidate port"),
                  p[7]));
        }
      }
      default -> {}
    }
  }

  Media build() {
    List<Codec> codecs = new ArrayList<>();
    for (int pt : payloadTypes) {
      String[] map = rtpmap.get(pt);
      if (map == null) {
        continue; // static payload types without rtpmap (PCMU, ...) are never chosen
      }
      List<String> fb = new ArrayList<>(wildcardFeedback);
      fb.addAll(feedback.getOrDefault(pt, List.of()));
      codecs.add(
          new Codec(
              pt,
              map[0],
              map.length > 1 ? parseInt(map[1], "clock rate") : 0,
              map.length > 2 ? parseInt(map[2], "channels") : 1,
              fmtp.getOrDefault(pt, ""),
              List.copyOf(fb)));
    }
    List<Source> srcs =
        sources.entrySet().stream()
            .map(e -> new Source(e.getKey(), e.getValue()[0], e.getValue()[1]))
            .toList();
    return new Media(
        kind,
        port,
        protocol,
        mid,
        direction,
        List.copyOf(codecs),
        List.copyOf(extmaps),
        srcs,
        List.copyOf(fidGroups),
        msid,
        rtcpMux,
        rtcpRsize,
        List.copyOf(candidates),
        ufrag,
        pwd,
        List.copyOf(formats),
        List.copyOf(
            simulcastSend.isEmpty()
                ? sendRids
                : simulcastSend.stream().filter(sendRids::contains).toList()));
  }
}

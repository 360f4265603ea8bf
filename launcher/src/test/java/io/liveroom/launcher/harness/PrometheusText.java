package io.liveroom.launcher.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parser of the Prometheus text exposition format 0.0.4, strict enough to fail on what a
 * Prometheus server would refuse: {@code # HELP} / {@code # TYPE} lines, samples {@code
 * name{label="value",...} value [timestamp]} with escaped label values ({@code \\}, {@code \"},
 * {@code \n}), every sample belonging to the family its TYPE declared (with the {@code _bucket},
 * {@code _sum}, {@code _count} suffixes of histograms and summaries, {@code _total} of counters),
 * no sample twice. Values: floats, {@code NaN}, {@code +Inf}, {@code -Inf}.
 */
public final class PrometheusText {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One sample: its name, labels (sorted) and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new HashMap<>();

  private PrometheusText() {}

  /**
   * {@code GET /metrics} on 127.0.0.1:{@code port}, with {@code Authorization: Bearer token} unless
   * it is null.
   */
  public static HttpResponse<String> get(int port, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static PrometheusText parse(String text) {
    PrometheusText p = new PrometheusText();
    Map<String, Boolean> seen = new HashMap<>();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          p.comment(line);
        } else {
          Sample s = new Cursor(line).sample();
          p.checkFamily(s.name());
          if (seen.put(s.name() + s.labels(), true) != null) {
            throw new IllegalArgumentException("duplicate sample");
          }
          p.samples.add(s);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + lineNo + " (" + line + "): " + e.getMessage(), e);
      }
    }
    return p;
  }

  private void comment(String line) {
    String[] parts = line.split(" ", 4);
    if (parts.length >= 3 && parts[1].equals("TYPE")) {
      if (parts.length != 4
          || !List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3])) {
        throw new IllegalArgumentException("bad TYPE line");
      }
      if (types.put(parts[2], parts[3]) != null) {
        throw new IllegalArgumentException("second TYPE for " + parts[2]);
      }
    } else if (parts.length >= 3 && parts[1].equals("HELP")) {
      Cursor.requireName(parts[2]);
    }
  }

  private void checkFamily(String name) {
    if (types.containsKey(name) && !types.get(name).equals("histogram")) {
      return;
    }
    for (String suffix : List.of("_total", "_bucket", "_sum", "_count", "_created")) {
      if (name.endsWith(suffix)
          && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
        return;
      }
    }
    throw new IllegalArgumentException("sample " + name + " has no TYPE");
  }

  public List<Sample> samples() {
    return samples;
  }

  public String type(String family) {
    return types.get(family);
  }

  /**
   * The sum of the samples named {@code name} whose labels include {@code labels} (0 when there is
   * none).
   */
  public double sum(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  public double sum(String name) {
    return sum(name, Map.of());
  }

  /** Whether a sample named {@code name} with these labels exists. */
  public boolean has(String name, Map<String, String> labels) {
    return samples.stream()
        .anyMatch(
            s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
  }

  /** Reads one sample line. */
  private static final class Cursor {
    private final String line;
    private int pos;

    Cursor(String line) {
      this.line = line;
    }

    static void requireName(String name) {
      if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
        throw new IllegalArgumentException("bad metric name " + name);
      }
    }

    Sample sample() {
      String name = token("{ ");
      requireName(name);
      Map<String, String> labels = new TreeMap<>();
      if (peek() == '{') {
        pos++;
        while (peek() != '}') {
          String label = token("=");
          if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("bad label name " + label);
          }
          expect('=');
          expect('"');
          if (labels.put(label, quoted()) != null) {
            throw new IllegalArgumentException("label " + label + " twice");
          }
          if (peek() == ',') {
            pos++;
          } else if (peek() != '}') {
            throw new IllegalArgumentException("expected , or } at " + pos);
          }
        }
        pos++;
      }
      expect(' ');
      String[] rest = line.substring(pos).split(" ");
      if (rest.length < 1 || rest.length > 2) {
        throw new IllegalArgumentException("expected a value and an optional timestamp");
      }
      if (rest.length == 2) {
        Long.parseLong(rest[1]);
      }
      return new Sample(name, new LinkedHashMap<>(labels), value(rest[0]));
    }

    private static double value(String v) {
      return switch (v) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(v);
      };
    }

    private char peek() {
      if (pos >= line.length()) {
        throw new IllegalArgumentException("unexpected end of line");
      }
      return line.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + pos);
      }
      pos++;
    }

    private String token(String stops) {
      int start = pos;
      while (pos < line.length() && stops.indexOf(line.charAt(pos)) < 0) {
        pos++;
      }
      return line.substring(start, pos);
    }

    private String quoted() {
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = peek();
        pos++;
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          char e = peek();
          pos++;
          switch (e) {
            case '\\' -> out.append('\\');
            case '"' -> out.append('"');
            case 'n' -> out.append('\n');
            default -> throw new IllegalArgumentException("bad escape \\" + e);
          }
        } else {
          out.append(c);
        }
      }
    }
  }
}

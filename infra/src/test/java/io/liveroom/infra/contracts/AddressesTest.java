package io.liveroom.infra.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every address follows {@code service.entity.verb}, says what it carries ({@link Carries}), and
 * has its row, with the same types, in docs/architecture.md's table of addresses.
 */
class AddressesTest {
  private static final Pattern NAME = Pattern.compile("[a-z]+\\.[a-z]+\\.[a-z]+");
  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| ([^|]+) \\| [^|]* \\|\\s*$", Pattern.MULTILINE);

  /**
   * Each address (an id-suffixed one as its prefix and {@code *}) with what it carries, as the
   * table writes it.
   */
  static Map<String, String> addresses() throws IllegalAccessException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Field field : Addresses.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
        continue;
      }
      field.setAccessible(true);
      String address = (String) field.get(null);
      Carries carries = field.getAnnotation(Carries.class);
      assertNotNull(carries, "Addresses." + field.getName() + " says what it carries (@Carries)");
      String name = address.endsWith(".") ? address.substring(0, address.length() - 1) : address;
      assertTrue(
          NAME.matcher(name).matches(),
          "Addresses."
              + field.getName()
              + " = \""
              + address
              + "\" is lowercase service.entity.verb");
      out.put(address.endsWith(".") ? address + "*" : address, carried(field.getName(), carries));
    }
    return out;
  }

  private static String carried(String field, Carries c) {
    List<String> forms = new ArrayList<>();
    if (c.request() != Void.class || c.reply() != Void.class) {
      assertTrue(
          c.request() != Void.class && c.reply() != Void.class,
          field + ": a request needs its reply type");
      forms.add("`" + c.request().getSimpleName() + "` -> `" + c.reply().getSimpleName() + "`");
    }
    if (c.publish() != Void.class) {
      forms.add("publish `" + c.publish().getSimpleName() + "`");
    }
    if (c.send() != Void.class) {
      forms.add("send `" + c.send().getSimpleName() + "`");
    }
    assertEquals(1, forms.size(), field + ": exactly one of request/reply, publish, send");
    return forms.get(0);
  }

  @Test
  void theTableInTheArchitectureDocMatchesTheCode() throws IOException, IllegalAccessException {
    String doc = Files.readString(Path.of("..", "docs", "architecture.md"));
    int start = doc.indexOf("## Event-bus addresses");
    assertTrue(start >= 0, "docs/architecture.md has a section \"## Event-bus addresses\"");
    int end = doc.indexOf("\n## ", start + 1);
    String section = doc.substring(start, end < 0 ? doc.length() : end);
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(section);
    while (row.find()) {
      if (!row.group(1).equals("address")) {
        documented.put(row.group(1), row.group(2).trim());
      }
    }
    Map<String, String> code = addresses();
    List<String> wrong = new ArrayList<>();
    for (String address : new TreeSet<>(code.keySet())) {
      if (!code.get(address).equals(documented.get(address))) {
        wrong.add("| `" + address + "` | " + code.get(address) + " |");
      }
    }
    assertTrue(
        wrong.isEmpty(),
        "docs/architecture.md's address table needs these rows:\n" + String.join("\n", wrong));
    List<String> stale = documented.keySet().stream().filter(a -> !code.containsKey(a)).toList();
    assertTrue(
        stale.isEmpty(), "docs/architecture.md lists addresses the code does not have: " + stale);
  }
}

package io.liveroom.launcher;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar liveroom.jar token --user U --room R ...}: prints one token signed with the
 * configured {@code auth.secret} (the dev secret when none is set), read through the same layers as
 * the server: bundled defaults < {@code --config} file < environment ({@code
 * LIVEROOM_AUTH_SECRET}). Exit 0 with the token on stdout, 2 with one line on stderr for bad
 * arguments or configuration.
 */
final class TokenCommand {
  static final String USAGE =
      """
      usage: java -jar liveroom.jar token --user U --room R [--ttl SECONDS] [--publish] [--stream ID]... [--config FILE]

      Prints a token (JWT, HS256) signed with auth.secret; with no secret configured, the published dev
      secret (dev mode), which only a dev server accepts.

        --user U        the userID the token is for (required)
        --room R        the roomID it is for, or * for every room (required)
        --ttl SECONDS   lifetime, 1..auth.maxTtlSeconds (default 3600)
        --publish       also grant publish (login is always granted)
        --stream ID     a streamID it may publish (repeatable; needs --publish; none: any streamID)
        --config FILE   JSON config file, as for the server
        --help          this text

      The secret is usually given as the environment variable LIVEROOM_AUTH_SECRET.
      """;
  static final long DEFAULT_TTL_SECONDS = 3600;

  private TokenCommand() {}

  /** Entry from {@link Main}: {@code argv} as given to the jar, starting with {@code token}. */
  static void main(String[] argv) {
    String[] args = List.of(argv).subList(1, argv.length).toArray(String[]::new);
    int code = run(args, System.getenv(), System.out, System.err);
    System.out.flush();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command on the arguments after {@code token}; returns the exit code. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      Args parsed = Args.parse(args);
      if (parsed.help()) {
        out.print(USAGE);
        return 0;
      }
      AuthConfig auth = AuthConfig.from(Config.load(parsed.configFile(), env, Map.of()));
      long ttl = parsed.ttlSeconds();
      if (ttl < 1 || ttl > auth.maxTtlSeconds()) {
        throw new UsageException(
            "--ttl must be 1.." + auth.maxTtlSeconds() + " (auth.maxTtlSeconds), got " + ttl);
      }
      TokenService tokens = new TokenService(auth);
      Set<Privilege> privileges =
          parsed.publish()
              ? EnumSet.of(Privilege.LOGIN, Privilege.PUBLISH)
              : EnumSet.of(Privilege.LOGIN);
      List<String> streams = parsed.streams().isEmpty() ? null : parsed.streams();
      out.println(
          tokens.mint(tokens.claims(parsed.user(), parsed.room(), privileges, streams, ttl)));
      return 0;
    } catch (UsageException e) {
      err.println("liveroom token: " + e.getMessage() + " (see token --help)");
      return 2;
    } catch (ConfigException e) {
      err.println("liveroom token: configuration error: " + e.getMessage());
      return 2;
    }
  }

  /** A bad command line: one line on stderr, exit 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  record Args(
      String user,
      String room,
      long ttlSeconds,
      boolean publish,
      List<String> streams,
      Path configFile,
      boolean help) {
    static Args parse(String[] args) {
      String user = null;
      String room = null;
      long ttl = DEFAULT_TTL_SECONDS;
      boolean publish = false;
      boolean help = false;
      List<String> streams = new ArrayList<>();
      Path configFile = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String inline = null;
        if (arg.startsWith("--") && arg.contains("=")) {
          inline = arg.substring(arg.indexOf('=') + 1);
          arg = arg.substring(0, arg.indexOf('='));
        }
        switch (arg) {
          case "--help", "-h" -> help = true;
          case "--publish" -> publish = true;
          case "--user" -> user = id(arg, inline != null ? inline : value(args, ++i, arg));
          case "--room" -> room = id(arg, inline != null ? inline : value(args, ++i, arg));
          case "--stream" -> streams.add(id(arg, inline != null ? inline : value(args, ++i, arg)));
          case "--config" -> configFile = Path.of(inline != null ? inline : value(args, ++i, arg));
          case "--ttl" -> {
            String v = inline != null ? inline : value(args, ++i, arg);
            try {
              ttl = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
              throw new UsageException("--ttl needs a number of seconds, got \"" + v + "\"");
            }
          }
          default -> throw new UsageException("unknown argument \"" + args[i] + "\"");
        }
      }
      if (!help) {
        if (user == null) {
          throw new UsageException("--user is required");
        }
        if (room == null) {
          throw new UsageException("--room is required");
        }
        if (!streams.isEmpty() && !publish) {
          throw new UsageException("--stream needs --publish");
        }
      }
      return new Args(user, room, ttl, publish, List.copyOf(streams), configFile, help);
    }

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new UsageException(flag + " needs a value");
      }
      return args[i];
    }

    private static String id(String flag, String value) {
      if (value.isBlank() || !value.equals(value.strip())) {
        throw new UsageException(
            flag + " must be a non-empty value without surrounding spaces, got \"" + value + "\"");
      }
      return value;
    }
  }
}

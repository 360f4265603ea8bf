package io.liveroom.launcher;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.config.ClusterConfig;
import io.liveroom.infra.config.ConfigException;
import java.util.Optional;

/**
 * Dev mode (no {@code auth.secret}) is for one machine: it signs tokens with a published secret,
 * serves {@code /dev/token} and, without {@code auth.adminSecret}, takes a published admin secret.
 * A clustered node is a deployment, so it refuses dev mode unless {@code auth.devMode=true} says it
 * is meant (a test cluster); every dev-mode node warns at start.
 */
final class DevMode {
  private DevMode() {}

  /** Fails (exit 2) a clustered node in dev mode that did not set {@code auth.devMode=true}. */
  static void check(AuthConfig auth, ClusterConfig cluster) {
    if (cluster.enabled() && auth.devMode() && !auth.devModeExplicit()) {
      throw new ConfigException(
          AuthConfig.SECTION + ".devMode",
          "--cluster without auth.secret would run a"
              + " deployment on the published dev secrets; set auth.secret (LIVEROOM_AUTH_SECRET) and auth.adminSecret"
              + " (LIVEROOM_AUTH_ADMIN_SECRET), or auth.devMode=true for a test cluster");
    }
  }

  /** The warning a dev-mode node logs next to its banner: what is open and how to close it. */
  static Optional<String> warning(AuthConfig auth) {
    if (!auth.devMode()) {
      return Optional.empty();
    }
    String admin =
        auth.adminSecret().isEmpty()
            ? ", and the admin API accepts the published dev admin secret"
            : "";
    return Optional.of(
        "DEV MODE, not for production: auth.secret is not set, so tokens are signed with the"
            + " published dev secret (anyone can mint any token), GET /dev/token hands tokens to anyone"
            + admin
            + ". To leave dev mode set auth.secret (LIVEROOM_AUTH_SECRET, at least "
            + AuthConfig.MIN_SECRET_LENGTH
            + " characters) and auth.adminSecret (LIVEROOM_AUTH_ADMIN_SECRET).");
  }
}

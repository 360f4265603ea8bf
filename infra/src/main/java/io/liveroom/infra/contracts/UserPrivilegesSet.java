package io.liveroom.infra.contracts;

/**
 * The member's privileges changed; {@code streamsStopped} counts the streams a demotion removed.
 */
public record UserPrivilegesSet(
    String roomId, String userId, boolean publish, int streamsStopped) {}

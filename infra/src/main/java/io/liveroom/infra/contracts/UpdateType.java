package io.liveroom.infra.contracts;

/** The kind of a list update, as in ZEGO's roomUserUpdate and roomStreamUpdate. */
public enum UpdateType {
  ADD,
  DELETE
}

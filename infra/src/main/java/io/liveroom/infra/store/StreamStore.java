package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;

/** The stream registry: which streamID is published, by whom, in which room. */
public interface StreamStore {
  /**
   * Registers {@code stream} if its streamID is free. Returns {@code null} when it was added, or
   * the stream already holding that streamID (possibly the same session's).
   */
  Future<StreamRecord> add(StreamRecord stream);

  /**
   * Removes the stream if {@code sessionId} holds it ({@code null}: whoever does); returns it or
   * null.
   */
  Future<StreamRecord> remove(String streamId, String sessionId);

  Future<StreamRecord> get(String streamId);

  /** The streams of one room, by streamID. */
  Future<List<StreamRecord>> inRoom(String roomId);

  /**
   * Replaces the stream's extra info if {@code sessionId} holds it; returns the updated stream or
   * null.
   */
  Future<StreamRecord> setExtraInfo(String streamId, String sessionId, String extraInfo);

  /**
   * Marks a stream live if its media is owned by publisher {@code peerId} on {@code nodeId} (see
   * {@link StreamRecord#peerId()}) and it is not live yet; returns the stream when this call made
   * it live, else null. An older or other peer of the same streamID changes nothing.
   */
  Future<StreamRecord> markPeerLive(String streamId, String nodeId, String peerId);

  /**
   * Removes a stream only if its media is owned by publisher {@code peerId} on {@code nodeId};
   * returns the removed stream, else null (a stale report about another peer changes nothing).
   */
  Future<StreamRecord> removePeer(String streamId, String nodeId, String peerId);

  /**
   * Moves the streams of a session to another gateway (session resumed there); returns how many.
   */
  Future<Integer> rebind(String roomId, String sessionId, String gatewayId);
}

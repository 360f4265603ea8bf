package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StreamStore} backend must have. A backend's test supplies {@link
 * #config}.
 */
public abstract class StreamStoreContract extends StoresContractSupport {
  protected StreamStore streams;

  @BeforeEach
  void pickStore() {
    streams = stores.streams();
  }

  // ---- add / get / inRoom

  @Test
  void addOfAFreeStreamIdReturnsNullAndRegistersTheStream() {
    StreamRecord s = stream("cam-1", "r1", "alice", "s1");
    assertNull(await(streams.add(s)));
    assertEquals(s, await(streams.get("cam-1")));
    assertEquals(List.of(s), await(streams.inRoom("r1")));
  }

  @Test
  void addOfATakenStreamIdReturnsTheHolderAndChangesNothing() {
    StreamRecord held = stream("cam-1", "r1", "alice", "s1");
    await(streams.add(held));
    StreamRecord rival =
        new StreamRecord("cam-1", "r1", "bob", "Bob", "s2", "gw-2", "rival", 1_700_000_009_000L);
    assertEquals(held, await(streams.add(rival)));
    assertEquals(
        held,
        await(streams.add(held.withExtraInfo("retry"))),
        "the same session's retry gets its own stream");
    assertEquals(held, await(streams.get("cam-1")));
    assertEquals(List.of(held), await(streams.inRoom("r1")));
  }

  @Test
  void streamIdsAreUniqueAcrossRooms() {
    StreamRecord held = stream("cam-1", "r1", "alice", "s1");
    await(streams.add(held));
    assertEquals(
        held,
        await(streams.add(stream("cam-1", "r2", "bob", "s2"))),
        "streamIDs are deployment-wide");
    assertEquals(
        List.of(), await(streams.inRoom("r2")), "the refused stream is not listed in its room");
    assertEquals(List.of(held), await(streams.inRoom("r1")));
    assertEquals(held, await(streams.get("cam-1")));
  }

  @Test
  void unknownStreamsAndRoomsAreEmpty() {
    assertNull(await(streams.get("ghost")));
    assertEquals(List.of(), await(streams.inRoom("ghost-room")));
    await(streams.add(stream("cam-1", "r1", "alice", "s1")));
    assertNull(await(streams.get("cam")), "no prefix matching");
    assertEquals(List.of(), await(streams.inRoom("r")));
  }

  @Test
  void inRoomIsSortedByStreamIdAndHoldsOnlyThatRoomsStreams() {
    StreamRecord b = stream("b", "r1", "u1", "s1");
    StreamRecord a = stream("a", "r1", "u2", "s2");
    StreamRecord x = stream("x", "r2", "u1", "s1");
    StreamRecord c10 = stream("c-10", "r1", "u3", "s3");
    StreamRecord c02 = stream("c-02", "r1", "u1", "s1");
    StreamRecord upper = stream("Z", "r1", "u4", "s4");
    for (StreamRecord s : List.of(b, a, x, c10, c02, upper)) {
      assertNull(await(streams.add(s)));
    }
    assertEquals(List.of(upper, a, b, c02, c10), await(streams.inRoom("r1")));
    assertEquals(List.of(x), await(streams.inRoom("r2")));
  }

  @Test
  void recordsSurviveTheStoreExactly() {
    StreamRecord tricky =
        new StreamRecord(
            "screen/1:ü",
            "r1",
            "user-1",
            "Zoë \"Z\" O'Brien 🎥",
            "s1",
            "gw-1",
            "{\"w\":1280,\"h\":720}\n\\ / ünïcødé",
            1_700_000_123_456L);
    StreamRecord bare = new StreamRecord("bare", "r1", "user-2", "", "s2", "gw-1", null, 0L);
    assertNull(await(streams.add(tricky)));
    assertNull(await(streams.add(bare)));
    assertEquals(tricky, await(streams.get(tricky.streamId())));
    assertEquals(bare, await(streams.get("bare")), "a null extra info stays null");
    assertEquals(List.of(bare, tricky), await(streams.inRoom("r1")));
  }

  // ---- remove

  @Test
  void removeByTheHoldingSessionRemovesAndReturnsTheStream() {
    StreamRecord s = stream("cam-1", "r1", "alice", "s1");
    StreamRecord other = stream("cam-2", "r1", "bob", "s2");
    await(streams.add(s));
    await(streams.add(other));
    assertEquals(s, await(streams.remove("cam-1", "s1")));
    assertNull(await(streams.get("cam-1")));
    assertEquals(List.of(other), await(streams.inRoom("r1")));
    assertNull(await(streams.remove("cam-1", "s1")), "a second remove finds nothing");

    StreamRecord reuse = stream("cam-1", "r2", "carol", "s3");
    assertNull(await(streams.add(reuse)), "a removed streamID is free again");
    assertEquals(reuse, await(streams.get("cam-1")));
  }

  @Test
  void removeByAnotherSessionReturnsNullAndKeepsTheStream() {
    StreamRecord s = stream("cam-1", "r1", "alice", "s1");
    await(streams.add(s));
    assertNull(await(streams.remove("cam-1", "s2")));
    assertNull(await(streams.remove("cam-1", "")));
    assertEquals(s, await(streams.get("cam-1")));
    assertEquals(List.of(s), await(streams.inRoom("r1")));
  }

  @Test
  void removeWithoutSessionRemovesWhicheverSessionHoldsIt() {
    StreamRecord s = stream("cam-1", "r1", "alice", "s1");
    StreamRecord kept = stream("cam-2", "r1", "alice", "s1");
    await(streams.add(s));
    await(streams.add(kept));
    assertEquals(s, await(streams.remove("cam-1", null)));
    assertNull(await(streams.get("cam-1")));
    assertEquals(List.of(kept), await(streams.inRoom("r1")));
  }

  @Test
  void removeOfAnUnknownStreamReturnsNull() {
    assertNull(await(streams.remove("ghost", "s1")));
    assertNull(await(streams.remove("ghost", null)));
  }

  // ---- setExtraInfo

  @Test
  void setExtraInfoByTheHoldingSessionReplacesIt() {
    StreamRecord s = stream("cam-1", "r1", "alice", "s1");
    StreamRecord neighbour = stream("cam-0", "r1", "bob", "s2");
    await(streams.add(s));
    await(streams.add(neighbour));

    StreamRecord updated = await(streams.setExtraInfo("cam-1", "s1", "{\"muted\":true} ünï / \\"));
    assertEquals(s.withExtraInfo("{\"muted\":true} ünï / \\"), updated);
    assertEquals(updated, await(streams.get("cam-1")));
    assertEquals(List.of(neighbour, updated), await(streams.inRoom("r1")));

    StreamRecord again = await(streams.setExtraInfo("cam-1", "s1", ""));
    assertEquals(s.withExtraInfo(""), again);
    assertEquals(again, await(streams.get("cam-1")));
    assertEquals(List.of(neighbour, again), await(streams.inRoom("r1")));
  }

  @Test
  void setExtraInfoOnAStreamWithoutExtraInfo() {
    StreamRecord bare =
        new StreamRecord("bare", "r1", "alice", "Alice", "s1", "gw-1", null, 1_700_000_000_001L);
    await(streams.add(bare));
    assertEquals(
        bare.withExtraInfo("now some"), await(streams.setExtraInfo("bare", "s1", "now some")));
    assertEquals(bare.withExtraInfo("now some"), await(streams.get("bare")));
  }

  @Test
  void setExtraInfoByAnotherSessionReturnsNullAndChangesNothing() {
    StreamRecord s = stream("cam-1", "r1", "alice", "s1");
    await(streams.add(s));
    assertNull(await(streams.setExtraInfo("cam-1", "s2", "hijack")));
    assertNull(await(streams.setExtraInfo("cam-1", "", "hijack")));
    assertNull(
        await(streams.setExtraInfo("cam-1", null, "hijack")),
        "no session is not the holding session");
    assertNull(await(streams.setExtraInfo("ghost", "s1", "nothing to update")));
    assertEquals(s, await(streams.get("cam-1")));
    assertEquals(List.of(s), await(streams.inRoom("r1")));
    assertNull(await(streams.get("ghost")), "updating an unknown stream must not create it");
    assertEquals(List.of(s), await(streams.inRoom("r1")));
  }

  // ---- rebind

  @Test
  void rebindMovesOnlyThatSessionsStreamsInThatRoom() {
    StreamRecord a = stream("a", "r1", "alice", "s1");
    StreamRecord b =
        new StreamRecord("b", "r1", "alice", "Alice", "s1", "gw-1", null, 1_700_000_000_002L);
    StreamRecord elsewhere = stream("c", "r2", "alice", "s1");
    StreamRecord bobs = stream("d", "r1", "bob", "s2");
    for (StreamRecord s : List.of(a, b, elsewhere, bobs)) {
      await(streams.add(s));
    }
    StreamRecord aWithExtra = await(streams.setExtraInfo("a", "s1", "kept across the move"));

    assertEquals(2, await(streams.rebind("r1", "s1", "gw-9")));
    StreamRecord aMoved = aWithExtra.withGateway("gw-9");
    StreamRecord bMoved = b.withGateway("gw-9");
    assertEquals(aMoved, await(streams.get("a")), "only the gateway changes");
    assertEquals(bMoved, await(streams.get("b")));
    assertEquals(elsewhere, await(streams.get("c")), "another room's stream stays");
    assertEquals(bobs, await(streams.get("d")), "another session's stream stays");
    assertEquals(List.of(aMoved, bMoved, bobs), await(streams.inRoom("r1")));
    assertEquals(List.of(elsewhere), await(streams.inRoom("r2")));

    assertEquals(
        2, await(streams.rebind("r1", "s1", "gw-9")), "rebinding to the same gateway still counts");
    assertEquals(List.of(aMoved, bMoved, bobs), await(streams.inRoom("r1")));
    assertEquals(
        aMoved.withExtraInfo("after"),
        await(streams.setExtraInfo("a", "s1", "after")),
        "the session still holds its moved streams");
    assertEquals(aMoved.withExtraInfo("after"), await(streams.remove("a", "s1")));
  }

  @Test
  void rebindOfNothingReturnsZero() {
    StreamRecord s = stream("a", "r1", "alice", "s1");
    await(streams.add(s));
    assertEquals(0, await(streams.rebind("r1", "other-session", "gw-9")));
    assertEquals(0, await(streams.rebind("ghost-room", "s1", "gw-9")));
    assertEquals(s, await(streams.get("a")));
  }

  // ---- the owning peer: markPeerLive / removePeer

  private static StreamRecord withMedia(
      String streamId, String sessionId, String nodeId, String peerId) {
    return new StreamRecord(
        streamId,
        "r1",
        "alice",
        "Alice",
        sessionId,
        "gw-1",
        "",
        1_700_000_000_000L,
        nodeId,
        false,
        peerId);
  }

  @Test
  void theOwningPeerIsKeptAndOnlyItMakesTheStreamLive() {
    StreamRecord s = withMedia("cam", "s1", "media-1", "pub-new");
    assertNull(await(streams.add(s)));
    assertEquals(s, await(streams.get("cam")), "the peer is stored with the stream");
    assertNull(
        await(streams.markPeerLive("cam", "media-1", "pub-old")), "an older peer of the streamID");
    assertNull(
        await(streams.markPeerLive("cam", "media-2", "pub-new")),
        "the same peer id on another node");
    assertNull(await(streams.markPeerLive("ghost", "media-1", "pub-new")));
    assertNull(await(streams.markPeerLive("cam", null, null)));
    assertEquals(s, await(streams.get("cam")), "stale reports changed nothing");
    assertEquals(s.asLive(), await(streams.markPeerLive("cam", "media-1", "pub-new")));
    assertNull(await(streams.markPeerLive("cam", "media-1", "pub-new")), "live once");
    assertEquals(List.of(s.asLive()), await(streams.inRoom("r1")));
  }

  @Test
  void onlyTheOwningPeerRemovesTheStream() {
    StreamRecord s = withMedia("cam", "s1", "media-1", "pub-new");
    await(streams.add(s));
    assertNull(
        await(streams.removePeer("cam", "media-1", "pub-old")), "a stale close of an older peer");
    assertNull(await(streams.removePeer("cam", "media-2", "pub-new")));
    assertNull(await(streams.removePeer("cam", null, null)));
    assertEquals(List.of(s), await(streams.inRoom("r1")));
    assertEquals(s, await(streams.removePeer("cam", "media-1", "pub-new")));
    assertNull(await(streams.get("cam")));
    assertEquals(List.of(), await(streams.inRoom("r1")));
    assertNull(await(streams.removePeer("cam", "media-1", "pub-new")), "removed once");
  }

  @Test
  void aStreamWithoutPeerIsNeverOwnedByAReport() {
    StreamRecord signaling = stream("sig", "r1", "alice", "s1");
    await(streams.add(signaling));
    assertNull(await(streams.markPeerLive("sig", "media-1", "pub-1")));
    assertNull(await(streams.removePeer("sig", "media-1", "pub-1")));
    assertEquals(signaling, await(streams.get("sig")));
  }

  // ---- concurrency

  @Test
  void concurrentAddsOfOneStreamIdHaveExactlyOneWinner() throws Exception {
    int racers = 30;
    List<StreamRecord> candidates = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      candidates.add(
          new StreamRecord(
              "contested",
              "room-" + i % 3,
              "user-" + i,
              "User " + i,
              "session-" + i,
              "gw-" + i % 4,
              "x" + i,
              1_700_000_000_000L + i));
    }
    List<StreamRecord> results = concurrently(racers, i -> streams.add(candidates.get(i)));

    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      if (results.get(i) == null) {
        winners.add(i);
      }
    }
    assertEquals(1, winners.size(), "exactly one add may succeed, got " + winners);
    StreamRecord winner = candidates.get(winners.get(0));
    for (int i = 0; i < racers; i++) {
      if (i != winners.get(0)) {
        assertEquals(winner, results.get(i), "racer " + i + " must see the winner");
      }
    }
    assertEquals(winner, await(streams.get("contested")));
    for (int r = 0; r < 3; r++) {
      String roomId = "room-" + r;
      assertEquals(
          roomId.equals(winner.roomId()) ? List.of(winner) : List.of(),
          await(streams.inRoom(roomId)),
          roomId);
    }
  }

  @Test
  void concurrentAddsOfDistinctStreamIdsAllSucceed() throws Exception {
    int racers = 30;
    List<StreamRecord> results =
        concurrently(
            racers,
            i ->
                streams.add(
                    stream(String.format("s-%02d", i), "crowded", "user-" + i, "session-" + i)));
    assertTrue(results.stream().allMatch(Objects::isNull), "distinct streamIDs never collide");
    List<StreamRecord> listed = await(streams.inRoom("crowded"));
    assertEquals(racers, listed.size());
    for (int i = 0; i < racers; i++) {
      assertEquals(String.format("s-%02d", i), listed.get(i).streamId());
      assertNotNull(await(streams.get(listed.get(i).streamId())));
    }
  }

  protected static StreamRecord stream(
      String streamId, String roomId, String userId, String sessionId) {
    return new StreamRecord(
        streamId,
        roomId,
        userId,
        "Name of " + userId,
        sessionId,
        "gw-1",
        "extra of " + streamId,
        1_700_000_000_000L + Math.abs(streamId.hashCode() % 1000));
  }
}

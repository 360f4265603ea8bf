package io.liveroom.chat;

import io.liveroom.chat.store.BroadcastHistory;
import io.liveroom.infra.contracts.BarrageReceived;
import io.liveroom.infra.contracts.BarrageSent;
import io.liveroom.infra.contracts.BroadcastReceived;
import io.liveroom.infra.contracts.BroadcastSent;
import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.CustomCommandDelivered;
import io.liveroom.infra.contracts.CustomCommandSent;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.GetMessages;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.SendBarrage;
import io.liveroom.infra.contracts.SendBroadcast;
import io.liveroom.infra.contracts.SendCustomCommand;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.MembershipStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IM: reliable sequenced broadcast with history, merged best-effort barrage, custom commands to
 * listed members. Every request is checked in the same order: fields and size, then the sender's
 * membership (its session must hold it; a null session is a server-side send), both {@link
 * MessageChecks}, then the per-user and per-room rates ({@link ChatRates}). Barrage is queued per
 * room and pushed by {@link #flushBarrage} (every tick) or as soon as a room's batch is full.
 */
public final class ChatService {
  private final BroadcastHistory history;
  private final MembershipStore members;
  private final ChatEvents events;
  private final ChatConfig config;
  private final Clock clock;
  private final MessageChecks checks;
  private final ChatRates rates;
  private final BarrageMerger barrage;
  private final AtomicLong barrageIds = new AtomicLong();
  private final ChatMetrics metrics = new ChatMetrics();

  /** Told when a barrage message waits for the next tick (the verticle arms its timer then). */
  private volatile Runnable barrageQueued = () -> {};

  public ChatService(
      BroadcastHistory history,
      MembershipStore members,
      ChatEvents events,
      ChatConfig config,
      Clock clock) {
    this.history = history;
    this.members = members;
    this.checks = new MessageChecks(members, config.maxMessageBytes());
    this.rates = new ChatRates(config);
    this.events = events;
    this.config = config;
    this.clock = clock;
    this.barrage = new BarrageMerger(config.barrageMaxBatch());
  }

  public ChatMetrics metrics() {
    return metrics;
  }

  /**
   * Sequences, stores and publishes one broadcast; replies with its sequence number and server
   * time.
   */
  public Future<BroadcastSent> broadcast(SendBroadcast send) {
    return checks
        .message(send.roomId(), send.userId(), send.userName(), send.sessionId(), send.message())
        .compose(
            from -> {
              long now = clock.millis();
              rates.broadcast(send.sessionId(), send.userId(), send.roomId(), now);
              return history.append(send.roomId(), from, send.message(), now);
            })
        .compose(
            data ->
                events
                    .record(
                        LiveEvent.draft(
                            send.roomId(),
                            data.sendTime(),
                            new EventPayload.MessageBroadcast(
                                data.messageId(),
                                data.fromUser().userId(),
                                data.fromUser().userName(),
                                data.message(),
                                data.sendTime())))
                    .map(data))
        .map(
            data -> {
              events.publish(send.roomId(), new BroadcastReceived(send.roomId(), List.of(data)));
              metrics.broadcasts.increment();
              return new BroadcastSent(send.roomId(), data.messageId(), data.sendTime());
            })
        .onFailure(this::count);
  }

  /** Queues one barrage message for the room's next push; over the room's budget it is dropped. */
  public Future<BarrageSent> barrage(SendBarrage send) {
    return checks
        .message(send.roomId(), send.userId(), send.userName(), send.sessionId(), send.message())
        .map(
            from -> {
              long now = clock.millis();
              rates.barrageUser(send.sessionId(), send.userId(), now);
              if (!rates.barrageRoom(send.roomId(), now)) {
                metrics.barrageDropped.increment();
                throw ErrorCode.BARRAGE_THROTTLED.exception(
                    "room "
                        + send.roomId()
                        + " is over its barrage budget of "
                        + config.barrageRoomBudgetPerSecond()
                        + "/s; the message was dropped");
              }
              ChatData data = new ChatData(barrageIds.incrementAndGet(), from, now, send.message());
              metrics.barrageAccepted.increment();
              List<ChatData> full = barrage.add(send.roomId(), data);
              if (full != null) {
                publishBarrage(send.roomId(), full);
              } else {
                barrageQueued.run();
              }
              return new BarrageSent(send.roomId(), data.messageId(), now);
            })
        .onFailure(this::count);
  }

  /** Runs {@code r} whenever a barrage message is left waiting for {@link #flushBarrage}. */
  public void onBarrageQueued(Runnable r) {
    barrageQueued = r;
  }

  /** Pushes every room's queued barrage as one event per room; returns the number of events. */
  public int flushBarrage() {
    Map<String, List<ChatData>> batches = barrage.drain();
    batches.forEach(this::publishBarrage);
    return batches.size();
  }

  private void publishBarrage(String roomId, List<ChatData> batch) {
    metrics.barrageBatches.increment();
    events.publish(roomId, new BarrageReceived(roomId, batch));
  }

  /**
   * Delivers a command to each listed member's session; replies with the userIDs not in the room.
   */
  public Future<CustomCommandSent> command(SendCustomCommand send) {
    List<String> to = new ArrayList<>(MessageChecks.recipients(send.toUserIds()));
    return MessageChecks.attempt(
            () -> {
              checks.fields(send.roomId(), send.fromUserId(), send.command());
              if (to.isEmpty()) {
                throw ErrorCode.INVALID_FIELD.exception("toUserIDs: name at least one userID");
              }
              if (to.size() > config.maxCommandRecipients()) {
                throw ErrorCode.TOO_MANY_RECIPIENTS.exception(
                    to.size() + " recipients, at most " + config.maxCommandRecipients());
              }
              return checks.sender(
                  send.roomId(), send.fromUserId(), send.fromUserName(), send.sessionId());
            })
        .compose(
            from -> {
              long now = clock.millis();
              rates.command(send.sessionId(), send.fromUserId(), send.roomId(), now);
              List<Future<Member>> lookups =
                  to.stream().map(userId -> members.member(send.roomId(), userId)).toList();
              return Future.all(lookups)
                  .map(
                      all -> {
                        List<String> notInRoom = new ArrayList<>();
                        for (int i = 0; i < to.size(); i++) {
                          Member m = lookups.get(i).result();
                          if (m == null) {
                            notInRoom.add(to.get(i));
                          } else {
                            events.deliver(
                                m.gatewayId(),
                                new CustomCommandDelivered(
                                    m.sessionId(), send.roomId(), from, send.command()));
                            metrics.commandDeliveries.increment();
                          }
                        }
                        metrics.commands.increment();
                        return new CustomCommandSent(send.roomId(), notInRoom);
                      });
            })
        .onFailure(this::count);
  }

  /** The room's broadcast history after {@code afterSeq}, one page of at most messagesPageMax. */
  public Future<MessagesPage> messages(GetMessages get) {
    return MessageChecks.attempt(
            () -> {
              MessageChecks.requireId(get.roomId(), "roomID");
              if (get.sessionId() != null) {
                MessageChecks.requireId(get.userId(), "userID");
              }
              return checks.sender(get.roomId(), get.userId(), null, get.sessionId());
            })
        .compose(
            from -> {
              int limit =
                  get.limit() <= 0
                      ? config.messagesPageMax()
                      : Math.min(get.limit(), config.messagesPageMax());
              return history.after(
                  get.roomId(), Math.max(0, get.afterSeq()), limit, clock.millis());
            })
        .onFailure(this::count);
  }

  /** Forgets idle rate-limit state; call about once a second. */
  public void sweep() {
    rates.sweep(clock.millis());
  }

  private void count(Throwable failure) {
    ErrorCode code = failure instanceof ServiceException se ? se.code() : ErrorCode.INTERNAL;
    switch (code) {
      case BROADCAST_USER_RATE_LIMITED,
          BROADCAST_ROOM_RATE_LIMITED,
          BARRAGE_USER_RATE_LIMITED,
          COMMAND_USER_RATE_LIMITED,
          COMMAND_ROOM_RATE_LIMITED ->
          metrics.rateLimited.increment();
      case BARRAGE_THROTTLED -> {} // counted as barrageDropped where it happens
      default -> metrics.rejected.increment();
    }
  }
}

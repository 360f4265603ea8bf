// liveroom browser SDK: the ZEGO Express Web shape over the liveroom WebSocket protocol
// (docs/protocol.md). One ES module, no dependencies, no build step. Also served as a classic
// script at /sdk/liveroom.global.js (the same file without its export lines): global LiveRoomEngine.
// API reference: docs/sdk.md.

/**
 * @typedef {{userID: string, userName?: string}} ZegoUser
 * @typedef {{streamID: string, user: ZegoUser, extraInfo: string}} ZegoStreamInfo
 * @typedef {{messageID: number, fromUser: ZegoUser, sendTime: number, message: string}} ZegoChatData
 * @typedef {{userUpdate?: boolean, maxMemberCount?: number, mode?: 'live'|'p2p'}} ZegoRoomConfig
 * @typedef {{camera?: {audio?: boolean, video?: boolean, videoQuality?: 1|2|3|4, width?: number, height?: number,
 *   frameRate?: number, bitrate?: number, audioInput?: string, videoInput?: string},
 *   screen?: {audio?: boolean, video?: boolean|object}}} ZegoStreamSource
 * @typedef {{deviceName: string, deviceID: string}} ZegoDeviceInfo
 * @typedef {{microphones: ZegoDeviceInfo[], speakers: ZegoDeviceInfo[], cameras: ZegoDeviceInfo[],
 *   audioInputs: MediaDeviceInfo[], videoInputs: MediaDeviceInfo[], audioOutputs: MediaDeviceInfo[]}} ZegoDeviceInfos
 * @typedef {{width?: number, height?: number, frameRate?: number, maxBitrate?: number}} ZegoPublishVideoConfig
 * @typedef {{objectFit?: 'cover'|'contain'|'fill', mirror?: boolean, muted?: boolean}} ZegoStreamViewOptions
 * @typedef {{state: string, streamID: string, errorCode: number, extendedData: string}} ZegoStateResult
 * @typedef {{errorCode: number, extendedData?: string, messageID?: number}} ZegoIMResult
 * @typedef {{webRTC: boolean, camera: boolean, microphone: boolean, screenSharing: boolean,
 *   videoCodec: {H264: boolean, VP8: boolean}, errInfo: object}} ZegoCapabilityResult
 * @typedef {{roomID: string, token: string, user: ZegoUser, config: ZegoRoomConfig, mode: string,
 *   users: Map<string, ZegoUser>, streams: Map<string, ZegoStreamInfo>, iceServers: RTCIceServer[], simulcastLayers: number,
 *   lastSeq: number|null, floorSeq: number, seen: Set<number>, replaying: Promise<void>|null}} RoomState
 */

export const VERSION = '0.1.0';
const QUALITY_INTERVAL_MS = 3000;
const REQUEST_TIMEOUT_MS = 15000;
const MEDIA_RETRY_LIMIT = 5;
/** The least soundLevel (0..100) that makes a stream its room's active speaker. */
const ACTIVE_SPEAKER_LEVEL = 10;
/** How long ICE may stay `disconnected` (a brief outage recovers by itself) before an ICE restart. */
const ICE_DISCONNECTED_GRACE_MS = 1000;
/**
 * A connected media connection that received nothing this long (no media, no RTCP, no STUN; the
 * node sends RTCP every second) lost its path before Chrome says so (it takes ~7 s to go
 * `disconnected`): it gets an ICE restart at once. At most once per MEDIA_SILENCE_RESTART_MS.
 */
const MEDIA_SILENCE_MS = 2000;
const MEDIA_SILENCE_RESTART_MS = 10000;
/** How long an ICE restart has to reconnect before the stream is published/played again. */
const ICE_RESTART_TIMEOUT_MS = 8000;
const CLOSE_NORMAL = 1000;
/**
 * The server's error codes by name: infra's ErrorCode enum, one entry per constant (SdkErrorCodesTest
 * checks this table against it). docs/protocol.md lists what each means.
 */
export const ErrorCode = Object.freeze({
  BAD_REQUEST: 1000001,
  MALFORMED_JSON: 1000002,
  UNKNOWN_TYPE: 1000003,
  INVALID_FIELD: 1000004,
  FRAME_TOO_LARGE: 1000005,
  RATE_LIMITED: 1000006,
  BODY_TOO_LARGE: 1000007,
  UNSUPPORTED_MEDIA_TYPE: 1000008,
  SERVICE_TIMEOUT: 1000010,
  SERVICE_UNAVAILABLE: 1000011,
  SHUTTING_DOWN: 1000012,
  INTERNAL: 1000099,
  TOKEN_MISSING: 1001001,
  TOKEN_MALFORMED: 1001002,
  TOKEN_BAD_SIGNATURE: 1001003,
  TOKEN_EXPIRED: 1001004,
  TOKEN_WRONG_USER: 1001005,
  TOKEN_WRONG_ROOM: 1001006,
  TOKEN_NO_LOGIN_PRIVILEGE: 1001007,
  TOKEN_NO_PUBLISH_PRIVILEGE: 1001008,
  TOKEN_STREAM_NOT_ALLOWED: 1001009,
  ADMIN_UNAUTHORIZED: 1001010,
  NOT_LOGGED_IN: 1002001,
  ROOM_FULL: 1002002,
  TOO_MANY_ROOMS: 1002003,
  ALREADY_IN_ROOM: 1002004,
  ROOM_NOT_FOUND: 1002005,
  ROOM_MODE_MISMATCH: 1002006,
  EXTRA_INFO_TOO_LARGE: 1002010,
  EXTRA_INFO_TOO_MANY_KEYS: 1002011,
  SESSION_NOT_RESUMABLE: 1002020,
  NOT_P2P_ROOM: 1002030,
  PEER_NOT_IN_ROOM: 1002031,
  USER_NOT_IN_ROOM: 1002032,
  KICKED_DUPLICATE_LOGIN: 1002050,
  KICKED_BY_ADMIN: 1002055,
  KICKED_ROOM_CLOSED: 1002056,
  SESSION_EXPIRED: 1002060,
  STREAM_ID_TAKEN: 1003001,
  STREAM_NOT_FOUND: 1003002,
  NOT_STREAM_OWNER: 1003003,
  TOO_MANY_STREAMS: 1003004,
  STREAM_EXTRA_INFO_TOO_LARGE: 1003005,
  STREAM_STOPPED_BY_SERVER: 1003010,
  PUBLISH_PRIVILEGE_REVOKED: 1003011,
  MESSAGE_EMPTY: 1004001,
  MESSAGE_TOO_LARGE: 1004002,
  BROADCAST_USER_RATE_LIMITED: 1004010,
  BROADCAST_ROOM_RATE_LIMITED: 1004011,
  BARRAGE_USER_RATE_LIMITED: 1004012,
  BARRAGE_THROTTLED: 1004013,
  COMMAND_USER_RATE_LIMITED: 1004014,
  COMMAND_ROOM_RATE_LIMITED: 1004015,
  TOO_MANY_RECIPIENTS: 1004016,
  INVALID_SDP: 1006001,
  MEDIA_PEER_NOT_FOUND: 1006002,
  MEDIA_ICE_FAILED: 1006010,
  MEDIA_CONNECT_TIMEOUT: 1006011,
  MEDIA_DTLS_FAILED: 1006012,
  MEDIA_CONSENT_EXPIRED: 1006013,
  MEDIA_PUBLISHER_GONE: 1006014,
  MEDIA_UNAVAILABLE: 1006020,
  MEDIA_NODE_LOST: 1006021,
  MEDIA_NODE_DRAINED: 1006022,
  MEDIA_NODE_FULL: 1006023,
  TOO_MANY_MEDIA_RESOURCES: 1006030,
  EGRESS_UNAVAILABLE: 1010001,
  EGRESS_JOB_NOT_FOUND: 1010002,
  EGRESS_TRANSCODE_DISABLED: 1010003,
  EGRESS_FAILED: 1010004,
});

/**
 * Errors the SDK raises itself, never sent by the server: the client-only range 1900001-1900999
 * (docs/sdk.md, docs/protocol.md).
 */
export const ClientErrorCode = Object.freeze({
  /** The WebSocket did not open within connectTimeoutMs. */
  CONNECT_TIMEOUT: 1900001,
  /** The WebSocket could not be opened, or closed before it was. */
  CONNECT_FAILED: 1900002,
  /** A request was made while no connection is open. */
  NOT_CONNECTED: 1900003,
  /** The connection closed while a request waited for its reply. */
  DISCONNECTED: 1900004,
  /** A request got no reply within the SDK's request timeout. */
  REQUEST_TIMEOUT: 1900005,
  /** Publishing or playing failed MEDIA_RETRY_LIMIT times in a row; the SDK gave up. */
  RETRY_EXHAUSTED: 1900006,
  /** The browser lacks what the call needs (e.g. MediaRecorder for startRecording). */
  NOT_SUPPORTED: 1900007,
  /** A camera or microphone could not be opened (not found, busy, or the constraints cannot be met). */
  DEVICE_ERROR: 1900008,
  /** The user or the browser denied access to the camera or microphone. */
  DEVICE_PERMISSION_DENIED: 1900009,
  /** A capturing device stopped delivering (unplugged, taken by another app): its track ended. */
  DEVICE_DISCONNECTED: 1900010,
  /** A view could not start playing with sound (autoplay policy); it plays muted until resume(). */
  AUTOPLAY_FAILED: 1900011,
});

/** The room's media node went away (lost, drained): publish again now, play again once the stream is back. */
const NODE_MOVED = new Set([ErrorCode.MEDIA_NODE_LOST, ErrorCode.MEDIA_NODE_DRAINED]);
/** Failures after which the SDK publishes or plays again: the connection or a service was away for a moment. */
const TRANSIENT = new Set([ErrorCode.SERVICE_TIMEOUT, ErrorCode.SERVICE_UNAVAILABLE, ClientErrorCode.CONNECT_TIMEOUT,
  ClientErrorCode.CONNECT_FAILED, ClientErrorCode.NOT_CONNECTED, ClientErrorCode.DISCONNECTED,
  ClientErrorCode.REQUEST_TIMEOUT]);
/** Media failures (the 1006xxx block): the SDK publishes or plays again, up to MEDIA_RETRY_LIMIT times. */
const isMediaCode = (code) => code >= ErrorCode.INVALID_SDP && code < ErrorCode.INVALID_SDP + 1000;
/** A client-side error: the code and its name from ClientErrorCode. */
const clientError = (name, message) => new LiveRoomError(ClientErrorCode[name], name, message);
/** NO_PUBLISH codes of a stream the server stopped: not retried. */
const SERVER_STOPS = [ErrorCode.STREAM_STOPPED_BY_SERVER, ErrorCode.PUBLISH_PRIVILEGE_REVOKED];

/** An error with the protocol's numeric code and name, as loginRoom and friends reject with. */
export class LiveRoomError extends Error {
  /** @param {number} code @param {string} name @param {string} [message] */
  constructor(code, name, message) {
    super(message || name);
    this.code = code;
    this.name = name;
    /** ZEGO calls the text `msg`. */
    this.msg = this.message;
  }
}

/** ZEGO's camera videoQuality presets (createStream): size, frame rate, bitrate in kbps. */
const VIDEO_QUALITY = Object.freeze({
  1: { width: 320, height: 240, frameRate: 15, bitrate: 300 },
  2: { width: 640, height: 480, frameRate: 15, bitrate: 800 },
  3: { width: 1280, height: 720, frameRate: 20, bitrate: 1500 },
});

/** A getUserMedia failure as a LiveRoomError: permission denied, or the device cannot be opened. */
function deviceError(e) {
  const denied = e?.name === 'NotAllowedError' || e?.name === 'SecurityError';
  return clientError(denied ? 'DEVICE_PERMISSION_DENIED' : 'DEVICE_ERROR', `${e?.name || 'Error'}: ${e?.message || e?.constraint || ''}`);
}

const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));

/** Waits (at most 2 s) for ICE gathering so the offer carries the host candidates. */
/** Simulcast encodings, best first (rids f, h, q). */
const SIMULCAST_LAYERS = [
  { rid: 'f', maxBitrate: 1_500_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 400_000 },
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
];

/** The player's layer choice travels to the media node as a session attribute of the offer it is sent. */
function withVideoLayer(sdp, layer) {
  return layer ? sdp.replace(/\r\nt=0 0\r\n/, '\r\nt=0 0\r\na=x-liveroom-video-layer:' + layer + '\r\n') : sdp;
}

function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise(resolve => {
    const done = () => { if (pc.iceGatheringState === 'complete') resolve(); };
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, 2000);
  });
}

/**
 * The engine: one WebSocket session to a liveroom gateway, the rooms it is in, the streams it
 * publishes and plays. Method and event names, argument order and results follow ZEGO Express Web.
 */
export class LiveRoomEngine {
  /**
   * @param {number|string} appID kept for ZEGO compatibility (sent nowhere; the token decides)
   * @param {string} server the gateway's WebSocket URL, e.g. `ws://localhost:8080/ws`
   * @param {{reconnectMaxMs?: number, echoOwnMessages?: boolean}} [options]
   */
  constructor(appID, server, options = {}) {
    this.appID = appID;
    this.server = server || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.options = { reconnectMaxMs: 30000, echoOwnMessages: false, ...options };
    /** @type {Map<string, Set<Function>>} */ this._handlers = new Map();
    /** @type {WebSocket|null} */ this._ws = null;
    this._session = null;
    this._connecting = null;
    this._nextId = 1;
    /** @type {Map<number, {resolve: Function, reject: Function, timer: any}>} */ this._pending = new Map();
    /** @type {Map<string, RoomState>} */ this._rooms = new Map();
    /** @type {Map<string, any>} */ this._publishers = new Map();
    /** @type {Map<string, any>} */ this._players = new Map();
    /** @type {Map<string, any>} */ this._calls = new Map();
    this._reconnecting = false;
    this._lastSent = 0;
    this._heartbeat = null;
    this._qualityTimer = null;
    this._verbose = false;
    /** @type {WeakMap<MediaStream, object>} capture and encoding settings per local stream */ this._localConfigs = new WeakMap();
    /** @type {Set<StreamView>} */ this._views = new Set();
    this._speaker = null;
    this._devices = null;
  }

  // ---- events ----------------------------------------------------------------------------

  /** Registers a handler for an event (ZEGO names: roomStateChanged, roomStreamUpdate, ...). */
  on(event, handler) {
    if (typeof handler !== 'function') return false;
    if (!this._handlers.has(event)) this._handlers.set(event, new Set());
    this._handlers.get(event).add(handler);
    return true;
  }

  /** Removes one handler, or every handler of the event when none is given. */
  off(event, handler) {
    if (!handler) return this._handlers.delete(event);
    return this._handlers.get(event)?.delete(handler) ?? false;
  }

  _emit(event, ...args) {
    if (this._verbose) console.debug('[liveroom]', event, ...args);
    for (const handler of [...(this._handlers.get(event) || [])]) {
      try { handler(...args); } catch (e) { console.error(`[liveroom] ${event} handler threw`, e); }
    }
  }

  getVersion() { return VERSION; }
  setDebugVerbose(enable) { this._verbose = !!enable; }
  setLogConfig() { return true; }

  // ---- connection, requests, heartbeat, reconnect ------------------------------------------

  /** Opens a socket and waits for sessionOpened; resolves with it. */
  _open() {
    return new Promise((resolve, reject) => {
      let opened = false;
      const ws = new WebSocket(this.server);
      const timer = setTimeout(() => { if (!opened) { ws.close(); reject(clientError('CONNECT_TIMEOUT')); } },
        REQUEST_TIMEOUT_MS);
      ws.onmessage = (m) => {
        let frame;
        try { frame = JSON.parse(m.data); } catch { return; }
        if (!opened && frame.event === 'sessionOpened') {
          opened = true;
          clearTimeout(timer);
          resolve({ ws, opened: frame });
          return;
        }
        if (ws === this._ws) this._onFrame(frame);
      };
      ws.onerror = () => { if (!opened) { clearTimeout(timer); reject(clientError('CONNECT_FAILED', 'cannot reach ' + this.server)); } };
      ws.onclose = (e) => {
        if (!opened) { clearTimeout(timer); reject(clientError('CONNECT_FAILED', 'closed ' + e.code)); return; }
        if (ws === this._ws) this._onClose(e);
      };
    });
  }

  _adopt(ws, opened) {
    this._ws = ws;
    this._session = { sessionID: opened.sessionID, resumeToken: opened.resumeToken,
      heartbeatIntervalMs: opened.heartbeatIntervalMs || 10000, reconnectGraceMs: opened.reconnectGraceMs || 30000 };
    this._startHeartbeat();
  }

  /** Connects once; later calls share the same connection. */
  async _connect() {
    if (this._ws && this._ws.readyState === WebSocket.OPEN) return;
    if (!this._connecting) {
      this._connecting = this._open().then(({ ws, opened }) => this._adopt(ws, opened))
        .finally(() => { this._connecting = null; });
    }
    return this._connecting;
  }

  /** Sends a request; resolves with the reply, rejects with a LiveRoomError. */
  _request(type, fields = {}, timeoutMs = REQUEST_TIMEOUT_MS) {
    const ws = this._ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(clientError('NOT_CONNECTED', 'not connected to ' + this.server));
    }
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._pending.delete(id);
        reject(clientError('REQUEST_TIMEOUT', type + ' got no reply'));
      }, timeoutMs);
      this._pending.set(id, { resolve, reject, timer });
      this._lastSent = Date.now();
      ws.send(JSON.stringify({ id, type, ...fields }));
    });
  }

  _onFrame(frame) {
    if (frame.event) { this._onPush(frame); return; }
    const waiter = this._pending.get(frame.id);
    if (!waiter) return;
    this._pending.delete(frame.id);
    clearTimeout(waiter.timer);
    if (frame.ok) waiter.resolve(frame);
    else waiter.reject(new LiveRoomError(frame.error?.code ?? ErrorCode.INTERNAL, frame.error?.name ?? 'INTERNAL', frame.error?.message));
  }

  _failPending(reason) {
    for (const [id, waiter] of this._pending) {
      clearTimeout(waiter.timer);
      waiter.reject(clientError('DISCONNECTED', reason));
      this._pending.delete(id);
    }
  }

  _startHeartbeat() {
    clearInterval(this._heartbeat);
    const every = Math.max(1000, Math.min(this._session.heartbeatIntervalMs / 2, 10000));
    this._heartbeat = setInterval(() => {
      const ws = this._ws;
      if (!ws || ws.readyState !== WebSocket.OPEN || Date.now() - this._lastSent < every) return;
      // a heartbeat that gets no answer means a dead path: drop the socket and reconnect
      this._request('heartbeat', {}, Math.max(5000, every)).catch(() => { if (ws === this._ws) ws.close(4001, 'heartbeat lost'); });
    }, every);
  }

  _onClose(event) {
    clearInterval(this._heartbeat);
    this._ws = null;
    this._failPending('connection closed (' + event.code + ')');
    if (this._rooms.size > 0 && !this._reconnecting) this._reconnect();
  }

  /** Test and app hook: drops the gateway connection as a network failure would (the SDK reconnects). */
  _dropConnection() {
    this._ws?.close(4002, 'dropped by the app');
    return true;
  }

  /** Reconnects with exponential backoff, resumes the parked session, else logs in again. */
  async _reconnect() {
    this._reconnecting = true;
    const rooms = [...this._rooms.keys()];
    rooms.forEach(r => this._emit('roomStateChanged', r, 'RECONNECTING', 0, ''));
    const started = Date.now();
    const limit = Math.min(this.options.reconnectMaxMs, (this._session?.reconnectGraceMs ?? 30000) + 30000);
    let delay = 250;
    try {
      while (Date.now() - started < limit && this._rooms.size > 0) {
        await sleep(delay);
        delay = Math.min(delay * 2, 4000);
        let opened;
        try { opened = await this._open(); } catch { continue; }
        const old = this._session;
        this._adopt(opened.ws, opened.opened);
        try {
          const reply = await this._request('resume', { sessionID: old.sessionID, resumeToken: old.resumeToken });
          this._session.sessionID = reply.sessionID;
          this._session.resumeToken = reply.resumeToken;
          this._afterResume(reply);
          return;
        } catch (e) {
          if (e.name === 'SESSION_NOT_RESUMABLE') { await this._relogin(); return; }
          this._ws?.close(CLOSE_NORMAL);
        }
      }
      [...this._rooms.keys()].forEach(r => this._emit('roomStateChanged', r, 'RECONNECT_FAILED', ErrorCode.SESSION_EXPIRED, 'SESSION_EXPIRED'));
      this._teardownAll();
    } finally {
      this._reconnecting = false;
    }
  }

  /** Refreshes every room from the resume snapshot, replays missed broadcasts, repairs media. */
  _afterResume(reply) {
    for (const snapshot of reply.rooms || []) {
      const room = this._rooms.get(snapshot.roomID);
      if (!room) continue;
      this._refreshRoom(room, snapshot);
      this._replayMessages(room);
    }
    for (const roomID of reply.lostRooms || []) this._dropRoom(typeof roomID === 'string' ? roomID : roomID.roomID);
    this._repairMedia();
  }

  /** The session expired while away: log in again with the saved tokens and republish. */
  async _relogin() {
    const rooms = [...this._rooms.values()];
    for (const room of rooms) {
      try {
        const reply = await this._request('loginRoom', { roomID: room.roomID, token: room.token, user: room.user,
          config: room.config });
        this._refreshRoom(room, reply);
        this._emit('roomStateChanged', room.roomID, 'RECONNECTED', 0, '');
        this._replayMessages(room);
      } catch (e) {
        this._emit('roomStateChanged', room.roomID, 'RECONNECT_FAILED', e.code, e.name);
        this._dropRoom(room.roomID);
      }
    }
    for (const pub of this._publishers.values()) pub.pc?.close();
    this._repairMedia(true);
  }

  /** Replaces a room's users and streams with a fresh snapshot and emits the differences. */
  _refreshRoom(room, snapshot) {
    if (snapshot.userList && room.config.userUpdate) {
      const next = new Map(snapshot.userList.map(u => [u.userID, u]));
      const gone = [...room.users.values()].filter(u => !next.has(u.userID));
      const added = [...next.values()].filter(u => !room.users.has(u.userID));
      room.users = next;
      if (gone.length) this._emit('roomUserUpdate', room.roomID, 'DELETE', gone);
      if (added.length) this._emit('roomUserUpdate', room.roomID, 'ADD', added);
    }
    const mine = (s) => s.user?.userID === room.user.userID;
    const next = new Map((snapshot.streamList || []).filter(s => !mine(s)).map(s => [s.streamID, s]));
    const gone = [...room.streams.values()].filter(s => !next.has(s.streamID));
    const added = [...next.values()].filter(s => !room.streams.has(s.streamID));
    room.streams = next;
    if (gone.length) this._emit('roomStreamUpdate', room.roomID, 'DELETE', gone, '');
    if (added.length) this._emit('roomStreamUpdate', room.roomID, 'ADD', added, '');
    for (const s of gone) if (this._players.has(s.streamID)) this._endPlayer(s.streamID, ErrorCode.MEDIA_PUBLISHER_GONE, 'PUBLISHER_GONE');
  }

  // ---- audio levels -------------------------------------------------------------------------

  /**
   * The media node's levels of played streams (it reads the publishers' RFC 6464 audio-level
   * header extension and reports changes at most every 200 ms): soundLevelUpdate with every played
   * stream's current level, then activeSpeakerUpdate per room when its loudest stream changed.
   */
  _onSoundLevels(list) {
    this._levels ??= new Map();
    for (const l of list) this._levels.set(l.streamID, l.soundLevel);
    for (const id of [...this._levels.keys()]) if (!this._players.has(id)) this._levels.delete(id);
    this._emit('soundLevelUpdate', [...this._levels].map(([streamID, soundLevel]) => ({ streamID, soundLevel, type: 'pull' })));
    for (const room of this._rooms.values()) {
      let speaker = null;
      let loudest = ACTIVE_SPEAKER_LEVEL - 1;
      for (const [id, level] of this._levels) if (room.streams.has(id) && level > loudest) { speaker = id; loudest = level; }
      if (speaker !== (room.activeSpeaker ?? null)) {
        room.activeSpeaker = speaker;
        this._emit('activeSpeakerUpdate', room.roomID, speaker);
      }
    }
  }

  // ---- pushes -------------------------------------------------------------------------------

  _onPush(p) {
    const room = this._rooms.get(p.roomID);
    switch (p.event) {
      case 'roomStateChanged':
        if (p.reason === 'LOGOUT' && !room) break; // logoutRoom emitted it already
        if (p.reason === 'KICKOUT' || p.reason === 'LOGOUT') this._dropRoom(p.roomID);
        this._emit('roomStateChanged', p.roomID, p.reason, p.errorCode ?? 0, p.extendedData ?? '');
        break;
      case 'roomUserUpdate':
        if (room) for (const u of p.userList) p.updateType === 'ADD' ? room.users.set(u.userID, u) : room.users.delete(u.userID);
        this._emit('roomUserUpdate', p.roomID, p.updateType, p.userList);
        if (room && p.updateType === 'ADD') this._p2pPeerJoined(room);
        if (room && p.updateType === 'DELETE') this._p2pPeerLeft(room, p.userList);
        break;
      case 'roomStreamUpdate':
        if (room) for (const s of p.streamList) p.updateType === 'ADD' ? room.streams.set(s.streamID, s) : room.streams.delete(s.streamID);
        this._emit('roomStreamUpdate', p.roomID, p.updateType, p.streamList, p.extendedData ?? '');
        if (p.updateType === 'ADD') for (const s of p.streamList) this._streamBack(s.streamID);
        break;
      case 'soundLevelUpdate': this._onSoundLevels(p.soundLevels || []); break;
      case 'mediaNodeChanged':
        this._emit('mediaNodeChanged', p.roomID, { nodeID: p.nodeID ?? null, previousNodeID: p.previousNodeID ?? null,
          errorCode: p.errorCode ?? 0 });
        break;
      case 'roomStreamExtraInfoUpdate':
        if (room) for (const s of p.streamList) if (room.streams.has(s.streamID)) room.streams.get(s.streamID).extraInfo = s.extraInfo;
        this._emit('roomStreamExtraInfoUpdate', p.roomID, p.streamList);
        break;
      case 'roomExtraInfoUpdate':
        this._emit('roomExtraInfoUpdate', p.roomID, p.roomExtraInfoList);
        break;
      case 'roomOnlineUserCountUpdate':
        this._emit('roomOnlineUserCountUpdate', p.roomID, p.count);
        break;
      case 'tokenWillExpire':
        this._emit('tokenWillExpire', p.roomID, p.remainingSeconds ?? 0);
        break;
      case 'publisherStateUpdate': this._onPublisherState(p); break;
      case 'publishTrackMuteUpdate': this._onServerMute(p); break;
      case 'roomPrivilegeUpdate':
        this._emit('roomPrivilegeUpdate', p.roomID, { login: p.privileges?.login !== false, publish: !!p.privileges?.publish });
        break;
      case 'roomStreamTrackUpdate':
        this._emit('roomStreamTrackUpdate', p.roomID, { streamID: p.streamID, userID: p.userID, kind: p.kind, muted: !!p.muted });
        if (!this._publishers.has(p.streamID)) {
          const status = p.muted ? 'MUTE' : 'OPEN';
          if (p.kind === 'video') this._emit('remoteCameraStatusUpdate', p.streamID, status);
          else this._emit('remoteMicStatusUpdate', p.streamID, status);
        }
        break;
      case 'playerStateUpdate': this._onPlayerState(p); break;
      case 'IMRecvBroadcastMessage': if (room) this._onBroadcast(room, p.chatData); break;
      case 'IMRecvBarrageMessage': {
        const list = (p.chatData || []).filter(c => this.options.echoOwnMessages || !room || c.fromUser?.userID !== room.user.userID);
        if (list.length) this._emit('IMRecvBarrageMessage', p.roomID, list);
        break;
      }
      case 'IMRecvCustomCommand':
        this._emit('IMRecvCustomCommand', p.roomID, p.fromUser, p.command);
        break;
      case 'p2pSignal':
        this._emit('p2pSignal', p.roomID, p.fromUserID, p.kind, p.payload);
        if (room) this._p2pOnSignal(room, p.fromUserID, p.kind, p.payload);
        break;
      default:
        this._emit(p.event, p);
    }
  }

  // ---- rooms --------------------------------------------------------------------------------

  /**
   * Logs into a room. Resolves true; rejects with a LiveRoomError (code, name, msg).
   * @param {string} roomID @param {string} token @param {ZegoUser} user @param {ZegoRoomConfig} [config]
   * @returns {Promise<boolean>}
   */
  async loginRoom(roomID, token, user, config = {}) {
    const cfg = { userUpdate: !!config.userUpdate, maxMemberCount: config.maxMemberCount || 0, mode: config.mode || 'live' };
    const who = { userID: user.userID, userName: user.userName ?? user.userID };
    this._emit('roomStateChanged', roomID, 'LOGINING', 0, '');
    let reply;
    try {
      await this._connect();
      reply = await this._request('loginRoom', { roomID, token, user: who, config: cfg });
    } catch (e) {
      this._emit('roomStateChanged', roomID, 'LOGIN_FAILED', e.code ?? ErrorCode.INTERNAL, e.name ?? '');
      throw e;
    }
    /** @type {RoomState} */
    const room = { roomID, token, user: who, config: cfg, mode: reply.mode || cfg.mode, users: new Map(),
      streams: new Map(), iceServers: reply.iceServers || [],
      simulcastLayers: reply.simulcastLayers || 0, lastSeq: null, floorSeq: 0, seen: new Set(), replaying: null };
    for (const u of reply.userList || []) room.users.set(u.userID, u);
    this._rooms.set(roomID, room);
    const others = (reply.streamList || []).filter(s => s.user?.userID !== who.userID);
    if (others.length) {
      for (const s of others) room.streams.set(s.streamID, s);
      setTimeout(() => this._emit('roomStreamUpdate', roomID, 'ADD', others, ''), 0);
    }
    if (room.users.size && cfg.userUpdate) {
      const list = [...room.users.values()];
      setTimeout(() => this._emit('roomUserUpdate', roomID, 'ADD', list), 0);
    }
    // the room's current broadcast sequence: replay after a reconnect starts from here
    this._request('getMessages', { roomID, afterSeq: 0, limit: 1 })
      .then(r => { room.floorSeq = r.lastSeq || 0; }).catch(() => {});
    this._startQuality();
    return true;
  }

  /**
   * Replaces a room's token before it expires (ZEGO: call it on tokenWillExpire). The new token must
   * be for the same user and room and grant login; its privileges apply from now on. Without it the
   * server takes the user out of the room at expiry (roomStateChanged KICKOUT, TOKEN_EXPIRED).
   * @param {string} token @param {string} [roomID] the only room when omitted
   * @returns {Promise<boolean>} true; rejects with a LiveRoomError
   */
  async renewToken(token, roomID) {
    const room = this._room(roomID);
    await this._request('renewToken', { roomID: room.roomID, token });
    room.token = token; // a login after an expired session uses it
    return true;
  }

  /** Logs out of one room (or every room when roomID is omitted). */
  async logoutRoom(roomID) {
    const ids = roomID ? [roomID] : [...this._rooms.keys()];
    for (const id of ids) {
      const room = this._rooms.get(id);
      if (!room) continue;
      for (const [streamID, pub] of this._publishers) if (pub.roomID === id) this._stopPublisher(streamID, false);
      this._dropRoom(id);
      try { await this._request('logoutRoom', { roomID: id }); } catch { /* already gone */ }
      this._emit('roomStateChanged', id, 'LOGOUT', 0, '');
    }
    if (this._rooms.size === 0 && this._ws) {
      const ws = this._ws;
      this._ws = null;
      clearInterval(this._heartbeat);
      ws.close(CLOSE_NORMAL, 'logout');
    }
    return true;
  }

  _dropRoom(roomID) {
    const room = this._rooms.get(roomID);
    if (!room) return;
    this._rooms.delete(roomID);
    for (const s of room.streams.keys()) if (this._players.has(s)) this._endPlayer(s, 0, 'LOGOUT', false);
    for (const [streamID, pub] of this._publishers) if (pub.roomID === roomID) this._stopPublisher(streamID, false);
    this._p2pClose(roomID, false);
  }

  _teardownAll() {
    for (const id of [...this._rooms.keys()]) this._dropRoom(id);
    this._ws?.close(CLOSE_NORMAL);
  }

  /** The only room, or the named one; throws when ambiguous. */
  _room(roomID) {
    if (roomID) {
      const room = this._rooms.get(roomID);
      if (!room) throw new LiveRoomError(ErrorCode.NOT_LOGGED_IN, 'NOT_LOGGED_IN', 'not in room ' + roomID);
      return room;
    }
    if (this._rooms.size !== 1) throw new LiveRoomError(ErrorCode.NOT_LOGGED_IN, 'NOT_LOGGED_IN', 'name the room');
    return this._rooms.values().next().value;
  }

  /** @returns {Promise<{errorCode: number, extendedData?: string}>} */
  async setRoomExtraInfo(roomID, key, value) {
    return this._result(this._request('setRoomExtraInfo', { roomID, key, value }));
  }

  /** @returns {Promise<{errorCode: number, extendedData?: string}>} */
  async setStreamExtraInfo(streamID, extraInfo) {
    const pub = this._publishers.get(streamID);
    if (pub) pub.extraInfo = extraInfo;
    return this._result(this._request('setStreamExtraInfo', { streamID, extraInfo }));
  }

  /** The room's distinct online users. @returns {Promise<number>} */
  async getOnlineCount(roomID) {
    const reply = await this._request('getOnlineCount', { roomID: this._room(roomID).roomID });
    return reply.count;
  }

  /** @param {Promise<any>} request @returns {Promise<any>} ZEGO-style {errorCode, ...}, never rejects */
  async _result(request, pick = () => ({})) {
    try {
      const reply = await request;
      return { errorCode: 0, ...pick(reply) };
    } catch (e) {
      return { errorCode: e.code ?? ErrorCode.INTERNAL, extendedData: e.name ?? String(e) };
    }
  }

  // ---- IM -----------------------------------------------------------------------------------

  /** @returns {Promise<ZegoIMResult>} */
  sendBroadcastMessage(roomID, message) {
    return this._result(this._request('sendBroadcastMessage', { roomID, message }), r => ({ messageID: r.messageID }));
  }

  /** @returns {Promise<ZegoIMResult>} */
  sendBarrageMessage(roomID, message) {
    return this._result(this._request('sendBarrageMessage', { roomID, message }), r => ({ messageID: r.messageID }));
  }

  /** @param {string[]} toUserIDs @returns {Promise<{errorCode: number, notInRoom?: string[]}>} */
  sendCustomCommand(roomID, command, toUserIDs) {
    return this._result(this._request('sendCustomCommand', { roomID, command, toUserIDs }), r => ({ notInRoom: r.notInRoom }));
  }

  /** Broadcasts arrive in messageID order; a gap (or a resume) is filled from the history first. */
  _onBroadcast(room, chatData) {
    const list = [...(chatData || [])].sort((a, b) => a.messageID - b.messageID);
    const first = list[0];
    if (first && room.lastSeq !== null && first.messageID > room.lastSeq + 1) {
      this._replayMessages(room).then(() => this._deliver(room, list));
      return;
    }
    if (room.replaying) room.replaying.then(() => this._deliver(room, list));
    else this._deliver(room, list);
  }

  _deliver(room, list) {
    const fresh = list.filter(c => !room.seen.has(c.messageID) && (room.lastSeq === null || c.messageID > room.lastSeq));
    if (!fresh.length) return;
    for (const c of fresh) room.seen.add(c.messageID);
    room.lastSeq = Math.max(room.lastSeq ?? 0, ...fresh.map(c => c.messageID));
    if (room.seen.size > 2000) room.seen = new Set([...room.seen].slice(-1000));
    const shown = fresh.filter(c => this.options.echoOwnMessages || c.fromUser?.userID !== room.user.userID);
    if (shown.length && this._rooms.get(room.roomID) === room) this._emit('IMRecvBroadcastMessage', room.roomID, shown);
  }

  /** Pages getMessages from the last messageID seen (or the room's sequence at login). */
  _replayMessages(room) {
    if (room.replaying) return room.replaying;
    const run = async () => {
      let after = room.lastSeq ?? room.floorSeq;
      for (let page = 0; page < 50; page++) {
        const reply = await this._request('getMessages', { roomID: room.roomID, afterSeq: after });
        const got = reply.chatData || [];
        this._deliver(room, got);
        if (!got.length) break;
        after = got[got.length - 1].messageID;
        if (after >= reply.lastSeq) break;
      }
    };
    const promise = run().catch(e => console.warn('[liveroom] message replay failed', e)).finally(() => { room.replaying = null; });
    room.replaying = promise;
    return promise;
  }

  // ---- local streams ------------------------------------------------------------------------

  /**
   * Captures the camera/mic (getUserMedia) or the screen (getDisplayMedia). Camera `videoQuality`
   * presets (ZEGO's): 1 = 320x240 15 fps 300 kbps, 2 = 640x480 15 fps 800 kbps, 3 = 1280x720 20 fps
   * 1500 kbps, 4 = custom (`width`, `height`, `frameRate`, `bitrate`); without it 640x480 and the
   * browser's bitrate. `bitrate` (kbps) caps the encoder when the stream is published.
   * Rejects with a LiveRoomError DEVICE_ERROR / DEVICE_PERMISSION_DENIED.
   * @param {ZegoStreamSource} [source] @returns {Promise<MediaStream>}
   */
  async createStream(source = { camera: { audio: true, video: true } }) {
    if (source.screen) {
      const s = source.screen;
      const video = s.video === undefined ? true : s.video;
      return navigator.mediaDevices.getDisplayMedia({ video, audio: !!s.audio });
    }
    const c = source.camera || {};
    const preset = VIDEO_QUALITY[c.videoQuality] || {};
    const cfg = { width: c.width ?? preset.width ?? 640, height: c.height ?? preset.height ?? 480,
      frameRate: c.frameRate ?? preset.frameRate, maxBitrate: c.bitrate ?? preset.bitrate,
      videoInput: c.videoInput, audioInput: c.audioInput };
    const video = c.video === false ? false : LiveRoomEngine._videoConstraints(cfg, cfg.videoInput);
    const audio = c.audio === false ? false : (c.audioInput ? { deviceId: { exact: c.audioInput } } : true);
    let stream;
    try { stream = await navigator.mediaDevices.getUserMedia({ audio, video }); } catch (e) { throw deviceError(e); }
    this._localConfigs.set(stream, cfg);
    stream.getTracks().forEach(t => this._watchTrack(t));
    this._watchDevices();
    return stream;
  }

  static _videoConstraints(cfg, deviceID) {
    return { width: { ideal: cfg.width }, height: { ideal: cfg.height },
      ...(cfg.frameRate ? { frameRate: { ideal: cfg.frameRate } } : {}),
      ...(deviceID ? { deviceId: { exact: deviceID } } : {}) };
  }

  _config(stream) {
    let cfg = this._localConfigs.get(stream);
    if (!cfg) {
      const s = stream.getVideoTracks()[0]?.getSettings?.() || {};
      cfg = { width: s.width || 640, height: s.height || 480, frameRate: undefined, maxBitrate: undefined };
      this._localConfigs.set(stream, cfg);
    }
    return cfg;
  }

  /** A capture track that ends by itself (device unplugged or taken away) is reported as deviceError. */
  _watchTrack(track) {
    track.addEventListener('ended', () => {
      if (track._liveroomStopped) return;
      this._emit('deviceError', ClientErrorCode.DEVICE_DISCONNECTED, track.label || track.kind);
    });
  }

  /** Stops every track of a stream made by createStream; its views stop. */
  destroyStream(stream) {
    stream?.getTracks().forEach(t => { t._liveroomStopped = true; t.stop(); });
    for (const view of [...this._views]) if (view.stream === stream) view.stop();
  }

  /**
   * Mutes (true) or unmutes the microphone of a local stream: its audio tracks send silence. Every
   * member of the rooms it is published in is told (remoteMicStatusUpdate 'MUTE'/'OPEN').
   * @param {MediaStream} stream @param {boolean} mute @returns {boolean}
   */
  mutePublishStreamAudio(stream, mute) {
    return this._muteLocal(stream, 'audio', mute);
  }

  /** As mutePublishStreamAudio for the camera (black frames; remoteCameraStatusUpdate). @returns {boolean} */
  mutePublishStreamVideo(stream, mute) {
    return this._muteLocal(stream, 'video', mute);
  }

  _muteLocal(stream, kind, mute) {
    if (!(stream instanceof MediaStream)) return false;
    (kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks()).forEach(t => { t.enabled = !mute; });
    this._config(stream)[kind + 'Muted'] = !!mute;
    for (const pub of this._publishers.values()) if (pub.stream === stream) this._announceMute(pub, kind);
    return true;
  }

  /** Tells the room the publisher's own mute state of one track (members get roomStreamTrackUpdate). */
  _announceMute(pub, kind) {
    const muted = !!this._localConfigs.get(pub.stream)?.[kind + 'Muted'];
    if (!muted && !pub.announced?.[kind]) return; // never muted: nothing to tell
    pub.announced = { ...(pub.announced || {}), [kind]: true };
    this._request('muteStreamTrack', { streamID: pub.streamID, kind, muted })
      .catch(e => console.warn('[liveroom] muteStreamTrack failed', e));
  }

  /**
   * Stops (true) or resumes playing the audio of a played stream on this page (the other players
   * are untouched). @param {string} streamID @param {boolean} mute @returns {boolean}
   */
  mutePlayStreamAudio(streamID, mute) {
    return this._mutePlay(streamID, 'audio', mute);
  }

  /** As mutePlayStreamAudio for the video. @returns {boolean} */
  mutePlayStreamVideo(streamID, mute) {
    return this._mutePlay(streamID, 'video', mute);
  }

  _mutePlay(streamID, kind, mute) {
    const player = this._players.get(streamID);
    if (!player) return false;
    player.muted = { ...(player.muted || {}), [kind]: !!mute };
    player.stream.getTracks().filter(t => t.kind === kind).forEach(t => { t.enabled = !mute; });
    return true;
  }

  // ---- devices ------------------------------------------------------------------------------

  /**
   * Every capture and output device: ZEGO's `{microphones, speakers, cameras}` of `{deviceName,
   * deviceID}`, plus the browser's MediaDeviceInfo lists (`audioInputs`, `videoInputs`, `audioOutputs`).
   * Labels are empty until the page was granted a device once.
   * @returns {Promise<ZegoDeviceInfos>}
   */
  async enumDevices() {
    this._watchDevices();
    const all = await navigator.mediaDevices.enumerateDevices();
    const info = (kind) => all.filter(d => d.kind === kind).map(d => ({ deviceName: d.label, deviceID: d.deviceId }));
    return { microphones: info('audioinput'), speakers: info('audiooutput'), cameras: info('videoinput'),
      audioInputs: all.filter(d => d.kind === 'audioinput'), videoInputs: all.filter(d => d.kind === 'videoinput'),
      audioOutputs: all.filter(d => d.kind === 'audiooutput') };
  }

  /** @returns {Promise<ZegoDeviceInfo[]>} */
  async getCameras() { return (await this.enumDevices()).cameras; }

  /** @returns {Promise<ZegoDeviceInfo[]>} */
  async getMicrophones() { return (await this.enumDevices()).microphones; }

  /** @returns {Promise<ZegoDeviceInfo[]>} the audio outputs (empty where the browser does not list them) */
  async getSpeakers() { return (await this.enumDevices()).speakers; }

  /**
   * Switches a local stream to another camera: the new track keeps the stream's size, frame rate and
   * mute state, replaces the old one in the stream and, where the stream is published, on the live
   * sender (RTCRtpSender.replaceTrack: no republish, players keep playing); the old camera is released.
   * @param {MediaStream} localStream @param {string} deviceID from getCameras()
   * @returns {Promise<{errorCode: number, extendedData?: string}>}
   */
  useVideoDevice(localStream, deviceID) {
    return this._useDevice(localStream, 'video', deviceID);
  }

  /** As useVideoDevice for the microphone. @returns {Promise<{errorCode: number, extendedData?: string}>} */
  useAudioDevice(localStream, deviceID) {
    return this._useDevice(localStream, 'audio', deviceID);
  }

  async _useDevice(stream, kind, deviceID) {
    if (!(stream instanceof MediaStream) || typeof deviceID !== 'string' || !deviceID) {
      return { errorCode: ErrorCode.INVALID_FIELD, extendedData: 'a local MediaStream and a deviceID are required' };
    }
    const cfg = this._config(stream);
    const old = stream.getTracks().find(t => t.kind === kind);
    let fresh;
    try {
      const constraints = kind === 'video' ? { video: LiveRoomEngine._videoConstraints(cfg, deviceID) }
        : { audio: { deviceId: { exact: deviceID } } };
      fresh = (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
    } catch (e) {
      const err = deviceError(e);
      return { errorCode: err.code, extendedData: err.message };
    }
    fresh.enabled = old ? old.enabled : !cfg[kind + 'Muted'];
    if (old) { old._liveroomStopped = true; stream.removeTrack(old); old.stop(); }
    stream.addTrack(fresh);
    cfg[kind === 'video' ? 'videoInput' : 'audioInput'] = deviceID;
    this._watchTrack(fresh);
    for (const pub of this._publishers.values()) {
      if (pub.stream !== stream) continue;
      try { await this._senderTrack(pub, kind, fresh); } catch (e) { return { errorCode: ErrorCode.INTERNAL, extendedData: String(e) }; }
    }
    for (const call of this._calls.values()) {
      const sender = call.local === stream ? call.pc?.getSenders().find(x => x.track?.kind === kind) : null;
      if (sender) await sender.replaceTrack(fresh).catch(e => console.warn('[liveroom] p2p replaceTrack failed', e));
    }
    for (const view of this._views) if (view.stream === stream) view._refresh();
    return { errorCode: 0 };
  }

  /** The transceiver of a publisher's audio or video (its sender's track may be none while muted). */
  static _transceiver(pub, kind) {
    return pub.pc?.getTransceivers().find(x => x.receiver.track?.kind === kind) ?? null;
  }

  /** Puts a new track on a live publish; a server-muted sender keeps none until unmuted. */
  async _senderTrack(pub, kind, track) {
    if (pub.serverMuted?.[kind]) { pub.savedTracks = { ...(pub.savedTracks || {}), [kind]: track }; return; }
    const t = LiveRoomEngine._transceiver(pub, kind);
    if (t) await t.sender.replaceTrack(track);
  }

  /**
   * Changes a local stream's video while it runs (and is published): `width`/`height`/`frameRate`
   * go to the camera track (applyConstraints), `maxBitrate` (kbps) and `frameRate` to every live
   * publish of the stream (RTCRtpSender.setParameters, maxBitrate/maxFramerate). Later publishes and
   * camera switches keep them.
   * @param {MediaStream} localStream @param {ZegoPublishVideoConfig} config
   * @returns {Promise<{errorCode: number, extendedData?: string}>}
   */
  async setVideoConfig(localStream, config = {}) {
    if (!(localStream instanceof MediaStream)) return { errorCode: ErrorCode.INVALID_FIELD, extendedData: 'a local MediaStream is required' };
    for (const k of ['width', 'height', 'frameRate', 'maxBitrate']) {
      if (config[k] !== undefined && !(Number.isFinite(config[k]) && config[k] > 0)) {
        return { errorCode: ErrorCode.INVALID_FIELD, extendedData: k + ' must be a positive number' };
      }
    }
    const cfg = this._config(localStream);
    for (const k of ['width', 'height', 'frameRate', 'maxBitrate']) if (config[k] !== undefined) cfg[k] = config[k];
    const track = localStream.getVideoTracks()[0];
    try {
      if (track && (config.width || config.height || config.frameRate)) {
        const c = LiveRoomEngine._videoConstraints(cfg);
        // exact size when asked for one: the camera scales or crops; the browser keeps the aspect otherwise
        if (config.width) c.width = { exact: cfg.width };
        if (config.height) c.height = { exact: cfg.height };
        await track.applyConstraints(c);
      }
      for (const pub of this._publishers.values()) if (pub.stream === localStream) await this._applyEncoding(pub);
    } catch (e) {
      return { errorCode: e.name === 'OverconstrainedError' ? ClientErrorCode.DEVICE_ERROR : ErrorCode.INTERNAL,
        extendedData: `${e.name}: ${e.message || e.constraint || ''}` };
    }
    return { errorCode: 0 };
  }

  /** The stream's maxBitrate (kbps; the best simulcast layer) and frame rate on its video sender. */
  async _applyEncoding(pub) {
    const cfg = this._localConfigs.get(pub.stream);
    const sender = LiveRoomEngine._transceiver(pub, 'video')?.sender;
    if (!cfg || !sender || (!cfg.maxBitrate && !cfg.frameRate)) return;
    const params = sender.getParameters();
    if (!params.encodings?.length) return;
    params.encodings.forEach((e, i) => {
      if (cfg.frameRate) e.maxFramerate = cfg.frameRate;
      if (cfg.maxBitrate && i === 0) e.maxBitrate = Math.round(cfg.maxBitrate * 1000);
      if (cfg.maxBitrate && i > 0 && e.maxBitrate) e.maxBitrate = Math.min(e.maxBitrate, Math.round(cfg.maxBitrate * 1000));
    });
    await sender.setParameters(params);
  }

  /**
   * Plays a media element's audio on an output device (HTMLMediaElement.setSinkId).
   * @param {HTMLMediaElement} media @param {string} deviceID from getSpeakers()
   * @returns {Promise<boolean>} false where the browser cannot choose the output
   */
  async useAudioOutputDevice(media, deviceID) {
    if (!media || typeof media.setSinkId !== 'function') return false;
    try { await media.setSinkId(deviceID); return true; } catch (e) { console.warn('[liveroom] setSinkId failed', e); return false; }
  }

  /**
   * Chooses the speaker for every remote view, now and later (setSinkId; liveroom addition).
   * @param {string} deviceID @returns {Promise<boolean>} false where the browser cannot choose the output
   */
  async setSpeaker(deviceID) {
    if (typeof HTMLMediaElement === 'undefined' || typeof HTMLMediaElement.prototype.setSinkId !== 'function') return false;
    this._speaker = deviceID;
    let ok = true;
    for (const view of this._views) if (view.remote) ok = (await view.setAudioOutputDevice(deviceID)) && ok;
    return ok;
  }

  /**
   * Device plugged in or out (navigator.mediaDevices devicechange): videoDeviceStateChanged(updateType,
   * deviceInfo) and audioDeviceStateChanged(updateType, 'Input'|'Output', deviceInfo), as differences
   * from the last listing. Starts with the first createStream or device query.
   */
  _watchDevices() {
    if (this._devices || !navigator.mediaDevices?.addEventListener) return;
    const list = async () => {
      const all = await navigator.mediaDevices.enumerateDevices();
      return new Map(all.filter(d => d.deviceId).map(d => [d.kind + '/' + d.deviceId, d]));
    };
    this._devices = list().catch(() => new Map());
    navigator.mediaDevices.addEventListener('devicechange', () => {
      const before = this._devices;
      this._devices = list().catch(() => new Map());
      Promise.all([before, this._devices]).then(([a, b]) => {
        const emit = (type, d) => {
          const info = { deviceName: d.label, deviceID: d.deviceId };
          if (d.kind === 'videoinput') this._emit('videoDeviceStateChanged', type, info);
          else this._emit('audioDeviceStateChanged', type, d.kind === 'audioinput' ? 'Input' : 'Output', info);
        };
        for (const [k, d] of b) if (!a.has(k)) emit('ADD', d);
        for (const [k, d] of a) if (!b.has(k)) emit('DELETE', d);
      });
    });
  }

  // ---- views --------------------------------------------------------------------------------

  /**
   * A view of a local stream (ZEGO's ZegoLocalStreamView): play(elementOrId, options) puts a muted
   * <video> into the element, mirrored unless options.mirror is false.
   * @param {MediaStream} stream @returns {StreamView}
   */
  createLocalStreamView(stream) {
    return new StreamView(this, stream, false);
  }

  /**
   * A view of a played stream (ZEGO's ZegoStreamView): play(elementOrId, options) plays it with sound;
   * when the browser's autoplay policy forbids that, it plays muted and emits autoplayFailed (on the
   * view and on the engine); view.resume() in a user gesture turns the sound on.
   * @param {MediaStream} stream the startPlayingStream result @returns {StreamView}
   */
  createRemoteStreamView(stream) {
    return new StreamView(this, stream, true);
  }

  /** @returns {Promise<ZegoCapabilityResult>} */
  async checkSystemRequirements() {
    const webRTC = typeof RTCPeerConnection === 'function' && !!navigator.mediaDevices;
    let devices = [];
    try { devices = webRTC ? await navigator.mediaDevices.enumerateDevices() : []; } catch { /* none */ }
    const codecs = (typeof RTCRtpSender !== 'undefined' && RTCRtpSender.getCapabilities?.('video')?.codecs) || [];
    const has = (name) => codecs.some(c => c.mimeType.toLowerCase() === 'video/' + name.toLowerCase());
    return { webRTC, camera: devices.some(d => d.kind === 'videoinput'), microphone: devices.some(d => d.kind === 'audioinput'),
      screenSharing: !!navigator.mediaDevices?.getDisplayMedia, videoCodec: { H264: has('H264'), VP8: has('VP8') },
      customCapture: webRTC, errInfo: {} };
  }

  // ---- publishing ---------------------------------------------------------------------------

  /**
   * Publishes a local stream through the room's media node. Returns true at once; progress comes
   * as publisherStateUpdate (PUBLISH_REQUESTING, then PUBLISHING or NO_PUBLISH with an errorCode).
   * simulcast: true sends the video as 2 layers (full and 1/2 resolution), simulcast: 3 as 3 layers (full,
   * 1/2, 1/4); the media node gives each player the layer its link carries. Two layers cost the encoder
   * about 1.25x one; three about 1.3x. Without the option, the room's setting (loginRoom reply simulcastLayers,
   * the server's gateway.simulcastLayers) decides; simulcast: false publishes one layer whatever the room says.
   * @param {string} streamID @param {MediaStream} localStream
   * @param {{extraInfo?: string, roomID?: string, simulcast?: boolean|2|3}} [publishOption]
   * @returns {boolean}
   */
  startPublishingStream(streamID, localStream, publishOption = {}) {
    let room;
    try { room = this._room(publishOption.roomID); } catch { return false; }
    if (!localStream || this._publishers.has(streamID)) return false;
    const simulcast = publishOption.simulcast;
    if (simulcast !== undefined && ![true, false, 2, 3].includes(simulcast)) return false;
    const pub = { streamID, stream: localStream, roomID: room.roomID, extraInfo: publishOption.extraInfo ?? '',
      pc: null, state: 'NO_PUBLISH', retries: 0, wanted: true, prev: null,
      layers: LiveRoomEngine._layers(simulcast, room.simulcastLayers) };
    this._publishers.set(streamID, pub);
    this._publish(pub);
    return true;
  }

  /** Simulcast layers to publish with: the app's option wins; without one, the room's setting (loginRoom reply). */
  static _layers(simulcast, roomLayers) {
    if (simulcast === undefined) return roomLayers === 2 || roomLayers === 3 ? roomLayers : 1;
    return simulcast === true ? 2 : (simulcast || 1);
  }

  async _publish(pub) {
    const room = this._rooms.get(pub.roomID);
    if (!room || !pub.wanted) return;
    this._setPublisher(pub, 'PUBLISH_REQUESTING', 0, '');
    const pc = new RTCPeerConnection({ iceServers: room.iceServers, bundlePolicy: 'max-bundle' });
    pub.pc = pc;
    this._watchIce(pub, pc, 'publish');
    try {
      pub.stream.getTracks().forEach(t => {
        const init = { direction: 'sendonly', streams: [pub.stream] };
        // best layer first: the media node ranks the rids in offer order
        if (t.kind === 'video' && pub.layers > 1) init.sendEncodings = SIMULCAST_LAYERS.slice(0, pub.layers);
        pc.addTransceiver(t, init);
      });
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const reply = await this._request('startPublishingStream', { streamID: pub.streamID, roomID: pub.roomID,
        sdp: pc.localDescription.sdp, extraInfo: pub.extraInfo });
      if (pub.pc !== pc) return;
      await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
      for (const kind of Object.keys(pub.serverMuted || {})) await this._applyServerMute(pub, kind);
      await this._applyEncoding(pub).catch(e => console.warn('[liveroom] encoding parameters refused', e));
    } catch (e) {
      if (pub.pc !== pc) return;
      pc.close();
      const code = e.code ?? ErrorCode.INTERNAL;
      this._setPublisher(pub, 'NO_PUBLISH', code, e.name ?? String(e));
      // a media or connection problem is retried; a refusal (token, ID taken, ...) is final
      if (isMediaCode(code) || TRANSIENT.has(code)) this._mediaFailed(pub, 'publish');
      else this._publishers.delete(pub.streamID);
    }
  }

  _setPublisher(pub, state, errorCode, extendedData) {
    pub.state = state;
    this._emit('publisherStateUpdate', { state, streamID: pub.streamID, errorCode, extendedData });
  }

  _onPublisherState(p) {
    const pub = this._publishers.get(p.streamID);
    if (!pub) { this._emit('publisherStateUpdate', { state: p.state, streamID: p.streamID, errorCode: p.errorCode, extendedData: p.extendedData }); return; }
    if (p.state === 'PUBLISHING') {
      pub.retries = 0;
      // the stream is visible to the room from now on: say again what its publisher muted
      for (const kind of ['audio', 'video']) this._announceMute(pub, kind);
    }
    if (p.state === 'NO_PUBLISH' && SERVER_STOPS.includes(p.errorCode)) {
      // the server stopped the stream (admin API) or took the publish privilege away: final, no retry
      this._stopPublisher(pub.streamID, false);
      this._setPublisher(pub, p.state, p.errorCode, p.extendedData ?? '');
      return;
    }
    this._setPublisher(pub, p.state, p.errorCode ?? 0, p.extendedData ?? '');
    if (p.state === 'NO_PUBLISH' && pub.wanted && p.extendedData !== 'STOPPED') this._mediaFailed(pub, 'publish');
  }

  /**
   * The server muted (or unmuted) one track of a published stream: its sender stops sending
   * (replaceTrack(null)) until unmuted, also across republishing. Emits publishTrackMuteUpdate.
   */
  async _onServerMute(p) {
    const pub = this._publishers.get(p.streamID);
    if (pub && (p.kind === 'audio' || p.kind === 'video')) {
      pub.serverMuted = { ...(pub.serverMuted || {}), [p.kind]: !!p.muted };
      await this._applyServerMute(pub, p.kind).catch(e => console.warn('[liveroom] server mute failed', e));
    }
    this._emit('publishTrackMuteUpdate', p.streamID, p.kind, !!p.muted);
  }

  async _applyServerMute(pub, kind) {
    const t = pub.pc?.getTransceivers().find(x => x.receiver.track?.kind === kind);
    if (!t) return;
    pub.savedTracks = pub.savedTracks || {};
    if (pub.serverMuted?.[kind]) {
      if (t.sender.track) pub.savedTracks[kind] = t.sender.track;
      await t.sender.replaceTrack(null);
    } else if (!t.sender.track) {
      await t.sender.replaceTrack(pub.savedTracks[kind] ?? pub.stream.getTracks().find(x => x.kind === kind) ?? null);
    }
  }

  /** Stops publishing; others see the stream DELETE. */
  stopPublishingStream(streamID) {
    if (!this._publishers.has(streamID)) return false;
    this._stopPublisher(streamID, true);
    return true;
  }

  _stopPublisher(streamID, tellServer) {
    const pub = this._publishers.get(streamID);
    if (!pub) return;
    pub.wanted = false;
    this._publishers.delete(streamID);
    pub.pc?.close();
    pub.pc = null;
    if (tellServer) this._request('stopPublishingStream', { streamID }).catch(() => {});
  }

  /** Swaps the published tracks (e.g. camera -> screen) without republishing. */
  async replaceTrack(streamID, track) {
    const pub = this._publishers.get(streamID);
    const sender = pub?.pc?.getSenders().find(s => s.track?.kind === track.kind);
    if (!sender) return { errorCode: ErrorCode.STREAM_NOT_FOUND };
    await sender.replaceTrack(track);
    return { errorCode: 0 };
  }

  // ---- playing ------------------------------------------------------------------------------

  /**
   * Plays a stream of the room. Resolves with the remote MediaStream once the media node answered;
   * playerStateUpdate PLAYING follows when media flows.
   * videoLayer ('auto' by default) picks the simulcast layer: 'auto' follows this player's bandwidth as the
   * media node estimates it, 'high' always the best layer, 'low' always the lowest.
   * @param {string} streamID @param {{video?: boolean, audio?: boolean, videoLayer?: 'auto'|'high'|'low'}} [playOption]
   * @returns {Promise<MediaStream>}
   */
  async startPlayingStream(streamID, playOption = {}) {
    if (playOption.videoLayer !== undefined && !['auto', 'high', 'low'].includes(playOption.videoLayer)) {
      throw new TypeError("videoLayer must be 'auto', 'high' or 'low'");
    }
    let player = this._players.get(streamID);
    if (player) return player.stream;
    player = { streamID, stream: new MediaStream(), pc: null, state: 'NO_PLAY', retries: 0, wanted: true, prev: null,
      option: playOption };
    this._players.set(streamID, player);
    await this._play(player, true);
    return player.stream;
  }

  async _play(player, first) {
    if (!player.wanted) return;
    const room = [...this._rooms.values()].find(r => r.streams.has(player.streamID)) || this._rooms.values().next().value;
    this._setPlayer(player, 'PLAY_REQUESTING', 0, '');
    const pc = new RTCPeerConnection({ iceServers: room?.iceServers || [], bundlePolicy: 'max-bundle' });
    player.pc = pc;
    this._watchIce(player, pc, 'play');
    pc.ontrack = (e) => {
      for (const old of player.stream.getTracks().filter(t => t.kind === e.track.kind)) player.stream.removeTrack(old);
      if (player.muted?.[e.track.kind]) e.track.enabled = false;
      player.stream.addTrack(e.track);
    };
    try {
      if (player.option.audio !== false) pc.addTransceiver('audio', { direction: 'recvonly' });
      if (player.option.video !== false) pc.addTransceiver('video', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const reply = await this._request('startPlayingStream', { streamID: player.streamID,
        sdp: withVideoLayer(pc.localDescription.sdp, player.option.videoLayer) });
      if (player.pc !== pc) return;
      await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
    } catch (e) {
      if (player.pc !== pc) return;
      pc.close();
      const code = e.code ?? ErrorCode.INTERNAL;
      this._setPlayer(player, 'NO_PLAY', code, e.name ?? String(e));
      if (first) { this._players.delete(player.streamID); throw e; }
      if (code === ErrorCode.STREAM_NOT_FOUND) this._awaitStream(player);
      else if (isMediaCode(code) || TRANSIENT.has(code)) this._mediaFailed(player, 'play');
      else this._players.delete(player.streamID);
    }
  }

  /** The stream is gone for now (its room moved media nodes): play again when its ADD arrives. */
  _awaitStream(player) {
    player.awaiting = true;
    player.pc?.close();
    player.pc = null;
  }

  _streamBack(streamID) {
    const player = this._players.get(streamID);
    if (!player || !player.wanted || !player.awaiting || player.repairing) return;
    player.awaiting = false;
    player.retries = 0;
    const old = player.pc;
    player.pc = null;
    old?.close();
    this._play(player, false);
  }

  _setPlayer(player, state, errorCode, extendedData) {
    player.state = state;
    this._emit('playerStateUpdate', { state, streamID: player.streamID, errorCode, extendedData });
  }

  _onPlayerState(p) {
    const player = this._players.get(p.streamID);
    if (!player) { this._emit('playerStateUpdate', { state: p.state, streamID: p.streamID, errorCode: p.errorCode, extendedData: p.extendedData }); return; }
    if (p.state === 'PLAYING') player.retries = 0;
    if (p.state === 'NO_PLAY' && p.extendedData === 'PUBLISHER_GONE') { this._endPlayer(p.streamID, p.errorCode, p.extendedData); return; }
    this._setPlayer(player, p.state, p.errorCode ?? 0, p.extendedData ?? '');
    if (p.state !== 'NO_PLAY' || !player.wanted || p.extendedData === 'STOPPED') return;
    if (NODE_MOVED.has(p.errorCode)) this._awaitStream(player);
    else this._mediaFailed(player, 'play');
  }

  /** Stops playing a stream. */
  stopPlayingStream(streamID) {
    if (!this._players.has(streamID)) return false;
    this._endPlayer(streamID, 0, 'STOPPED', false);
    this._request('stopPlayingStream', { streamID }).catch(() => {});
    return true;
  }

  _endPlayer(streamID, errorCode, reason, announce = true) {
    const player = this._players.get(streamID);
    if (!player) return;
    player.wanted = false;
    this._players.delete(streamID);
    player.pc?.close();
    for (const view of [...this._views]) if (view.stream === player.stream) view.stop();
    if (announce) this._setPlayer(player, 'NO_PLAY', errorCode ?? 0, reason);
  }

  // ---- media repair -------------------------------------------------------------------------

  /**
   * Watches a media connection's ICE state: `disconnected` for ICE_DISCONNECTED_GRACE_MS or `failed`
   * (the network changed) gets an ICE restart on the same media-node peer; only when that does not
   * reconnect is the stream published/played again (_mediaFailed).
   */
  _watchIce(entry, pc, kind) {
    const check = () => {
      if (entry.pc !== pc) return;
      const state = pc.iceConnectionState;
      if (state === 'connected' || state === 'completed') {
        clearTimeout(entry.iceGrace);
        entry.iceGrace = null;
        if (entry.iceRestart && entry.iceRestart.answered && !entry.iceRestart.silent) this._iceRestarted(entry, kind);
      } else if (state === 'disconnected') {
        if (!entry.iceGrace && !entry.iceRestart) {
          const since = performance.now();
          entry.iceGrace = setTimeout(() => { entry.iceGrace = null; this._restartIce(entry, pc, kind, since); },
            ICE_DISCONNECTED_GRACE_MS);
        }
      } else if (state === 'failed') {
        clearTimeout(entry.iceGrace);
        entry.iceGrace = null;
        if (entry.iceRestart) { if (entry.iceRestart.answered) this._iceRestartFailed(entry, pc, kind); }
        else this._restartIce(entry, pc, kind, performance.now());
      }
    };
    pc.addEventListener('iceconnectionstatechange', check);
    // the receive side of the selected path, polled: a dead path is seen before Chrome's ICE state says so
    let last = { bytes: -1, at: performance.now(), pair: null };
    const poll = setInterval(async () => {
      if (entry.pc !== pc || pc.connectionState === 'closed') { clearInterval(poll); return; }
      if (!['connected', 'completed'].includes(pc.iceConnectionState) && !entry.iceRestart) return;
      let bytes = 0;
      let pair = null;
      try {
        (await pc.getStats()).forEach(r => { if (r.type === 'transport') { bytes += r.bytesReceived || 0; pair = r.selectedCandidatePairId; } });
      } catch { return; }
      const now = performance.now();
      const r = entry.iceRestart;
      if (r && r.answered && r.silent && bytes !== last.bytes && pair !== r.pair
          && ['connected', 'completed'].includes(pc.iceConnectionState)) this._iceRestarted(entry, kind);
      if (bytes !== last.bytes) { last = { bytes, at: now, pair }; return; }
      if (!r && now - last.at >= MEDIA_SILENCE_MS && now - (entry.silentRestartAt ?? -Infinity) >= MEDIA_SILENCE_RESTART_MS) {
        entry.silentRestartAt = now;
        this._restartIce(entry, pc, kind, last.at, pair);
      }
    }, 500);
  }

  _iceRestarted(entry, kind) {
    const r = entry.iceRestart;
    entry.iceRestart = null;
    clearTimeout(r.timer);
    this._emit('iceRestartUpdate', { streamID: entry.streamID, kind, state: 'RESTARTED',
      durationMs: Math.round(performance.now() - r.since), restartMs: Math.round(performance.now() - r.started) });
  }

  /** New ICE credentials in a new offer, the node's new answer; DTLS and the stream stay. */
  async _restartIce(entry, pc, kind, since, silentPair) {
    if (entry.pc !== pc || !entry.wanted || entry.iceRestart || entry.repairing) return;
    if (!silentPair && ['connected', 'completed'].includes(pc.iceConnectionState)) return;
    if (!this._ws || this._ws.readyState !== WebSocket.OPEN) { this._mediaFailed(entry, kind); return; }
    // silent: Chrome still says connected, so success is a new selected pair with data on it
    const r = { since, started: performance.now(), answered: false, timer: null, silent: !!silentPair, pair: silentPair };
    entry.iceRestart = r;
    this._emit('iceRestartUpdate', { streamID: entry.streamID, kind, state: 'RESTARTING',
      durationMs: Math.round(r.started - since), restartMs: 0 });
    r.timer = setTimeout(() => { if (entry.iceRestart === r) this._iceRestartFailed(entry, pc, kind); },
      ICE_RESTART_TIMEOUT_MS);
    try {
      pc.restartIce();
      await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
      // no waiting for candidates: the node learns the new address from the checks
      const reply = await this._request('restartIce', { streamID: entry.streamID, kind, sdp: pc.localDescription.sdp });
      if (entry.pc !== pc || entry.iceRestart !== r) return;
      await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
      r.answered = true;
      if (!r.silent && ['connected', 'completed'].includes(pc.iceConnectionState)) this._iceRestarted(entry, kind);
    } catch (e) {
      if (entry.iceRestart === r) this._iceRestartFailed(entry, pc, kind);
    }
  }

  _iceRestartFailed(entry, pc, kind) {
    const r = entry.iceRestart;
    if (r) clearTimeout(r.timer);
    entry.iceRestart = null;
    if (entry.pc !== pc) return;
    this._emit('iceRestartUpdate', { streamID: entry.streamID, kind, state: 'RESTART_FAILED',
      durationMs: r ? Math.round(performance.now() - r.since) : 0, restartMs: r ? Math.round(performance.now() - r.started) : 0 });
    this._mediaFailed(entry, kind);
  }

  /** A media connection failed: publish or play again after a backoff (bounded attempts). */
  _mediaFailed(entry, kind) {
    if (!entry.wanted || entry.repairing) return;
    if (entry.retries >= MEDIA_RETRY_LIMIT) {
      if (kind === 'publish') { this._publishers.delete(entry.streamID); this._setPublisher(entry, 'NO_PUBLISH', ClientErrorCode.RETRY_EXHAUSTED, 'RETRY_EXHAUSTED'); }
      else this._endPlayer(entry.streamID, ClientErrorCode.RETRY_EXHAUSTED, 'RETRY_EXHAUSTED');
      return;
    }
    entry.repairing = true;
    const wait = Math.min(500 * 2 ** entry.retries++, 8000);
    setTimeout(async () => {
      entry.repairing = false;
      if (!entry.wanted) return;
      if (!this._ws || this._ws.readyState !== WebSocket.OPEN) return; // _repairMedia runs after the reconnect
      const old = entry.pc;
      entry.pc = null;
      old?.close();
      const stop = kind === 'publish' ? 'stopPublishingStream' : 'stopPlayingStream';
      await this._request(stop, { streamID: entry.streamID }).catch(() => {});
      if (kind === 'publish') this._publish(entry); else this._play(entry, false);
    }, wait);
  }

  /** After a reconnect: every stream whose media connection is not alive is published/played again. */
  _repairMedia(all = false) {
    const dead = (pc) => all || !pc || ['failed', 'closed'].includes(pc.connectionState);
    for (const pub of this._publishers.values()) if (dead(pub.pc) || pub.state === 'NO_PUBLISH') this._mediaFailed(pub, 'publish');
    for (const player of this._players.values()) {
      const stillThere = [...this._rooms.values()].some(r => r.streams.has(player.streamID));
      if (!stillThere) this._endPlayer(player.streamID, ErrorCode.MEDIA_PUBLISHER_GONE, 'PUBLISHER_GONE');
      else if (dead(player.pc) || player.state === 'NO_PLAY') this._mediaFailed(player, 'play');
    }
  }

  // ---- quality ------------------------------------------------------------------------------

  _startQuality() {
    if (this._qualityTimer) return;
    this._qualityTimer = setInterval(() => {
      for (const pub of this._publishers.values()) this._quality(pub, 'outbound-rtp', 'publishQualityUpdate');
      for (const player of this._players.values()) this._quality(player, 'inbound-rtp', 'playQualityUpdate');
      if (this._rooms.size === 0) { clearInterval(this._qualityTimer); this._qualityTimer = null; }
    }, QUALITY_INTERVAL_MS);
  }

  /** Bitrate (kbps), fps, resolution, packet loss and rtt from getStats, as deltas over the interval. */
  async _quality(entry, type, event) {
    const pc = entry.pc;
    if (!pc || pc.connectionState !== 'connected') return;
    let report;
    try { report = await pc.getStats(); } catch { return; }
    const now = { t: performance.now() };
    let rtt = 0;
    report.forEach(r => {
      if (r.type === type && (r.kind === 'video' || r.kind === 'audio')) {
        now[r.kind] = { bytes: (type === 'inbound-rtp' ? r.bytesReceived : r.bytesSent) || 0,
          frames: (type === 'inbound-rtp' ? r.framesDecoded : r.framesEncoded) || 0,
          packets: (type === 'inbound-rtp' ? r.packetsReceived : r.packetsSent) || 0, lost: r.packetsLost || 0,
          width: r.frameWidth || 0, height: r.frameHeight || 0 };
      } else if (r.type === 'remote-inbound-rtp' && r.kind) {
        now[r.kind] = { ...(now[r.kind] || {}), lost: r.packetsLost || 0 };
        if (r.roundTripTime) rtt = Math.max(rtt, r.roundTripTime * 1000);
      } else if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded' && r.currentRoundTripTime) {
        rtt = Math.max(rtt, r.currentRoundTripTime * 1000);
      }
    });
    const prev = entry.prev;
    entry.prev = now;
    if (!prev) return;
    const secs = (now.t - prev.t) / 1000 || 1;
    const part = (kind) => {
      const a = now[kind] || {}, b = prev[kind] || {};
      const packets = Math.max(0, (a.packets || 0) - (b.packets || 0)), lost = Math.max(0, (a.lost || 0) - (b.lost || 0));
      return { bitrate: Math.max(0, ((a.bytes || 0) - (b.bytes || 0)) * 8 / 1000 / secs),
        fps: Math.max(0, ((a.frames || 0) - (b.frames || 0)) / secs), width: a.width || 0, height: a.height || 0,
        lost, lossRate: packets + lost > 0 ? lost / (packets + lost) : 0 };
    };
    const v = part('video'), a = part('audio');
    const round = (x) => Math.round(x * 100) / 100;
    const stats = {
      video: { videoBitrate: round(v.bitrate), videoFPS: round(v.fps), frameWidth: v.width, frameHeight: v.height,
        videoPacketsLost: v.lost, videoPacketsLostRate: round(v.lossRate) },
      audio: { audioBitrate: round(a.bitrate), audioPacketsLost: a.lost, audioPacketsLostRate: round(a.lossRate) },
      resolution: `${v.width}x${v.height}`, currentRoundTripTime: Math.round(rtt),
    };
    this._emit(event, entry.streamID, stats);
  }

  // ---- P2P call rooms (mode: "p2p") -----------------------------------------------------------

  /**
   * ZEGO's addPublishCdnUrl: the server pushes a stream this user may publish to an RTMP URL (a CDN
   * ingest), reconnecting if it drops, until removePublishCdnUrl or the stream ends. Uses the token
   * of the stream's room (it must grant publish of the streamID).
   * @param {string} streamID @param {string} targetURL rtmp:// or rtmps://
   * @returns {Promise<{errorCode: number, extendedData?: string}>}
   */
  addPublishCdnUrl(streamID, targetURL) {
    return this._cdn('POST', streamID, targetURL);
  }

  /** Stops what addPublishCdnUrl started for that URL. @returns {Promise<{errorCode: number, extendedData?: string}>} */
  removePublishCdnUrl(streamID, targetURL) {
    return this._cdn('DELETE', streamID, targetURL);
  }

  /**
   * ZEGO's startMixerTask: the server composites streams of the room into one picture and pushes it
   * (H264/AAC over RTMP) to each target of outputList until stopMixerTask. Each input is drawn in
   * its layout rectangle of the outputConfig canvas (later inputs over earlier ones); an input that
   * ends leaves its rectangle black. The same taskID again replaces the running task. Uses the
   * room's token (it must grant publishing in the room).
   * @param {{taskID: string, inputList: Array<{streamID: string, contentType?: 'VIDEO'|'AUDIO'|'VIDEO_ONLY',
   *   layout: {top: number, left: number, bottom: number, right: number}}>, outputList: Array<{target: string}>,
   *   outputConfig?: {outputWidth?: number, outputHeight?: number, outputFPS?: number, outputBitrate?: number,
   *   outputAudioBitrate?: number}}} task
   * @param {string} [roomID] the room, when logged in to several
   * @returns {Promise<{errorCode: number, extendedData?: string}>} extendedData: the job ID, or the error
   */
  startMixerTask(task, roomID) {
    return this._mix('POST', '', roomID, JSON.stringify(task ?? {}));
  }

  /** Stops the mixer task started with that taskID. @returns {Promise<{errorCode: number, extendedData?: string}>} */
  stopMixerTask(taskID, roomID) {
    return this._mix('DELETE', '/' + encodeURIComponent(String(taskID)), roomID, undefined);
  }

  async _mix(method, path, roomID, body) {
    let room;
    try { room = this._room(roomID); } catch (e) { return { errorCode: e.code ?? ErrorCode.NOT_LOGGED_IN, extendedData: e.message }; }
    const origin = new URL(this.server, location.href);
    origin.protocol = origin.protocol === 'wss:' ? 'https:' : 'http:';
    const url = `${origin.origin}/egress/mix${path}?roomID=${encodeURIComponent(room.roomID)}`;
    const headers = { Authorization: 'Bearer ' + room.token };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const r = await fetch(url, { method, headers, body });
      const reply = await r.json().catch(() => ({}));
      return r.ok ? { errorCode: 0, extendedData: reply.jobID ?? '' }
        : { errorCode: reply.error?.code ?? ErrorCode.INTERNAL, extendedData: reply.error?.message ?? 'HTTP ' + r.status };
    } catch (e) {
      return { errorCode: ErrorCode.SERVICE_UNAVAILABLE, extendedData: String(e) };
    }
  }

  async _cdn(method, streamID, targetURL) {
    const roomID = this._publishers.get(streamID)?.roomID;
    let room;
    try { room = this._room(roomID); } catch (e) { return { errorCode: e.code ?? ErrorCode.NOT_LOGGED_IN, extendedData: e.message }; }
    const origin = new URL(this.server, location.href);
    origin.protocol = origin.protocol === 'wss:' ? 'https:' : 'http:';
    const url = `${origin.origin}/egress/cdn/${encodeURIComponent(streamID)}?url=${encodeURIComponent(targetURL)}`;
    try {
      const r = await fetch(url, { method, headers: { Authorization: 'Bearer ' + room.token } });
      const body = await r.json().catch(() => ({}));
      return r.ok ? { errorCode: 0, extendedData: body.jobID ?? '' }
        : { errorCode: body.error?.code ?? ErrorCode.INTERNAL, extendedData: body.error?.message ?? 'HTTP ' + r.status };
    } catch (e) {
      return { errorCode: ErrorCode.SERVICE_UNAVAILABLE, extendedData: String(e) };
    }
  }

  /**
   * Client-side recording (MediaRecorder): records a MediaStream, or the stream of a streamID this
   * engine publishes or plays, as WebM until stopRecording(). One recording at a time.
   * @param {MediaStream|string} streamOrID @param {{mimeType?: string, timesliceMs?: number}} [options]
   * @returns {string} the MIME type being recorded
   */
  startRecording(streamOrID, options = {}) {
    if (this._recording) throw new LiveRoomError(ErrorCode.INVALID_FIELD, 'INVALID_FIELD', 'a recording is already running');
    const stream = typeof streamOrID === 'string'
      ? (this._publishers.get(streamOrID)?.stream ?? this._players.get(streamOrID)?.stream) : streamOrID;
    if (!(stream instanceof MediaStream)) {
      throw new LiveRoomError(ErrorCode.STREAM_NOT_FOUND, 'STREAM_NOT_FOUND', 'no published or played stream ' + streamOrID);
    }
    if (typeof MediaRecorder === 'undefined') throw clientError('NOT_SUPPORTED', 'no MediaRecorder in this browser');
    const wanted = [options.mimeType, 'video/webm;codecs=vp8,opus', 'video/webm'].filter(Boolean);
    const mimeType = wanted.find(t => MediaRecorder.isTypeSupported(t)) || '';
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    const chunks = [];
    recorder.ondataavailable = e => { if (e.data && e.data.size > 0) chunks.push(e.data); };
    recorder.start(options.timesliceMs ?? 1000);
    this._recording = { recorder, chunks, type: (mimeType || recorder.mimeType || 'video/webm').split(';')[0] };
    return recorder.mimeType || mimeType;
  }

  /** Ends the recording. @returns {Promise<Blob>} the WebM (type video/webm) */
  stopRecording() {
    const rec = this._recording;
    if (!rec) return Promise.reject(new LiveRoomError(ErrorCode.INVALID_FIELD, 'INVALID_FIELD', 'no recording is running'));
    this._recording = null;
    return new Promise(resolve => {
      rec.recorder.onstop = () => resolve(new Blob(rec.chunks, { type: rec.type }));
      if (rec.recorder.state === 'inactive') rec.recorder.onstop();
      else rec.recorder.stop();
    });
  }

  /** Relays a signal to the other member of a p2p room. @returns {Promise<{errorCode: number, deliveredTo?: string[]}>} */
  sendSignal(roomID, kind, payload, toUserID) {
    return this._result(this._request('sendSignal', { roomID, kind, payload, ...(toUserID ? { toUserID } : {}) }),
      r => ({ deliveredTo: r.deliveredTo }));
  }

  /** The RTCIceServer list the login reply carried (STUN/TURN with per-user credentials). */
  getIceServers(roomID) {
    return this._room(roomID).iceServers;
  }

  /**
   * Starts (or answers) the 1v1 call of a p2p room with a local stream: the member with the
   * smaller userID offers once both are there; candidates trickle through sendSignal. Emits
   * p2pRemoteStream(roomID, peerUserID, stream) and p2pCallStateUpdate(roomID, state, peerUserID)
   * with state CALLING, CONNECTED, DISCONNECTED or ENDED.
   * @param {string} roomID @param {MediaStream} localStream @returns {Promise<boolean>}
   */
  async startP2PCall(roomID, localStream) {
    const room = this._room(roomID);
    if (room.mode !== 'p2p') throw new LiveRoomError(ErrorCode.NOT_P2P_ROOM, 'NOT_P2P_ROOM', roomID + ' is not a p2p room');
    const call = this._calls.get(roomID) || { roomID, pc: null, peer: null, queue: [], pendingOffer: null };
    call.local = localStream;
    this._calls.set(roomID, call);
    if (call.pendingOffer) await this._p2pAnswer(room, call, call.pendingOffer.from, call.pendingOffer.sdp);
    else this._p2pPeerJoined(room);
    return true;
  }

  /** Hangs up: tells the peer (bye) and closes the peer connection. */
  stopP2PCall(roomID) {
    this._p2pClose(roomID, true);
    return true;
  }

  _p2pPeerJoined(room) {
    const call = this._calls.get(room.roomID);
    const peer = [...room.users.keys()].find(u => u !== room.user.userID);
    if (!call || !call.local || call.pc || !peer || room.user.userID > peer) return;
    this._p2pOffer(room, call, peer).catch(e => console.error('[liveroom] p2p offer failed', e));
  }

  _p2pPeerLeft(room, users) {
    const call = this._calls.get(room.roomID);
    if (call && users.some(u => u.userID === call.peer)) this._p2pHangup(room.roomID, call);
  }

  _p2pPeerConnection(room, call, peer) {
    call.pc?.close();
    call.peer = peer;
    call.queue = [];
    const pc = new RTCPeerConnection({ iceServers: room.iceServers });
    call.pc = pc;
    call.remote = new MediaStream();
    call.local?.getTracks().forEach(t => pc.addTrack(t, call.local));
    pc.onicecandidate = (e) => { if (e.candidate) this.sendSignal(room.roomID, 'candidate', e.candidate.toJSON(), peer); };
    pc.ontrack = (e) => {
      call.remote.addTrack(e.track);
      if (call.remote.getTracks().length === 1) this._emit('p2pRemoteStream', room.roomID, peer, call.remote);
    };
    pc.onconnectionstatechange = () => {
      if (call.pc !== pc) return;
      const map = { connected: 'CONNECTED', disconnected: 'DISCONNECTED', failed: 'DISCONNECTED' };
      if (map[pc.connectionState]) this._emit('p2pCallStateUpdate', room.roomID, map[pc.connectionState], peer);
      if (pc.connectionState === 'failed' && room.user.userID < peer) this._p2pOffer(room, call, peer, true).catch(() => {});
    };
    this._emit('p2pCallStateUpdate', room.roomID, 'CALLING', peer);
    return pc;
  }

  async _p2pOffer(room, call, peer, restart = false) {
    const pc = restart && call.pc ? call.pc : this._p2pPeerConnection(room, call, peer);
    await pc.setLocalDescription(await pc.createOffer({ iceRestart: restart }));
    await this.sendSignal(room.roomID, 'offer', { type: 'offer', sdp: pc.localDescription.sdp }, peer);
  }

  async _p2pAnswer(room, call, peer, sdp) {
    call.pendingOffer = null;
    const pc = call.pc && call.peer === peer && call.pc.signalingState !== 'closed' ? call.pc
      : this._p2pPeerConnection(room, call, peer);
    await pc.setRemoteDescription({ type: 'offer', sdp });
    for (const c of call.queue.splice(0)) await pc.addIceCandidate(c).catch(() => {});
    await pc.setLocalDescription(await pc.createAnswer());
    await this.sendSignal(room.roomID, 'answer', { type: 'answer', sdp: pc.localDescription.sdp }, peer);
  }

  async _p2pOnSignal(room, from, kind, payload) {
    const call = this._calls.get(room.roomID) || { roomID: room.roomID, pc: null, peer: null, queue: [], pendingOffer: null };
    this._calls.set(room.roomID, call);
    try {
      if (kind === 'offer') {
        if (!call.local) call.pendingOffer = { from, sdp: payload.sdp };
        else await this._p2pAnswer(room, call, from, payload.sdp);
      } else if (kind === 'answer' && call.pc) {
        await call.pc.setRemoteDescription({ type: 'answer', sdp: payload.sdp });
        for (const c of call.queue.splice(0)) await call.pc.addIceCandidate(c).catch(() => {});
      } else if (kind === 'candidate') {
        if (call.pc?.remoteDescription) await call.pc.addIceCandidate(payload).catch(() => {});
        else call.queue.push(payload);
      } else if (kind === 'bye') {
        this._p2pHangup(room.roomID, call);
      }
    } catch (e) {
      console.error('[liveroom] p2p signal', kind, 'failed', e);
    }
  }

  _p2pHangup(roomID, call) {
    const peer = call.peer;
    call.pc?.close();
    call.pc = null;
    call.peer = null;
    call.pendingOffer = null;
    if (peer) this._emit('p2pCallStateUpdate', roomID, 'ENDED', peer);
  }

  _p2pClose(roomID, sayBye) {
    const call = this._calls.get(roomID);
    if (!call) return;
    if (sayBye && call.peer) this.sendSignal(roomID, 'bye', {}, call.peer);
    this._p2pHangup(roomID, call);
    this._calls.delete(roomID);
  }
}

/**
 * A stream shown on the page (createLocalStreamView / createRemoteStreamView): play(elementOrId,
 * options) puts a <video> (autoplay, playsinline) into the element, stop() takes it out. Events (on/off):
 * `autoplayFailed` () when the browser refused to play with sound: the view plays muted until resume().
 */
export class StreamView {
  /** @param {LiveRoomEngine} engine @param {MediaStream} stream @param {boolean} remote */
  constructor(engine, stream, remote) {
    if (!(stream instanceof MediaStream)) throw new TypeError('a MediaStream is required');
    this._engine = engine;
    this.stream = stream;
    this.remote = remote;
    /** @type {HTMLVideoElement|null} */ this.videoElement = null;
    this._handlers = new Map();
    this._sink = null;
  }

  on(event, handler) {
    if (typeof handler !== 'function') return false;
    if (!this._handlers.has(event)) this._handlers.set(event, new Set());
    this._handlers.get(event).add(handler);
    return true;
  }

  off(event, handler) {
    if (!handler) return this._handlers.delete(event);
    return this._handlers.get(event)?.delete(handler) ?? false;
  }

  _emit(event, ...args) {
    for (const h of [...(this._handlers.get(event) || [])]) {
      try { h(...args); } catch (e) { console.error('[liveroom] view handler threw', e); }
    }
  }

  /**
   * Shows the stream in a container element (or its id). options: `objectFit` ('cover' by default,
   * 'contain', 'fill'), `mirror` (default: true for a local view), `muted` (a remote view plays with
   * sound unless true; a local view is always muted).
   * @param {string|HTMLElement} container @param {ZegoStreamViewOptions} [options]
   */
  play(container, options = {}) {
    const el = typeof container === 'string' ? document.getElementById(container) : container;
    if (!el) throw new TypeError('no element ' + container);
    this.stop();
    const v = document.createElement('video');
    v.autoplay = true;
    v.playsInline = true;
    v.setAttribute('playsinline', '');
    v.muted = !this.remote || !!options.muted;
    v.style.width = '100%';
    v.style.height = '100%';
    v.style.objectFit = options.objectFit || 'cover';
    if (options.mirror ?? !this.remote) v.style.transform = 'scaleX(-1)';
    v.srcObject = this.stream;
    el.appendChild(v);
    this.videoElement = v;
    this._engine._views.add(this);
    const sink = this._sink ?? (this.remote ? this._engine._speaker : null);
    if (sink) this.setAudioOutputDevice(sink);
    this._start(v);
    return true;
  }

  /** Plays; a refusal with sound falls back to muted playback and emits autoplayFailed. */
  _start(v) {
    const attempt = v.play();
    if (!attempt || typeof attempt.catch !== 'function') return;
    attempt.catch(e => {
      if (this.videoElement !== v || e?.name !== 'NotAllowedError') return;
      const wasMuted = v.muted;
      v.muted = true;
      v.play().catch(() => {});
      if (!wasMuted) {
        this.autoplayFailed = true;
        this._emit('autoplayFailed');
        this._engine._emit('autoplayFailed', this);
      }
    });
  }

  /** After autoplayFailed, in a click handler: plays with sound. @returns {Promise<boolean>} */
  async resume() {
    const v = this.videoElement;
    if (!v) return false;
    v.muted = !this.remote;
    try { await v.play(); this.autoplayFailed = false; return true; } catch { v.muted = true; v.play().catch(() => {}); return false; }
  }

  /** The stream's tracks changed (camera switch): keep playing. */
  _refresh() {
    const v = this.videoElement;
    if (v && v.paused) this._start(v);
  }

  /** Sends this view's sound to an output device (setSinkId). @returns {Promise<boolean>} */
  async setAudioOutputDevice(deviceID) {
    this._sink = deviceID;
    return this._engine.useAudioOutputDevice(this.videoElement, deviceID);
  }

  /** Takes the video element out of the page. */
  stop() {
    const v = this.videoElement;
    this.videoElement = null;
    this._engine._views.delete(this);
    if (!v) return;
    v.pause();
    v.srcObject = null;
    v.remove();
  }
}

/** ZEGO's class name, for code ported from ZEGO Express Web. */
export const ZegoExpressEngine = LiveRoomEngine;
globalThis.LiveRoomEngine = LiveRoomEngine;
export default LiveRoomEngine;

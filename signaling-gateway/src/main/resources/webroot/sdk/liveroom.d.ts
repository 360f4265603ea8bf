// Type declarations of the liveroom browser SDK (liveroom.js, served by every gateway at
// /sdk/liveroom.js and packed as the npm package `liveroom-sdk`). API reference: docs/sdk.md.
// SdkTypesTest checks that every method, event and error code of liveroom.js is declared here.

export declare const VERSION: string;

/** The server's error codes by name (docs/protocol.md, "Error codes"). */
export declare const ErrorCode: {
  readonly BAD_REQUEST: 1000001;
  readonly MALFORMED_JSON: 1000002;
  readonly UNKNOWN_TYPE: 1000003;
  readonly INVALID_FIELD: 1000004;
  readonly FRAME_TOO_LARGE: 1000005;
  readonly RATE_LIMITED: 1000006;
  readonly BODY_TOO_LARGE: 1000007;
  readonly UNSUPPORTED_MEDIA_TYPE: 1000008;
  readonly SERVICE_TIMEOUT: 1000010;
  readonly SERVICE_UNAVAILABLE: 1000011;
  readonly SHUTTING_DOWN: 1000012;
  readonly INTERNAL: 1000099;
  readonly TOKEN_MISSING: 1001001;
  readonly TOKEN_MALFORMED: 1001002;
  readonly TOKEN_BAD_SIGNATURE: 1001003;
  readonly TOKEN_EXPIRED: 1001004;
  readonly TOKEN_WRONG_USER: 1001005;
  readonly TOKEN_WRONG_ROOM: 1001006;
  readonly TOKEN_NO_LOGIN_PRIVILEGE: 1001007;
  readonly TOKEN_NO_PUBLISH_PRIVILEGE: 1001008;
  readonly TOKEN_STREAM_NOT_ALLOWED: 1001009;
  readonly ADMIN_UNAUTHORIZED: 1001010;
  readonly NOT_LOGGED_IN: 1002001;
  readonly ROOM_FULL: 1002002;
  readonly TOO_MANY_ROOMS: 1002003;
  readonly ALREADY_IN_ROOM: 1002004;
  readonly ROOM_NOT_FOUND: 1002005;
  readonly ROOM_MODE_MISMATCH: 1002006;
  readonly EXTRA_INFO_TOO_LARGE: 1002010;
  readonly EXTRA_INFO_TOO_MANY_KEYS: 1002011;
  readonly SESSION_NOT_RESUMABLE: 1002020;
  readonly NOT_P2P_ROOM: 1002030;
  readonly PEER_NOT_IN_ROOM: 1002031;
  readonly USER_NOT_IN_ROOM: 1002032;
  readonly KICKED_DUPLICATE_LOGIN: 1002050;
  readonly KICKED_BY_ADMIN: 1002055;
  readonly KICKED_ROOM_CLOSED: 1002056;
  readonly SESSION_EXPIRED: 1002060;
  readonly STREAM_ID_TAKEN: 1003001;
  readonly STREAM_NOT_FOUND: 1003002;
  readonly NOT_STREAM_OWNER: 1003003;
  readonly TOO_MANY_STREAMS: 1003004;
  readonly STREAM_EXTRA_INFO_TOO_LARGE: 1003005;
  readonly STREAM_STOPPED_BY_SERVER: 1003010;
  readonly PUBLISH_PRIVILEGE_REVOKED: 1003011;
  readonly MESSAGE_EMPTY: 1004001;
  readonly MESSAGE_TOO_LARGE: 1004002;
  readonly BROADCAST_USER_RATE_LIMITED: 1004010;
  readonly BROADCAST_ROOM_RATE_LIMITED: 1004011;
  readonly BARRAGE_USER_RATE_LIMITED: 1004012;
  readonly BARRAGE_THROTTLED: 1004013;
  readonly COMMAND_USER_RATE_LIMITED: 1004014;
  readonly COMMAND_ROOM_RATE_LIMITED: 1004015;
  readonly TOO_MANY_RECIPIENTS: 1004016;
  readonly INVALID_SDP: 1006001;
  readonly MEDIA_PEER_NOT_FOUND: 1006002;
  readonly MEDIA_ICE_FAILED: 1006010;
  readonly MEDIA_CONNECT_TIMEOUT: 1006011;
  readonly MEDIA_DTLS_FAILED: 1006012;
  readonly MEDIA_CONSENT_EXPIRED: 1006013;
  readonly MEDIA_PUBLISHER_GONE: 1006014;
  readonly MEDIA_UNAVAILABLE: 1006020;
  readonly MEDIA_NODE_LOST: 1006021;
  readonly MEDIA_NODE_DRAINED: 1006022;
  readonly MEDIA_NODE_FULL: 1006023;
  readonly TOO_MANY_MEDIA_RESOURCES: 1006030;
  readonly EGRESS_UNAVAILABLE: 1010001;
  readonly EGRESS_JOB_NOT_FOUND: 1010002;
  readonly EGRESS_TRANSCODE_DISABLED: 1010003;
  readonly EGRESS_FAILED: 1010004;
};

/** Errors the SDK raises itself, never sent by the server (range 1900001-1900999). */
export declare const ClientErrorCode: {
  readonly CONNECT_TIMEOUT: 1900001;
  readonly CONNECT_FAILED: 1900002;
  readonly NOT_CONNECTED: 1900003;
  readonly DISCONNECTED: 1900004;
  readonly REQUEST_TIMEOUT: 1900005;
  readonly RETRY_EXHAUSTED: 1900006;
  readonly NOT_SUPPORTED: 1900007;
  readonly DEVICE_ERROR: 1900008;
  readonly DEVICE_PERMISSION_DENIED: 1900009;
  readonly DEVICE_DISCONNECTED: 1900010;
  readonly AUTOPLAY_FAILED: 1900011;
};

export type ErrorCodeName = keyof typeof ErrorCode;
export type ClientErrorCodeName = keyof typeof ClientErrorCode;

/** What loginRoom, renewToken and createStream reject with. */
export declare class LiveRoomError extends Error {
  constructor(code: number, name: string, message?: string);
  /** The protocol's numeric code (ErrorCode) or a ClientErrorCode. */
  code: number;
  /** The code's name, e.g. 'TOKEN_EXPIRED'. */
  name: string;
  /** ZEGO calls the text `msg`. */
  msg: string;
}

export interface ZegoUser {
  userID: string;
  userName?: string;
}

export interface ZegoStreamInfo {
  streamID: string;
  user: ZegoUser;
  extraInfo: string;
}

export interface ZegoChatData {
  messageID: number;
  fromUser: ZegoUser;
  sendTime: number;
  message: string;
}

export interface ZegoRoomConfig {
  userUpdate?: boolean;
  maxMemberCount?: number;
  mode?: 'live' | 'p2p';
}

export interface ZegoCameraSource {
  audio?: boolean;
  video?: boolean;
  /** 1: 320x240 15 fps 300 kbps, 2: 640x480 15 fps 800 kbps, 3: 1280x720 20 fps 1500 kbps, 4: custom. */
  videoQuality?: 1 | 2 | 3 | 4;
  width?: number;
  height?: number;
  frameRate?: number;
  /** kbps, applied to the encoder once published. */
  bitrate?: number;
  audioInput?: string;
  videoInput?: string;
}

export interface ZegoStreamSource {
  camera?: ZegoCameraSource;
  screen?: { audio?: boolean; video?: boolean | MediaTrackConstraints };
}

export interface ZegoDeviceInfo {
  deviceName: string;
  deviceID: string;
}

export interface ZegoDeviceInfos {
  microphones: ZegoDeviceInfo[];
  speakers: ZegoDeviceInfo[];
  cameras: ZegoDeviceInfo[];
  audioInputs: MediaDeviceInfo[];
  videoInputs: MediaDeviceInfo[];
  audioOutputs: MediaDeviceInfo[];
}

export interface ZegoPublishVideoConfig {
  width?: number;
  height?: number;
  frameRate?: number;
  /** kbps */
  maxBitrate?: number;
}

export interface ZegoStreamViewOptions {
  objectFit?: 'cover' | 'contain' | 'fill';
  /** Default: true for a local view, false for a remote one. */
  mirror?: boolean;
  /** A remote view plays with sound unless true; a local view is always muted. */
  muted?: boolean;
}

export interface ZegoPublishOption {
  extraInfo?: string;
  roomID?: string;
  simulcast?: boolean | 2 | 3;
}

export interface ZegoPlayOption {
  audio?: boolean;
  video?: boolean;
  videoLayer?: 'auto' | 'high' | 'low';
}

/** Results of calls that never reject: errorCode 0 or an ErrorCode / ClientErrorCode. */
/** A mixer input's rectangle in the output canvas, in pixels from its top-left corner. */
export interface ZegoMixStreamLayout {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface ZegoMixStreamInput {
  streamID: string;
  /** Default 'VIDEO' (picture and sound); 'AUDIO': sound only; 'VIDEO_ONLY': picture only. */
  contentType?: 'VIDEO' | 'AUDIO' | 'VIDEO_ONLY';
  layout: ZegoMixStreamLayout;
}

export interface ZegoMixStreamOutput {
  /** An rtmp:// or rtmps:// URL. */
  target: string;
}

export interface ZegoMixStreamOutputConfig {
  /** Default 640 (even, 16-3840). */
  outputWidth?: number;
  /** Default 360 (even, 16-2160). */
  outputHeight?: number;
  /** Default 15 (1-60). */
  outputFPS?: number;
  /** Video kbps, default 1000 (50-20000). */
  outputBitrate?: number;
  /** Audio kbps, default 48 (16-320). */
  outputAudioBitrate?: number;
}

/** ZEGO's mixer task: inputs of one room, at most egress.mixMaxInputs (default 9), 1-4 outputs. */
export interface ZegoMixStreamConfig {
  taskID: string;
  inputList: ZegoMixStreamInput[];
  outputList: ZegoMixStreamOutput[];
  outputConfig?: ZegoMixStreamOutputConfig;
}

export interface ZegoResult {
  errorCode: number;
  extendedData?: string;
}

export interface ZegoIMResult extends ZegoResult {
  messageID?: number;
}

export interface ZegoCapabilityResult {
  webRTC: boolean;
  camera: boolean;
  microphone: boolean;
  screenSharing: boolean;
  videoCodec: { H264: boolean; VP8: boolean };
  customCapture: boolean;
  errInfo: object;
}

export type ZegoRoomState =
  | 'LOGINING'
  | 'LOGINED'
  | 'LOGIN_FAILED'
  | 'LOGOUT'
  | 'KICKOUT'
  | 'RECONNECTING'
  | 'RECONNECTED'
  | 'RECONNECT_FAILED';
export type ZegoUpdateType = 'ADD' | 'DELETE';

export interface ZegoPublisherState {
  state: 'PUBLISH_REQUESTING' | 'PUBLISHING' | 'NO_PUBLISH';
  streamID: string;
  errorCode: number;
  extendedData: string;
}

export interface ZegoPlayerState {
  state: 'PLAY_REQUESTING' | 'PLAYING' | 'NO_PLAY';
  streamID: string;
  errorCode: number;
  extendedData: string;
}

export interface ZegoQualityStats {
  video: {
    videoBitrate: number;
    videoFPS: number;
    frameWidth: number;
    frameHeight: number;
    videoPacketsLost: number;
    videoPacketsLostRate: number;
  };
  audio: { audioBitrate: number; audioPacketsLost: number; audioPacketsLostRate: number };
  resolution: string;
  currentRoundTripTime: number;
}

export interface ZegoRoomExtraInfo {
  key: string;
  value: string;
  updateUser: ZegoUser;
  updateTime: number;
}

export interface ZegoSoundLevelInfo {
  streamID: string;
  soundLevel: number;
  type: 'pull';
}

export interface ZegoIceRestartInfo {
  streamID: string;
  kind: 'publish' | 'play';
  state: 'RESTARTING' | 'RESTARTED' | 'RESTART_FAILED';
  durationMs: number;
  restartMs: number;
}

export interface ZegoMediaNodeChange {
  nodeID: string | null;
  previousNodeID: string | null;
  errorCode: number;
}

export interface ZegoTrackMuteInfo {
  streamID: string;
  userID: string;
  kind: 'audio' | 'video';
  muted: boolean;
}

/** Every engine event with its handler's arguments. */
export interface LiveRoomEvents {
  roomStateChanged: (roomID: string, reason: ZegoRoomState, errorCode: number, extendedData: string) => void;
  roomUserUpdate: (roomID: string, updateType: ZegoUpdateType, userList: ZegoUser[]) => void;
  roomStreamUpdate: (
    roomID: string,
    updateType: ZegoUpdateType,
    streamList: ZegoStreamInfo[],
    extendedData: string,
  ) => void;
  roomExtraInfoUpdate: (roomID: string, roomExtraInfoList: ZegoRoomExtraInfo[]) => void;
  roomStreamExtraInfoUpdate: (roomID: string, streamList: ZegoStreamInfo[]) => void;
  roomOnlineUserCountUpdate: (roomID: string, count: number) => void;
  tokenWillExpire: (roomID: string, remainingSeconds: number) => void;
  roomPrivilegeUpdate: (roomID: string, privileges: { login: boolean; publish: boolean }) => void;
  publishTrackMuteUpdate: (streamID: string, kind: 'audio' | 'video', muted: boolean) => void;
  roomStreamTrackUpdate: (roomID: string, update: ZegoTrackMuteInfo) => void;
  remoteCameraStatusUpdate: (streamID: string, status: 'OPEN' | 'MUTE') => void;
  remoteMicStatusUpdate: (streamID: string, status: 'OPEN' | 'MUTE') => void;
  publisherStateUpdate: (result: ZegoPublisherState) => void;
  playerStateUpdate: (result: ZegoPlayerState) => void;
  publishQualityUpdate: (streamID: string, stats: ZegoQualityStats) => void;
  playQualityUpdate: (streamID: string, stats: ZegoQualityStats) => void;
  IMRecvBroadcastMessage: (roomID: string, chatData: ZegoChatData[]) => void;
  IMRecvBarrageMessage: (roomID: string, chatData: ZegoChatData[]) => void;
  IMRecvCustomCommand: (roomID: string, fromUser: ZegoUser, command: string) => void;
  soundLevelUpdate: (soundLevelList: ZegoSoundLevelInfo[]) => void;
  activeSpeakerUpdate: (roomID: string, streamID: string | null) => void;
  iceRestartUpdate: (info: ZegoIceRestartInfo) => void;
  mediaNodeChanged: (roomID: string, change: ZegoMediaNodeChange) => void;
  videoDeviceStateChanged: (updateType: ZegoUpdateType, deviceInfo: ZegoDeviceInfo) => void;
  audioDeviceStateChanged: (
    updateType: ZegoUpdateType,
    deviceType: 'Input' | 'Output',
    deviceInfo: ZegoDeviceInfo,
  ) => void;
  deviceError: (errorCode: number, deviceName: string) => void;
  autoplayFailed: (view: StreamView) => void;
  p2pSignal: (roomID: string, fromUserID: string, kind: string, payload: unknown) => void;
  p2pRemoteStream: (roomID: string, peerUserID: string, stream: MediaStream) => void;
  p2pCallStateUpdate: (
    roomID: string,
    state: 'CALLING' | 'CONNECTED' | 'DISCONNECTED' | 'ENDED',
    peerUserID: string,
  ) => void;
}

export interface StreamViewEvents {
  autoplayFailed: () => void;
}

/** A stream shown on the page (createLocalStreamView / createRemoteStreamView). */
export declare class StreamView {
  constructor(engine: LiveRoomEngine, stream: MediaStream, remote: boolean);
  readonly stream: MediaStream;
  readonly remote: boolean;
  /** The <video> play() created, null when stopped. */
  videoElement: HTMLVideoElement | null;
  /** True after autoplayFailed until resume() succeeded. */
  autoplayFailed?: boolean;
  on<K extends keyof StreamViewEvents>(event: K, handler: StreamViewEvents[K]): boolean;
  off<K extends keyof StreamViewEvents>(event: K, handler?: StreamViewEvents[K]): boolean;
  play(container: string | HTMLElement, options?: ZegoStreamViewOptions): boolean;
  resume(): Promise<boolean>;
  setAudioOutputDevice(deviceID: string): Promise<boolean>;
  stop(): void;
}

export interface LiveRoomEngineOptions {
  reconnectMaxMs?: number;
  echoOwnMessages?: boolean;
}

export declare class LiveRoomEngine {
  constructor(appID: number | string, server?: string, options?: LiveRoomEngineOptions);
  on<K extends keyof LiveRoomEvents>(event: K, handler: LiveRoomEvents[K]): boolean;
  off<K extends keyof LiveRoomEvents>(event: K, handler?: LiveRoomEvents[K]): boolean;
  getVersion(): string;
  setDebugVerbose(enable: boolean): void;
  setLogConfig(config?: object): boolean;

  loginRoom(roomID: string, token: string, user: ZegoUser, config?: ZegoRoomConfig): Promise<boolean>;
  renewToken(token: string, roomID?: string): Promise<boolean>;
  logoutRoom(roomID?: string): Promise<boolean>;
  setRoomExtraInfo(roomID: string, key: string, value: string): Promise<ZegoResult>;
  setStreamExtraInfo(streamID: string, extraInfo: string): Promise<ZegoResult>;
  getOnlineCount(roomID?: string): Promise<number>;

  sendBroadcastMessage(roomID: string, message: string): Promise<ZegoIMResult>;
  sendBarrageMessage(roomID: string, message: string): Promise<ZegoIMResult>;
  sendCustomCommand(
    roomID: string,
    command: string,
    toUserIDs: string[],
  ): Promise<ZegoResult & { notInRoom?: string[] }>;

  createStream(source?: ZegoStreamSource): Promise<MediaStream>;
  destroyStream(stream: MediaStream): void;
  mutePublishStreamAudio(stream: MediaStream, mute: boolean): boolean;
  mutePublishStreamVideo(stream: MediaStream, mute: boolean): boolean;
  mutePlayStreamAudio(streamID: string, mute: boolean): boolean;
  mutePlayStreamVideo(streamID: string, mute: boolean): boolean;

  enumDevices(): Promise<ZegoDeviceInfos>;
  getCameras(): Promise<ZegoDeviceInfo[]>;
  getMicrophones(): Promise<ZegoDeviceInfo[]>;
  getSpeakers(): Promise<ZegoDeviceInfo[]>;
  useVideoDevice(localStream: MediaStream, deviceID: string): Promise<ZegoResult>;
  useAudioDevice(localStream: MediaStream, deviceID: string): Promise<ZegoResult>;
  setVideoConfig(localStream: MediaStream, config?: ZegoPublishVideoConfig): Promise<ZegoResult>;
  useAudioOutputDevice(media: HTMLMediaElement, deviceID: string): Promise<boolean>;
  setSpeaker(deviceID: string): Promise<boolean>;
  createLocalStreamView(stream: MediaStream): StreamView;
  createRemoteStreamView(stream: MediaStream): StreamView;
  checkSystemRequirements(): Promise<ZegoCapabilityResult>;

  startPublishingStream(streamID: string, localStream: MediaStream, publishOption?: ZegoPublishOption): boolean;
  stopPublishingStream(streamID: string): boolean;
  replaceTrack(streamID: string, track: MediaStreamTrack): Promise<{ errorCode: number }>;
  startPlayingStream(streamID: string, playOption?: ZegoPlayOption): Promise<MediaStream>;
  stopPlayingStream(streamID: string): boolean;

  addPublishCdnUrl(streamID: string, targetURL: string): Promise<ZegoResult>;
  removePublishCdnUrl(streamID: string, targetURL: string): Promise<ZegoResult>;
  /** ZEGO's startMixerTask; extendedData is the server's job ID on success. */
  startMixerTask(task: ZegoMixStreamConfig, roomID?: string): Promise<ZegoResult>;
  stopMixerTask(taskID: string, roomID?: string): Promise<ZegoResult>;
  startRecording(streamOrStreamID: MediaStream | string, options?: { mimeType?: string; timesliceMs?: number }): string;
  stopRecording(): Promise<Blob>;

  sendSignal(
    roomID: string,
    kind: 'offer' | 'answer' | 'candidate' | 'bye' | string,
    payload: unknown,
    toUserID?: string,
  ): Promise<ZegoResult & { deliveredTo?: string[] }>;
  getIceServers(roomID?: string): RTCIceServer[];
  startP2PCall(roomID: string, localStream: MediaStream): Promise<boolean>;
  stopP2PCall(roomID: string): boolean;
}

/** ZEGO's class name, for code ported from ZEGO Express Web. */
export declare const ZegoExpressEngine: typeof LiveRoomEngine;
export type ZegoExpressEngine = LiveRoomEngine;
export default LiveRoomEngine;

declare global {
  /** Set by the module (and by the classic script /sdk/liveroom.global.js). */
  // eslint-disable-next-line no-var
  var LiveRoomEngine: typeof import('./liveroom.js').LiveRoomEngine;
}

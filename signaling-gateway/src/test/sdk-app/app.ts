// A small app against the published types: what a real page does with the SDK. Type-checked by
// SdkPackageTest with `tsc --noEmit` after installing the packed tarball (npm pack).
import LiveRoomEngine, {
  ClientErrorCode,
  ErrorCode,
  LiveRoomError,
  StreamView,
  ZegoExpressEngine,
  type ZegoDeviceInfo,
  type ZegoStreamInfo,
} from 'liveroom-sdk';

const zg: LiveRoomEngine = new ZegoExpressEngine(1, 'ws://localhost:8080/ws', { reconnectMaxMs: 10000 });
const views = new Map<string, StreamView>();

zg.on('roomStateChanged', (roomID, reason, errorCode, extendedData) => {
  if (reason === 'KICKOUT' && errorCode === ErrorCode.TOKEN_EXPIRED) console.log(roomID, extendedData);
});
zg.on('roomStreamUpdate', async (_roomID, updateType, streamList: ZegoStreamInfo[]) => {
  for (const s of streamList) {
    if (updateType === 'ADD') {
      const remote = await zg.startPlayingStream(s.streamID, { videoLayer: 'auto' });
      const view = zg.createRemoteStreamView(remote);
      view.on('autoplayFailed', () => document.body.addEventListener('click', () => view.resume(), { once: true }));
      view.play('remote-' + s.streamID, { objectFit: 'contain' });
      views.set(s.streamID, view);
    } else {
      views.get(s.streamID)?.stop();
      zg.stopPlayingStream(s.streamID);
    }
  }
});
zg.on('remoteCameraStatusUpdate', (streamID, status) => console.log(streamID, status === 'MUTE'));
zg.on('remoteMicStatusUpdate', (streamID, status) => console.log(streamID, status));
zg.on('videoDeviceStateChanged', (updateType, device: ZegoDeviceInfo) => console.log(updateType, device.deviceName));
zg.on('audioDeviceStateChanged', (updateType, deviceType, device) => console.log(updateType, deviceType, device.deviceID));
zg.on('deviceError', (errorCode, deviceName) => {
  if (errorCode === ClientErrorCode.DEVICE_DISCONNECTED) console.warn(deviceName);
});
zg.on('autoplayFailed', (view) => console.log(view.remote));
zg.on('publishQualityUpdate', (streamID, stats) => console.log(streamID, stats.video.frameWidth));
zg.on('publisherStateUpdate', (r) => console.log(r.state, r.errorCode));

export async function start(token: string): Promise<void> {
  try {
    await zg.loginRoom('lobby', token, { userID: 'alice', userName: 'Alice' }, { userUpdate: true });
  } catch (e) {
    if (e instanceof LiveRoomError && e.code === ClientErrorCode.CONNECT_TIMEOUT) return;
    throw e;
  }
  const local = await zg.createStream({ camera: { audio: true, video: true, videoQuality: 2 } });
  zg.createLocalStreamView(local).play(document.getElementById('local')!, { mirror: true });
  const published: boolean = zg.startPublishingStream('alice-cam', local, { extraInfo: '{}', simulcast: 2 });
  const cameras = await zg.getCameras();
  const mics = await zg.getMicrophones();
  const speakers = await zg.getSpeakers();
  if (cameras.length > 1) {
    const r = await zg.useVideoDevice(local, cameras[1].deviceID);
    if (r.errorCode !== 0) console.warn(r.extendedData);
  }
  if (mics[0]) await zg.useAudioDevice(local, mics[0].deviceID);
  if (speakers[0]) await zg.setSpeaker(speakers[0].deviceID);
  const { errorCode } = await zg.setVideoConfig(local, { width: 320, height: 240, frameRate: 15, maxBitrate: 300 });
  zg.mutePublishStreamVideo(local, errorCode !== 0);
  zg.mutePublishStreamAudio(local, false);
  zg.mutePlayStreamAudio('bob-cam', true);
  const devices = await zg.enumDevices();
  console.log(published, devices.cameras.length, devices.videoInputs[0]?.label);
  const sent = await zg.sendBroadcastMessage('lobby', 'hi');
  console.log(sent.messageID ?? 0, zg.getVersion(), globalThis.LiveRoomEngine === LiveRoomEngine);
  const mixed = await zg.startMixerTask({
    taskID: 'lobby-mix',
    inputList: [
      { streamID: 'alice-cam', layout: { top: 0, left: 0, bottom: 360, right: 320 } },
      { streamID: 'bob-cam', contentType: 'VIDEO', layout: { top: 0, left: 320, bottom: 360, right: 640 } },
    ],
    outputList: [{ target: 'rtmp://cdn.example/live/lobby' }],
    outputConfig: { outputWidth: 640, outputHeight: 360, outputFPS: 15, outputBitrate: 800 },
  });
  if (mixed.errorCode === 0) await zg.stopMixerTask('lobby-mix');
}

// Helpers for SdkDevicesScenario, on top of sdk-call.js (window.t): camera choice, frame colour and
// decoded size of a played stream, extra SDK events recorded into t.log. Exposed as window.d.
window.d = (() => {
  const EXTRA = ['remoteCameraStatusUpdate', 'remoteMicStatusUpdate', 'videoDeviceStateChanged',
    'audioDeviceStateChanged', 'deviceError', 'autoplayFailed'];
  EXTRA.forEach(e => t.zg.on(e, (...args) => t.log.push({ e, args: JSON.parse(JSON.stringify(args.map(a =>
    a && a.stream instanceof MediaStream ? { view: true } : a))), at: Date.now() })));
  let local = null;

  /** Publishes camera number `index` (getCameras order) at 640x480. */
  async function publishCam(streamID, index) {
    const cams = await t.zg.getCameras();
    local = await t.zg.createStream({ camera: { audio: true, video: true, videoInput: cams[index].deviceID, width: 640, height: 480 } });
    return t.zg.startPublishingStream(streamID, local, { extraInfo: 'devices' });
  }

  /** Switches the published camera to number `index`; the result and what the sender now sends. */
  async function useCam(streamID, index) {
    const cams = await t.zg.getCameras();
    const result = await t.zg.useVideoDevice(local, cams[index].deviceID);
    return { result, ...sender(streamID), wanted: cams[index].deviceID };
  }

  function sender(streamID) {
    const pc = t.zg._publishers.get(streamID)?.pc;
    const s = pc?.getSenders().find(x => x.track?.kind === 'video');
    const enc = s?.getParameters().encodings?.[0] || {};
    const settings = s?.track?.getSettings() || {};
    return { connectionState: pc?.connectionState, deviceId: settings.deviceId ?? null,
      trackWidth: settings.width ?? null, trackHeight: settings.height ?? null,
      label: s?.track?.label ?? null, maxBitrate: enc.maxBitrate ?? null, maxFramerate: enc.maxFramerate ?? null,
      localTracks: local?.getVideoTracks().map(x => x.label) };
  }

  /**
   * What the played stream's current frame shows (its <video id="play-..."> element scaled to 8x6
   * cells): the mean colour, and `centre`, the greenest of the 3x3 centre cells. Chromium's first fake
   * camera paints a yellow pacman there (centre > 170) on green; its third (MJPEG) one plain green (128).
   */
  function colour(streamID) {
    const v = document.getElementById('play-' + streamID);
    if (!v || !v.videoWidth) return null;
    const c = document.createElement('canvas');
    c.width = 8; c.height = 6;
    const g = c.getContext('2d');
    g.drawImage(v, 0, 0, 8, 6);
    const px = g.getImageData(0, 0, 8, 6).data;
    let r = 0, gr = 0, b = 0, centre = 0;
    for (let i = 0; i < px.length; i += 4) {
      r += px[i]; gr += px[i + 1]; b += px[i + 2];
      const cell = i / 4, row = Math.floor(cell / 8), col = cell % 8;
      if (row >= 2 && row <= 4 && col >= 3 && col <= 5) centre = Math.max(centre, px[i + 1]);
    }
    const n = px.length / 4;
    return { r: Math.round(r / n), g: Math.round(gr / n), b: Math.round(b / n), centre, width: v.videoWidth, height: v.videoHeight };
  }

  /** Decoded video of a played stream from getStats (inbound-rtp). */
  async function inbound(streamID) {
    const pc = t.zg._players.get(streamID)?.pc;
    const out = { framesDecoded: 0, frameWidth: 0, frameHeight: 0, connectionState: pc?.connectionState };
    if (pc) (await pc.getStats()).forEach(r => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') Object.assign(out, { framesDecoded: r.framesDecoded || 0,
        frameWidth: r.frameWidth || 0, frameHeight: r.frameHeight || 0 });
    });
    return out;
  }

  /**
   * A remote view whose first play() with sound is refused as a browser without a user gesture would:
   * the view must fall back to muted playback and emit autoplayFailed.
   */
  async function viewWithRefusedAutoplay(streamID) {
    const stream = t.zg._players.get(streamID)?.stream;
    const box = document.createElement('div');
    box.id = 'view-box';
    box.style.width = '320px';
    box.style.height = '240px';
    document.body.appendChild(box);
    const original = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      return this.muted ? original.call(this) : Promise.reject(new DOMException('no gesture', 'NotAllowedError'));
    };
    const view = t.zg.createRemoteStreamView(stream);
    let viewEvent = false;
    view.on('autoplayFailed', () => { viewEvent = true; });
    try {
      view.play('view-box', { objectFit: 'contain' });
      const deadline = Date.now() + 10000;
      let v = box.querySelector('video');
      while (Date.now() < deadline && !(v && v.videoWidth > 0 && !v.paused && viewEvent)) {
        await new Promise(r => setTimeout(r, 100));
        v = box.querySelector('video');
      }
      const out = { viewEvent, muted: v?.muted, paused: v?.paused, videoWidth: v?.videoWidth || 0, objectFit: v?.style.objectFit };
      view.stop();
      out.afterStop = box.querySelectorAll('video').length;
      return out;
    } finally {
      HTMLMediaElement.prototype.play = original;
    }
  }

  /** Switches the microphone to number `index` (getMicrophones order); the sender's audio track after it. */
  async function useMic(streamID, index) {
    const mics = await t.zg.getMicrophones();
    const result = await t.zg.useAudioDevice(local, mics[index].deviceID);
    const s = t.zg._publishers.get(streamID)?.pc?.getSenders().find(x => x.track?.kind === 'audio');
    return { result, label: s?.track?.label ?? null, wanted: mics[index].deviceName, localAudio: local.getAudioTracks().map(x => x.label) };
  }

  /** Audio packets received so far for a played stream. */
  async function audioPackets(streamID) {
    const pc = t.zg._players.get(streamID)?.pc;
    let n = 0;
    if (pc) (await pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'audio') n = r.packetsReceived || 0; });
    return n;
  }

  /**
   * A camera plugged in and another pulled out, as the page sees it: enumerateDevices answers a
   * changed list and `devicechange` fires (headless Chromium cannot plug devices). Returns the device
   * events the SDK emitted.
   */
  async function simulatePlug() {
    const md = navigator.mediaDevices;
    const real = md.enumerateDevices.bind(md);
    const all = await real();
    md.enumerateDevices = async () => all.filter(x => x.label !== 'fake_device_1')
      .concat([{ kind: 'videoinput', deviceId: 'usb-cam-1', label: 'USB camera', groupId: 'usb' }]);
    try {
      md.dispatchEvent(new Event('devicechange'));
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && t.events('videoDeviceStateChanged').length < 2) await new Promise(r => setTimeout(r, 50));
    } finally {
      md.enumerateDevices = real;
    }
    return { video: t.events('videoDeviceStateChanged'), audio: t.events('audioDeviceStateChanged') };
  }

  return { simulatePlug, useMic, audioPackets, publishCam, useCam, sender, colour, inbound, viewWithRefusedAutoplay, local: () => local };
})();

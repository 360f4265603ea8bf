// The demo page's device and quality settings panel: cameras, microphones, speakers and a video
// quality preset, switched on the live publish. Only SDK calls: getCameras, getMicrophones,
// getSpeakers, useVideoDevice, useAudioDevice, useAudioOutputDevice, setVideoConfig and the device
// events; remote camera/mic mutes are shown on the tiles (remoteCameraStatusUpdate, remoteMicStatusUpdate).

/** Quality presets as ZEGO's videoQuality 1..3: size, frame rate, bitrate (kbps). */
export const PRESETS = {
  low: { width: 320, height: 240, frameRate: 15, maxBitrate: 300 },
  standard: { width: 640, height: 480, frameRate: 15, maxBitrate: 800 },
  hd: { width: 1280, height: 720, frameRate: 20, maxBitrate: 1500 },
};

/**
 * Wires the panel. `state.local` is the published camera stream (null until published), `tiles`
 * the page's tiles by streamID ({el, video}), `note(text)` writes a line in the chat as the system.
 */
export function settingsPanel(zg, state, note) {
  const $ = (id) => document.getElementById(id);
  const panel = $('settings');
  const fill = (select, devices, current) => {
    select.innerHTML = '';
    devices.forEach((d, i) => {
      const o = document.createElement('option');
      o.value = d.deviceID;
      o.textContent = d.deviceName || `${select.dataset.kind} ${i + 1}`;
      o.selected = d.deviceID === current;
      select.appendChild(o);
    });
    select.disabled = devices.length === 0;
  };
  const current = (kind) => state.local?.getTracks().find(t => t.kind === kind)?.getSettings().deviceId;

  async function refresh() {
    const [cameras, mics, speakers] = await Promise.all([zg.getCameras(), zg.getMicrophones(), zg.getSpeakers()]);
    fill($('set-camera'), cameras, current('video'));
    fill($('set-mic'), mics, current('audio'));
    fill($('set-speaker'), speakers, state.speaker);
    $('set-speaker').disabled = speakers.length === 0 || typeof HTMLMediaElement.prototype.setSinkId !== 'function';
  }

  $('settings-toggle').addEventListener('click', () => {
    panel.classList.toggle('hidden');
    if (!panel.classList.contains('hidden')) refresh();
  });
  $('set-camera').addEventListener('change', async (e) => {
    if (!state.local) return;
    const r = await zg.useVideoDevice(state.local, e.target.value);
    $('settings-status').textContent = r.errorCode === 0 ? 'camera switched' : `camera not switched: ${r.extendedData}`;
  });
  $('set-mic').addEventListener('change', async (e) => {
    if (!state.local) return;
    const r = await zg.useAudioDevice(state.local, e.target.value);
    $('settings-status').textContent = r.errorCode === 0 ? 'microphone switched' : `microphone not switched: ${r.extendedData}`;
  });
  $('set-speaker').addEventListener('change', async (e) => {
    state.speaker = e.target.value;
    let ok = true;
    for (const [id, t] of state.tiles) if (!t.el.classList.contains('local')) ok = (await zg.useAudioOutputDevice(t.video, state.speaker)) && ok;
    $('settings-status').textContent = ok ? 'speaker changed' : 'this browser cannot choose the speaker';
  });
  $('set-quality').addEventListener('change', async (e) => {
    if (!state.local) return;
    const r = await zg.setVideoConfig(state.local, PRESETS[e.target.value]);
    $('settings-status').textContent = r.errorCode === 0 ? `video ${e.target.selectedOptions[0].textContent}` : `not applied: ${r.extendedData}`;
  });

  zg.on('videoDeviceStateChanged', (type, d) => { note(`camera ${d.deviceName || d.deviceID} ${type === 'ADD' ? 'plugged in' : 'removed'}`); refresh(); });
  zg.on('audioDeviceStateChanged', (type, kind, d) => { note(`${kind === 'Input' ? 'microphone' : 'speaker'} ${d.deviceName || d.deviceID} ${type === 'ADD' ? 'plugged in' : 'removed'}`); refresh(); });
  zg.on('deviceError', (code, name) => note(`device ${name} stopped (${code})`));
  const badge = (streamID, kind, status) => {
    const el = state.tiles.get(streamID)?.el;
    if (el) el.classList.toggle(kind + '-muted', status === 'MUTE');
  };
  zg.on('remoteCameraStatusUpdate', (streamID, status) => badge(streamID, 'cam', status));
  zg.on('remoteMicStatusUpdate', (streamID, status) => badge(streamID, 'mic', status));
  return { refresh };
}

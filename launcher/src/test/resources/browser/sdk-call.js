// Test helpers around the real SDK (already loaded on the page as globalThis.LiveRoomEngine, by
// module import or by the classic script). Every SDK event is recorded as JSON; driven over
// DevTools by SdkCallScenario. Exposed as window.t; every method returns JSON.
window.t = (() => {
  const EVENTS = ['roomStateChanged', 'roomUserUpdate', 'roomStreamUpdate', 'roomOnlineUserCountUpdate',
    'roomExtraInfoUpdate', 'roomStreamExtraInfoUpdate', 'publisherStateUpdate', 'playerStateUpdate',
    'publishQualityUpdate', 'playQualityUpdate', 'IMRecvBroadcastMessage', 'IMRecvBarrageMessage', 'IMRecvCustomCommand',
    'publishTrackMuteUpdate', 'roomStreamTrackUpdate', 'roomPrivilegeUpdate'];
  const log = [];
  const zg = new LiveRoomEngine(1, `ws://${location.host}/ws`);
  EVENTS.forEach(e => zg.on(e, (...args) => log.push({ e, args: JSON.parse(JSON.stringify(args)), at: Date.now() })));
  let local = null;

  function show(stream, id, muted) {
    const v = document.createElement('video');
    Object.assign(v, { id, autoplay: true, muted, playsInline: true, width: 320, height: 240 });
    document.body.appendChild(v);
    v.srcObject = stream;
    v.play().catch(() => {});
  }

  async function login(roomID, userID) {
    const r = await fetch(`/dev/token?userID=${userID}&roomID=${roomID}&publish=true`);
    const { token } = await r.json();
    return zg.loginRoom(roomID, token, { userID, userName: userID.toUpperCase() }, { userUpdate: true });
  }

  async function publish(streamID, option = {}) {
    local = await zg.createStream({ camera: { audio: true, video: true, width: 640, height: 480 } });
    show(local, 'local', true);
    return zg.startPublishingStream(streamID, local, { extraInfo: 'cam of ' + streamID, ...option });
  }

  async function play(streamID, option) {
    const stream = await zg.startPlayingStream(streamID, option);
    show(stream, 'play-' + streamID, true);
    return stream.getTracks().map(t => t.kind).sort();
  }

  /** Inbound media of a played stream (video frames decoded, audio packets). */
  async function received(streamID) {
    const pc = zg._players.get(streamID)?.pc;
    if (!pc) return { missing: streamID };
    const out = { connectionState: pc.connectionState, framesDecoded: 0, audioPackets: 0 };
    (await pc.getStats()).forEach(r => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') {
        out.framesDecoded = r.framesDecoded || 0;
        out.frameWidth = r.frameWidth || 0;
      }
      if (r.type === 'inbound-rtp' && r.kind === 'audio') out.audioPackets = r.packetsReceived || 0;
    });
    return out;
  }

  /** Bytes received so far per kind of a played stream's inbound RTP. */
  async function bytes(streamID) {
    const pc = zg._players.get(streamID)?.pc;
    const out = { video: 0, audio: 0 };
    if (pc) (await pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp') out[r.kind] = r.bytesReceived || 0; });
    return out;
  }

  /** Two samples of bytes(streamID) {@code ms} apart: {before, after}. */
  async function bytesOver(streamID, ms) {
    const before = await bytes(streamID);
    await new Promise(resolve => setTimeout(resolve, ms));
    return { before, after: await bytes(streamID) };
  }

  const events = (name) => log.filter(x => x.e === name).map(x => x.args);
  const first = (name, test) => events(name).find(args => test(...args)) || null;

  return { zg, log, login, publish, play, received, bytes, bytesOver, events, first, local: () => local };
})();

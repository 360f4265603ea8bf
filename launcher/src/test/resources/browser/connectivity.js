// Test helpers for the connectivity scenarios (ICE restart, ICE-TCP, audio levels) around the real
// SDK (already on the page as globalThis.LiveRoomEngine). Every SDK event is recorded as JSON with
// performance.now(); driven over DevTools by IceRestartScenario / IceTcpScenario. Exposed as window.t.
window.t = (() => {
  const EVENTS = ['roomStateChanged', 'roomStreamUpdate', 'publisherStateUpdate', 'playerStateUpdate',
    'iceRestartUpdate', 'soundLevelUpdate', 'activeSpeakerUpdate'];
  const log = [];
  const zg = new LiveRoomEngine(1, `ws://${location.host}/ws`);
  EVENTS.forEach(e => zg.on(e, (...args) => log.push({ e, args: JSON.parse(JSON.stringify(args)), at: performance.now() })));
  const samples = [];
  let marks = {};

  async function login(roomID, userID) {
    const r = await fetch(`/dev/token?userID=${userID}&roomID=${roomID}&publish=true`);
    const { token } = await r.json();
    return zg.loginRoom(roomID, token, { userID, userName: userID.toUpperCase() }, { userUpdate: true });
  }

  async function publish(streamID) {
    const local = await zg.createStream({ camera: { audio: true, video: true, width: 320, height: 240 } });
    return zg.startPublishingStream(streamID, local, {});
  }

  async function play(streamID) {
    marks.play = performance.now();
    const stream = await zg.startPlayingStream(streamID);
    const v = document.createElement('video');
    Object.assign(v, { autoplay: true, muted: true, playsInline: true });
    document.body.appendChild(v);
    v.srcObject = stream;
    v.play().catch(() => {});
    return stream.getTracks().map(t => t.kind).sort();
  }

  const pcOf = (kind, streamID) => (kind === 'publish' ? zg._publishers : zg._players).get(streamID)?.pc;

  /** Inbound media, the selected candidate pair and the local candidates of a media connection. */
  async function info(kind, streamID) {
    const pc = pcOf(kind, streamID);
    if (!pc) return { missing: streamID };
    const out = { ice: pc.iceConnectionState, framesDecoded: 0, audioPackets: 0, localPorts: [] };
    const stats = await pc.getStats();
    let pairId = null;
    stats.forEach(r => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') out.framesDecoded = r.framesDecoded || 0;
      if (r.type === 'inbound-rtp' && r.kind === 'audio') out.audioPackets = r.packetsReceived || 0;
      if (r.type === 'outbound-rtp' && r.kind === 'video') out.framesEncoded = r.framesEncoded || 0;
      if (r.type === 'transport') pairId = r.selectedCandidatePairId;
      if (r.type === 'local-candidate' && r.protocol === 'udp') out.localPorts.push(r.port);
    });
    const pair = pairId && stats.get(pairId);
    if (pair) {
      const local = stats.get(pair.localCandidateId);
      const remote = stats.get(pair.remoteCandidateId);
      out.pair = { state: pair.state, protocol: local?.protocol, localAddress: local?.address, localPort: local?.port,
        remoteProtocol: remote?.protocol, remotePort: remote?.port, relayProtocol: local?.relayProtocol };
    }
    return out;
  }

  /** Samples framesDecoded of a played stream every 100 ms (performance.now() times). */
  function sample(streamID) {
    const pc = pcOf('play', streamID);
    pc.addEventListener('iceconnectionstatechange', () => log.push({ e: 'ice', args: [pc.iceConnectionState], at: performance.now() }));
    setInterval(async () => {
      const i = await info('play', streamID);
      samples.push([performance.now(), i.framesDecoded, i.ice]);
    }, 100);
    return true;
  }

  function mark(name) {
    marks[name] = performance.now();
    return marks[name];
  }

  /** The first sample after mark `from` where frames grew again after they had stalled. */
  function resumed(from) {
    const t0 = marks[from];
    const after = samples.filter(s => s[0] >= t0);
    let stalledAt = null;
    for (let i = 1; i < after.length; i++) {
      if (after[i][1] === after[i - 1][1]) { if (stalledAt === null) stalledAt = after[i - 1][0]; }
      else if (stalledAt !== null && after[i][0] - stalledAt > 300) {
        return { stalledMs: Math.round(stalledAt - t0), resumedMs: Math.round(after[i][0] - t0) };
      }
    }
    return null;
  }

  const events = (name) => log.filter(x => x.e === name).map(x => x.args);
  const timed = (name) => log.filter(x => x.e === name).map(x => ({ at: x.at, args: x.args }));
  const first = (name, test) => events(name).find(args => test(...args)) || null;

  return { zg, log, login, publish, play, info, sample, mark, marks: () => marks, resumed, events, timed, first };
})();

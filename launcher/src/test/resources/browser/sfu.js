// A minimal liveroom SFU client for browser tests, injected by Page.addScript and driven over
// DevTools: login over the gateway's /ws (dev token with publish), publish the fake camera + mic
// with startPublishingStream (SDP offer -> answer from the media node), play a stream with
// startPlayingStream, and summarise getStats(). Exposed as window.lr; every method returns JSON.
window.lr = (() => {
  const state = { pushes: [], errors: [] };
  const pending = new Map();
  const pcs = {};
  let ws, nextId = 1, iceServers = [];

  const fail = (what) => (e) => { state.errors.push(what + ': ' + e); console.error('[lr]', what, e); };

  function connect() {
    return new Promise((resolve, reject) => {
      ws = new WebSocket(`ws://${location.host}/ws`);
      ws.onopen = () => resolve(true);
      ws.onerror = () => reject(new Error('WebSocket to ' + location.host + ' failed'));
      ws.onmessage = (m) => {
        const frame = JSON.parse(m.data);
        if (frame.event) {
          state.pushes.push(frame);
          return;
        }
        const waiter = pending.get(frame.id);
        if (waiter) {
          pending.delete(frame.id);
          frame.ok ? waiter.resolve(frame) : waiter.reject(new Error(JSON.stringify(frame.error)));
        }
      };
    });
  }

  function request(type, fields) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, type, ...fields }));
    });
  }

  async function login(room, userID) {
    const response = await fetch(`/dev/token?userID=${userID}&roomID=${room}&publish=true`);
    if (!response.ok) throw new Error('GET /dev/token: ' + response.status);
    const { token } = await response.json();
    await connect();
    const reply = await request('loginRoom', { roomID: room, token, user: { userID, userName: userID },
      config: { userUpdate: true } });
    iceServers = reply.iceServers || [];
    return { streamList: reply.streamList.map(s => s.streamID), userList: (reply.userList || []).map(u => u.userID) };
  }

  function show(stream, id) {
    const video = document.createElement('video');
    Object.assign(video, { id, autoplay: true, muted: true, playsInline: true, width: 320, height: 240 });
    document.body.appendChild(video);
    video.srcObject = stream;
    video.play().catch(e => { if (e.name !== 'AbortError') fail('play ' + id)(e); });
  }

  // The media node learns the browser's address from its connectivity checks; waiting for
  // gathering just keeps the offer complete.
  function gathered(pc) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise(resolve => {
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      setTimeout(resolve, 2000);
    });
  }

  async function publish(streamID) {
    const local = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    show(local, 'local-' + streamID);
    const pc = new RTCPeerConnection({ iceServers });
    local.getTracks().forEach(t => pc.addTransceiver(t, { direction: 'sendonly', streams: [local] }));
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const reply = await request('startPublishingStream', { streamID, sdp: pc.localDescription.sdp });
    await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
    pcs[streamID] = pc;
    return { streamID: reply.streamID, roomID: reply.roomID };
  }

  async function play(streamID) {
    const pc = new RTCPeerConnection({ iceServers });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const remote = new MediaStream();
    pc.ontrack = (e) => { remote.addTrack(e.track); if (remote.getTracks().length === 1) show(remote, 'play-' + streamID); };
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const reply = await request('startPlayingStream', { streamID, sdp: pc.localDescription.sdp });
    await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
    pcs['play:' + streamID] = pc;
    return { streamID: reply.streamID, roomID: reply.roomID };
  }

  async function stopPublishing(streamID) {
    await request('stopPublishingStream', { streamID });
    return true;
  }

  async function stats(key) {
    const pc = pcs[key];
    if (!pc) return { missing: key };
    const out = { connectionState: pc.connectionState, errors: state.errors };
    (await pc.getStats()).forEach(r => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') {
        out.video = { framesDecoded: r.framesDecoded || 0, frameWidth: r.frameWidth || 0, bytesReceived: r.bytesReceived };
      } else if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        out.audio = { packetsReceived: r.packetsReceived || 0 };
      } else if (r.type === 'outbound-rtp' && r.kind === 'video') {
        out.sent = { bytesSent: r.bytesSent, framesEncoded: r.framesEncoded, targetBitrate: r.targetBitrate || 0,
          frameWidth: r.frameWidth || 0 };
      } else if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') {
        out.availableOutgoingBitrate = r.availableOutgoingBitrate || 0;
      }
    });
    return out;
  }

  async function devToken(userID, room) {
    const response = await fetch(`/dev/token?userID=${userID}&roomID=${room}&publish=true`);
    return (await response.json()).token;
  }

  // WHIP (RFC 9725): POST the offer with a Bearer token, 201 + answer + Location.
  async function whipPublish(streamID, room, userID) {
    const token = await devToken(userID, room);
    const local = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    const pc = new RTCPeerConnection();
    local.getTracks().forEach(t => pc.addTransceiver(t, { direction: 'sendonly', streams: [local] }));
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const r = await fetch(`/whip/${streamID}`, { method: 'POST', body: pc.localDescription.sdp,
      headers: { 'Content-Type': 'application/sdp', 'Authorization': 'Bearer ' + token } });
    if (r.status !== 201) return { status: r.status, body: await r.text() };
    await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
    pcs[streamID] = pc;
    return { status: r.status, location: r.headers.get('Location'), contentType: r.headers.get('Content-Type') };
  }

  // WHEP: the same for playing.
  async function whepPlay(streamID, room, userID) {
    const token = await devToken(userID, room);
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const remote = new MediaStream();
    pc.ontrack = (e) => { remote.addTrack(e.track); if (remote.getTracks().length === 1) show(remote, 'whep-' + streamID); };
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const r = await fetch(`/whep/${streamID}`, { method: 'POST', body: pc.localDescription.sdp,
      headers: { 'Content-Type': 'application/sdp', 'Authorization': 'Bearer ' + token } });
    if (r.status !== 201) return { status: r.status, body: await r.text() };
    await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
    pcs['play:' + streamID] = pc;
    return { status: r.status, location: r.headers.get('Location') };
  }

  async function httpDelete(location) {
    return (await fetch(location, { method: 'DELETE' })).status;
  }

  async function whipWithoutToken(streamID) {
    const r = await fetch(`/whip/${streamID}`, { method: 'POST', body: 'v=0\r\n',
      headers: { 'Content-Type': 'application/sdp' } });
    return { status: r.status, body: await r.json() };
  }

  // The publisher's measured video send rate (bits/s) over ms milliseconds.
  async function sendRate(streamID, ms) {
    const sent = async () => {
      let bytes = 0;
      (await pcs[streamID].getStats()).forEach(r => { if (r.type === 'outbound-rtp' && r.kind === 'video') bytes += r.bytesSent; });
      return bytes;
    };
    const before = await sent();
    await new Promise(resolve => setTimeout(resolve, ms));
    return Math.round((await sent() - before) * 8 * 1000 / ms);
  }

  function pushes(event) {
    return state.pushes.filter(p => p.event === event);
  }

  return { login, publish, play, stopPublishing, stats, sendRate, pushes, state, whipPublish, whepPlay, httpDelete,
    whipWithoutToken };
})();

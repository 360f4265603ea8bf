// A minimal liveroom SFU client for browser tests, injected by Page.addScript and driven over
// DevTools: login over the gateway's /ws (dev token with publish), publish the fake camera (or a
// detailed canvas picture) + mic with startPublishingStream (SDP offer -> answer from the media
// node), play a stream with startPlayingStream, and summarise getStats(). Exposed as window.lr;
// every method returns JSON.
window.lr = (() => {
  const state = { pushes: [], errors: [] };
  const pcs = {};
  let request, iceServers = [];

  const fail = (what) => (e) => { state.errors.push(what + ': ' + e); console.error('[lr]', what, e); };

  async function connect() {
    ({ request } = await lrRpc((frame) => state.pushes.push(frame)));
    return true;
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

  // A camera stand-in with a detailed picture: Chrome's fake camera is a flat animation that needs
  // well under 1 Mbit/s, so a rate test would measure the picture, not the bandwidth feedback. A
  // canvas pans a detailed scene (random blocks) and lays fresh-looking grain over it, like a
  // camera's sensor noise: one of a few pre-made noise frames, cycled, at `grain` opacity. The
  // panning is predictable, the grain is not, so the encoder spends whatever target it is given
  // (rate control trades quality for rate) while each frame stays cheap to draw.
  function detailedVideo({ width = 640, height = 480, fps = 30, frames = 7, block = 8, grain = 0.15 } = {}) {
    const canvas = Object.assign(document.createElement('canvas'), { width, height });
    const ctx = canvas.getContext('2d', { alpha: false });
    const random = (w, h) => {
      const c = new OffscreenCanvas(w, h);
      const cctx = c.getContext('2d');
      const img = cctx.createImageData(w, h);
      const words = new Uint32Array(img.data.buffer);
      for (let i = 0; i < words.length; i++) words[i] = (Math.random() * 0x1000000) | 0xff000000;
      cctx.putImageData(img, 0, 0);
      return c;
    };
    const scene = random(Math.ceil(width / block) * 2, Math.ceil(height / block) * 2);
    const noise = Array.from({ length: frames }, () => random(width, height));
    ctx.imageSmoothingEnabled = false;
    let n = 0;
    const draw = () => {
      const x = (n * 2) % width, y = n % height;   // the scene pans 60 px/s right, 30 px/s down
      ctx.globalAlpha = 1;
      ctx.drawImage(scene, 0, 0, scene.width, scene.height, -x, -y, width * 2, height * 2);
      ctx.globalAlpha = grain;
      ctx.drawImage(noise[n % frames], 0, 0);
      n++;
    };
    draw();
    const timer = setInterval(draw, 1000 / fps);
    const track = canvas.captureStream(fps).getVideoTracks()[0];
    track.addEventListener('ended', () => clearInterval(timer));
    return track;
  }

  // options (all optional): {video: 'camera' (the fake camera, default) or 'detailed' (detailedVideo),
  // width, height, fps, frames, block, grain, contentHint, maxBitrate (bit/s), degradationPreference}.
  async function publish(streamID, options = {}) {
    let local;
    if (options.video === 'detailed') {
      const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
      local = new MediaStream([...mic.getAudioTracks(), detailedVideo(options)]);
    } else {
      local = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    }
    local.getVideoTracks().forEach(t => { if (options.contentHint !== undefined) t.contentHint = options.contentHint; });
    show(local, 'local-' + streamID);
    const pc = new RTCPeerConnection({ iceServers });
    local.getTracks().forEach(t => pc.addTransceiver(t, { direction: 'sendonly', streams: [local] }));
    for (const sender of pc.getSenders()) {
      if (sender.track && sender.track.kind === 'video'
          && (options.maxBitrate !== undefined || options.degradationPreference !== undefined)) {
        const params = sender.getParameters();
        if (options.maxBitrate !== undefined) params.encodings[0].maxBitrate = options.maxBitrate;
        if (options.degradationPreference !== undefined) params.degradationPreference = options.degradationPreference;
        await sender.setParameters(params);
      }
    }
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
    const out = { connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState, errors: state.errors };
    const pairs = {};
    let selected;
    (await pc.getStats()).forEach(r => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') {
        out.video = { framesDecoded: r.framesDecoded || 0, frameWidth: r.frameWidth || 0, bytesReceived: r.bytesReceived };
      } else if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        out.audio = { packetsReceived: r.packetsReceived || 0 };
      } else if (r.type === 'outbound-rtp' && r.kind === 'video') {
        out.sent = { bytesSent: r.bytesSent, framesEncoded: r.framesEncoded, targetBitrate: r.targetBitrate || 0,
          frameWidth: r.frameWidth || 0 };
      } else if (r.type === 'transport') {
        selected = r.selectedCandidatePairId;
        out.dtlsState = r.dtlsState;
      } else if (r.type === 'candidate-pair') {
        pairs[r.id] = r;
      }
    });
    out.availableOutgoingBitrate = selected && pairs[selected] && pairs[selected].availableOutgoingBitrate || 0;
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

  // The publisher's video over the next ms milliseconds: measured send rate (bytesSent delta, bit/s),
  // encoded and sent frames per second, and the encoder's and the bandwidth estimator's figures at the end.
  async function sendSample(streamID, ms) {
    const snapshot = async () => {
      const out = { at: performance.now() };
      const pairs = {}, candidates = {};
      let selected;
      (await pcs[streamID].getStats()).forEach(r => {
        if (r.type === 'outbound-rtp' && r.kind === 'video') {
          Object.assign(out, { bytesSent: r.bytesSent || 0, framesEncoded: r.framesEncoded || 0,
            framesSent: r.framesSent || 0, frameWidth: r.frameWidth || 0, frameHeight: r.frameHeight || 0,
            targetBitrate: r.targetBitrate || 0, qualityLimitationReason: r.qualityLimitationReason,
            qualityLimitationResolutionChanges: r.qualityLimitationResolutionChanges || 0,
            encoderImplementation: r.encoderImplementation, totalEncodeTime: r.totalEncodeTime || 0,
            qpSum: r.qpSum || 0 });
        } else if (r.type === 'transport') {
          selected = r.selectedCandidatePairId;
          out.selectedCandidatePairChanges = r.selectedCandidatePairChanges;
        } else if (r.type === 'candidate-pair') {
          pairs[r.id] = r;
        } else if (r.type === 'local-candidate') {
          candidates[r.id] = r.address + ':' + r.port;
        }
      });
      // the send-side bandwidth estimate (here: the node's REMB) is on the transport's selected pair
      const pair = selected && pairs[selected];
      out.availableOutgoingBitrate = pair && pair.availableOutgoingBitrate || 0;
      out.localCandidate = pair && candidates[pair.localCandidateId];
      return out;
    };
    const a = await snapshot();
    await new Promise(resolve => setTimeout(resolve, ms));
    const b = await snapshot();
    const seconds = (b.at - a.at) / 1000;
    const encoded = b.framesEncoded - a.framesEncoded;
    return { sendBps: Math.round((b.bytesSent - a.bytesSent) * 8 / seconds),
      encodedFps: Math.round(encoded / seconds * 10) / 10,
      sentFps: Math.round((b.framesSent - a.framesSent) / seconds * 10) / 10,
      encodeMsPerFrame: encoded > 0 ? Math.round((b.totalEncodeTime - a.totalEncodeTime) * 1000 / encoded * 10) / 10 : 0,
      frameWidth: b.frameWidth, frameHeight: b.frameHeight, targetBitrate: b.targetBitrate,
      availableOutgoingBitrate: b.availableOutgoingBitrate, qualityLimitationReason: b.qualityLimitationReason,
      qualityLimitationResolutionChanges: b.qualityLimitationResolutionChanges,
      qp: encoded > 0 ? Math.round((b.qpSum - a.qpSum) / encoded * 10) / 10 : 0,
      encoderImplementation: b.encoderImplementation, windowMs: Math.round(b.at - a.at),
      localCandidate: b.localCandidate, selectedCandidatePairChanges: b.selectedCandidatePairChanges };
  }

  function pushes(event) {
    return state.pushes.filter(p => p.event === event);
  }

  return { login, publish, play, stopPublishing, stats, sendRate, sendSample, pushes, state, whipPublish, whepPlay, httpDelete,
    whipWithoutToken };
})();

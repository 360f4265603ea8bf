// A minimal liveroom p2p-call client for browser tests, injected into a page by Page.addScript and
// driven over DevTools: login to a p2p room over the gateway's /ws (token from /dev/token), fake
// camera + mic, an RTCPeerConnection whose offer/answer/candidates travel as sendSignal -> p2pSignal,
// and a getStats() summary. Everything is exposed as window.lr; every method returns JSON.
window.lr = (() => {
  const state = { signalsIn: {}, signalsOut: {}, localCandidates: [], remoteCandidates: [], events: [], errors: [] };
  let ws, request, pc, localStream, roomID, iceServers = [], queued = [], chain = Promise.resolve();

  const log = (...args) => console.log('[lr]', ...args);
  const fail = (what) => (e) => { state.errors.push(what + ': ' + e); console.error('[lr]', what, e); };

  async function connect() {
    ({ ws, request } = await lrRpc(onPush, (e) => { state.closeCode = e.code; log('ws closed', e.code, e.reason); }));
    return true;
  }

  function onPush(frame) {
    state.events.push(frame.event);
    if (frame.event === 'p2pSignal') {
      // one signal at a time, in arrival order: an offer is applied before its candidates
      chain = chain.then(() => onSignal(frame)).catch(fail('p2pSignal ' + frame.kind));
    }
  }

  async function login(room, userID) {
    roomID = room;
    const response = await fetch(`/dev/token?userID=${encodeURIComponent(userID)}&roomID=${encodeURIComponent(room)}`);
    if (!response.ok) throw new Error('GET /dev/token: ' + response.status + ' ' + await response.text());
    const { token } = await response.json();
    await connect();
    const reply = await request('loginRoom', { roomID: room, token, user: { userID, userName: userID },
      config: { mode: 'p2p', userUpdate: true } });
    iceServers = reply.iceServers || [];
    log('logged in', room, 'as', userID, 'peers', JSON.stringify(reply.userList));
    return { mode: reply.mode, userList: (reply.userList || []).map(u => u.userID), iceServers,
      secureContext: window.isSecureContext };
  }

  function show(stream, id) {
    let video = document.getElementById(id);
    if (!video) {
      video = document.createElement('video');
      Object.assign(video, { id, autoplay: true, muted: true, playsInline: true, width: 480, height: 360 });
      video.style.margin = '4px';
      document.body.appendChild(video);
    }
    if (video.srcObject === stream) return; // ontrack fires once per track of the same stream
    video.srcObject = stream;
    video.play().catch(e => { if (e.name !== 'AbortError') fail('play ' + id)(e); });
  }

  async function media() {
    document.body.replaceChildren();
    localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    show(localStream, 'local');
    return localStream.getTracks().map(t => ({ kind: t.kind, label: t.label, readyState: t.readyState }));
  }

  function send(kind, payload) {
    state.signalsOut[kind] = (state.signalsOut[kind] || 0) + 1;
    return request('sendSignal', { roomID, kind, payload });
  }

  function peer() {
    pc = new RTCPeerConnection({ iceServers });
    localStream.getTracks().forEach(t => pc.addTrack(t, localStream));
    pc.onicecandidate = (e) => {
      if (e.candidate) {
        state.localCandidates.push(e.candidate.candidate);
        send('candidate', e.candidate.toJSON()).catch(fail('send candidate'));
      }
    };
    pc.ontrack = (e) => show(e.streams[0] || new MediaStream([e.track]), 'remote');
    pc.onconnectionstatechange = () => log('connection', pc.connectionState);
  }

  async function flush() {
    for (const candidate of queued.splice(0)) await pc.addIceCandidate(candidate);
  }

  async function onSignal(frame) {
    state.signalsIn[frame.kind] = (state.signalsIn[frame.kind] || 0) + 1;
    if (frame.kind === 'offer') {
      if (!pc) peer();
      await pc.setRemoteDescription(frame.payload);
      await flush();
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      await send('answer', { type: answer.type, sdp: answer.sdp });
    } else if (frame.kind === 'answer') {
      await pc.setRemoteDescription(frame.payload);
      await flush();
    } else if (frame.kind === 'candidate') {
      state.remoteCandidates.push(frame.payload.candidate);
      if (pc && pc.remoteDescription) await pc.addIceCandidate(frame.payload); else queued.push(frame.payload);
    } else if (frame.kind === 'bye') {
      if (pc) pc.close();
    }
  }

  async function call() {
    peer();
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const reply = await send('offer', { type: offer.type, sdp: offer.sdp });
    return { deliveredTo: reply.deliveredTo };
  }

  function candidate(report, id) {
    const c = report.get(id) || {};
    return { address: c.address, port: c.port, protocol: c.protocol, type: c.candidateType };
  }

  async function stats() {
    const out = { connectionState: pc ? pc.connectionState : 'none', signalsIn: state.signalsIn,
      signalsOut: state.signalsOut, localCandidates: state.localCandidates, remoteCandidates: state.remoteCandidates,
      errors: state.errors, video: null, audio: null, pair: null };
    const remote = document.getElementById('remote');
    out.remoteVideo = remote ? { width: remote.videoWidth, height: remote.videoHeight, paused: remote.paused } : null;
    if (!pc) return out;
    const report = await pc.getStats();
    let pairId = null;
    report.forEach(s => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        out.video = { framesDecoded: s.framesDecoded || 0, frameWidth: s.frameWidth || 0, frameHeight: s.frameHeight || 0,
          packetsReceived: s.packetsReceived || 0, bytesReceived: s.bytesReceived || 0,
          codec: (report.get(s.codecId) || {}).mimeType };
      }
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.audio = { packetsReceived: s.packetsReceived || 0, bytesReceived: s.bytesReceived || 0,
          codec: (report.get(s.codecId) || {}).mimeType };
      }
    });
    if (pairId) {
      const pair = report.get(pairId);
      out.pair = { state: pair.state, local: candidate(report, pair.localCandidateId),
        remote: candidate(report, pair.remoteCandidateId) };
    }
    return out;
  }

  async function hangup() {
    if (pc) {
      await send('bye', {}).catch(fail('send bye'));
      pc.close();
    }
    await request('logoutRoom', { roomID });
    ws.close(1000);
    return true;
  }

  return { login, media, call, stats, hangup, state };
})();

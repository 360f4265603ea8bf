// The 1v1 P2P call page: a mode "p2p" room, the SDK's startP2PCall/stopP2PCall helpers.
import LiveRoomEngine from '/sdk/liveroom.js';

const $ = (id) => document.getElementById(id);
const zg = new LiveRoomEngine(1, `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
const state = { roomID: null, local: null, mic: true, cam: true, events: [] };
window.demo = { zg, state };
const params = new URLSearchParams(location.search);
$('room').value = params.get('room') || 'call-1';
$('user').value = params.get('user') || 'caller' + Math.floor(Math.random() * 9000 + 1000);

const setState = (text, kind) => { $('state').textContent = text; $('state').className = 'badge ' + (kind || ''); };

zg.on('p2pCallStateUpdate', (roomID, callState, peer) => {
  state.events.push(callState);
  setState(callState.toLowerCase() + (peer ? ' · ' + peer : ''), callState === 'CONNECTED' ? 'live' : 'warn');
  if (callState === 'ENDED') {
    $('remote').srcObject = null;
    $('remote-label').textContent = `${peer} hung up · waiting…`;
  }
});
zg.on('p2pRemoteStream', (roomID, peer, stream) => {
  $('remote').srcObject = stream;
  $('remote-label').textContent = peer;
});
zg.on('roomUserUpdate', (roomID, type, users) => {
  if (type === 'ADD') $('remote-label').textContent = `${users[0].userID} is joining…`;
});

$('join-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('join-error').textContent = '';
  const roomID = $('room').value.trim(), userID = $('user').value.trim();
  try {
    const r = await fetch(`/dev/token?userID=${encodeURIComponent(userID)}&roomID=${encodeURIComponent(roomID)}`);
    if (!r.ok) throw new Error('no dev token: HTTP ' + r.status);
    const { token } = await r.json();
    await zg.loginRoom(roomID, token, { userID, userName: userID }, { userUpdate: true, mode: 'p2p' });
    state.roomID = roomID;
    state.local = await zg.createStream({ camera: { audio: true, video: true } });
    $('local').srcObject = state.local;
    $('join').classList.add('hidden');
    $('room-view').classList.remove('hidden');
    await zg.startP2PCall(roomID, state.local);
    setState('waiting', 'warn');
  } catch (err) {
    $('join-error').textContent = err.name === 'ROOM_FULL' ? 'this call already has two people' : (err.msg || err.message);
  }
});
$('mic').addEventListener('click', () => {
  state.mic = !state.mic;
  zg.mutePublishStreamAudio(state.local, !state.mic);
  $('mic').className = 'toggle ' + (state.mic ? 'on' : 'off');
});
$('cam').addEventListener('click', () => {
  state.cam = !state.cam;
  zg.mutePublishStreamVideo(state.local, !state.cam);
  $('cam').className = 'toggle ' + (state.cam ? 'on' : 'off');
});
$('hangup').addEventListener('click', async () => {
  zg.stopP2PCall(state.roomID);
  await zg.logoutRoom(state.roomID);
  zg.destroyStream(state.local);
  location.href = '/p2p.html';
});

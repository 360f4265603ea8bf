// The live-room demo page: everything goes through the SDK (/sdk/liveroom.js), as an app would.
import LiveRoomEngine from '/sdk/liveroom.js';
import { settingsPanel } from '/js/settings.js';

const $ = (id) => document.getElementById(id);
const zg = new LiveRoomEngine(1, `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
const state = { roomID: null, user: null, local: null, screen: null, members: new Map(), tiles: new Map(),
  micOn: true, camOn: true, log: [] };
window.demo = { zg, state }; // for the browser tests and the curious

const COLORS = ['#6c8cff', '#ff6cae', '#3ddc97', '#ffb454', '#b78cff', '#4fd1e8'];
const color = (s) => COLORS[[...s].reduce((a, c) => a + c.charCodeAt(0), 0) % COLORS.length];
const params = new URLSearchParams(location.search);
$('room').value = params.get('room') || 'lobby';
$('user').value = params.get('user') || 'user' + Math.floor(Math.random() * 9000 + 1000);
$('name').value = params.get('name') || '';

zg.checkSystemRequirements().then(r => {
  $('requirements').textContent = `WebRTC ${r.webRTC ? '✓' : '✗'} · camera ${r.camera ? '✓' : '✗'} · mic ${r.microphone ? '✓' : '✗'}`
    + ` · VP8 ${r.videoCodec.VP8 ? '✓' : '✗'} · H264 ${r.videoCodec.H264 ? '✓' : '✗'}`;
});

function setState(text, kind) {
  $('state').textContent = text;
  $('state').className = 'badge ' + (kind || '');
}

// ---- tiles -------------------------------------------------------------------------------------

function tile(streamID, label, local) {
  let t = state.tiles.get(streamID);
  if (t) return t;
  const el = document.createElement('div');
  el.className = 'tile' + (local ? ' local' : '');
  el.dataset.stream = streamID;
  el.innerHTML = '<video autoplay playsinline></video><span class="label"></span><span class="quality"></span>';
  el.querySelector('.label').textContent = label;
  const video = el.querySelector('video');
  video.muted = local;
  $('grid').appendChild(el);
  t = { el, video };
  state.tiles.set(streamID, t);
  return t;
}

function show(streamID, label, stream, local) {
  const t = tile(streamID, label, local);
  t.video.srcObject = stream;
  t.video.play().catch(() => {});
}

function removeTile(streamID) {
  state.tiles.get(streamID)?.el.remove();
  state.tiles.delete(streamID);
}

function quality(streamID, s) {
  const q = state.tiles.get(streamID)?.el.querySelector('.quality');
  if (!q) return;
  const v = s.video, kbps = Math.round(v.videoBitrate + s.audio.audioBitrate);
  q.textContent = `${v.frameWidth}×${v.frameHeight} · ${Math.round(v.videoFPS)} fps · ${kbps} kbps · `
    + `loss ${Math.round(v.videoPacketsLostRate * 100)}% · rtt ${s.currentRoundTripTime} ms`;
}

// ---- members, chat, barrage --------------------------------------------------------------------

function renderMembers() {
  const list = $('members');
  list.innerHTML = '';
  for (const u of state.members.values()) {
    const li = document.createElement('li');
    const name = u.userName || u.userID;
    li.innerHTML = '<span class="avatar"></span><span class="who"></span>';
    li.querySelector('.avatar').textContent = name.slice(0, 1).toUpperCase();
    li.querySelector('.avatar').style.background = color(u.userID);
    li.querySelector('.who').textContent = name + (u.userID === state.user.userID ? ' (you)' : '');
    list.appendChild(li);
  }
  $('member-count').textContent = String(state.members.size);
}

function chatLine(from, text, kind) {
  const li = document.createElement('li');
  li.className = kind || '';
  if (from) {
    const b = document.createElement('b');
    b.textContent = from;
    li.appendChild(b);
  }
  li.appendChild(document.createTextNode(text));
  $('messages').appendChild(li);
  $('messages').scrollTop = $('messages').scrollHeight;
}

let lane = 0;
function fly(from, text, mine) {
  const layer = $('barrage');
  const b = document.createElement('div');
  b.className = 'bullet' + (mine ? ' mine' : '');
  const who = document.createElement('small');
  who.textContent = from;
  b.append(who, document.createTextNode(text));
  const lanes = Math.max(3, Math.floor(layer.clientHeight / 40) - 1);
  b.style.top = `${10 + (lane++ % lanes) * 40}px`;
  b.style.animationDuration = `${8 + Math.random() * 4}s`;
  b.addEventListener('animationend', () => b.remove());
  layer.appendChild(b);
  state.log.push({ barrage: text, from });
}

// ---- SDK events --------------------------------------------------------------------------------

zg.on('roomStateChanged', (roomID, reason, errorCode, extendedData) => {
  state.log.push({ roomStateChanged: reason });
  const shown = { LOGINED: ['live', 'live'], RECONNECTED: ['live', 'live'], RECONNECTING: ['reconnecting…', 'warn'],
    LOGINING: ['joining…', 'warn'] }[reason] || [reason.toLowerCase(), 'bad'];
  setState(...shown);
  if (reason === 'KICKOUT' || reason === 'RECONNECT_FAILED') {
    chatLine('', `left the room: ${reason} ${extendedData || errorCode}`, 'system');
  }
});
zg.on('roomUserUpdate', (roomID, updateType, userList) => {
  for (const u of userList) {
    if (updateType === 'ADD') state.members.set(u.userID, u);
    else state.members.delete(u.userID);
    chatLine('', `${u.userName || u.userID} ${updateType === 'ADD' ? 'joined' : 'left'}`, 'system');
  }
  renderMembers();
});
zg.on('roomStreamUpdate', async (roomID, updateType, streamList) => {
  for (const s of streamList) {
    if (updateType === 'DELETE') {
      zg.stopPlayingStream(s.streamID);
      removeTile(s.streamID);
      continue;
    }
    const label = (s.user?.userName || s.user?.userID || '?') + (s.streamID.endsWith('-screen') ? ' · screen' : '');
    tile(s.streamID, label, false);
    try {
      show(s.streamID, label, await zg.startPlayingStream(s.streamID), false);
    } catch (e) {
      chatLine('', `cannot play ${s.streamID}: ${e.name}`, 'system');
    }
  }
});
zg.on('roomOnlineUserCountUpdate', (roomID, count) => { $('online').textContent = String(count); });
zg.on('publishQualityUpdate', quality);
zg.on('playQualityUpdate', quality);
zg.on('publisherStateUpdate', (r) => state.log.push({ publisher: r.state, streamID: r.streamID }));
zg.on('playerStateUpdate', (r) => state.log.push({ player: r.state, streamID: r.streamID }));
zg.on('IMRecvBroadcastMessage', (roomID, list) => list.forEach(c => chatLine(c.fromUser.userName || c.fromUser.userID, c.message)));
zg.on('IMRecvBarrageMessage', (roomID, list) => list.forEach(c => fly(c.fromUser.userName || c.fromUser.userID, c.message, false)));
zg.on('IMRecvCustomCommand', (roomID, fromUser, command) => chatLine('', `${fromUser.userID} pinged you: ${command}`, 'system'));

// ---- actions -----------------------------------------------------------------------------------

async function join(event) {
  event.preventDefault();
  $('join-error').textContent = '';
  $('join-button').disabled = true;
  const roomID = $('room').value.trim(), userID = $('user').value.trim();
  const user = { userID, userName: $('name').value.trim() || userID };
  try {
    const r = await fetch(`/dev/token?userID=${encodeURIComponent(userID)}&roomID=${encodeURIComponent(roomID)}&publish=true`);
    if (!r.ok) throw new Error('no dev token (is the server in dev mode?): HTTP ' + r.status);
    const { token } = await r.json();
    await zg.loginRoom(roomID, token, user, { userUpdate: true });
    Object.assign(state, { roomID, user });
    state.members.set(userID, user);
    history.replaceState(null, '', `?room=${encodeURIComponent(roomID)}&user=${encodeURIComponent(userID)}`);
    $('join').classList.add('hidden');
    $('room-view').classList.remove('hidden');
    $('room-title').textContent = `room ${roomID} · ${user.userName}`;
    renderMembers();
    zg.getOnlineCount(roomID).then(n => { $('online').textContent = String(n); }).catch(() => {});
    chatLine('', `you joined ${roomID}`, 'system');
    if ($('with-camera').checked) {
      state.local = await zg.createStream({ camera: { audio: true, video: true, width: 640, height: 480 } });
      show(userID + '-cam', 'you', state.local, true);
      zg.startPublishingStream(userID + '-cam', state.local);
    }
  } catch (e) {
    $('join-error').textContent = e.msg || e.message || String(e);
  } finally {
    $('join-button').disabled = false;
  }
}

function toggle(button, on) {
  button.classList.toggle('on', on);
  button.classList.toggle('off', !on);
}

async function shareScreen() {
  const id = state.user.userID + '-screen';
  if (state.screen) {
    zg.stopPublishingStream(id);
    zg.destroyStream(state.screen);
    state.screen = null;
    removeTile(id);
    toggle($('screen'), false);
    return;
  }
  try {
    state.screen = await zg.createStream({ screen: { video: true, audio: false } });
  } catch (e) {
    chatLine('', 'screen share cancelled: ' + e.name, 'system');
    return;
  }
  show(id, 'your screen', state.screen, true);
  zg.startPublishingStream(id, state.screen);
  toggle($('screen'), true);
  state.screen.getVideoTracks()[0].addEventListener('ended', () => { if (state.screen) shareScreen(); });
}

state.settings = settingsPanel(zg, state, (text) => chatLine('', text, 'system'));
$('join-form').addEventListener('submit', join);
$('mic').addEventListener('click', () => {
  state.micOn = !state.micOn;
  zg.mutePublishStreamAudio(state.local, !state.micOn);
  toggle($('mic'), state.micOn);
});
$('cam').addEventListener('click', () => {
  state.camOn = !state.camOn;
  zg.mutePublishStreamVideo(state.local, !state.camOn);
  toggle($('cam'), state.camOn);
});
$('screen').addEventListener('click', shareScreen);
$('record').addEventListener('click', async () => {
  const link = $('record-download');
  if (!state.recording) {
    if (!state.local) { chatLine('', 'nothing to record: publish your camera first', 'system'); return; }
    zg.startRecording(state.local);
    state.recording = true;
    toggle($('record'), true);
    link.classList.add('hidden');
    return;
  }
  state.recording = false;
  toggle($('record'), false);
  const blob = await zg.stopRecording();
  if (link.href) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(blob);
  link.textContent = `download recording (${Math.round(blob.size / 1024)} KiB)`;
  link.classList.remove('hidden');
});
$('barrage-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('barrage-input').value.trim();
  if (!text) return;
  $('barrage-input').value = '';
  const r = await zg.sendBarrageMessage(state.roomID, text);
  if (r.errorCode === 0) fly(state.user.userName, text, true);
  else chatLine('', `barrage not sent: ${r.extendedData}`, 'system');
});
$('chat-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('chat-input').value.trim();
  if (!text) return;
  $('chat-input').value = '';
  const r = await zg.sendBroadcastMessage(state.roomID, text);
  if (r.errorCode === 0) chatLine(state.user.userName, text, 'mine');
  else chatLine('', `message not sent: ${r.extendedData}`, 'system');
});
$('leave').addEventListener('click', async () => {
  await zg.logoutRoom(state.roomID);
  zg.destroyStream(state.local);
  zg.destroyStream(state.screen);
  location.href = '/';
});
addEventListener('pagehide', () => { if (state.roomID) zg.logoutRoom(state.roomID); });

'use strict';
// The socket.io room server liveroom is benchmarked against: one Node process, rooms through
// socket.join and io.to(room).emit, the same semantics the bench clients use on liveroom:
//   join {roomID, userID, userName}  -> ack {ok, roomID}          (loginRoom)
//   leave {roomID}                   -> ack {ok, roomID}          (logoutRoom)
//   barrage {roomID, message}        -> ack {ok, roomID, messageID}, and to every member of the
//                                       room (sender included) IMRecvBarrageMessage
//                                       {roomID, chatData: [{messageID, fromUser, sendTime, message}]}
//   getOnlineCount {roomID}          -> ack {ok, roomID, count, sessions}  (distinct userIDs)
// Usage: node server.js [port] (default 3000, or PORT); binds 127.0.0.1 only.
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || process.env.PORT || 3000);
const httpServer = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"UP"}');
    return;
  }
  res.writeHead(404);
  res.end();
});
const io = new Server(httpServer, {
  transports: ['websocket'],
  perMessageDeflate: false,
  maxHttpBufferSize: 65536,
  serveClient: false,
});

let messageIds = 0;
// roomID -> Map(userID -> sessions of that user in the room)
const members = new Map();

function addMember(roomID, userID) {
  let users = members.get(roomID);
  if (!users) {
    users = new Map();
    members.set(roomID, users);
  }
  users.set(userID, (users.get(userID) || 0) + 1);
}

function removeMember(roomID, userID) {
  const users = members.get(roomID);
  if (!users) return;
  const n = (users.get(userID) || 0) - 1;
  if (n > 0) users.set(userID, n); else users.delete(userID);
  if (users.size === 0) members.delete(roomID);
}

function validId(s) {
  return typeof s === 'string' && s.length > 0 && s.length <= 128;
}

io.on('connection', (socket) => {
  const rooms = new Set();
  let user = null;
  const reply = (ack, body) => { if (typeof ack === 'function') ack(body); };

  socket.on('join', (d, ack) => {
    if (!d || !validId(d.roomID) || !validId(d.userID)) return reply(ack, { ok: false, error: 'INVALID_FIELD' });
    if (rooms.has(d.roomID)) return reply(ack, { ok: false, error: 'ALREADY_IN_ROOM' });
    user = { userID: d.userID, userName: d.userName || d.userID };
    rooms.add(d.roomID);
    socket.join(d.roomID);
    addMember(d.roomID, d.userID);
    reply(ack, { ok: true, roomID: d.roomID });
  });

  socket.on('leave', (d, ack) => {
    if (!d || !rooms.has(d.roomID)) return reply(ack, { ok: false, error: 'NOT_LOGGED_IN' });
    rooms.delete(d.roomID);
    socket.leave(d.roomID);
    removeMember(d.roomID, user.userID);
    reply(ack, { ok: true, roomID: d.roomID });
  });

  socket.on('barrage', (d, ack) => {
    if (!d || !rooms.has(d.roomID)) return reply(ack, { ok: false, error: 'NOT_LOGGED_IN' });
    if (typeof d.message !== 'string' || d.message.length === 0 || d.message.length > 1024) {
      return reply(ack, { ok: false, error: 'INVALID_FIELD' });
    }
    const messageID = ++messageIds;
    io.to(d.roomID).emit('IMRecvBarrageMessage', {
      roomID: d.roomID,
      chatData: [{ messageID, fromUser: user, sendTime: Date.now(), message: d.message }],
    });
    reply(ack, { ok: true, roomID: d.roomID, messageID });
  });

  socket.on('getOnlineCount', (d, ack) => {
    const roomID = d && d.roomID;
    const users = members.get(roomID);
    const sockets = io.sockets.adapter.rooms.get(roomID);
    reply(ack, { ok: true, roomID, count: users ? users.size : 0, sessions: sockets ? sockets.size : 0 });
  });

  socket.on('disconnect', () => {
    for (const roomID of rooms) removeMember(roomID, user.userID);
    rooms.clear();
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  const pkg = require('path').join(require('path').dirname(require.resolve('socket.io')), '..', 'package.json');
  const version = JSON.parse(require('fs').readFileSync(pkg, 'utf8')).version;
  console.log(`socket.io ${version} peer ready on ws://127.0.0.1:${port}/socket.io/ pid ${process.pid}`);
});
process.on('SIGTERM', () => { io.close(); process.exit(0); });

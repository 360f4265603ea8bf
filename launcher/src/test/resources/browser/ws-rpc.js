// The request/reply half of the liveroom WebSocket protocol, shared by the browser test clients
// (p2p-call.js, sfu.js; Page.addScript loads it before them): opens /ws of the page's host, sends
// requests with ids, settles each with its reply (or an Error carrying the error JSON), and hands
// pushes to onPush. lrRpc(onPush, onClose?) resolves to {ws, request} once the socket is open.
window.lrRpc = (onPush, onClose) => new Promise((resolve, reject) => {
  const pending = new Map();
  let nextId = 1;
  const ws = new WebSocket(`ws://${location.host}/ws`);
  const request = (type, fields) => {
    const id = nextId++;
    return new Promise((settle, fail) => {
      pending.set(id, { resolve: settle, reject: fail });
      ws.send(JSON.stringify({ id, type, ...fields }));
    });
  };
  ws.onopen = () => resolve({ ws, request });
  ws.onerror = () => reject(new Error('WebSocket to ' + location.host + ' failed'));
  if (onClose) ws.onclose = onClose;
  ws.onmessage = (m) => {
    const frame = JSON.parse(m.data);
    if (frame.event) {
      onPush(frame);
      return;
    }
    const waiter = pending.get(frame.id);
    if (waiter) {
      pending.delete(frame.id);
      frame.ok ? waiter.resolve(frame) : waiter.reject(new Error(JSON.stringify(frame.error)));
    }
  };
});

package io.liveroom.media.browser;

/**
 * The two test pages: publish the fake camera + mic, or play; both POST getStats() every second.
 */
final class Pages {
  private Pages() {}

  static String page(boolean publish) {
    return """
        <!doctype html><html><body><video id="v" autoplay muted playsinline></video><script>
        const publish = %s;
        const role = publish ? 'publish' : 'play';
        const post = (o) => fetch('/stats?role=' + role, {method: 'POST', body: JSON.stringify(o)});
        window.onerror = (m) => post({error: String(m)});
        (async () => {
          try {
            const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
            if (publish) {
              const s = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 1280, height: 720, frameRate: 30}});
              s.getTracks().forEach(t => pc.addTransceiver(t, {direction: 'sendonly', streams: [s]}));
            } else {
              pc.addTransceiver('audio', {direction: 'recvonly'});
              pc.addTransceiver('video', {direction: 'recvonly'});
              pc.ontrack = (e) => { document.getElementById('v').srcObject = e.streams[0] || new MediaStream([e.track]); };
            }
            await pc.setLocalDescription(await pc.createOffer());
            await new Promise(r => { if (pc.iceGatheringState === 'complete') r();
              pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r();
              setTimeout(r, 3000); });
            const res = await fetch('/' + role, {method: 'POST', body: pc.localDescription.sdp});
            const answer = await res.text();
            if (!res.ok) { post({error: answer}); return; }
            await pc.setRemoteDescription({type: 'answer', sdp: answer});
            setInterval(async () => {
              const out = {state: pc.connectionState};
              (await pc.getStats()).forEach(r => {
                if (r.type === 'inbound-rtp' && r.kind === 'video') {
                  out.framesDecoded = r.framesDecoded; out.videoBytesReceived = r.bytesReceived;
                  out.frameWidth = r.frameWidth; out.nackCount = r.nackCount; out.pliCount = r.pliCount;
                }
                if (r.type === 'inbound-rtp' && r.kind === 'audio') { out.audioPacketsReceived = r.packetsReceived; }
                if (r.type === 'outbound-rtp' && r.kind === 'video') {
                  out.videoBytesSent = r.bytesSent; out.framesEncoded = r.framesEncoded; out.pliReceived = r.pliCount;
                  out.frameWidthSent = r.frameWidth; out.targetBitrate = r.targetBitrate;
                }
                if (r.type === 'candidate-pair' && r.nominated && r.availableOutgoingBitrate) {
                  out.availableOutgoingBitrate = r.availableOutgoingBitrate;
                }
              });
              post(out);
            }, 1000);
          } catch (e) { post({error: String(e)}); }
        })();
        </script></body></html>
        """
        .formatted(publish);
  }
}

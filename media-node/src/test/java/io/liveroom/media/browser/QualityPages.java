package io.liveroom.media.browser;

/**
 * Pages of the media-quality scenarios. Query: {@code name}, {@code role=publish|play}; publish:
 * {@code engines=0,1} (one peer connection per engine, same camera), {@code simulcast=1}; play:
 * {@code engine}, {@code layer=auto|high|low}. Every page POSTs a getStats() summary each second.
 */
final class QualityPages {
  private QualityPages() {}

  static String page() {
    return """
        <!doctype html><html><body><video id="v" autoplay muted playsinline></video><script>
        const q = new URLSearchParams(location.search);
        const name = q.get('name');
        const post = (o) => fetch('/stats?name=' + name, {method: 'POST', body: JSON.stringify(o)});
        window.onerror = (m) => post({error: String(m)});
        async function connect(pc, path, extra) {
          const offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
          await new Promise(r => { if (pc.iceGatheringState === 'complete') r();
            pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r();
            setTimeout(r, 3000); });
          let sdp = pc.localDescription.sdp;
          if (extra) sdp = sdp.replace('t=0 0\\r\\n', 't=0 0\\r\\n' + extra + '\\r\\n');
          const res = await fetch(path, {method: 'POST', body: sdp});
          const answer = await res.text();
          if (!res.ok) throw new Error(answer);
          await pc.setRemoteDescription({type: 'answer', sdp: answer});
        }
        (async () => {
          try {
            const pcs = [];
            if (q.get('role') === 'publish') {
              const s = await navigator.mediaDevices.getUserMedia({audio: true,
                video: {width: 640, height: 360, frameRate: 30}});
              for (const e of q.get('engines').split(',')) {
                const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
                pc.addTransceiver(s.getAudioTracks()[0], {direction: 'sendonly', streams: [s]});
                const init = {direction: 'sendonly', streams: [s]};
                if (q.get('simulcast') === '1') {
                  init.sendEncodings = [{rid: 'f'}, {rid: 'h', scaleResolutionDownBy: 2}];
                }
                pc.addTransceiver(s.getVideoTracks()[0], init);
                await connect(pc, '/publish?engine=' + e);
                pcs.push(pc);
              }
            } else {
              const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
              pc.addTransceiver('audio', {direction: 'recvonly'});
              pc.addTransceiver('video', {direction: 'recvonly'});
              pc.ontrack = (e) => { document.getElementById('v').srcObject = e.streams[0] || new MediaStream([e.track]); };
              const layer = q.get('layer');
              await connect(pc, '/play?engine=' + q.get('engine'), layer ? 'a=x-liveroom-video-layer:' + layer : '');
              pcs.push(pc);
            }
            setInterval(async () => {
              const out = {t: Date.now(), state: pcs.map(p => p.connectionState).join(','), out: []};
              for (const pc of pcs) {
                (await pc.getStats()).forEach(r => {
                  if (r.type === 'inbound-rtp' && r.kind === 'video') {
                    Object.assign(out, {framesDecoded: r.framesDecoded, frameWidth: r.frameWidth,
                      frameHeight: r.frameHeight, freezeCount: r.freezeCount || 0,
                      totalFreezesDuration: r.totalFreezesDuration || 0, videoBytesReceived: r.bytesReceived,
                      nackCount: r.nackCount, pliCount: r.pliCount, packetsLost: r.packetsLost,
                      retransmittedPacketsReceived: r.retransmittedPacketsReceived || 0});
                  }
                  if (r.type === 'inbound-rtp' && r.kind === 'audio') { out.audioPacketsReceived = r.packetsReceived; }
                  if (r.type === 'outbound-rtp' && r.kind === 'video') {
                    out.out.push({rid: r.rid || '', bytesSent: r.bytesSent, frameWidth: r.frameWidth || 0,
                      framesEncoded: r.framesEncoded, targetBitrate: r.targetBitrate || 0,
                      retransmittedBytesSent: r.retransmittedBytesSent || 0, nackCount: r.nackCount || 0,
                      limitation: r.qualityLimitationReason});
                  }
                  if (r.type === 'candidate-pair' && r.nominated && r.availableOutgoingBitrate) {
                    out.availableOutgoingBitrate = r.availableOutgoingBitrate;
                  }
                });
              }
              post(out);
            }, 1000);
          } catch (e) { post({error: String(e)}); }
        })();
        </script></body></html>
        """;
  }
}

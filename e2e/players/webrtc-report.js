// Shared by the WebRTC pages: watches a <video> fed by an RTCPeerConnection and reports to the test twice a second
// what getStats says (frames decoded, size, freezes, NACKs, loss, audio samples) and the longest gap between two
// presented frames once playing began, measured with requestVideoFrameCallback: overall, and within each report's
// interval (intervalMaxGapMs), so that a test can bound the gaps inside a window of its own.
window.braidReport = function (video, connection, events) {
  let lastFrameAt = 0, maxGapMs = 0, intervalMaxGapMs = 0, firstFrameAt = 0, presented = 0;
  const onFrame = (now) => {
    if (lastFrameAt > 0) {
      maxGapMs = Math.max(maxGapMs, now - lastFrameAt);
      intervalMaxGapMs = Math.max(intervalMaxGapMs, now - lastFrameAt);
    } else {
      firstFrameAt = performance.now();
      events.push('first-frame ' + Math.round(firstFrameAt));
    }
    lastFrameAt = now;
    presented++;
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  setInterval(async () => {
    const pc = connection();
    // A frame still awaited counts too: a stall in progress is a gap already.
    const waiting = lastFrameAt > 0 ? performance.now() - lastFrameAt : 0;
    const stats = {presented, maxGapMs: Math.round(maxGapMs), intervalMaxGapMs: Math.round(Math.max(intervalMaxGapMs, waiting)),
      firstFrameAt: Math.round(firstFrameAt),
      videoWidth: video.videoWidth, videoHeight: video.videoHeight, state: pc ? pc.connectionState : 'none'};
    if (pc) {
      (await pc.getStats()).forEach(r => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') {
          Object.assign(stats, {framesDecoded: r.framesDecoded, frameWidth: r.frameWidth, frameHeight: r.frameHeight,
            freezeCount: r.freezeCount, totalFreezesDuration: r.totalFreezesDuration, nackCount: r.nackCount,
            pliCount: r.pliCount, videoPacketsLost: r.packetsLost, videoPacketsReceived: r.packetsReceived,
            framesDropped: r.framesDropped, jitterBufferDelay: r.jitterBufferDelay, jitterBufferEmittedCount: r.jitterBufferEmittedCount});
        } else if (r.type === 'inbound-rtp' && r.kind === 'audio') {
          Object.assign(stats, {audioSamplesReceived: r.totalSamplesReceived, audioConcealed: r.concealedSamples,
            audioPacketsReceived: r.packetsReceived});
        }
      });
    }
    intervalMaxGapMs = 0;
    const report = {currentTime: video.currentTime, errors: events.splice(0), stats};
    fetch('/report', {method: 'POST', body: JSON.stringify(report)});
  }, 500);
};

// Shared by the WHIP and WHEP pages: POSTs the connection's offer to an endpoint as application/sdp (RFC 9725 and
// the WHEP draft), logs the status, time and Location to events, and applies a 201's answer. With relayPort the
// answer's UDP candidate ports are rewritten to that port (a lossy relay in front of the server) and its TCP
// candidates removed, so that every packet takes the relay.
window.braidOffer = async function (pc, endpoint, headers, events, relayPort) {
  await pc.setLocalDescription(await pc.createOffer());
  const started = performance.now();
  events.push('post ' + Math.round(started));
  const response = await fetch(endpoint, {method: 'POST', headers: Object.assign({'Content-Type': 'application/sdp'}, headers),
    body: pc.localDescription.sdp});
  let answer = await response.text();
  events.push('answer ' + response.status + ' ' + Math.round(performance.now() - started) + 'ms ' + (response.headers.get('Location') || '')
      + (response.status === 201 ? '' : ' ' + answer));
  if (response.status !== 201) {
    return;
  }
  if (relayPort) {
    answer = answer.replace(/(a=candidate:\S+ 1 udp \d+ \S+ )(\d+)( typ host)/g, '$1' + relayPort + '$3')
        .replace(/a=candidate:\S+ 1 tcp .*\r\n/g, '');
  }
  await pc.setRemoteDescription({type: 'answer', sdp: answer});
};

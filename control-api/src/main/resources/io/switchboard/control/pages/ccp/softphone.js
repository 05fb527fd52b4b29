// The agent's softphone: one RTCPeerConnection per agent socket (docs/agent-websocket.md, "Softphone media"),
// the microphone and speaker, level analysers, and the pre-call check in words a person can act on.
import { Emitter } from './emitter.js';

/** Non-trickle offer: the server's side is ICE-lite, so the offer carries every candidate gathered by then. */
const GATHER_LIMIT_MS = 4000;
/** How long the pre-call check waits for a relay candidate from TURN. */
const TURN_CHECK_MS = 6000;

/** A problem with the microphone or the media path, with a message that says what to do. */
export class MediaProblem extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

/** Turns a getUserMedia failure into a sentence a person can act on. */
export function microphoneProblem(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MediaProblem('MICROPHONE_BLOCKED', 'The browser blocks the microphone for this page. Click the '
        + 'lock or camera icon in the address bar, allow the microphone, then press Check again.');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MediaProblem('NO_MICROPHONE', 'No microphone was found. Plug in a headset or choose another '
        + 'microphone, then press Check again.');
    case 'NotReadableError':
    case 'AbortError':
      return new MediaProblem('MICROPHONE_BUSY', 'The microphone is in use by another program or cannot be read. '
        + 'Close other programs that use it (another softphone, a meeting), then press Check again.');
    default:
      return new MediaProblem('MICROPHONE_FAILED', `The microphone cannot be used (${error?.message || error}). `
        + 'Reload the page; if this stays, try another browser or headset.');
  }
}

export class Softphone extends Emitter {
  constructor(options = {}) {
    super();
    this.relay = !!options.relay;
    this.audioElement = options.audioElement || null;
    this.microphoneId = options.microphoneId || '';
    this.speakerId = options.speakerId || '';
    this.pc = null;
    this.stream = null;
    this.remoteStream = null;
    this.muted = false;
    this.attachedTo = null;
    this.analysers = {};
  }

  /** The microphone stream, asked for once and again when its track ended (a device unplugged, a grant lost). */
  async microphone() {
    if (this.stream && this.stream.getAudioTracks().some(t => t.readyState === 'live')) return this.stream;
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new MediaProblem('INSECURE_PAGE', 'This page has no access to microphones because it is not on a '
        + `secure origin. Open it with https:// (as https://${location.hostname}:8443/ccp) or on localhost.`);
    }
    const audio = this.microphoneId ? { deviceId: { exact: this.microphoneId } } : true;
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio, video: false });
    } catch (e) {
      throw microphoneProblem(e);
    }
    const track = this.stream.getAudioTracks()[0];
    track.enabled = !this.muted;
    track.addEventListener('ended', () => this.emit('state', 'microphone-ended'));
    this.analyse('local', this.stream);
    return this.stream;
  }

  /** Builds (or, with restart, renegotiates) the peer connection and answers the offer's SDP. */
  async offer(iceServers, { restart = false } = {}) {
    const stream = await this.microphone();
    if (this.relay && !iceServers.some(s => [].concat(s.urls).some(u => /^turns?:/.test(u)))) {
      throw new MediaProblem('NO_TURN', 'Relay-only media is asked for, but the server names no TURN server. '
        + 'Ask the administrator to configure TURN, or turn the relay option off.');
    }
    if (!restart || !this.pc || this.pc.signalingState === 'closed') {
      this.detach();
      const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: this.relay ? 'relay' : 'all',
        bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      this.pc = pc;
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendrecv', streams: [stream] });
      pc.ontrack = event => this.remote(event.streams[0] || new MediaStream([event.track]));
      pc.onconnectionstatechange = () => {
        if (pc !== this.pc) return;
        this.emit('state', pc.connectionState);
      };
      this.emit('state', 'new');
    }
    const description = await this.pc.createOffer(restart ? { iceRestart: true } : {});
    await this.pc.setLocalDescription(description);
    await gathered(this.pc);
    return this.pc.localDescription.sdp;
  }

  async answer(sdp) {
    if (!this.pc) return;
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  remote(stream) {
    this.remoteStream = stream;
    if (this.audioElement) {
      this.audioElement.srcObject = stream;
      if (this.speakerId && this.audioElement.setSinkId) this.audioElement.setSinkId(this.speakerId).catch(() => {});
      this.audioElement.play().catch(() => { /* autoplay waits for the next click */ });
    }
    this.analyse('remote', stream);
  }

  /** Closes the peer connection (the socket it belonged to is gone); the microphone stays. */
  detach() {
    this.attachedTo = null;
    if (this.pc) {
      const pc = this.pc;
      this.pc = null;
      pc.close();
      this.emit('state', 'closed');
    }
  }

  setMuted(muted) {
    this.muted = muted;
    this.stream?.getAudioTracks().forEach(t => { t.enabled = !muted; });
  }

  /** Switches to another microphone without renegotiating (replaceTrack keeps the same sender). */
  async setMicrophone(deviceId) {
    this.microphoneId = deviceId;
    this.stream?.getTracks().forEach(t => t.stop());
    this.stream = null;
    const stream = await this.microphone();
    const sender = this.pc?.getSenders().find(s => !s.track || s.track.kind === 'audio');
    if (sender) await sender.replaceTrack(stream.getAudioTracks()[0]);
  }

  async setSpeaker(deviceId) {
    this.speakerId = deviceId;
    if (this.audioElement?.setSinkId) await this.audioElement.setSinkId(deviceId);
  }

  /** Microphones and speakers ({kind, deviceId, label}); labels are empty until the microphone was allowed. */
  async devices() {
    if (!navigator.mediaDevices?.enumerateDevices) return [];
    return (await navigator.mediaDevices.enumerateDevices()).filter(d => d.kind === 'audioinput' || d.kind === 'audiooutput');
  }

  context() {
    if (!this.audioContext) this.audioContext = new AudioContext();
    if (this.audioContext.state === 'suspended') this.audioContext.resume().catch(() => {});
    return this.audioContext;
  }

  analyse(which, stream) {
    try {
      const context = this.context();
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      analyser.smoothingTimeConstant = 0.2;
      context.createMediaStreamSource(stream).connect(analyser);
      this.analysers[which] = analyser;
    } catch (e) {
      console.warn('switchboard: no level analyser', e);
    }
  }

  /** RMS level 0..1 of 'local' (the microphone) or 'remote' (the customer). */
  level(which) {
    const analyser = this.analysers[which];
    if (!analyser) return 0;
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    return Math.sqrt(sum / samples.length);
  }

  /** The strongest frequency in Hz of 'local' or 'remote' and its level in dBFS: tone checks in tests. */
  dominantFrequency(which) {
    const analyser = this.analysers[which];
    if (!analyser) return null;
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let best = 0;
    for (let i = 1; i < bins.length; i++) if (bins[i] > bins[best]) best = i;
    return { hz: best * analyser.context.sampleRate / analyser.fftSize, db: bins[best] };
  }

  /**
   * The pre-call check: the microphone, and whether TURN gives a relay candidate. Answers
   * [{check, ok, message}] with messages a person can act on.
   */
  async check(iceServers) {
    const results = [];
    try {
      await this.microphone();
      results.push({ check: 'microphone', ok: true, message: 'The microphone works.' });
    } catch (e) {
      results.push({ check: 'microphone', ok: false, code: e.code, message: e.message });
    }
    results.push(await turnCheck(iceServers));
    return results;
  }

  /** After the tab was hidden: a lost microphone is asked for again, a failed media path renegotiated. */
  async recheck() {
    const track = this.stream?.getAudioTracks()[0];
    if (!track || track.readyState === 'ended') {
      const stream = await this.microphone();
      const sender = this.pc?.getSenders().find(s => !s.track || s.track.kind === 'audio');
      if (sender) await sender.replaceTrack(stream.getAudioTracks()[0]);
    }
    if (this.pc && ['failed', 'disconnected'].includes(this.pc.connectionState)) {
      this.emit('renegotiate');
    }
  }
}

function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise(resolve => {
    const done = () => { clearTimeout(timer); pc.removeEventListener('icegatheringstatechange', check); resolve(); };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    const timer = setTimeout(done, GATHER_LIMIT_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** Asks our TURN server for a relay candidate on a throwaway connection. */
async function turnCheck(iceServers) {
  const turn = (iceServers || []).filter(s => [].concat(s.urls).some(u => /^turns?:/.test(u)));
  if (turn.length === 0) {
    return { check: 'turn', ok: false, code: 'NO_TURN', message: 'The server names no TURN server. Calls work only '
      + 'where this computer reaches the server directly; ask the administrator to configure TURN.' };
  }
  const pc = new RTCPeerConnection({ iceServers: turn, iceTransportPolicy: 'relay' });
  try {
    pc.createDataChannel('check');
    const relay = new Promise(resolve => {
      const timer = setTimeout(() => resolve(false), TURN_CHECK_MS);
      pc.onicecandidate = event => {
        if (event.candidate && / typ relay /.test(event.candidate.candidate)) { clearTimeout(timer); resolve(true); }
        if (!event.candidate) { clearTimeout(timer); resolve(false); }
      };
    });
    await pc.setLocalDescription(await pc.createOffer());
    if (await relay) return { check: 'turn', ok: true, message: 'The TURN server answers: media can be relayed.' };
    const where = [...new Set(turn.flatMap(s => [].concat(s.urls)))].join(', ');
    return { check: 'turn', ok: false, code: 'TURN_UNREACHABLE', message: `The TURN server cannot be reached (${where}). `
      + 'A firewall or VPN may block it: ask IT to allow UDP and TCP port 3478 and TCP port 5349 to the server.' };
  } finally {
    pc.close();
  }
}

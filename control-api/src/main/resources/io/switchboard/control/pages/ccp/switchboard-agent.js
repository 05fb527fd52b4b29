// Switchboard agent client: the agent WebSocket (docs/agent-websocket.md) as agent and contact objects
// with events and actions, for the CCP page and for CRMs that build their own panel. See docs/ccp-client.md.
import { Emitter } from './emitter.js';
import { Softphone } from './softphone.js';

const PROTOCOL = 'switchboard.agent.v1';
/** Reconnect delays grow to this and stay there (with jitter), so a server restart is not stormed. */
const MAX_BACKOFF_MS = 15000;
const FIRST_BACKOFF_MS = 500;

/** A refused command: code as the protocol names it (WRONG_STATE, NOT_YOUR_CONTACT...), message for a person. */
export class CommandError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

/** POST /api/login; resolves {token} or rejects with a CommandError whose message a person can act on. */
export async function login(username, password, baseUrl = '') {
  let response;
  try {
    response = await fetch(`${baseUrl}/api/login`, {
      method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch (e) {
    throw new CommandError('NETWORK', 'The server cannot be reached. Check the network connection and try again.');
  }
  if (response.status === 401) throw new CommandError('BAD_CREDENTIALS', 'Wrong username or password.');
  if (response.status === 429) throw new CommandError('RATE_LIMITED', 'Too many attempts. Wait a minute and try again.');
  if (!response.ok) throw new CommandError('HTTP_' + response.status, `Login failed (HTTP ${response.status}). Try again later.`);
  return response.json();
}

/** The logged-in agent as the server last described it; actions return promises of the server's answer. */
export class Agent {
  constructor(client) { this.client = client; this.snapshot = null; }
  update(snapshot) { this.snapshot = snapshot; }
  get username() { return this.snapshot?.Configuration?.Username; }
  get name() {
    const c = this.snapshot?.Configuration || {};
    return [c.FirstName, c.LastName].filter(Boolean).join(' ') || c.Username || '';
  }
  /** The CCP state: AVAILABLE, OFFLINE, CUSTOM, PENDING, BUSY, ON_HOLD, AFTER_CONTACT_WORK, MISSED, ERROR, LOGGED_OUT. */
  get state() { return this.snapshot?.state; }
  get stateSince() { return this.snapshot?.stateSince ? new Date(this.snapshot.stateSince) : null; }
  /** The chosen status's name (Available, Offline, a custom one). */
  get status() { return this.snapshot?.AgentStatus?.Name; }
  get routable() { return !!this.snapshot?.routable; }
  get notRoutableBecause() { return this.snapshot?.notRoutableBecause || null; }
  get notRoutableDetail() { return this.snapshot?.notRoutableDetail || null; }
  get autoAccept() { return !!this.snapshot?.Configuration?.AutoAccept; }
  /** The phone contacts ring on: SOFT_PHONE or DESK_PHONE, and the desk phone's number (E.164). */
  get phoneType() { return this.snapshot?.phoneType || null; }
  get deskPhoneNumber() { return this.snapshot?.deskPhoneNumber || null; }
  get statuses() { return this.client.statuses; }
  setStatus(status) { return this.client.send('status', { status }); }
  dial(number, queue) { return this.client.send('dial', queue ? { number, queue } : { number }); }
  /** type: SOFT_PHONE or DESK_PHONE (with the desk phone's number); sent as phoneType, "type" names the command. */
  setPhone(type, number) { return this.client.send('phone', number ? { phoneType: type, number } : { phoneType: type }); }
  logout() { return this.client.logout(); }
}

/** The contact offered to or connected with the agent; replaced by a new object for each new contact id. */
export class Contact {
  constructor(client, view) { this.client = client; this.view = view; }
  update(view) { this.view = view; }
  get id() { return this.view.contactId; }
  /** CONNECTING, CONNECTED, CONNECTED_ONHOLD, ENDED, MISSED, ERROR. */
  get state() { return this.view.state; }
  get queue() { return this.view.queue; }
  get customerNumber() { return this.view.customerNumber; }
  get initiationMethod() { return this.view.initiationMethod; }
  /** The contact attributes the flow set: the screen pop. */
  get attributes() { return this.view.attributes || {}; }
  get offerExpiresAt() { return this.view.offerExpiresAt ? new Date(this.view.offerExpiresAt) : null; }
  get stateSince() { return this.view.stateSince ? new Date(this.view.stateSince) : null; }
  get autoAccept() { return !!this.view.autoAccept; }
  /** The mute state the server keeps for the contact (the page mutes its own track). */
  get muted() { return !!this.view.muted; }
  /** True while the agent's media is away and the customer hears hold audio. */
  get mediaPaused() { return !!this.view.mediaPaused; }
  accept() { return this.client.send('accept', { contactId: this.id }); }
  reject() { return this.client.send('reject', { contactId: this.id }); }
  hold() { return this.client.send('hold'); }
  resume() { return this.client.send('resume'); }
  mute(muted) {
    // The local track is muted too, so the microphone is silent even before the server's answer.
    this.client.softphone?.setMuted(muted);
    return this.client.send('mute', { muted });
  }
  hangup() { return this.client.send('hangup'); }
  close() { return this.client.send('close', { contactId: this.id }); }
}

/**
 * One agent's connection. Events: 'connection' (state: connecting, open, reconnecting, replaced, closed),
 * 'agent' (agent), 'contact' (event, contact), 'hello' (message), 'media' (state of the softphone:
 * new, connecting, connected, failed...), 'error' (CommandError of a message without a request),
 * 'message' (every server message, raw).
 */
export class AgentClient extends Emitter {
  constructor(options = {}) {
    super();
    this.options = { baseUrl: '', relay: false, softphone: true, ...options };
    this.agent = new Agent(this);
    this.contact = null;
    this.statuses = [];
    this.settings = {};
    this.iceServers = [];
    this.connectionState = 'closed';
    this.lastSeq = 0;
    this.nextRequest = 1;
    this.pending = new Map();
    this.backoff = FIRST_BACKOFF_MS;
    this.stopped = false;
    this.socket = null;
    this.softphone = this.options.softphone
      ? new Softphone({ relay: this.options.relay, audioElement: this.options.audioElement,
          microphoneId: this.options.microphoneId, speakerId: this.options.speakerId })
      : null;
    if (this.softphone) {
      this.softphone.on('state', state => this.emit('media', state));
      this.softphone.on('renegotiate', () => this.offerMedia({ restart: true }));
    }
  }

  /** Opens the socket (and reopens it after drops, with backoff, until logout, replacement or close()). */
  connect() {
    this.stopped = false;
    this.open();
    return this;
  }

  url() {
    const base = this.options.baseUrl || window.location.origin;
    const u = new URL('/api/agent/ws', base);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.toString();
  }

  open() {
    // The cookie needs no subprotocol; a token travels as one (browsers cannot set Authorization here).
    const protocols = this.options.token ? [PROTOCOL, `bearer.${this.options.token}`] : [];
    this.setConnection(this.connectionState === 'closed' ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.url(), protocols);
    this.socket = socket;
    this.lastSeq = 0;
    socket.onmessage = event => { if (socket === this.socket) this.receive(event.data); };
    socket.onclose = event => { if (socket === this.socket) this.closed(event); };
  }

  closed(event) {
    this.socket = null;
    for (const { reject } of this.pending.values()) {
      reject(new CommandError('DISCONNECTED', 'The connection to the server dropped; the command may not have been done.'));
    }
    this.pending.clear();
    this.softphone?.detach();
    if (this.stopped || this.connectionState === 'replaced') {
      if (this.connectionState !== 'replaced') this.setConnection('closed');
      return;
    }
    if (event.code === 1008 && this.connectionState !== 'open') {
      // Not an agent or no session: retrying will not help.
      this.setConnection('closed');
      return;
    }
    const delay = this.backoff * (0.75 + Math.random() * 0.5);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.setConnection('reconnecting');
    this.retry = setTimeout(() => { if (!this.stopped) this.open(); }, delay);
  }

  setConnection(state) {
    if (this.connectionState === state) return;
    this.connectionState = state;
    this.emit('connection', state);
  }

  receive(text) {
    let message;
    try { message = JSON.parse(text); } catch (e) { console.error('switchboard: not JSON', text); return; }
    if (typeof message.seq === 'number') {
      // A gap means a message was lost: the state shown may be stale, so ask for all of it again.
      const gap = this.lastSeq !== 0 && message.seq !== this.lastSeq + 1 && message.type !== 'hello';
      this.lastSeq = message.seq;
      if (gap) this.resync();
    }
    this.emit('message', message);
    const handler = this.handlers[message.type];
    if (handler) handler.call(this, message);
  }

  /** Asks for a fresh hello (after a sequence gap, or when the tab becomes visible again). */
  resync() {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'resync' }));
  }

  /** Sends a command; resolves with the server's result, or rejects with a CommandError. */
  send(type, fields = {}) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new CommandError('DISCONNECTED', 'Not connected to the server; wait for the connection to come back.'));
    }
    const requestId = `r${this.nextRequest++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.socket.send(JSON.stringify({ type, requestId, ...fields }));
    });
  }

  /** Logs the agent out and stops reconnecting. */
  async logout() {
    this.stopped = true;
    try { await this.send('logout'); } catch (e) { /* logging out anyway */ }
    try { await fetch(`${this.options.baseUrl}/api/logout`, { method: 'POST', credentials: 'include' }); } catch (e) { /* offline */ }
    this.close();
  }

  /** Closes the socket and the softphone without logging out (the server's grace period runs). */
  close() {
    this.stopped = true;
    clearTimeout(this.retry);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'closed by the page');
    this.softphone?.detach();
    this.setConnection('closed');
  }

  /** Sends the softphone's offer on this socket; with restart, an ICE restart of the same connection. */
  async offerMedia(options = {}) {
    if (!this.softphone || !this.socket) return;
    try {
      const sdp = await this.softphone.offer(this.iceServers, options);
      const requestId = `m${this.nextRequest++}`;
      this.mediaRequest = requestId;
      this.socket?.send(JSON.stringify({ type: 'media', requestId, kind: 'offer', sdp }));
    } catch (e) {
      this.emit('error', new CommandError(e.code || 'MEDIA_FAILED', e.message));
    }
  }

  updateContact(event, view) {
    if (!view) {
      this.contact = null;
    } else if (this.contact && this.contact.id === view.contactId) {
      this.contact.update(view);
    } else {
      this.contact = new Contact(this, view);
    }
    const contact = this.contact;
    if (event === 'closed' || event === 'withdrawn') {
      this.contact = null;
    }
    this.emit('contact', event, contact);
  }
}

AgentClient.prototype.handlers = {
  hello(message) {
    this.backoff = FIRST_BACKOFF_MS;
    this.everOpened = true;
    this.statuses = message.statuses || [];
    this.settings = message.settings || {};
    this.iceServers = message.iceServers || [];
    this.agent.update(message.agent);
    this.setConnection('open');
    this.emit('hello', message);
    this.emit('agent', this.agent);
    this.updateContact('snapshot', message.contact);
    // One peer connection per socket (the protocol's rule): a new socket offers again.
    if (this.softphone && this.softphone.attachedTo !== this.socket) {
      this.softphone.attachedTo = this.socket;
      this.offerMedia();
    }
  },
  agent(message) {
    this.agent.update(message.agent);
    this.emit('agent', this.agent);
  },
  contact(message) {
    this.updateContact(message.event, message.contact);
  },
  media(message) {
    if (message.kind === 'answer') {
      this.softphone?.answer(message.sdp).catch(e => this.emit('error', new CommandError('MEDIA_FAILED', e.message)));
    }
  },
  ping(message) {
    this.socket?.send(JSON.stringify({ type: 'pong', id: message.id }));
  },
  result(message) {
    const waiting = this.pending.get(message.requestId);
    this.pending.delete(message.requestId);
    if (message.agent) {
      this.agent.update(message.agent);
      this.emit('agent', this.agent);
    }
    waiting?.resolve(message);
  },
  error(message) {
    const error = new CommandError(message.code, message.message);
    const waiting = message.requestId ? this.pending.get(message.requestId) : null;
    if (waiting) {
      this.pending.delete(message.requestId);
      waiting.reject(error);
    } else {
      this.emit('error', error);
    }
  },
  replaced() {
    // A newer tab of this agent took over: do not fight it by reconnecting.
    this.stopped = true;
    this.setConnection('replaced');
    this.softphone?.detach();
  },
};

/** Connects as the session's agent: connect({baseUrl, token, relay, audioElement}) -> AgentClient. */
export function connect(options) {
  return new AgentClient(options).connect();
}

// The Contact Control Panel: the page's controls over the agent client (switchboard-agent.js).
import { connect, login } from './switchboard-agent.js';
import { normalise } from './e164.js';

const $ = id => document.getElementById(id);
const STATE_NAMES = {
  AVAILABLE: 'Available', OFFLINE: 'Offline', CUSTOM: null, PENDING: 'Incoming call', BUSY: 'On call',
  ON_HOLD: 'On hold', AFTER_CONTACT_WORK: 'After call work', MISSED: 'Missed call', ERROR: 'Error',
  LOGGED_OUT: 'Logged out',
};
const CONTACT_TITLES = {
  CONNECTING: 'Incoming call', CONNECTED: 'On call', CONNECTED_ONHOLD: 'Caller on hold',
  ENDED: 'After call work', MISSED: 'Missed call', ERROR: 'Call failed',
};
const params = new URLSearchParams(location.search);
/** ?relay=1 sends all media through TURN (iceTransportPolicy 'relay'), as a locked-down network needs. */
const relay = params.get('relay') === '1' || localStorage.getItem('switchboard.relay') === '1';

let client = null;
let session = null;
let muted = false;
let lastContactId = null;

function show(element, visible) { element.hidden = !visible; }

function banner(text, kind = 'alert') {
  const b = $('banner');
  b.textContent = text || '';
  b.className = 'banner' + (kind === 'info' ? ' info' : '');
  show(b, !!text);
}

function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

async function currentSession() {
  const response = await fetch('/api/session', { credentials: 'include' });
  return response.ok ? response.json() : null;
}

async function start() {
  $('login').addEventListener('submit', onLogin);
  wireControls();
  setInterval(tick, 1000);
  document.addEventListener('visibilitychange', onVisible);
  session = await currentSession().catch(() => null);
  if (session) openPanel();
}

async function onLogin(event) {
  event.preventDefault();
  const error = $('login-error');
  show(error, false);
  $('login-button').disabled = true;
  try {
    await login($('username').value.trim(), $('password').value);
    $('password').value = '';
    session = await currentSession();
    openPanel();
  } catch (e) {
    error.textContent = e.message;
    show(error, true);
  } finally {
    $('login-button').disabled = false;
  }
}

function openPanel() {
  show($('login'), false);
  show($('panel'), true);
  banner('');
  $('agent-name').textContent = [session.firstName, session.lastName].filter(Boolean).join(' ') || session.username;
  client = connect({ relay, audioElement: $('remote-audio') });
  window.switchboardCcp = { client, softphone: client.softphone };
  client.on('connection', onConnection);
  client.on('agent', render);
  client.on('contact', onContact);
  client.on('hello', onHello);
  client.on('media', state => {
    if (state === 'failed') banner('The call audio path failed. Press Check to test the connection; the panel retries on its own.');
  });
  client.on('error', e => banner(e.message));
  preCallCheck();
  meter();
}

function onConnection(state) {
  const c = $('connection');
  c.dataset.state = state;
  c.textContent = { connecting: 'Connecting...', open: 'Connected', reconnecting: 'Reconnecting...',
    replaced: 'Opened elsewhere', closed: 'Not connected' }[state] || state;
  if (state === 'replaced') {
    banner('This panel was opened in another tab or window, which takes your calls now. Close this tab, '
      + 'or reload it to take the calls here again.');
  } else if (state === 'reconnecting') {
    if (session) sessionStillValid();
    if (!client?.everOpened) {
      banner('The panel cannot reach the server\'s agent service and keeps trying. Calls cannot reach you until '
        + 'it connects; if this stays, check the network or ask the administrator.');
    } else {
      banner(client.contact ? 'The connection to the server was lost; reconnecting. The caller hears hold music '
        + 'until the panel is back.' : 'The connection to the server was lost; reconnecting. You get no calls '
        + 'until it is back.');
    }
  } else if (state === 'open') {
    banner('');
  }
}

/** A socket that cannot reconnect may have lost its session (expired, logged out elsewhere): then log in again. */
async function sessionStillValid() {
  const response = await fetch('/api/session', { credentials: 'include' }).catch(() => null);
  if (response?.status === 401 && client) {
    client.close();
    client = null;
    session = null;
    show($('panel'), false);
    show($('login'), true);
    onConnection('closed');
    const error = $('login-error');
    error.textContent = 'Your session has ended. Log in again to take calls.';
    show(error, true);
  }
}

function onHello(message) {
  const select = $('status');
  select.replaceChildren(...(message.statuses || []).filter(s => s.enabled !== false).map(s => {
    const option = document.createElement('option');
    option.value = s.name;
    option.textContent = s.name;
    return option;
  }));
  showPhone(client.agent.phoneType || message.settings?.phoneType, client.agent.deskPhoneNumber);
  render(client.agent);
}

/** Shows the phone the server has for the agent (chosen with Save phone, or the instance's). */
function showPhone(phoneType, deskNumber) {
  if (!phoneType) return;
  const radio = document.querySelector(`input[name="phone-type"][value="${phoneType}"]`);
  if (radio && !radio.checked) radio.click();
  if (deskNumber && document.activeElement !== $('desk-number')) $('desk-number').value = deskNumber;
}

/** The phone last shown from the server, so an agent message does not undo a choice not saved yet. */
let shownPhone = null;

function render(agent) {
  if (!agent?.snapshot) return;
  const phone = `${agent.phoneType}/${agent.deskPhoneNumber}`;
  if (phone !== shownPhone) { shownPhone = phone; showPhone(agent.phoneType, agent.deskPhoneNumber); }
  const state = agent.state || 'OFFLINE';
  $('state').dataset.state = state;
  $('state-name').textContent = STATE_NAMES[state] || agent.status || state;
  const select = $('status');
  if (agent.status && [...select.options].some(o => o.value === agent.status)) select.value = agent.status;
  const hint = $('routable');
  if (agent.routable) {
    hint.textContent = 'Ready for calls.';
    hint.classList.remove('bad');
  } else {
    hint.textContent = agent.notRoutableDetail || (agent.notRoutableBecause === 'STATUS' ? 'Choose Available to take calls.' : '');
    hint.classList.toggle('bad', agent.notRoutableBecause && agent.notRoutableBecause !== 'STATUS' && agent.notRoutableBecause !== 'ON_CONTACT');
  }
  tick();
}

function onContact(event, contact) {
  renderContact(contact && event !== 'closed' && event !== 'withdrawn' ? contact : null);
  if (event === 'withdrawn') banner('The caller hung up before the call was accepted.', 'info');
  if (event === 'missed') banner('The call was missed. Choose a status to take calls again.', 'info');
  if (event === 'failed') {
    banner('The call could not be connected to this browser. Choose a status to take calls again; if this '
      + 'repeats, press Check again and tell the administrator what it says.');
  }
  if (event === 'paused') banner('The call is on hold for the caller while the connection comes back.', 'info');
  if (event === 'incoming' || event === 'connecting' || event === 'connected') banner('');
}

function renderContact(contact) {
  const card = $('contact');
  if (!contact) {
    show(card, false);
    lastContactId = null;
    muted = false;
    return;
  }
  const fresh = contact.id !== lastContactId;
  lastContactId = contact.id;
  if (fresh) {
    // A contact back after a reload keeps the mute state the server kept for it.
    muted = contact.muted;
    client.softphone?.setMuted(muted);
  }
  card.dataset.state = contact.state;
  // The agent's own outbound call shows whom they dialled: the customer, not a caller.
  const outbound = contact.initiationMethod === 'OUTBOUND';
  $('contact-title').textContent = outbound && contact.state === 'CONNECTING' ? 'Calling'
    : outbound && contact.state === 'CONNECTED_ONHOLD' ? 'Customer on hold'
      : CONTACT_TITLES[contact.state] || contact.state;
  $('caller-label').textContent = outbound ? 'Customer' : 'Caller';
  $('caller-number').textContent = contact.customerNumber || 'Unknown number';
  $('contact-queue').textContent = contact.queue || '-';
  const dl = $('attributes');
  dl.replaceChildren(...Object.entries(contact.attributes).flatMap(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = String(v);
    return [dt, dd];
  }));
  const s = contact.state;
  const ringing = s === 'CONNECTING' && contact.initiationMethod !== 'OUTBOUND';
  const talking = s === 'CONNECTED' || s === 'CONNECTED_ONHOLD';
  show($('accept'), ringing);
  show($('reject'), ringing);
  show($('mute'), talking && !muted);
  show($('unmute'), talking && muted);
  show($('hold'), s === 'CONNECTED');
  show($('resume'), s === 'CONNECTED_ONHOLD');
  show($('hangup'), talking || (s === 'CONNECTING' && contact.initiationMethod === 'OUTBOUND'));
  show($('close-contact'), s === 'ENDED' || s === 'MISSED' || s === 'ERROR');
  show(card, true);
  if (fresh && ringing) $('accept').focus();
  if (s === 'ENDED' && document.activeElement?.id === 'hangup') $('close-contact').focus();
  tick();
}

function tick() {
  const agent = client?.agent;
  if (agent?.stateSince) $('state-time').textContent = clock(Date.now() - agent.stateSince.getTime());
  const contact = client?.contact;
  const countdown = $('countdown');
  if (!contact) { countdown.textContent = ''; return; }
  if (contact.state === 'CONNECTING' && contact.offerExpiresAt) {
    countdown.textContent = `Rings for ${clock(contact.offerExpiresAt.getTime() - Date.now())} more`;
  } else if (contact.state === 'ENDED') {
    const limit = session?.afterContactWorkTimeoutSeconds;
    const since = agent?.state === 'AFTER_CONTACT_WORK' && agent.stateSince ? agent.stateSince : contact.stateSince;
    const elapsed = since ? Date.now() - since.getTime() : 0;
    countdown.textContent = limit > 0 ? `After call work: ${clock(limit * 1000 - elapsed)} left`
      : `After call work: ${clock(elapsed)}`;
  } else if (contact.stateSince && (contact.state === 'CONNECTED' || contact.state === 'CONNECTED_ONHOLD')) {
    countdown.textContent = `Talking ${clock(Date.now() - contact.stateSince.getTime())}`;
  } else {
    countdown.textContent = '';
  }
}

/** Runs a command; a refusal shows its message, which says what to do. */
async function act(command) {
  try {
    banner('');
    return await command();
  } catch (e) {
    banner(e.message);
    return null;
  }
}

function wireControls() {
  $('status').addEventListener('change', e => act(() => client.agent.setStatus(e.target.value)));
  $('accept').addEventListener('click', () => {
    window.switchboardCcp.acceptClickedAt = performance.now();
    client.softphone?.context();
    $('remote-audio').play().catch(() => {});
    act(() => client.contact.accept());
  });
  $('reject').addEventListener('click', () => act(() => client.contact.reject()));
  $('mute').addEventListener('click', async () => {
    muted = true;
    renderContact(client.contact);
    $('unmute').focus();
    if (await act(() => client.contact.mute(true)) === null) { muted = false; renderContact(client.contact); }
  });
  $('unmute').addEventListener('click', async () => {
    muted = false;
    renderContact(client.contact);
    $('mute').focus();
    await act(() => client.contact.mute(false));
  });
  $('hold').addEventListener('click', async () => { await act(() => client.contact.hold()); $('resume').focus(); });
  $('resume').addEventListener('click', async () => { await act(() => client.contact.resume()); $('hold').focus(); });
  $('hangup').addEventListener('click', () => act(() => client.contact.hangup()));
  $('close-contact').addEventListener('click', () => act(() => client.contact.close()));
  $('phone-number').addEventListener('input', numberHint);
  for (const key of document.querySelectorAll('.pad button')) {
    key.addEventListener('click', () => {
      $('phone-number').value += key.dataset.digit;
      numberHint();
    });
  }
  $('phone-number').addEventListener('keydown', e => { if (e.key === 'Enter') $('call').click(); });
  $('call').addEventListener('click', () => {
    const typed = $('phone-number').value;
    const result = normalise(typed, client?.settings?.defaultCountry || 'US');
    // A country the page has no rules for: the server's numbering plans read it (and say what is wrong).
    if (!result.ok && !result.unknownCountry) { numberHint(); $('phone-number').focus(); return; }
    if (result.ok) $('phone-number').value = result.number;
    act(() => client.agent.dial(result.ok ? result.number : typed.trim()));
  });
  for (const radio of document.querySelectorAll('input[name="phone-type"]')) {
    radio.addEventListener('change', () => show($('desk'), radio.value === 'DESK_PHONE' && radio.checked));
  }
  $('save-phone').addEventListener('click', () => {
    const type = document.querySelector('input[name="phone-type"]:checked').value;
    if (type === 'SOFT_PHONE') { act(() => client.agent.setPhone('SOFT_PHONE')); return; }
    const typed = $('desk-number').value;
    const result = normalise(typed, client?.settings?.defaultCountry || 'US');
    if (!result.ok && !result.unknownCountry) { banner(`Desk phone number: ${result.message}`); $('desk-number').focus(); return; }
    if (result.ok) $('desk-number').value = result.number;
    act(() => client.agent.setPhone('DESK_PHONE', result.ok ? result.number : typed.trim()));
  });
  $('microphone').addEventListener('change', e => act(() => client.softphone.setMicrophone(e.target.value)));
  $('speaker').addEventListener('change', e => act(() => client.softphone.setSpeaker(e.target.value)));
  $('check').addEventListener('click', preCallCheck);
  $('logout').addEventListener('click', async () => {
    await client?.logout();
    client = null;
    session = null;
    show($('panel'), false);
    show($('contact'), false);
    show($('login'), true);
    banner('');
    onConnection('closed');
    $('username').focus();
  });
}

function numberHint() {
  const value = $('phone-number').value;
  const hint = $('phone-hint');
  if (!value.trim()) { hint.textContent = ''; hint.classList.remove('bad'); return; }
  const result = normalise(value, client?.settings?.defaultCountry || 'US');
  hint.textContent = result.ok ? `Calls ${result.number}` : result.message;
  hint.classList.toggle('bad', !result.ok && !result.unknownCountry);
}

async function preCallCheck() {
  const list = $('checks');
  list.replaceChildren(item({ ok: null, message: 'Checking the microphone and the connection...' }));
  // The ICE servers come with the hello; before it, from the API.
  let iceServers = client?.iceServers?.length ? client.iceServers : null;
  if (!iceServers) {
    iceServers = await fetch('/api/ice-servers', { credentials: 'include' }).then(r => r.ok ? r.json() : { iceServers: [] })
      .then(j => j.iceServers || []).catch(() => []);
  }
  const results = await client.softphone.check(iceServers);
  list.replaceChildren(...results.map(item));
  await listDevices();
}

function item(result) {
  const li = document.createElement('li');
  li.className = result.ok === true ? 'ok' : result.ok === false ? 'bad' : '';
  li.textContent = result.message;
  return li;
}

async function listDevices() {
  const devices = await client.softphone.devices();
  for (const [id, kind, label] of [['microphone', 'audioinput', 'Microphone'], ['speaker', 'audiooutput', 'Speaker']]) {
    const select = $(id);
    const current = select.value;
    const options = devices.filter(d => d.kind === kind).map((d, i) => {
      const option = document.createElement('option');
      option.value = d.deviceId;
      option.textContent = d.label || `${label} ${i + 1}`;
      return option;
    });
    if (options.length === 0) {
      const option = document.createElement('option');
      option.value = '';
      option.textContent = kind === 'audiooutput' ? 'System default' : 'None found';
      options.push(option);
    }
    select.replaceChildren(...options);
    if (current) select.value = current;
  }
}

function meter() {
  const level = $('level');
  const step = () => {
    if (!client) return;
    level.value = Math.min(1, (client.softphone?.level('local') || 0) * 4);
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}

/** A tab that was hidden may have lost its microphone or its media path; the state may be stale. */
async function onVisible() {
  if (document.visibilityState !== 'visible' || !client) return;
  client.resync();
  try {
    await client.softphone?.recheck();
  } catch (e) {
    banner(e.message);
  }
}

start();

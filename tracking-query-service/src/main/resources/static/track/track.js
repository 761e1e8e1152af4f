/**
 * The order tracking page, `/track/{orderId}`: the driver's marker moving live from the order's event stream, the
 * path since the page opened, pickup and drop-off (from the order's tracking answer), the distance still to go, the
 * ETA to the next stop and the trip's events as they happen (`trip` events), and in words every state a person may
 * meet: no token, refused, no fix yet, live, reconnecting, delivered or cancelled.
 *
 * The host app gives the token in the `#` fragment or by postMessage (see /ui/token.js). For tests and embedders the map element carries the driver's last drawn position
 * and when it was drawn (`data-driver-latitude`, `data-driver-longitude`, `data-moved-at`, epoch ms).
 */
import { takeFragment, listenForTokens, tellHost } from '/ui/token.js';
import { ApiError, requestJson, describe } from '/ui/api.js';
import { EventStream } from '/ui/event-stream.js';
import { loadMapSettings, createMap, meters, formatDistance, formatAge } from '/ui/map.js';

const STATUS_WORDS = {
  ASSIGNED: 'Driver on the way to the restaurant',
  PICKED_UP: 'On the way to you',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};
const ENDED = { DELIVERED: 'Delivered. Tracking has ended.', CANCELLED: 'This order was cancelled. Tracking has ended.' };
const TOKEN_WAIT_MILLIS = 2000;
const DISTANCE_REFRESH_MILLIS = 10000;
// the stream carries trip events but no ETA: the tracking answer is read again for it
const ETA_REFRESH_MILLIS = 30000;
const TRIP_WORDS = {
  DRIVER_ASSIGNED: 'Driver assigned',
  DRIVER_CHANGED: 'Another driver took over',
  APPROACHING_PICKUP: 'Driver approaching the restaurant',
  ARRIVED_AT_PICKUP: 'Driver at the restaurant',
  LEFT_PICKUP: 'Driver left the restaurant',
  APPROACHING_DROPOFF: 'Driver approaching you',
  ARRIVED_AT_DROPOFF: 'Driver has arrived',
};
// the stream's own reconnect delay, for a first request that could not reach the service
const RETRY_MILLIS = 3000;

const page = {
  state: document.getElementById('state'),
  status: document.getElementById('status'),
  distance: document.getElementById('distance'),
  distanceLabel: document.getElementById('distance-label'),
  updated: document.getElementById('updated'),
  map: document.getElementById('map'),
  etaSlot: document.getElementById('eta-slot'),
  eta: document.getElementById('eta'),
  timeline: document.getElementById('timeline'),
};
const orderId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() || '');
document.getElementById('order-id').textContent = orderId;

const fragment = takeFragment();
let token = fragment.get('token');

const map = createMap(page.map, await loadMapSettings(), [20, 0], 2);
const path = L.polyline([], { color: '#1b6ef3', weight: 4, opacity: 0.6 }).addTo(map);
let driverMarker = null;
let pickup = null;
let dropoff = null;

let stream = null;
let status = null;
let lastFix = null;
let distanceRefreshedAt = 0;
let etaAt = null;
const tripEvents = new Map();

listenForTokens((posted) => {
  token = posted;
  start();
});
if (token) {
  start();
} else {
  show('waiting-token', 'Waiting for sign-in from the app…');
  setTimeout(() => {
    if (!token) {
      show('no-token', 'Sign-in needed: open this page from the app that shows your order.', 'bad');
    }
  }, TOKEN_WAIT_MILLIS);
}
setInterval(() => {
  showAge();
  showEta();
}, 1000);
setInterval(refreshEta, ETA_REFRESH_MILLIS);

/** (Re)starts with the current token: the order's state first, which also tells a refusal in words, then the stream. */
async function start() {
  const resumeFrom = stream ? stream.lastEventId : null;
  stream?.stop();
  show('loading', 'Loading your order…');
  let view;
  try {
    view = await requestJson(`/api/v1/orders/${encodeURIComponent(orderId)}/tracking`, token);
  } catch (error) {
    refused(error);
    if (!(error instanceof ApiError) || error.transient) {
      setTimeout(start, RETRY_MILLIS);
    }
    return;
  }
  showStops(view);
  applyStatus(view.status);
  showServerDistance(view);
  showTrip(view);
  if (view.status in ENDED) {
    return;
  }
  stream = new EventStream(`/api/v1/orders/${encodeURIComponent(orderId)}/tracking/stream`, token, {
    onEvent,
    onState,
    lastEventId: resumeFrom,
  }).start();
}

/** Pickup and drop-off markers, once: the order's stops do not move. */
function showStops(view) {
  if (pickup || !view.pickup || !view.dropoff) {
    return;
  }
  pickup = view.pickup;
  dropoff = view.dropoff;
  for (const [place, label, color] of [[pickup, 'Pickup', '#7a3db8'], [dropoff, 'Drop-off', '#1f8a4c']]) {
    L.circleMarker(toLatLng(place), { radius: 8, color, fillColor: color, fillOpacity: 0.9 })
      .bindTooltip(label, { permanent: true, direction: 'top' }).addTo(map);
  }
  if (!driverMarker) {
    map.fitBounds(L.latLngBounds([toLatLng(pickup), toLatLng(dropoff)]).pad(0.3), { maxZoom: 16 });
  }
}

function onEvent(event) {
  const data = JSON.parse(event.data);
  if (event.type === 'order-status') {
    applyStatus(data.status);
  } else if (event.type === 'location') {
    applyFix(data);
  } else if (event.type === 'trip') {
    addTripEvent(data);
  }
}

/** The ETA and the events of the order's tracking answer. */
function showTrip(view) {
  etaAt = view.eta && !(view.status in ENDED) ? Date.parse(view.eta.at) : null;
  showEta();
  (view.events || []).forEach(addTripEvent);
}

function refreshEta() {
  if (!token || !stream || status in ENDED) {
    return;
  }
  requestJson(`/api/v1/orders/${encodeURIComponent(orderId)}/tracking`, token)
    .then(showTrip)
    .catch(() => { /* the stream reports refusals; a missed ETA refresh is no news */ });
}

function showEta() {
  if (etaAt === null || status in ENDED) {
    page.etaSlot.hidden = true;
    return;
  }
  const minutes = Math.round(Math.max(0, etaAt - Date.now()) / 60000);
  page.eta.textContent = minutes < 1 ? 'any moment now' : `in about ${minutes} min`;
  page.etaSlot.hidden = false;
}

/** One line per event, in event-time order; an event seen again (stored, then live) is shown once. */
function addTripEvent(event) {
  if (tripEvents.has(event.eventId)) {
    return;
  }
  const item = document.createElement('li');
  item.dataset.eventId = event.eventId;
  item.dataset.at = String(Date.parse(event.at));
  const time = new Date(event.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  item.textContent = `${time} ${TRIP_WORDS[event.type] || event.type}`;
  tripEvents.set(event.eventId, item);
  const later = [...page.timeline.children].find((other) => Number(other.dataset.at) > Number(item.dataset.at));
  page.timeline.insertBefore(item, later || null);
  page.timeline.hidden = false;
}

function onState({ state, error }) {
  if (state === 'open') {
    showLiveOrWaiting();
  } else if (state === 'reconnecting') {
    show('reconnecting', error ? describe(error, 'this order') : 'Connection lost. Reconnecting…', 'warn');
  } else {
    refused(error);
  }
}

function refused(error) {
  if (error.status === 401) {
    tellHost({ type: 'tracking-token-needed' });
  }
  if (error.type === 'tracking-ended') {
    show('ended', 'Tracking has ended for this order.');
  } else {
    show(error.status ? `error-${error.status}` : 'unreachable', describe(error, 'this order'), 'bad');
  }
}

function applyStatus(newStatus) {
  status = newStatus;
  page.status.textContent = STATUS_WORDS[newStatus] || newStatus;
  if (newStatus in ENDED) {
    stream?.stop();
    driverMarker?.remove();
    driverMarker = null;
    page.distance.textContent = '–';
    etaAt = null;
    showEta();
    show('ended', ENDED[newStatus]);
    tellHost({ type: 'tracking-ended', status: newStatus });
  }
  showDistance();
}

function applyFix(fix) {
  lastFix = fix;
  const position = toLatLng(fix);
  if (driverMarker) {
    driverMarker.setLatLng(position);
  } else {
    driverMarker = L.circleMarker(position, {
      radius: 9, color: '#ffffff', weight: 3, fillColor: '#1b6ef3', fillOpacity: 1,
    }).bindTooltip('Driver').addTo(map);
    map.fitBounds(L.latLngBounds([position, toLatLng(pickup), toLatLng(dropoff)].filter(Boolean)).pad(0.3),
      { maxZoom: 16 });
  }
  path.addLatLng(position);
  if (!map.getBounds().pad(-0.1).contains(position)) {
    map.panTo(position);
  }
  Object.assign(page.map.dataset, {
    driverLatitude: String(fix.latitude),
    driverLongitude: String(fix.longitude),
    movedAt: String(Math.round(performance.timeOrigin + performance.now())),
    pathPoints: String(path.getLatLngs().length),
  });
  showAge();
  showDistance();
  if (page.state.dataset.state === 'no-fix') {
    showLiveOrWaiting();
  }
}

function showLiveOrWaiting() {
  if (lastFix) {
    show('live', 'Live: the map follows the driver.');
  } else {
    show('no-fix', 'Waiting for the driver\'s first position…');
  }
}

/** Distance to the next stop: computed here from the stops the order's answer gave, else the service's, refreshed now and then. */
function showDistance() {
  const target = status === 'PICKED_UP' ? dropoff : pickup;
  page.distanceLabel.textContent = status === 'PICKED_UP' ? 'Distance to you' : 'Distance to the restaurant';
  if (!lastFix || status in ENDED) {
    return;
  }
  if (target) {
    page.distance.textContent = formatDistance(meters(lastFix, target));
  } else if (Date.now() - distanceRefreshedAt > DISTANCE_REFRESH_MILLIS) {
    distanceRefreshedAt = Date.now();
    requestJson(`/api/v1/orders/${encodeURIComponent(orderId)}/tracking`, token)
      .then(showServerDistance)
      .catch(() => { /* the stream reports refusals; a missed distance refresh is no news */ });
  }
}

function showServerDistance(view) {
  const metres = view.status === 'PICKED_UP' ? view.distanceToDropoffMeters : view.distanceToPickupMeters;
  if (metres !== undefined && !(view.status in ENDED)) {
    page.distance.textContent = formatDistance(metres);
  }
}

function showAge() {
  if (lastFix && !(status in ENDED)) {
    page.updated.textContent = formatAge((Date.now() - Date.parse(lastFix.recordedAt)) / 1000);
  }
}

function show(state, words, tone = 'info') {
  page.state.dataset.state = state;
  page.state.dataset.tone = tone;
  page.state.textContent = words;
}

function toLatLng(place) {
  return place ? [place.latitude, place.longitude] : null;
}

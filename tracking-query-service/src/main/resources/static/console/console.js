/**
 * The operations console, `/console/`, for the logistics and dispatch roles: the fleet in the visible area (a nearby
 * search around the map's centre, refreshed every few seconds and after every move), a driver's latest position by
 * id, a track replay with a time slider, and "nearest drivers here" on a click. Only existing API answers are used.
 *
 * Token as on the tracking page (`#token=` or postMessage); the fragment may also set the view: `lat`, `lon`, `zoom`.
 */
import { takeFragment, listenForTokens } from '/ui/token.js';
import { requestJson, describe } from '/ui/api.js';
import { loadMapSettings, createMap, formatDistance, formatAge } from '/ui/map.js';
import { FleetLayer } from '/console/fleet-layer.js';

const REFRESH_MILLIS = 5000;
const TOKEN_WAIT_MILLIS = 2000;
// the API's limits: a nearby search covers at most 50 km and lists at most 100 drivers
const MAX_RADIUS_METERS = 50000;
const FLEET_LIMIT = 100;
const NEAREST_LIMIT = 5;
const NEAREST_RADIUS_METERS = 5000;

const $ = (id) => document.getElementById(id);
const fragment = takeFragment();
let token = fragment.get('token');

// the driver simulator's city (Bengaluru) unless the fragment says otherwise
const center = [Number(fragment.get('lat') || 12.9716), Number(fragment.get('lon') || 77.5946)];
const map = createMap($('map'), await loadMapSettings(), center, Number(fragment.get('zoom') || 12));
const fleet = new FleetLayer(map);
const highlight = L.layerGroup().addTo(map);
const replay = { line: null, marker: null, points: [] };
let fleetRequest = 0;

// for automation: the browser tests time a 5,000-driver update pass through the same layer
window.trackingConsole = { fleet, map };

setReplayWindow();
listenForTokens((posted) => {
  token = posted;
  refreshFleet();
});
if (token) {
  refreshFleet();
} else {
  show('waiting-token', 'Waiting for sign-in…');
  setTimeout(() => token || show('no-token', 'Sign-in needed: open the console with a logistics or dispatch token.', 'bad'),
    TOKEN_WAIT_MILLIS);
}
map.on('moveend', refreshFleet);
map.on('click', (event) => nearestHere(event.latlng));
setInterval(refreshFleet, REFRESH_MILLIS);
$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  search($('search-driver').value.trim());
});
$('replay-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadReplay($('replay-driver').value.trim(), new Date($('replay-from').value), new Date($('replay-to').value));
});
$('replay-slider').addEventListener('input', () => showReplayPoint(Number($('replay-slider').value)));

/** The drivers within the circle around the map's centre that reaches its corners (at most the API's radius). */
async function refreshFleet() {
  if (!token) {
    return;
  }
  const request = ++fleetRequest;
  const middle = map.getCenter();
  const radius = Math.min(MAX_RADIUS_METERS, Math.max(1, Math.round(middle.distanceTo(map.getBounds().getNorthEast()))));
  try {
    const answer = await requestJson(`/api/v1/drivers/nearby?lat=${middle.lat.toFixed(6)}&lon=${middle.lng.toFixed(6)}`
      + `&radiusMeters=${radius}&limit=${FLEET_LIMIT}`, token);
    if (request === fleetRequest) {
      fleet.update(answer.drivers);
      const more = answer.drivers.length === FLEET_LIMIT ? ' (the nearest 100 shown)' : '';
      show('live', `${answer.drivers.length} drivers within ${formatDistance(radius)} of the centre${more}.`);
    }
  } catch (error) {
    if (request === fleetRequest) {
      show(error.status ? `error-${error.status}` : 'unreachable', describe(error, 'the fleet'), 'bad');
    }
  }
}

async function search(driverId) {
  const result = $('search-result');
  highlight.clearLayers();
  try {
    const driver = await requestJson(`/api/v1/drivers/${encodeURIComponent(driverId)}/location`, token);
    const position = [driver.latitude, driver.longitude];
    L.circleMarker(position, { radius: 10, color: '#b3261e', weight: 3, fillOpacity: 0.2 })
      .bindTooltip(document.createTextNode(driver.driverId)).addTo(highlight);
    map.setView(position, Math.max(map.getZoom(), 15));
    result.dataset.tone = 'info';
    result.textContent = `${driver.driverId}: ${driver.latitude.toFixed(5)}, ${driver.longitude.toFixed(5)}, `
      + `recorded ${new Date(driver.recordedAt).toLocaleString()} (${formatAge(driver.ageSeconds)}).`;
  } catch (error) {
    result.dataset.tone = 'bad';
    result.textContent = describe(error, `driver ${driverId}`);
  }
}

async function loadReplay(driverId, from, to) {
  const result = $('replay-result');
  const slider = $('replay-slider');
  replay.line?.remove();
  replay.marker?.remove();
  slider.hidden = true;
  try {
    const track = await requestJson(`/api/v1/drivers/${encodeURIComponent(driverId)}/track`
      + `?from=${from.toISOString()}&to=${to.toISOString()}&limit=10000`, token);
    replay.points = track.points;
    if (!track.points.length) {
      result.dataset.tone = 'info';
      result.textContent = `No positions of ${driverId} in that window.`;
      return;
    }
    const latLngs = track.points.map((point) => [point.latitude, point.longitude]);
    replay.line = L.polyline(latLngs, { color: '#7a3db8', weight: 4 }).addTo(map);
    replay.marker = L.circleMarker(latLngs[0], { radius: 8, color: '#ffffff', weight: 3, fillColor: '#7a3db8', fillOpacity: 1 })
      .addTo(map);
    map.fitBounds(replay.line.getBounds().pad(0.2), { maxZoom: 17 });
    Object.assign(slider, { max: String(latLngs.length - 1), value: '0', hidden: false });
    slider.dataset.points = String(latLngs.length);
    showReplayPoint(0, track.truncated ? ' Only the first 10,000 points of the window are shown.' : '');
  } catch (error) {
    result.dataset.tone = 'bad';
    result.textContent = describe(error, `the track of ${driverId}`);
  }
}

function showReplayPoint(index, note = '') {
  const point = replay.points[index];
  replay.marker.setLatLng([point.latitude, point.longitude]);
  const result = $('replay-result');
  result.dataset.tone = 'info';
  result.dataset.index = String(index);
  result.textContent = `Point ${index + 1} of ${replay.points.length}: ${new Date(point.recordedAt).toLocaleString()}.${note}`;
}

async function nearestHere(latLng) {
  const list = $('nearest');
  list.replaceChildren();
  try {
    const answer = await requestJson(`/api/v1/drivers/nearby?lat=${latLng.lat.toFixed(6)}&lon=${latLng.lng.toFixed(6)}`
      + `&radiusMeters=${NEAREST_RADIUS_METERS}&limit=${NEAREST_LIMIT}`, token);
    for (const driver of answer.drivers) {
      const item = document.createElement('li');
      item.dataset.driverId = driver.driverId;
      item.textContent = `${driver.driverId}: ${formatDistance(driver.distanceMeters)}, ${formatAge(driver.ageSeconds)}`;
      list.append(item);
    }
    const words = answer.drivers.length
      ? `${answer.drivers.length} nearest within ${formatDistance(NEAREST_RADIUS_METERS)} listed on the left.`
      : `No driver within ${formatDistance(NEAREST_RADIUS_METERS)}.`;
    L.popup().setLatLng(latLng).setContent(words).openOn(map);
  } catch (error) {
    const item = document.createElement('li');
    item.textContent = describe(error, 'the drivers');
    list.append(item);
  }
}

/** The replay window starts as the last hour, in the operator's local time. */
function setReplayWindow() {
  const now = Date.now();
  $('replay-from').value = localInput(now - 3600_000);
  $('replay-to').value = localInput(now + 60_000);
}

function localInput(millis) {
  const offset = new Date(millis).getTimezoneOffset() * 60_000;
  return new Date(millis - offset).toISOString().slice(0, 19);
}

function show(state, words, tone = 'info') {
  const element = $('state');
  element.dataset.state = state;
  element.dataset.tone = tone;
  element.textContent = words;
}

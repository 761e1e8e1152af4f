/**
 * The map both pages share: Leaflet (global `L`, from the WebJar), the tile layer the service is configured with,
 * and below it a drawn grid on a plain background with a metric scale, so that the map still reads when no tile
 * server answers (no network, or tiles switched off).
 */

/** The tile settings of this service; none (grid only) when they cannot be read. */
export async function loadMapSettings() {
  const none = { tileUrl: '', tileAttribution: '' };
  try {
    const response = await fetch('/ui/map-settings', { cache: 'no-store' });
    return response.ok ? await response.json() : none;
  } catch {
    return none;
  }
}

/** A map in `element` centred on `center` ([lat, lon]) at `zoom`. */
export function createMap(element, settings, center, zoom) {
  const map = L.map(element, { center, zoom, zoomSnap: 0.5 });
  new GridLayer({ zIndex: 0 }).addTo(map);
  if (settings.tileUrl) {
    L.tileLayer(settings.tileUrl, { attribution: settings.tileAttribution, maxZoom: 19, zIndex: 1 }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
  return map;
}

/** Great-circle distance in metres, as the service computes it. */
export function meters(a, b) {
  const radians = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * radians;
  const dLon = (b.longitude - a.longitude) * radians;
  const h = Math.sin(dLat / 2) ** 2
    + Math.cos(a.latitude * radians) * Math.cos(b.latitude * radians) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function formatDistance(metres) {
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

export function formatAge(seconds) {
  if (seconds < 60) {
    return `${Math.max(0, Math.round(seconds))} s ago`;
  }
  return seconds < 3600 ? `${Math.round(seconds / 60)} min ago` : `${(seconds / 3600).toFixed(1)} h ago`;
}

/** Tile-sized squares drawn on canvases: the grid under the tiles. */
const GridLayer = L.GridLayer.extend({
  createTile() {
    const size = this.getTileSize();
    const tile = document.createElement('canvas');
    tile.width = size.x;
    tile.height = size.y;
    const context = tile.getContext('2d');
    context.strokeStyle = 'rgba(60, 80, 100, 0.18)';
    context.strokeRect(0.5, 0.5, size.x, size.y);
    return tile;
  },
});

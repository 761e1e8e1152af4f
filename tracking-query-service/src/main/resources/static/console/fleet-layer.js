/**
 * The fleet drawn on one canvas over the map: a square dot per driver, so that an update pass for thousands of drivers
 * costs milliseconds where as many SVG or DOM markers would take the page down. Positions are projected once per
 * update (Web Mercator at zoom 0, in plain arithmetic: no objects per driver), so a redraw while the map moves is a
 * multiply and a subtract per driver and one `fillRect`, the cheapest thing a canvas draws. The canvas covers the
 * map's container and takes no clicks (the map does).
 *
 * Each update pass is timed with `performance.now()`: the returned ms, also on the canvas as `data-update-millis` with
 * `data-count`, so that a test (or a curious operator) can read it.
 */
const FRESH_SECONDS = 30;
const DOT = 7;
const COLORS = ['#c77700', '#1b6ef3'];

export class FleetLayer {
  #map;
  #canvas;
  #world = new Float64Array(0);
  #fresh = new Uint8Array(0);

  constructor(map) {
    this.#map = map;
    this.#canvas = document.createElement('canvas');
    this.#canvas.className = 'fleet-canvas';
    map.getContainer().appendChild(this.#canvas);
    map.on('move zoom resize viewreset', () => this.#draw());
  }

  /** Replaces the drawn drivers (`{latitude, longitude, ageSeconds}`) and draws them; returns the pass's ms. */
  update(drivers) {
    const started = performance.now();
    const count = drivers.length;
    this.#world = new Float64Array(count * 2);
    this.#fresh = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const driver = drivers[i];
      const sin = Math.sin(driver.latitude * Math.PI / 180);
      this.#world[2 * i] = (driver.longitude + 180) / 360;
      this.#world[2 * i + 1] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
      this.#fresh[i] = (driver.ageSeconds ?? 0) <= FRESH_SECONDS ? 1 : 0;
    }
    this.#draw();
    const millis = performance.now() - started;
    this.#canvas.dataset.updateMillis = millis.toFixed(2);
    this.#canvas.dataset.count = String(count);
    return millis;
  }

  #draw() {
    const map = this.#map;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    if (this.#canvas.width !== size.x * ratio || this.#canvas.height !== size.y * ratio) {
      this.#canvas.width = size.x * ratio;
      this.#canvas.height = size.y * ratio;
    }
    const context = this.#canvas.getContext('2d');
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, size.x, size.y);
    const zoom = map.getZoom();
    // world size in pixels at this zoom (Leaflet's 256-pixel tiles), and the view's top left corner in them
    const scale = 256 * 2 ** zoom;
    const origin = map.project(map.getCenter(), zoom).subtract(size.divideBy(2));
    const half = (DOT - 1) / 2;
    for (const fresh of [0, 1]) {
      context.fillStyle = COLORS[fresh];
      for (let i = 0; i < this.#fresh.length; i++) {
        if (this.#fresh[i] !== fresh) {
          continue;
        }
        const x = Math.round(this.#world[2 * i] * scale - origin.x) - half;
        const y = Math.round(this.#world[2 * i + 1] * scale - origin.y) - half;
        if (x > -DOT && y > -DOT && x < size.x && y < size.y) {
          context.fillRect(x, y, DOT, DOT);
        }
      }
    }
  }
}

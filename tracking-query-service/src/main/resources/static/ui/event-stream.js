/**
 * A Server-Sent Events reader built on `fetch` and a stream reader, because `EventSource` cannot send an
 * `Authorization` header (and the token must not go into the URL). It reconnects as `EventSource` does: after the
 * server's `retry:` delay, with `Last-Event-ID` set to the last id received, so that the server replays what was
 * missed. A refusal that waiting cannot cure (401, 403, 404, 400) ends it; 429 and 5xx are retried after
 * `Retry-After`.
 */
import { authorization, errorOf } from './api.js';

export class EventStream {
  #url;
  #token;
  #onEvent;
  #onState;
  #lastEventId = null;
  #retryMillis = 3000;
  #stopped = false;
  #abort = null;
  #wake = null;

  /**
   * @param url the stream's path
   * @param onEvent called with `{type, data, id}` for every event
   * @param onState called with `{state: 'open' | 'reconnecting' | 'refused', error?}`
   * @param lastEventId where an earlier stream of the same events stopped, to resume from there
   */
  constructor(url, token, { onEvent, onState, lastEventId = null }) {
    this.#url = url;
    this.#token = token;
    this.#onEvent = onEvent;
    this.#onState = onState;
    this.#lastEventId = lastEventId;
  }

  get lastEventId() {
    return this.#lastEventId;
  }

  start() {
    this.#run();
    return this;
  }

  /** Ends the stream for good (a final status, the page closing). */
  stop() {
    this.#stopped = true;
    this.#abort?.abort();
    this.#wake?.();
  }

  async #run() {
    while (!this.#stopped) {
      let delay = this.#retryMillis;
      let refusal;
      try {
        const response = await this.#connect();
        if (response.ok) {
          this.#onState({ state: 'open' });
          await this.#read(response.body);
        } else {
          refusal = await errorOf(response);
          if (!refusal.transient) {
            this.#onState({ state: 'refused', error: refusal });
            return;
          }
          delay = Math.max(delay, (refusal.retryAfterSeconds ?? 0) * 1000);
        }
      } catch {
        // a dropped connection or a network failure: reconnect, as EventSource would
      }
      if (this.#stopped) {
        return;
      }
      this.#onState({ state: 'reconnecting', error: refusal });
      await this.#sleep(delay);
    }
  }

  #connect() {
    this.#abort = new AbortController();
    const headers = { ...authorization(this.#token), Accept: 'text/event-stream' };
    if (this.#lastEventId !== null) {
      headers['Last-Event-ID'] = this.#lastEventId;
    }
    return fetch(this.#url, { headers, signal: this.#abort.signal, cache: 'no-store' });
  }

  /** Parses the body as the SSE specification says (fields per line, a blank line ends an event). */
  async #read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = newEvent();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          this.#dispatch(event);
          event = newEvent();
        } else if (!line.startsWith(':')) {
          this.#field(event, line);
        }
      }
    }
  }

  #field(event, line) {
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (name === 'data') {
      event.data.push(value);
    } else if (name === 'event') {
      event.type = value;
    } else if (name === 'id' && !value.includes('\0')) {
      this.#lastEventId = value;
      event.id = value;
    } else if (name === 'retry' && /^\d+$/.test(value)) {
      this.#retryMillis = Number(value);
    }
  }

  #dispatch(event) {
    if (event.data.length && !this.#stopped) {
      try {
        this.#onEvent({ type: event.type || 'message', data: event.data.join('\n'), id: event.id });
      } catch (error) {
        // a page's bug must show (and not look like a dropped connection): report it, read on
        reportError(error);
      }
    }
  }

  #sleep(millis) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, millis);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function newEvent() {
  return { type: '', data: [], id: null };
}

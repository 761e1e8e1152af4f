/**
 * Where a page gets its bearer token: from the app that shows it, never from a URL a server sees (URLs end up in
 * logs and referrers). Either the `#token=…` fragment, which browsers never send, read once and removed from the
 * address bar; or a `postMessage({type: 'tracking-token', token})` from the embedding window (or a native web view's
 * own injected script). The token stays in memory only; a later message replaces it (the app refreshed it).
 */

/** The fragment's parameters (`token` and page settings), after removing the fragment from the address bar. */
export function takeFragment() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  if (window.location.hash) {
    history.replaceState(history.state, '', window.location.pathname + window.location.search);
  }
  return params;
}

/**
 * Calls `onToken(token)` for every token the host app posts or puts in the fragment later (a web view that sets
 * `location.hash`), and tells the host the page is listening.
 */
export function listenForTokens(onToken) {
  window.addEventListener('hashchange', () => {
    const token = takeFragment().get('token');
    if (token) {
      onToken(token);
    }
  });
  window.addEventListener('message', (event) => {
    const fromHost = event.source === window.parent || event.source === window.opener || event.source === window;
    const data = event.data;
    if (fromHost && data && data.type === 'tracking-token' && typeof data.token === 'string' && data.token) {
      onToken(data.token);
    }
  });
  tellHost({ type: 'tracking-ready' });
}

/** Posts `message` to the embedding or opening window, if any: it never carries the token or a position. */
export function tellHost(message) {
  const host = window.parent !== window ? window.parent : window.opener;
  if (host) {
    host.postMessage(message, '*');
  }
}

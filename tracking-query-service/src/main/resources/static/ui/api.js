/** Calls to the query service's API with a bearer token, and the words a person reads when one is refused. */

const PROBLEMS = 'https://tracking.example/problems/';

/** An answer other than 2xx, with its problem+json body when it had one. */
export class ApiError extends Error {
  constructor(status, problem, retryAfterSeconds) {
    super(`HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get type() {
    return this.problem && typeof this.problem.type === 'string' ? this.problem.type.replace(PROBLEMS, '') : '';
  }

  /** Worth asking again later (busy, too many streams, gateway trouble); the others need someone to act. */
  get transient() {
    return this.status === 429 || this.status >= 500;
  }
}

/** The error for a refused `response`, reading its problem body if there is one. */
export async function errorOf(response) {
  let problem = null;
  if ((response.headers.get('Content-Type') || '').includes('json')) {
    problem = await response.json().catch(() => null);
  }
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  return new ApiError(response.status, problem, Number.isFinite(retryAfter) ? retryAfter : null);
}

export function authorization(token) {
  return { Authorization: `Bearer ${token}` };
}

/** GETs or POSTs JSON; throws an {@link ApiError} for any answer but 2xx. */
export async function requestJson(path, token, { method = 'GET', body, signal } = {}) {
  const headers = { ...authorization(token), Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method, headers, signal, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw await errorOf(response);
  }
  return response.json();
}

/** What a person is told about `error` (an ApiError, or a network failure). */
export function describe(error, subject = 'this') {
  if (!(error instanceof ApiError)) {
    return 'The tracking service cannot be reached. Check the connection; retrying…';
  }
  switch (error.status) {
    case 401:
      return 'Your sign-in is missing or has expired. Open this page again from the app.';
    case 403:
      return error.type === 'tracking-ended'
        ? 'Tracking has ended for this order.'
        : `Your sign-in is not allowed to see ${subject}.`;
    case 404:
      return `Not found: ${subject} does not exist or is not yours to see.`;
    case 400:
      return `The request was not valid: ${fieldErrors(error)}`;
    case 429:
    case 503:
      return 'The tracking service is busy. Retrying shortly…';
    default:
      return `The tracking service could not answer (HTTP ${error.status}). Retrying…`;
  }
}

function fieldErrors(error) {
  const errors = (error.problem && error.problem.errors) || [];
  return errors.length ? errors.map((e) => `${e.field} (${e.message})`).join(', ') : 'check what was entered.';
}

// GitHub's error JSON shape and the exception handlers throw to answer with it.

export const DOCS_ROOT = 'https://docs.github.com/rest';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Bad credentials',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  422: 'Validation Failed',
  429: 'Too Many Requests',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reasonFor(status: number): string {
  return REASONS[status] ?? 'Error';
}

export function errorBody(
  status: number,
  message = reasonFor(status),
  documentationUrl = DOCS_ROOT,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { message, documentation_url: documentationUrl, ...extra, status: String(status) };
}

/** Thrown by route handlers; the dispatcher turns it into a response. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(`${status} ${String(body['message'] ?? '')}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function fail(status: number, message?: string, docs?: string, extra?: Record<string, unknown>): never {
  throw new HttpError(status, errorBody(status, message, docs, extra));
}

/** 422 with GitHub's validation-error shape (errors[] items need a `code`). */
export function invalid(message: string, docs?: string, errors?: Record<string, unknown>[]): never {
  fail(422, message, docs, errors ? { errors } : {});
}

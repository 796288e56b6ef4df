/**
 * How long the server asked us to wait: `Retry-After` and `x-ratelimit-reset` turned into a delay in ms.
 * Kept apart from classification because these are pure header parsers with their own edge cases
 * (HTTP-dates, epoch seconds, garbage), tested on their own; every path ends in a usable wait.
 */

/** Wait when the server rate-limits us without saying for how long, or says it unintelligibly. */
export const RATE_LIMIT_FALLBACK_MS = 60_000;

/**
 * `Retry-After` as a wait in ms: delay-seconds or an HTTP-date. Zero, negative, past, fractional
 * or unparsable values give RATE_LIMIT_FALLBACK_MS — never NaN, never 0 (which would hammer the API).
 */
export function parseRetryAfter(value: string, now: number = Date.now()): number {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isFinite(ms) && ms > 0 ? ms : RATE_LIMIT_FALLBACK_MS;
  }
  // Date.parse accepts bare numbers ("-5" is a year), so require the letters of a day or month name.
  if (/[a-z]{3}/i.test(text)) {
    // HTTP-dates are GMT; the asctime form carries no zone and Date.parse would read it as local time.
    const zoned = /\b(GMT|UTC|UT)\b|[+-]\d{4}$|Z$/i.test(text) ? text : `${text} GMT`;
    const at = Date.parse(zoned);
    if (Number.isFinite(at) && at > now) return at - now;
  }
  return RATE_LIMIT_FALLBACK_MS;
}

/** `x-ratelimit-reset` (epoch seconds) as a wait in ms: until the reset plus 1 s, at least 1 s. */
export function untilReset(reset: string | undefined, now: number = Date.now()): number {
  const seconds = Number(reset?.trim());
  if (reset === undefined || reset.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) return RATE_LIMIT_FALLBACK_MS;
  return Math.max(1000, seconds * 1000 - now + 1000);
}

/** Tiny fetch helpers for the HTTP services (pushgateway, prometheus), with a timeout on each call. */

export async function httpText(url: string, init: RequestInit = {}, timeoutMs = 5_000): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
}

/** True once GET url/-/ready answers 200 (both Prometheus and the Pushgateway have it). */
export async function isReady(baseUrl: string): Promise<true | undefined> {
  const { status } = await httpText(`${baseUrl}/-/ready`, {}, 1_000);
  return status === 200 ? true : undefined;
}

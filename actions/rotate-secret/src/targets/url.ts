/** The same URL with another user and password (URL-encoded), keeping host, port, database and options. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.href;
}

/** The admin user, its password and host:port of a target URL. */
export function describeUrl(url: string): { user: string; password: string; where: string } {
  const u = new URL(url);
  const port = u.port ? `:${u.port}` : '';
  return { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), where: `${u.hostname}${port}` };
}

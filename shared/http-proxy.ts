import type { Agent } from 'node:http';
import * as core from '@actions/core';
import { UserError } from './errors.ts';

/**
 * Which proxy an outbound HTTP(S) request goes through, read from the environment the way
 * `@actions/http-client` reads it (the toolkit's client, which every JavaScript action that uses it
 * inherits), so self-hosted runners behind a company proxy work with the suite as with any action:
 *
 * - `https_proxy` / `HTTPS_PROXY` for https URLs, `http_proxy` / `HTTP_PROXY` for http URLs (the
 *   lower-case name wins); a value without a scheme means `http://`.
 * - `no_proxy` / `NO_PROXY`: a comma-separated list; `*` bypasses every host; an entry matches the
 *   host, the host:port, or any subdomain (`example.com` and `.example.com` both match
 *   `api.example.com`; `*.example.com` too). Loopback hosts are never proxied.
 *
 * The tunnelling itself is Node's: an http.Agent / https.Agent with `proxyEnv` (Node ≥ 24.5) sends
 * plain http requests to the proxy in absolute form and opens a CONNECT tunnel for https. We decide
 * the bypass ourselves and give Node only the one proxy URL, because Node's own NO_PROXY rules
 * differ (a plain `example.com` entry does not cover its subdomains, loopback is proxied).
 * Credentials in the proxy URL are masked when the URL is read; errors about the proxy name it
 * without them (see http.ts).
 */

export interface Route {
  /** The agent to send the request with (cached per protocol and proxy). */
  agent: Agent;
  /** The proxy, or undefined for a direct connection. */
  proxy: URL | undefined;
}

const agents = new Map<string, Agent>();
const masked = new Set<string>();

/** How to reach `target`: through the proxy the environment names, or directly. */
export function routeFor(target: URL, env: NodeJS.ProcessEnv = process.env): Route {
  const proxy = proxyFor(target, env);
  const key = `${target.protocol} ${proxy?.href ?? ''}`;
  let agent = agents.get(key);
  if (!agent) {
    const https = target.protocol === 'https:';
    // Loaded on first use, like node:https itself in http.ts.
    const mod = process.getBuiltinModule(https ? 'node:https' : 'node:http') as typeof import('node:http');
    const proxyEnv = proxy ? { [https ? 'HTTPS_PROXY' : 'HTTP_PROXY']: proxy.href } : undefined;
    // The options of Node's global agent (keep-alive, idle sockets closed after 5 s), plus the proxy.
    agent = new mod.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000, ...(proxyEnv ? { proxyEnv } : {}) });
    agents.set(key, agent);
  }
  return { agent, proxy };
}

/** The proxy for `target`, or undefined when none is set or NO_PROXY bypasses it. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const https = target.protocol === 'https:';
  const name = https ? (env['https_proxy'] ? 'https_proxy' : 'HTTPS_PROXY') : env['http_proxy'] ? 'http_proxy' : 'HTTP_PROXY';
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const proxy = parseProxy(name, raw);
  if (bypassesProxy(target, env['no_proxy'] || env['NO_PROXY'] || '')) return undefined;
  return proxy;
}

/** NO_PROXY matching (see the file comment). */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = bare(target.hostname.toLowerCase());
  if (isLoopback(host)) return true;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const candidates = [host, `${host}:${port}`];
  for (const item of noProxy.split(',')) {
    let entry = item.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.startsWith('*.')) entry = entry.slice(1);
    entry = bare(entry);
    if (candidates.some((c) => c === entry || c.endsWith(entry.startsWith('.') ? entry : `.${entry}`))) return true;
  }
  return false;
}

/** The proxy URL without user and password, for messages. */
export function withoutCredentials(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

function parseProxy(name: string, raw: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    url = undefined;
  }
  if (url) mask(url);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    const shown = url ? withoutCredentials(url) : 'a value that is not a URL';
    throw new UserError(`The environment variable ${name} is ${shown}; expected an http:// or https:// proxy URL such as http://proxy.example.com:3128`);
  }
  return url;
}

/** Registers the proxy's password (as written and decoded) with the runner, once. */
function mask(url: URL): void {
  if (url.password === '' || masked.has(url.password)) return;
  masked.add(url.password);
  core.setSecret(url.password);
  const decoded = safeDecode(url.password);
  if (decoded !== url.password) core.setSecret(decoded);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `[::1]` → `::1`, so NO_PROXY entries may be written with or without brackets. */
function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '::1' || host === '0:0:0:0:0:0:0:1';
}

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkHealth, type HealthDeps } from './health.js';
import { type Listening, listen, send } from './listen.js';
import type { ShopMetrics } from './metrics.js';

/**
 * /health and /metrics on METRICS_HOST:METRICS_PORT. With METRICS_TOKEN set both want
 * `Authorization: Bearer <token>`: the health report names job holders and error messages.
 */

export interface MonitoringOptions {
  host: string;
  port: number;
  token?: string;
  metrics: ShopMetrics;
  health: HealthDeps;
}

export function startMonitoringServer(options: MonitoringOptions): Promise<Listening> {
  return listen((request, response) => route(options, request, response), options.host, options.port);
}

async function route(options: MonitoringOptions, request: IncomingMessage, response: ServerResponse) {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, 'text/plain', 'method not allowed\n');
  }
  if (path !== '/health' && path !== '/metrics') return send(response, 404, 'text/plain', 'not found\n');
  if (options.token && !bearerMatches(request.headers.authorization, options.token)) {
    response.setHeader('www-authenticate', 'Bearer');
    return send(response, 401, 'text/plain', 'unauthorized\n');
  }
  if (path === '/metrics') {
    const body = await options.metrics.registry.metrics();
    return send(response, 200, options.metrics.registry.contentType, body);
  }
  const report = await checkHealth(options.health);
  send(response, report.ok ? 200 : 503, 'application/json', `${JSON.stringify(report, null, 2)}\n`);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.match(/^Bearer\s+(.+)$/i)?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

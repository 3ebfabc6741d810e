import restify, { type Server } from 'restify';
import type { Logger } from '../logging/logger.js';

export interface HealthChecks {
  /** true when MongoDB answers a ping. */
  databaseReachable(): Promise<boolean>;
}

export interface HttpServerOptions {
  /** Paths whose handlers read the raw body themselves (Slack signs the exact bytes): the body parser skips them. */
  rawBodyPaths?: string[];
}

const GENERIC_HTTP_ERRORS: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  406: 'not acceptable',
  413: 'request too large',
  415: 'unsupported media type',
  429: 'too many requests',
};

/** One restify server for every channel and the health endpoints. */
export function createHttpServer(health: HealthChecks, logger: Logger, options: HttpServerOptions = {}): Server {
  const server = restify.createServer({ name: 'samhandlingsbot', handleUncaughtExceptions: false });
  const raw = new Set(options.rawBodyPaths ?? []);
  for (const parse of restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false })) {
    server.use((req, res, next) => (raw.has(req.path()) ? next() : parse(req, res, next)));
  }
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.get('/healthz', (_req, res, next) => {
    res.json(200, { status: 'alive' });
    next();
  });

  server.get('/readyz', async (_req, res) => {
    const db = await health.databaseReachable();
    res.json(db ? 200 : 503, { status: db ? 'ready' : 'not ready', mongodb: db ? 'reachable' : 'unreachable' });
  });

  server.on('restifyError', (req, res, err, callback) => {
    logger.warn('http error', { path: req.path(), status: (err as { statusCode?: number }).statusCode, msg: err.message });
    // Never a stack trace or an error's own message to the client (restify's messages can quote the
    // request, a parser's can quote the body): a fixed text per status, in JSON and in plain text.
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    const text = GENERIC_HTTP_ERRORS[status] ?? (status >= 400 && status < 500 ? 'bad request' : 'internal error');
    err.toJSON = () => ({ error: text });
    err.toString = () => text;
    return callback();
  });
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

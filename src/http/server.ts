import restify, { type Server } from 'restify';
import type { Logger } from '../logging/logger.js';

export interface HealthChecks {
  /** true when MongoDB answers a ping. */
  databaseReachable(): Promise<boolean>;
}

/** One restify server for every channel and the health endpoints. */
export function createHttpServer(health: HealthChecks, logger: Logger): Server {
  const server = restify.createServer({ name: 'samhandlingsbot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
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
    // Never a stack trace or internal message to the client.
    err.toJSON = () => ({ error: err.name === 'InternalError' ? 'internal error' : err.message });
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

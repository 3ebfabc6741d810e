/**
 * Local run on an embedded default: MongoDB (a real mongod through mongodb-memory-server when one
 * can be had, else the in-process wire-protocol server with its data in memory), the bot with the
 * 29 demo projects of 2016, and Microsoft 365 Agents Playground as the Teams client.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startBot } from '../src/main.js';
import { createLogger } from '../src/logging/logger.js';
import { startMongoBackend } from '../test/support/mongo-backend.js';
import { Playground } from '../test/support/playground.js';

const logger = createLogger({ base: { service: 'local-run' } });
const port = Number(process.env['PORT'] ?? 3978);
const playgroundPort = Number(process.env['PLAYGROUND_PORT'] ?? 56150);
const demoFile = resolve(process.env['DEMO_DATA_FILE'] ?? '../shared/data/state-projects-2016.json');

async function main(): Promise<void> {
  const mongo = await startMongoBackend();
  if (mongo.kind === 'in-process') {
    logger.warn('WARNING: no mongod binary found; using the in-process MongoDB stand-in. Data lives in memory and is gone when you stop.');
  }
  const bot = await startBot({
    env: {
      ...process.env,
      MONGODB_URI: process.env['MONGODB_URI'] ?? mongo.uri,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(existsSync(demoFile) ? { DEMO_DATA_FILE: demoFile } : {}),
    },
  });
  // The Playground always sends locale en-US; the driver rewrites it so that the bot speaks the
  // chosen language (Norwegian by default, PLAYGROUND_LOCALE=en-US for English).
  const playground = await Playground.start({
    botEndpoint: `http://127.0.0.1:${bot.port}/api/messages`,
    port: playgroundPort,
    locale: process.env['PLAYGROUND_LOCALE'] ?? 'nb-NO',
    user: { name: 'Kari Nordmann' },
  });
  logger.info(`Chat with the bot: open ${playground.url.replace('127.0.0.1', 'localhost')} in a browser and write "hjelp" or "ny rapport". Stop with Ctrl+C.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    await playground.stop();
    await bot.stop();
    await mongo.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  logger.error('local run failed', { err });
  process.exit(1);
});

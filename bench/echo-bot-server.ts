/** The baseline for benchmarks: a bare botbuilder echo bot on the same restify stack, as its own process. */
import { startEchoBot } from '../test/support/echo-bot.js';

const bot = await startEchoBot(Number(process.env['PORT'] ?? 0));
process.stdout.write(`listening ${bot.url}\n`);
process.once('SIGTERM', () => void bot.stop().then(() => process.exit(0)));

export { InProcessMongoServer, type InProcessMongoServerOptions } from './in-process-mongo-server.js';

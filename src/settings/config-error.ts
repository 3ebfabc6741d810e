/** A broken file under config/: the bot refuses to start and names the file, path and problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

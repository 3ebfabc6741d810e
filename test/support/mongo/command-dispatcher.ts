import type { Document } from 'bson';
import { CommandError, toCommandError } from './command-error.js';
import type { CommandContext, CommandHandler } from './command-context.js';
import { CATALOG_COMMANDS } from './commands/catalog-commands.js';
import { FIND_AND_MODIFY_COMMANDS } from './commands/find-and-modify-command.js';
import { INDEX_COMMANDS } from './commands/index-commands.js';
import { READ_COMMANDS } from './commands/read-commands.js';
import { SERVER_COMMANDS } from './commands/server-commands.js';
import { WRITE_COMMANDS } from './commands/write-commands.js';

const COMMANDS = new Map<string, CommandHandler>(
  Object.entries({
    ...SERVER_COMMANDS,
    ...READ_COMMANDS,
    ...WRITE_COMMANDS,
    ...FIND_AND_MODIFY_COMMANDS,
    ...INDEX_COMMANDS,
    ...CATALOG_COMMANDS,
  }),
);

/** Multi-document transactions need a replica set; a standalone mongod refuses them the same way. */
function rejectTransactions(cmd: Document): void {
  if (cmd.startTransaction === true || cmd.autocommit === false) {
    throw new CommandError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
  }
}

/** Runs one command and returns the reply document (`ok: 1` or a server-shaped error). */
export function runCommand(cmd: Document, ctx: CommandContext): Document {
  const name = Object.keys(cmd)[0] ?? '';
  const handler = COMMANDS.get(name);
  if (!handler) return new CommandError('CommandNotFound', `no such command: '${name}'`).toReply();
  try {
    rejectTransactions(cmd);
    return { ...handler(cmd, ctx), ok: 1 };
  } catch (error) {
    return toCommandError(error).toReply();
  }
}

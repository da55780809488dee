import { CliError } from './run.js';

/** info, segment and stats: wired to the core as the volume, inference and analysis modules land. */
export async function runCommand(command: 'info' | 'segment' | 'stats', _args: string[]): Promise<number> {
  throw new CliError(`"${command}" is not available in this build yet.`);
}

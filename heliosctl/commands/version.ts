/** @module `heliosctl version`: client and apiserver versions. */
import type { Command } from 'commander'
import { type Ctx, println } from '../context.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

export function defineVersion(program: Command, run: Run, clientVersion: string): void {
  program
    .command('version')
    .description('print the client and apiserver versions')
    .action((_opts: GlobalOpts, cmd: Command) => run(version, { clientVersion }, cmd))
}

/** Prints the client version first, so it shows even when the apiserver cannot be reached. */
export async function version(ctx: Ctx, args: { clientVersion: string }, opts: GlobalOpts): Promise<number> {
  const { clientVersion } = args
  if (!opts.json) println(ctx.stdout, `Client Version: ${clientVersion}`)
  const server = await ctx.client.version()
  if (opts.json) ctx.stdout.write(toJson({ clientVersion: clientVersion, serverVersion: server.version }))
  else println(ctx.stdout, `Server Version: ${server.version}`)
  return 0
}

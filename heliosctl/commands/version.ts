/** @module `heliosctl version`: client and apiserver versions (Helios' VersionResponse with --json). */
import type { Command } from 'commander'
import { type Ctx, println } from '../context.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

interface VersionOpts extends GlobalOpts {
  client?: boolean
}

export function defineVersion(program: Command, run: Run, clientVersion: string): void {
  program
    .command('version')
    .description('print the client and apiserver versions')
    .option('--client', 'the client version only (no apiserver needed)')
    .action((_opts: VersionOpts, cmd: Command) => run(version, { clientVersion }, cmd))
}

/**
 * Prints the client version first, so it shows even when the apiserver cannot be reached (then the error
 * line follows and the exit is 1); with --json the client part is printed alone in that case. --json is Helios'
 * VersionResponse `{clientVersion, masterVersion}` (the apiserver is what Helios called the master).
 */
export async function version(ctx: Ctx, args: { clientVersion: string }, opts: VersionOpts): Promise<number> {
  const { clientVersion } = args
  if (opts.client) {
    ctx.stdout.write(opts.json ? toJson({ clientVersion }) : `Client Version: ${clientVersion}\n`)
    return 0
  }
  if (!opts.json) println(ctx.stdout, `Client Version: ${clientVersion}`)
  let server: { version: string }
  try {
    server = await ctx.client.version()
  } catch (err) {
    if (opts.json) ctx.stdout.write(toJson({ clientVersion }))
    throw err
  }
  if (opts.json) ctx.stdout.write(toJson({ clientVersion, masterVersion: server.version }))
  else println(ctx.stdout, `Server Version: ${server.version}`)
  return 0
}

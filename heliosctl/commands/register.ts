/** @module `heliosctl register HOST [ID]`: Helios' host pre-registration — creates the Host its agent will heartbeat. */
import type { Command } from 'commander'
import { API_VERSION, type Host, isApiError, isNotFound } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { editObject } from '../object-edit.js'
import { toJson } from '../print/output.js'
import type { GlobalOpts, Run } from './run.js'

/** Where `register HOST ID` keeps Helios' host id. */
export const HOST_ID_ANNOTATION = 'helios/host-id'

const HELP = `
Creates the Host before its agent first starts (writing Hosts is for admins; an agent creates its own when missing).
Registering a Host that exists changes nothing but its id. Helios' agents proved the ID on registration; here an
agent is known by its token (user = host name), so the ID is only recorded, as annotation ${HOST_ID_ANNOTATION}.`

export function defineRegister(program: Command, run: Run): void {
  program
    .command('register')
    .description('register a host (before its agent runs)')
    .argument('<host>', 'the host name its agent will register as (helios-agent --name)')
    .argument('[id]', "Helios' unique id of the host, recorded as an annotation")
    .addHelpText('after', HELP)
    .action((host: string, id: string | undefined, _o: GlobalOpts, cmd: Command) => run(register, { host, id }, cmd))
}

export async function register(ctx: Ctx, args: { host: string; id?: string }, opts: GlobalOpts): Promise<number> {
  const { host, id } = args
  if (!opts.json)
    println(ctx.stdout, id === undefined ? `Registering host ${host}` : `Registering host ${host} with id ${id}`)
  const existing = await ctx.client.get('Host', host).catch((err: unknown) => {
    if (isNotFound(err)) return undefined
    throw err
  })
  if (existing) await recordId(ctx, host, id)
  else
    await ctx.client.create('Host', newHost(host, id)).catch((err: unknown) => {
      // Its agent registered it meanwhile: the host exists, as asked.
      if (!isApiError(err, 'AlreadyExists')) throw err
      return recordId(ctx, host, id)
    })
  if (opts.json) ctx.stdout.write(toJson({ host, status: 'OK' }))
  else println(ctx.stdout, `${host}: done`)
  return 0
}

const newHost = (name: string, id: string | undefined) => ({
  apiVersion: API_VERSION,
  kind: 'Host',
  metadata: { name, ...(id === undefined ? {} : { annotations: { [HOST_ID_ANNOTATION]: id } }) },
  spec: {},
})

async function recordId(ctx: Ctx, host: string, id: string | undefined): Promise<void> {
  if (id === undefined) return
  await editObject(ctx, 'Host', host, (h: Host) =>
    h.metadata.annotations[HOST_ID_ANNOTATION] === id
      ? undefined
      : { ...h, metadata: { ...h.metadata, annotations: { ...h.metadata.annotations, [HOST_ID_ANNOTATION]: id } } },
  )
}

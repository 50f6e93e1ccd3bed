/** @module `heliosctl masters [-f]`: Helios' master list — the apiservers sharing this cluster's ZooKeeper, with URL and UP/DOWN. */
import type { Command } from 'commander'
import type { MasterStatus } from '../../apis/index.js'
import { type Ctx, println } from '../context.js'
import { toJson } from '../print/output.js'
import { table } from '../print/table.js'
import type { GlobalOpts, Run } from './run.js'

const HELP = `
Every apiserver that announced itself on this cluster's ZooKeeper root (apiserver --name, --advertise-url), UP while
its ZooKeeper session lives. --json is Helios' answer: the sorted names of the masters that are up.`

export interface MastersOpts extends GlobalOpts {
  full?: boolean
}

export function defineMasters(program: Command, run: Run): void {
  program
    .command('masters')
    .description('list the apiservers (Helios masters)')
    .option('-f, --full', 'print full host names')
    .addHelpText('after', HELP)
    .action((_o: MastersOpts, cmd: Command) => run(masters, {}, cmd))
}

export async function masters(ctx: Ctx, _args: object, opts: MastersOpts): Promise<number> {
  const { items } = await ctx.client.masters()
  const name = (m: MasterStatus) => (opts.full ? m.name : shortHostname(m.name))
  if (opts.json) {
    ctx.stdout.write(toJson([...new Set(items.filter((m) => m.up).map(name))].sort()))
    return 0
  }
  const rows = items.map((m) => [name(m), m.url, m.up ? 'UP' : 'DOWN', m.version])
  for (const line of table(['NAME', 'URL', 'STATUS', 'VERSION'], rows)) println(ctx.stdout, line)
  return 0
}

/** Helios' shortHostname: `helios1.example.com:5801` → `helios1:5801`; addresses stay whole. */
export function shortHostname(name: string): string {
  const [host = '', ...port] = name.split(':')
  if (/^[\d.]+$/.test(host) || port.length > 1) return name
  return [host.split('.')[0] ?? host, ...port].join(':')
}

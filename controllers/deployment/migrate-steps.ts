/** @module The writes of this reconcile's migrate steps (migrate.ts), through the apiserver like every controller write. */
import { type Deployment, isConflict, isNotFound } from '../../apis/index.js'
import type { Writer } from '../lister.js'
import { type Migration, type MigrationInput, migrations, reclaimed } from './migrate.js'

/**
 * Hands hosts over from hand deploys, releases those stopped, and takes back what this Deployment was handing to a
 * Deployment that is gone. Returns the Deployments as the steps leave them when any hand deploy changed (the caller
 * judges hosts again on them), else undefined. `token`: the migrating Deployment's Job token, which vouches for the
 * writes (Helios' --token): a hand deploy taken over runs the very same Job, so the same token.
 */
export async function runMigrations(
  writer: Writer,
  input: MigrationInput,
  token: string,
): Promise<Deployment[] | undefined> {
  const moves = migrations(input)
  for (const m of moves) await write(writer, m, token)
  const back = reclaimed(input.deployment, input.deployments)
  if (back) await write(writer, { from: input.deployment, next: back }, token)
  return moves.length > 0 ? migrated(input.deployments, moves) : undefined
}

/** `deployments` as the migrate steps leave them. */
function migrated(deployments: readonly Deployment[], moves: readonly Migration[]): Deployment[] {
  const next = new Map(moves.map((m) => [m.from.metadata.name, m.next]))
  return deployments.flatMap((d) => {
    if (!next.has(d.metadata.name)) return [d]
    const after = next.get(d.metadata.name)
    return after ? [after] : []
  })
}

async function write(writer: Writer, m: Migration, token: string): Promise<void> {
  const opts = token ? { jobToken: token } : undefined
  try {
    if (m.next) await writer.update('Deployment', m.next, opts)
    else await writer.delete('Deployment', m.from.metadata.name, opts)
  } catch (err) {
    // Changed or gone since the cache saw it: the change brings this Deployment back, to look again.
    if (!isNotFound(err) && !isConflict(err)) throw err
  }
}

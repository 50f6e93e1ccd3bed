/** @module Masters: the apiservers sharing one store, as `GET /masters` lists them (Helios' /status/masters). */
import { z } from 'zod'

export const MasterStatus = z.strictObject({
  name: z
    .string()
    .describe('Unique among the apiservers of one ZooKeeper root (apiserver --name; default <hostname>:<port>).'),
  url: z.string().describe('Where it serves, as clients reach it (apiserver --advertise-url).'),
  version: z.string().describe('Its version when it last announced itself.'),
  startedAt: z.string().describe('ISO time it started.'),
  up: z.boolean().describe('Whether its ZooKeeper session holds its up node now.'),
})
export type MasterStatus = z.output<typeof MasterStatus>

/** The body of `GET /masters`. */
export const MasterList = z.strictObject({ items: z.array(MasterStatus) })
export type MasterList = z.output<typeof MasterList>

/** @module PortBook: this host's port allocations, persisted on every change (ports.json), over the pure allocator. */
import type { Task } from '../apis/index.js'
import {
  type Allocation,
  allocatePorts,
  type PortAllocations,
  type PortRange,
  portKey,
  samePorts,
  type TaskPorts,
} from './ports.js'
import { unitPorts } from './unit-members.js'

export interface PortStore {
  loadPorts(): PortAllocations
  savePorts(ports: PortAllocations): void
}

/** Allocation and save happen in one synchronous step, so two workers can never take the same port. */
export class PortBook {
  private allocations: Record<string, TaskPorts>
  private readonly unavailable = new Set<string>()

  constructor(
    private readonly range: PortRange,
    private readonly store: PortStore,
  ) {
    this.allocations = { ...store.loadPorts() }
  }

  /** Allocates (or confirms) the ports of the task's unit (sidecars' too); `preferred` seeds a task that has none yet. */
  allocate(task: Task, preferred?: TaskPorts): Allocation {
    const name = task.metadata.name
    const result = allocatePorts({
      task: name,
      ports: unitPorts(task.spec.jobSpec),
      range: this.range,
      allocations: this.allocations,
      preferred,
      unavailable: this.unavailable,
    })
    const previous = this.allocations[name]
    if (result.ok && !(previous && samePorts(previous, result.ports))) {
      this.allocations = { ...this.allocations, [name]: result.ports }
      this.store.savePorts(this.allocations)
    }
    return result
  }

  /** Records ports found on an existing container when the task has no allocation (a lost ports.json). */
  adopt(taskName: string, ports: TaskPorts): void {
    if (this.allocations[taskName]) return
    this.allocations = { ...this.allocations, [taskName]: ports }
    this.store.savePorts(this.allocations)
  }

  current(taskName: string): TaskPorts | undefined {
    return this.allocations[taskName]
  }

  release(taskName: string): void {
    if (!(taskName in this.allocations)) return
    const { [taskName]: _released, ...rest } = this.allocations
    this.allocations = rest
    this.store.savePorts(this.allocations)
  }

  /** A host port something outside helios holds: dynamic allocations move off it. */
  markUnavailable(port: number, protocol: string): void {
    this.unavailable.add(portKey(port, protocol))
  }
}

/** @module MemoryState: the StateStore interface in memory, for tests (what state-dir.ts keeps on disk). */
import type { Task } from '../../apis/index.js'
import type { PortAllocations } from '../ports.js'
import type { StateStore } from '../state-dir.js'

export class MemoryState implements StateStore {
  tasks: Task[] | undefined
  ports: PortAllocations = {}
  pending: Record<string, Task> = {}
  pendingEvents: unknown[] = []

  loadTasks = () => this.tasks
  saveTasks = (tasks: readonly Task[]) => {
    this.tasks = [...tasks]
  }
  loadPorts = () => this.ports
  savePorts = (ports: PortAllocations) => {
    this.ports = ports
  }
  loadPending = () => ({ ...this.pending })
  savePending = (pending: Readonly<Record<string, Task>>) => {
    this.pending = { ...pending }
  }
  loadPendingEvents = () => [...this.pendingEvents]
  savePendingEvents = (events: readonly unknown[]) => {
    this.pendingEvents = [...events]
  }
}

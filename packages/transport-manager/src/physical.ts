/**
 * The manager's record of one physical link (a member transport's `Link`).
 * @module
 */
import type { Link, TimerHandle } from '@bitmesh/interface'
import type { ManagedLink } from './managed-link.js'

/** Lifecycle of a physical link inside the manager. */
export type PhysicalState = 'hello' | 'ready' | 'plain' | 'dead'

/** One physical link. */
export interface Physical {
  readonly link: Link
  state: PhysicalState
  /** The neighbour it belongs to once HELLO arrived. */
  owner: ManagedLink | null
  /** `send` returned `false` or hit the cap: wait for `drain`. */
  blocked: boolean
  helloTimer: TimerHandle | undefined
  /** Listener removers. */
  readonly offs: Array<() => void>
}

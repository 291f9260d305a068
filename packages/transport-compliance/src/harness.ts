/**
 * What a transport package provides to run the compliance suite against itself.
 * @module
 */
import type { Link, Transport } from '@bitmesh/interface'

/** One fresh world for one test case, created by {@link TransportComplianceHarness.setup}. */
export interface TransportComplianceEnv {
  /** A started transport; the suite dials from it. */
  a: Transport
  /** A started transport that `a` can reach. */
  b: Transport
  /**
   * Open a link from `a` to `b` and return both ends: `[a's outbound end, b's inbound end]`.
   * May be called more than once per case (after the previous link closed).
   */
  connect(): Promise<[Link, Link]>
  /**
   * Advance virtual time by `ms` when the harness runs on a fake clock. The suite then never waits
   * on real time: it advances in small steps until what it expects has happened.
   */
  advance?(ms: number): Promise<void>
  /** Timers still scheduled on the harness's clock; must be 0 once both transports stopped. */
  pendingTimers?(): number
  /** Release everything (stop both transports, close adapters). Called after every case, even a failed one. */
  teardown(): Promise<void>
}

/** How long the suite waits for something it expects before failing the case. */
export interface ComplianceTimeouts {
  /** Real milliseconds, for harnesses without `advance` (default 5 000). */
  realMs?: number
  /** Virtual milliseconds, for harnesses with `advance` (default 120 000). */
  virtualMs?: number
}

/** A transport package's entry into the suite. */
export interface TransportComplianceHarness {
  /** Shown in the suite's `describe` title. */
  name: string
  /** Create two started transports and a way to link them; called once per case. */
  setup(): Promise<TransportComplianceEnv>
  /** Overrides of the waiting limits. */
  timeouts?: ComplianceTimeouts
  /**
   * Case ids to skip, each with the reason (shown as a skipped test). Use sparingly and say why:
   * a skipped case is a documented gap in the contract.
   */
  skip?: Readonly<Record<string, string>>
}

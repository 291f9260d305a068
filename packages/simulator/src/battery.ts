/**
 * A simple per-node battery model: a constant radio baseline (advertising + duty-cycled scanning),
 * a cost per open link (connection events), and energy per byte sent and received. It is a
 * bookkeeping model for comparing scenarios and policies, not a phone power profile: the
 * constants are round figures of published BLE phone measurements.
 * @module
 */
import { ChargeLedger } from './charge-ledger.js'

/** Battery capacity of a typical phone, mAh. */
export const BATTERY_CAPACITY_MAH = 3_000
/** Average current of advertising plus duty-cycled scanning on a phone, mA (published phone measurements span ~1–10 mA by scan mode). */
export const RADIO_BASELINE_MA = 3
/** Extra average current of one open BLE connection (connection events every ~30 ms), mA. */
export const LINK_CURRENT_MA = 0.3
/** Radio current while transmitting, mA (phone BLE chipsets draw ~5–15 mA at 0 dBm). */
export const TX_CURRENT_MA = 10
/** Radio current while receiving, mA. */
export const RX_CURRENT_MA = 8
/** Air time of one byte on the LE 1M PHY, seconds (8 bits at 1 Mbit/s). */
export const AIR_SECONDS_PER_BYTE = 8e-6

/** Idle current of a BLE radio: the baseline plus connection events of each open link, mA. */
const bleIdleMa = (openLinks: number): number => RADIO_BASELINE_MA + LINK_CURRENT_MA * openLinks

/** Energy bookkeeping for every node of a world (charges in mA·s). */
export class BatteryModel extends ChargeLedger {
  /** @param count - Number of nodes. */
  constructor(count: number) {
    super(count, bleIdleMa, TX_CURRENT_MA, RX_CURRENT_MA)
  }

  /**
   * Record one frame on the air.
   * @param from - Sender index.
   * @param to - Receiver index.
   * @param bytes - Frame size.
   */
  frame(from: number, to: number, bytes: number): void {
    this.airtime(from, to, bytes * AIR_SECONDS_PER_BYTE)
  }
}

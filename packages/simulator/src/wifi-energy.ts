/**
 * Wi-Fi radio states for the battery bookkeeping of fast links (Wi-Fi Direct, hotspot LAN,
 * Multipeer/AWDL), beside the BLE model of `battery.ts`. Same spirit: round figures for comparing
 * runs, not a phone power profile. A node with at least one fast link open keeps its Wi-Fi radio
 * associated (idle current); each frame costs TX current at the sender and RX current at the
 * receiver for its airtime at the link's rate.
 *
 * Sources (orders of magnitude, not one device): smartphone 802.11 NICs draw a few hundred mA
 * while transmitting or receiving at full rate and a few mA to tens of mA associated in
 * power-save mode (Saha et al., "Revisiting 802.11 Power Consumption Modeling in Smartphones",
 * IEEE WoWMoM 2016; per-device `wifi.*` currents in Android's `power_profile.xml`, see
 * source.android.com/docs/core/power/values). Kept active: a fast link's group or session stays
 * up (no deep power save), hence the idle figure above PSM's lowest.
 * @module
 */
import { ChargeLedger } from './charge-ledger.js'

/** Average current of an associated Wi-Fi radio with a fast link up and no traffic, mA. */
export const WIFI_IDLE_MA = 15
/** Wi-Fi radio current while transmitting, mA. */
export const WIFI_TX_MA = 250
/** Wi-Fi radio current while receiving, mA. */
export const WIFI_RX_MA = 180

/** Idle current of the Wi-Fi radio: associated while any fast link is open, else off, mA. */
const wifiIdleMa = (openLinks: number): number => (openLinks > 0 ? WIFI_IDLE_MA : 0)

/** Wi-Fi energy bookkeeping for every node of a world (charges in mA·s). */
export class WifiEnergyModel extends ChargeLedger {
  /** @param count - Number of nodes. */
  constructor(count: number) {
    super(count, wifiIdleMa, WIFI_TX_MA, WIFI_RX_MA)
  }

  /**
   * One frame on a fast link.
   * @param from - Sender index.
   * @param to - Receiver index.
   * @param bytes - Frame size.
   * @param bytesPerSecond - The link's airtime rate.
   */
  frame(from: number, to: number, bytes: number, bytesPerSecond: number): void {
    this.airtime(from, to, bytes / bytesPerSecond)
  }
}

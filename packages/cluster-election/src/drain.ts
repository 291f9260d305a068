/**
 * Battery drain model per role, radio state and traffic, for the simulator
 * (`drainMah(role, radioState, durationMs, bytes)`). A pure function of documented constants.
 *
 * current = base (suspended phone) + CPU awake (if the state or the role needs it)
 *         + radio (per state) [+ advertising, scaled by interval]; traffic adds a per-byte cost.
 *
 * The constants are **estimates for a current mid-range phone with the screen off**, each
 * anchored in a published measurement (sources below); the model's purpose is comparing roles
 * and schedules against an always-scanning bitchat node in one simulator run, not predicting a
 * specific handset to the milliamp. Sources:
 *
 * * [RN14] Radius Networks, "Android 5.0 Scanning" (2014): Nexus 5, airplane mode, continuous BLE
 *   scanning drained 268 mA (`SCAN_MODE_LOW_POWER`) vs 454 mA (`SCAN_MODE_LOW_LATENCY`) over
 *   2+ hours among dozens of beacons — whole-device figures including CPU wake-ups per result.
 *   https://developer.radiusnetworks.com/2014/10/28/android-5.0-scanning.html
 * * [ND14] Nordic Semiconductor DevZone, "Receive current / power consumption and continuous
 *   scanning" (2014): a BLE radio listening draws ~13 mA at 1 Mbit/s whether or not packets arrive
 *   (the controller floor of continuous scanning).
 *   https://devzone.nordicsemi.com/f/nordic-q-a/2305/receive-current-power-consumption-and-continuous-scanning
 * * [SI12] Siekkinen et al., "How Low Energy is Bluetooth Low Energy?", WCNC 2012 workshops:
 *   power-monitor measurements of BLE advertising and connections (energy per byte far below
 *   classic Bluetooth and 802.15.4).
 * * [HA12] Han et al., "DozyAP: Power-Efficient Wi-Fi Tethering", MobiSys 2012: a phone's SoftAP
 *   keeps Wi-Fi in its high-power state regardless of traffic; letting it sleep saved up to 33 %
 *   of *system* power — so an idle hotspot costs on the order of a third of an awake phone.
 * * [SA16] Saha et al., "Revisiting 802.11 Power Consumption Modeling in Smartphones" (2016):
 *   with power-save mode a phone's Wi-Fi client idles far below its active power; per-frame costs
 *   dominate at low rates.
 * * [CH10] Carroll & Heiser, "An Analysis of Power Consumption in a Smartphone", USENIX ATC 2010:
 *   suspended-phone power is small next to an awake application processor, so what matters is
 *   whether a state holds the CPU awake.
 * @module
 */
import { type ClusterRole } from './beacon.js'
import { BEACON_INTERVAL_MIN_MS } from './constants.js'

/** Radio states the model knows. */
export type RadioState =
  /** Radios off. */
  | 'off'
  /** Only the beacon advertisement (a sleeping node between listen windows). CPU may suspend. */
  | 'ble-advertise'
  /** Continuous BLE scanning plus advertising (bitchat's default; a listen window). CPU awake. */
  | 'ble-scan'
  /** Scanning plus GATT connections carrying traffic. CPU awake. */
  | 'ble-connected'
  /**
   * Member in light sleep: GATT links kept (the controller runs connection events without the
   * application processor), scanning duty-cycled (`scanDuty`), low-rate beacon. CPU awake only
   * during scan windows; traffic is charged per byte.
   */
  | 'ble-member'
  /** Member on the head's hotspot or a Wi-Fi Direct group, Wi-Fi power-save, BLE advertising. CPU awake. */
  | 'wifi-client'
  /** Head hosting a local-only hotspot / group owner, plus BLE scanning. CPU awake. */
  | 'wifi-ap'

/** Model constants (mA, mAh/byte). Frozen; pass overrides to {@link drainMah} to explore. */
export const DRAIN_CONSTANTS = Object.freeze({
  /** Suspended phone, screen off (estimate; [CH10]: small next to an awake CPU). */
  baseSuspendMa: 5,
  /** Application processor held awake at low frequency (estimate; [CH10], [RN14] wake-up share). */
  cpuAwakeMa: 25,
  /** Advertising at 500 ms, host overhead included (estimate; [SI12]: µJ-scale events, 2 per second). */
  advertiseMaAt500Ms: 1,
  /**
   * Continuous scan radio current (estimate): between the controller floor of ~13 mA [ND14] and
   * the 2014 whole-phone LOW_LATENCY − LOW_POWER difference of 186 mA [RN14], nearer the floor
   * because current phones filter in the controller.
   */
  bleScanMa: 30,
  /** GATT connections on top of scanning, idle links (estimate; [SI12]: connection events are cheap). */
  bleConnectedExtraMa: 8,
  /** Wi-Fi client in power-save, associated, idle (estimate; [SA16]). */
  wifiClientMa: 12,
  /** SoftAP / group owner, Wi-Fi held in high-power state (estimate; [HA12]: ~⅓ of awake-system power). */
  wifiApMa: 110,
  /**
   * BLE traffic, mAh per byte: ~15 mA extra while moving ~20 kB/s of GATT payload
   * (15 mA / 20 000 B/s = 7.5·10⁻⁴ mA·s/B = 2.1·10⁻⁷ mAh/B) (estimate; [SI12]).
   */
  bleMahPerByte: 2.1e-7,
  /**
   * Wi-Fi traffic, mAh per byte: ~250 mA extra at ~5 MB/s effective
   * (5·10⁻⁵ mA·s/B = 1.4·10⁻⁸ mAh/B) (estimate; [SA16]).
   */
  wifiMahPerByte: 1.4e-8,
})

/** Shape of {@link DRAIN_CONSTANTS}. */
export type DrainConstants = { -readonly [K in keyof typeof DRAIN_CONSTANTS]: number }

/** Options of {@link drainMah}. */
export interface DrainOptions {
  /**
   * `ble-member` only: share of time the scanner (and with it the CPU) is on. Default
   * {@link MEMBER_SCAN_DUTY} (3 s of every 15 s, transport-ble's `cluster-member` mode).
   */
  scanDuty?: number
  /** `ble-member` only: charge the CPU as awake all the time (the pessimistic bound). Default `false`. */
  memberCpuAlwaysAwake?: boolean
  /** Beacon interval while in this state (default 500 ms); advertising current scales with 1/interval. */
  beaconIntervalMs?: number
  /** Override any constant. */
  constants?: Partial<DrainConstants>
}

/**
 * Default scan duty of a member in light sleep: 3 s on, 12 s off (`@bitmesh/transport-ble`'s
 * `cluster-member` mode; Android's 2 s of 30 s power-saver cycle lost walkers' links).
 */
export const MEMBER_SCAN_DUTY = 3 / 15

const CPU_AWAKE: Record<RadioState, boolean> = {
  off: false,
  'ble-advertise': false,
  'ble-member': false,
  'ble-scan': true,
  'ble-connected': true,
  'wifi-client': true,
  'wifi-ap': true,
}

/**
 * Average current in a state, mA (without traffic).
 * @param role - Cluster role; a head holds the CPU awake in every state (it serves members and gossips).
 * @param radioState - Radio state.
 * @param options - Beacon interval and constant overrides.
 * @returns Milliamps.
 * @throws RangeError for a non-positive beacon interval or a scan duty outside [0, 1].
 */
export function stateCurrentMa(role: ClusterRole, radioState: RadioState, options: DrainOptions = {}): number {
  const c = options.constants === undefined ? DRAIN_CONSTANTS : { ...DRAIN_CONSTANTS, ...options.constants }
  const interval = options.beaconIntervalMs ?? BEACON_INTERVAL_MIN_MS
  if (!(interval > 0)) throw new RangeError('beaconIntervalMs must be positive')
  let ma = c.baseSuspendMa
  if (CPU_AWAKE[radioState] || (role === 'head' && radioState !== 'off')) ma += c.cpuAwakeMa
  else if (radioState === 'ble-member') {
    const duty = options.scanDuty ?? MEMBER_SCAN_DUTY
    if (!(duty >= 0 && duty <= 1)) throw new RangeError('scanDuty must be in [0, 1]')
    ma += c.cpuAwakeMa * (options.memberCpuAlwaysAwake === true ? 1 : duty) + c.bleScanMa * duty + c.bleConnectedExtraMa
  }
  if (radioState !== 'off') ma += c.advertiseMaAt500Ms * (BEACON_INTERVAL_MIN_MS / interval)
  switch (radioState) {
    case 'ble-scan':
      ma += c.bleScanMa
      break
    case 'ble-connected':
      ma += c.bleScanMa + c.bleConnectedExtraMa
      break
    case 'wifi-client':
      ma += c.wifiClientMa
      break
    case 'wifi-ap':
      ma += c.wifiApMa + c.bleScanMa
      break
    default:
      break
  }
  return ma
}

/**
 * Charge drawn over a period.
 * @param role - Cluster role.
 * @param radioState - Radio state during the period.
 * @param durationMs - Length of the period.
 * @param bytes - Bytes sent plus received in the period (over Wi-Fi in `wifi-*` states, else BLE).
 * @param options - Beacon interval and constant overrides.
 * @returns mAh.
 * @throws RangeError for a negative duration or byte count.
 */
export function drainMah(role: ClusterRole, radioState: RadioState, durationMs: number, bytes = 0, options: DrainOptions = {}): number {
  if (!(durationMs >= 0) || !(bytes >= 0)) throw new RangeError('durationMs and bytes must be ≥ 0')
  const c = options.constants === undefined ? DRAIN_CONSTANTS : { ...DRAIN_CONSTANTS, ...options.constants }
  const perByte = radioState === 'wifi-client' || radioState === 'wifi-ap' ? c.wifiMahPerByte : c.bleMahPerByte
  return (stateCurrentMa(role, radioState, options) * durationMs) / 3_600_000 + bytes * perByte
}

/**
 * The comparison baseline of issue #6: an always-scanning bitchat node (role `none`, `ble-scan`).
 * @param durationMs - Period.
 * @param bytes - Traffic in the period.
 * @returns mAh.
 */
export function bitchatBaselineDrainMah(durationMs: number, bytes = 0): number {
  return drainMah('none', 'ble-scan', durationMs, bytes)
}

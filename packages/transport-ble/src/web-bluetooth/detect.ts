/**
 * Feature detection for Web Bluetooth: whether the API exists, whether the machine has an
 * adapter, and which optional parts (LE scan, granted devices) the browser offers.
 * @module
 */
import { BitMeshError, ErrorCode } from '@bitmesh/interface'
import type { BluetoothLike } from './types.js'

/** Thrown when Web Bluetooth is absent (Firefox, Safari, insecure context, Node). Code `UNSUPPORTED`. */
export class WebBluetoothUnavailableError extends BitMeshError {
  static override name = 'WebBluetoothUnavailableError'
  /**
   * @param message - What is missing.
   * @param options - `cause`, if any.
   */
  constructor(message = 'Web Bluetooth is not available (navigator.bluetooth is missing)', options?: { cause?: unknown }) {
    super(ErrorCode.UNSUPPORTED, message, options)
    this.name = 'WebBluetoothUnavailableError'
  }
}

/** What {@link detectWebBluetooth} found. */
export interface WebBluetoothSupport {
  /** `navigator.bluetooth` exists (secure context, Chromium-based browser). */
  api: boolean
  /**
   * `getAvailability()` resolved true: an adapter is present and not blocked. `false` when the API
   * is absent, the call failed, or it resolved false; `undefined` when the browser lacks the call.
   */
  available: boolean | undefined
  /** `requestLEScan` exists (experimental; gives RSSI and passive discovery). */
  leScan: boolean
  /** `getDevices` exists (reconnect to devices granted in an earlier session without a chooser). */
  grantedDevices: boolean
}

/**
 * The `navigator.bluetooth` of this global, if any.
 * @returns the object, or `undefined` outside browsers that ship Web Bluetooth
 */
export function globalBluetooth(): BluetoothLike | undefined {
  const nav = (globalThis as { navigator?: { bluetooth?: BluetoothLike } }).navigator
  const bluetooth = nav?.bluetooth
  return bluetooth !== null && typeof bluetooth === 'object' && typeof bluetooth.requestDevice === 'function' ? bluetooth : undefined
}

/**
 * Probe Web Bluetooth without prompting the user.
 * @param bluetooth - The object to probe (default `navigator.bluetooth`).
 * @returns what is supported; never rejects
 */
export async function detectWebBluetooth(bluetooth: BluetoothLike | undefined = globalBluetooth()): Promise<WebBluetoothSupport> {
  if (bluetooth === undefined) return { api: false, available: false, leScan: false, grantedDevices: false }
  let available: boolean | undefined
  if (typeof bluetooth.getAvailability === 'function') {
    try {
      available = (await bluetooth.getAvailability()) === true
    } catch {
      available = false // e.g. blocked by permissions policy
    }
  }
  return {
    api: true,
    available,
    leScan: typeof bluetooth.requestLEScan === 'function',
    grantedDevices: typeof bluetooth.getDevices === 'function',
  }
}

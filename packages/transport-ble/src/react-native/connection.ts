/**
 * One ble-plx GATT connection bound to the bitchat characteristic, as a {@link BleCentralConnection}.
 * @module
 */
import { AbortError, ClosedError, onAbort, type AbortSignalLike } from '@bitmesh/interface'
import type { BleCentralConnection, BleGattServerSpec } from '../adapter.js'
import { CentralConnectionBase, connectFailure } from '../central/connection-base.js'
import { base64ToBytes, bytesToBase64 } from './base64.js'
import type { BlePlxCharacteristic, BlePlxError, BlePlxManagerLike, BlePlxSubscription } from './types.js'

/** ble-plx `BleErrorCode.DeviceDisconnected`: the monitor ended because the link dropped. */
export const BLE_PLX_DEVICE_DISCONNECTED = 201

let transactionSeq = 0

/**
 * Connect, discover services and watch for the disconnect. Aborting `signal` cancels the
 * connection (`cancelDeviceConnection`, which makes a pending `connectToDevice` reject).
 * @param manager - The ble-plx manager.
 * @param deviceId - Device id from a scan.
 * @param spec - Service and characteristic UUIDs.
 * @param signal - Cancels the attempt.
 * @param onClosed - Runs once when the connection ends, before the `onDisconnect` listeners.
 * @returns the connection, notifications not yet enabled
 * @throws AbortError when aborted; ble-plx's `BleError` when connecting or discovery fails
 */
export async function connectBlePlx(
  manager: BlePlxManagerLike,
  deviceId: string,
  spec: BleGattServerSpec,
  signal: AbortSignalLike | undefined,
  onClosed: () => void,
): Promise<BleCentralConnection> {
  if (signal?.aborted) throw new AbortError()
  const cancel = (): void => void manager.cancelDeviceConnection(deviceId).catch(() => {})
  const off = onAbort(signal, cancel)
  let dropped = false
  let watch: BlePlxSubscription | undefined
  try {
    await manager.connectToDevice(deviceId)
    // Registered before discovery so that a drop during discovery fails the attempt.
    watch = manager.onDeviceDisconnected(deviceId, () => {
      dropped = true
    })
    await manager.discoverAllServicesAndCharacteristicsForDevice(deviceId)
    if (signal?.aborted) throw new AbortError()
    if (dropped) throw new ClosedError(`device ${deviceId} disconnected during service discovery`)
    watch.remove()
    return new BlePlxConnection(manager, deviceId, spec, onClosed)
  } catch (error) {
    watch?.remove()
    cancel()
    throw connectFailure(error, signal)
  } finally {
    off()
  }
}

class BlePlxConnection extends CentralConnectionBase implements BleCentralConnection {
  readonly #manager: BlePlxManagerLike
  readonly #serviceUuid: string
  readonly #characteristicUuid: string
  readonly #disconnectWatch: BlePlxSubscription
  #monitor: BlePlxSubscription | undefined

  constructor(manager: BlePlxManagerLike, deviceId: string, spec: BleGattServerSpec, onClosed: () => void) {
    super(deviceId, onClosed, 'ble-plx connection closed')
    this.#manager = manager
    this.#serviceUuid = spec.serviceUuid
    this.#characteristicUuid = spec.characteristicUuid
    this.#disconnectWatch = manager.onDeviceDisconnected(deviceId, () => this.finish('remote'))
  }

  async requestMtu(attMtu: number): Promise<number> {
    this.assertOpen()
    // Android runs the exchange; on iOS ble-plx resolves with the MTU CoreBluetooth negotiated.
    const device = await this.#manager.requestMTUForDevice(this.address, attMtu)
    return device.mtu
  }

  async subscribe(): Promise<void> {
    this.assertOpen()
    if (this.#monitor !== undefined) return
    this.#monitor = this.#manager.monitorCharacteristicForDevice(
      this.address,
      this.#serviceUuid,
      this.#characteristicUuid,
      this.#onValue,
      `bitmesh-notify-${++transactionSeq}`,
    )
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.assertOpen()
    await this.#manager.writeCharacteristicWithoutResponseForDevice(this.address, this.#serviceUuid, this.#characteristicUuid, bytesToBase64(bytes))
  }

  protected async hangUp(): Promise<void> {
    await this.#manager.cancelDeviceConnection(this.address).catch(() => {})
  }

  protected release(): void {
    this.#monitor?.remove()
    this.#disconnectWatch.remove()
  }

  readonly #onValue = (error: BlePlxError | null, characteristic: BlePlxCharacteristic | null): void => {
    if (this.closed) return
    if (error !== null) {
      // ble-plx ends a monitor with an error (disconnect, cancel, CCCD write refused). Without
      // notifications the link is deaf one way: close it rather than keep half a link.
      this.finish(error.errorCode === BLE_PLX_DEVICE_DISCONNECTED ? 'remote' : 'error')
      void this.#manager.cancelDeviceConnection(this.address).catch(() => {})
      return
    }
    const text = characteristic?.value
    if (text === null || text === undefined) return
    const bytes = base64ToBytes(text)
    if (bytes === null) return // not base64: nothing a frame decoder could use
    const listeners = this.notifyListeners
    for (let i = 0; i < listeners.length; i++) listeners[i]!(i === 0 ? bytes : bytes.slice())
  }
}

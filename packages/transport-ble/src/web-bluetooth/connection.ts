/**
 * One GATT connection made through Web Bluetooth, bound to the bitchat characteristic and
 * exposed as a {@link BleCentralConnection}.
 * @module
 */
import { AbortError, BitMeshError, ClosedError, ErrorCode, onAbort, type AbortSignalLike } from '@bitmesh/interface'
import type { BleCentralConnection, BleGattServerSpec } from '../adapter.js'
import { CentralConnectionBase, connectFailure } from '../central/connection-base.js'
import type { WebBluetoothCharacteristic, WebBluetoothDevice, WebBluetoothGattServer } from './types.js'

/**
 * Connect to a granted device, find the service and characteristic. Aborting `signal` calls
 * `gatt.disconnect()`, which makes a pending `gatt.connect()` reject in browsers.
 * @param device - A device the user granted.
 * @param spec - Service and characteristic UUIDs (any case; Web Bluetooth wants lower case).
 * @param attMtu - The ATT MTU to report (browsers do not expose the real one).
 * @param signal - Cancels the attempt.
 * @param onClosed - Runs once when the connection ends, before the `onDisconnect` listeners.
 * @returns the connection, notifications not yet enabled
 * @throws AbortError when aborted; the browser's DOMException when connecting or discovery fails
 */
export async function connectWebBluetooth(
  device: WebBluetoothDevice,
  spec: BleGattServerSpec,
  attMtu: number,
  signal: AbortSignalLike | undefined,
  onClosed: () => void,
): Promise<BleCentralConnection> {
  const gatt = device.gatt
  if (gatt === undefined || gatt === null) throw new BitMeshError(ErrorCode.UNSUPPORTED, `device ${device.id} has no GATT server`)
  if (signal?.aborted) throw new AbortError()
  const off = onAbort(signal, () => safeDisconnect(gatt))
  try {
    const server = await gatt.connect()
    const service = await server.getPrimaryService(spec.serviceUuid.toLowerCase())
    const characteristic = await service.getCharacteristic(spec.characteristicUuid.toLowerCase())
    if (signal?.aborted) throw new AbortError()
    if (!gatt.connected) throw new ClosedError(`device ${device.id} disconnected during service discovery`)
    return new WebBluetoothConnection(device, gatt, characteristic, attMtu, onClosed)
  } catch (error) {
    safeDisconnect(gatt)
    throw connectFailure(error, signal)
  } finally {
    off()
  }
}

function safeDisconnect(gatt: WebBluetoothGattServer): void {
  try {
    gatt.disconnect()
  } catch {
    // Already disconnected: nothing to undo.
  }
}

class WebBluetoothConnection extends CentralConnectionBase implements BleCentralConnection {
  readonly #device: WebBluetoothDevice
  readonly #gatt: WebBluetoothGattServer
  readonly #characteristic: WebBluetoothCharacteristic
  readonly #attMtu: number

  constructor(device: WebBluetoothDevice, gatt: WebBluetoothGattServer, characteristic: WebBluetoothCharacteristic, attMtu: number, onClosed: () => void) {
    super(device.id, onClosed, 'Web Bluetooth connection closed')
    this.#device = device
    this.#gatt = gatt
    this.#characteristic = characteristic
    this.#attMtu = attMtu
    device.addEventListener('gattserverdisconnected', this.#onGattDisconnected)
    characteristic.addEventListener('characteristicvaluechanged', this.#onValue)
  }

  requestMtu(attMtu: number): Promise<number> {
    if (this.closed) return Promise.reject(new ClosedError('Web Bluetooth connection closed'))
    // The browser ran the MTU exchange itself when connecting and does not say what came out.
    return Promise.resolve(Math.min(attMtu, this.#attMtu))
  }

  async subscribe(): Promise<void> {
    this.assertOpen()
    await this.#characteristic.startNotifications()
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.assertOpen()
    const c = this.#characteristic
    // writeValue on browsers before writeValueWithoutResponse picks the type from the
    // characteristic's properties; bitchat's allows both, Chrome then writes with response.
    if (typeof c.writeValueWithoutResponse === 'function') await c.writeValueWithoutResponse(bytes)
    else await c.writeValue(bytes)
  }

  protected async hangUp(): Promise<void> {
    safeDisconnect(this.#gatt)
  }

  protected release(): void {
    this.#device.removeEventListener('gattserverdisconnected', this.#onGattDisconnected)
    this.#characteristic.removeEventListener('characteristicvaluechanged', this.#onValue)
  }

  readonly #onGattDisconnected = (): void => this.finish('remote')

  readonly #onValue = (event: unknown): void => {
    const target = (event as { target?: { value?: DataView | null } } | null)?.target
    const view = target?.value ?? this.#characteristic.value
    if (view === undefined || view === null) return
    for (const listener of this.notifyListeners) {
      // Each listener owns its copy; the browser may reuse the DataView's buffer.
      listener(new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice())
    }
  }
}

/**
 * Advertising payloads for bleno's `startAdvertisingWithEIRData`, laid out as bitchat Android
 * does (spec §6.1): advertising data = flags + the 128-bit service UUID; scan response = service
 * data of that UUID carrying the 8-byte peer ID. No name, no TX power.
 * @module
 */

/** AD types (Bluetooth Assigned Numbers, "Common Data Types"). */
const AD_FLAGS = 0x01
const AD_COMPLETE_128BIT_UUIDS = 0x07
const AD_SERVICE_DATA_128BIT = 0x21
/** LE General Discoverable, BR/EDR not supported. */
const FLAGS_LE_GENERAL_DISCOVERABLE = 0x06
/** Legacy advertising PDUs carry at most 31 bytes of data. */
const MAX_ADV_DATA_BYTES = 31

/**
 * A UUID string as its 16 bytes in little-endian order (the on-air order of 128-bit UUIDs).
 * @throws RangeError for anything but a 128-bit UUID
 */
export function uuidToLittleEndian(uuid: string): Uint8Array {
  const hex = normalizeUuid(uuid)
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new RangeError(`not a 128-bit UUID: ${uuid}`)
  const out = new Uint8Array(16)
  for (let i = 0; i < 16; i++) out[15 - i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** noble/bleno spelling of a UUID: lower-case hex without dashes. */
export function normalizeUuid(uuid: string): string {
  return uuid.replace(/-/g, '').toLowerCase()
}

/**
 * Build the advertising data and scan response.
 * @param serviceUuid the service to advertise
 * @param serviceData optional service data (Android: 8-byte peer ID)
 * @returns both payloads (scan response empty without service data)
 * @throws RangeError when the service data does not fit in 31 bytes
 */
export function buildAdvertisingData(serviceUuid: string, serviceData?: Uint8Array): { advertisement: Uint8Array; scanResponse: Uint8Array } {
  const uuid = uuidToLittleEndian(serviceUuid)
  const advertisement = new Uint8Array(3 + 2 + 16)
  advertisement.set([2, AD_FLAGS, FLAGS_LE_GENERAL_DISCOVERABLE, 17, AD_COMPLETE_128BIT_UUIDS], 0)
  advertisement.set(uuid, 5)
  if (serviceData === undefined || serviceData.length === 0) return { advertisement, scanResponse: new Uint8Array(0) }
  const length = 2 + 16 + serviceData.length
  if (length > MAX_ADV_DATA_BYTES) throw new RangeError(`service data of ${serviceData.length} bytes does not fit a scan response`)
  const scanResponse = new Uint8Array(length)
  scanResponse[0] = length - 1
  scanResponse[1] = AD_SERVICE_DATA_128BIT
  scanResponse.set(uuid, 2)
  scanResponse.set(serviceData, 18)
  return { advertisement, scanResponse }
}

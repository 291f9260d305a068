/**
 * The three socket data planes, each from its package's `./node` entry with the platform
 * lifecycle emulated as in the packages' two-process tests: the receiving side listens (group
 * owner, hotspot head, advertising peer), the sending side discovers it in a shared file
 * directory and dials. Hotspot credentials travel over the orchestrator's IPC (standing in for BLE).
 * @module
 */
import type { Clock, Link, Rng, Transport } from '@bitmesh/interface'
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { hotspotTransport, HotspotCredentialIssuer, HotspotCredentialRequester } from '@bitmesh/transport-hotspot'
import { nodeHotspotAdapter } from '@bitmesh/transport-hotspot/node'
import { multipeerTransport } from '@bitmesh/transport-multipeer'
import { nodeMultipeerAdapter } from '@bitmesh/transport-multipeer/node'
import { wifiDirectTransport } from '@bitmesh/transport-wifi-direct'
import { nodeWifiP2pAdapter } from '@bitmesh/transport-wifi-direct/node'
import type { EmulationDirectory } from '@bitmesh/stream-link/node'

/** Data planes measured: each one's bulk path is framed TCP (UDP carries ≤ 1 400-byte broadcasts only). */
export const PLANES = ['wifi-direct', 'hotspot', 'multipeer'] as const
/** One of {@link PLANES}. */
export type PlaneName = (typeof PLANES)[number]

/** Platform name the receiving side publishes itself under. */
export const RECEIVER_NAME = 'fs-receiver'
const SENDER_NAME = 'fs-sender'

/** The credential channel of the hotspot plane (BLE in the apps; IPC here). */
export interface CredentialChannel {
  /** Send a request, resolve with the head's offer. */
  exchange(request: Uint8Array): Promise<Uint8Array>
}

/** The receiving side of a plane, listening. */
export interface PlaneListener {
  readonly transport: Transport
  /** Hotspot only: the head's beacon fingerprint (first 8 bytes). */
  readonly fingerprint?: Uint8Array
  /** Hotspot only: answer a member's credential request. */
  respond?(request: Uint8Array): Uint8Array
  stop(): Promise<void>
}

/** Common inputs. */
export interface PlaneContext {
  clock: Clock
  rng: Rng
  directory: EmulationDirectory
}

/**
 * Start the receiving side of `plane`; links arrive as the transport's `link:open`.
 * @param plane - Which data plane.
 * @param ctx - Clock, randomness and the emulation directory.
 * @returns The started listener.
 */
export async function listenPlane(plane: PlaneName, ctx: PlaneContext): Promise<PlaneListener> {
  const { clock, rng, directory } = ctx
  switch (plane) {
    case 'wifi-direct': {
      const transport = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: RECEIVER_NAME, directory, clock }), role: 'owner', clock, port: 0 })
      await transport.start()
      return { transport, stop: () => transport.stop() }
    }
    case 'hotspot': {
      const transport = hotspotTransport({ adapter: nodeHotspotAdapter({ label: RECEIVER_NAME, directory, rng }), role: 'head', clock, port: 0 })
      await transport.start()
      const crypto = defaultCryptoProvider
      const issuer = new HotspotCredentialIssuer({ crypto, clock, rng, identitySeed: crypto.randomBytes(32), credentials: () => transport.credentials })
      return {
        transport,
        fingerprint: issuer.fingerprint.subarray(0, 8),
        respond: (request) => issuer.respond(request),
        stop: () => transport.stop(),
      }
    }
    case 'multipeer': {
      const transport = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: RECEIVER_NAME, directory, clock }), clock })
      await transport.start()
      return { transport, stop: () => transport.stop() }
    }
  }
}

/** The sending side of a plane, dialled. */
export interface PlaneDialer {
  readonly link: Link
  stop(): Promise<void>
}

/**
 * Start the sending side of `plane` and dial the receiver.
 * @param plane - Which data plane.
 * @param ctx - Clock, randomness and the emulation directory.
 * @param hotspot - Hotspot only: the head's fingerprint and the credential channel.
 * @returns The open link (multipeer: reliable mode, `link.send`).
 */
export async function dialPlane(
  plane: PlaneName,
  ctx: PlaneContext,
  hotspot?: { fingerprint: Uint8Array; channel: CredentialChannel },
): Promise<PlaneDialer> {
  const { clock, rng, directory } = ctx
  switch (plane) {
    case 'wifi-direct': {
      const transport = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: SENDER_NAME, directory, clock }), role: 'member', clock, datagrams: false })
      await transport.start()
      return { link: await transport.dial(RECEIVER_NAME), stop: () => transport.stop() }
    }
    case 'hotspot': {
      if (hotspot === undefined) throw new TypeError('the hotspot plane needs the credential channel')
      const crypto = defaultCryptoProvider
      const requester = new HotspotCredentialRequester({ crypto, clock, rng })
      const offer = await hotspot.channel.exchange(requester.createRequest())
      const credentials = requester.acceptOffer(offer, hotspot.fingerprint)
      const transport = hotspotTransport({ adapter: nodeHotspotAdapter({ label: SENDER_NAME, directory, rng }), role: 'member', clock })
      await transport.start()
      transport.useCredentials(credentials)
      return { link: await transport.dial(credentials.ssid), stop: () => transport.stop() }
    }
    case 'multipeer': {
      const transport = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: SENDER_NAME, directory, clock }), clock })
      await transport.start()
      return { link: await transport.dial(RECEIVER_NAME), stop: () => transport.stop() }
    }
  }
}

/**
 * `reactNativeMultipeerAdapter`: the Multipeer adapter for React Native on iOS. There is no
 * maintained, established React Native package for MultipeerConnectivity, so the app provides a
 * thin native module with the {@link RnMultipeerModule} shape (a direct mapping of `MCSession`,
 * `MCNearbyServiceAdvertiser` and `MCNearbyServiceBrowser`; bytes cross the bridge as base64).
 * UNTESTED HERE: no React Native runtime or iOS device on CI; it type-checks only.
 * @module
 */
import type { MultipeerAdapter, MultipeerSendMode, MultipeerSessionDelegate } from '../adapter.js'
import { fromBase64, toBase64 } from './base64.js'

/** Events of {@link RnMultipeerModule}. */
export interface RnMultipeerEvents {
  peerFound: { peerId: string; discoveryInfo?: Record<string, string> }
  peerLost: { peerId: string }
  invitation: { invitationId: string; peerId: string; context?: string }
  peerState: { peerId: string; state: 'connecting' | 'connected' | 'notConnected' }
  data: { peerId: string; data: string; reliable: boolean }
}

/** The native module the app provides (one `MCSession` per module). */
export interface RnMultipeerModule {
  createSession(displayName: string): Promise<void>
  disconnect(): Promise<void>
  startAdvertising(serviceType: string, discoveryInfo: Record<string, string> | null): Promise<void>
  stopAdvertising(): Promise<void>
  startBrowsing(serviceType: string): Promise<void>
  stopBrowsing(): Promise<void>
  invitePeer(peerId: string, contextBase64: string | null, timeoutSeconds: number): Promise<void>
  respondToInvitation(invitationId: string, accept: boolean): Promise<void>
  /** `session.send(data, toPeers: [peer], with: reliable ? .reliable : .unreliable)`. */
  send(peerId: string, dataBase64: string, reliable: boolean): Promise<void>
  cancelConnectPeer(peerId: string): Promise<void>
  addListener<K extends keyof RnMultipeerEvents>(event: K, listener: (e: RnMultipeerEvents[K]) => void): { remove(): void }
}

/** Options of {@link reactNativeMultipeerAdapter}. */
export interface ReactNativeMultipeerAdapterOptions {
  module: RnMultipeerModule
  /** `MCPeerID.displayName` of this device. */
  peerId: string
  /** Reliable bytes in flight over the bridge per peer before `send` returns `false` (default 256 KiB). */
  highWaterBytes?: number
}

/**
 * Create the React Native Multipeer adapter.
 * @param options - the native module and this device's name
 */
export function reactNativeMultipeerAdapter(options: ReactNativeMultipeerAdapterOptions): MultipeerAdapter {
  const mod = options.module
  const highWater = options.highWaterBytes ?? 256 * 1024
  const subs: { remove(): void }[] = []
  const inFlight = new Map<string, number>()
  let delegate: MultipeerSessionDelegate | undefined
  return {
    peerId: options.peerId,
    async openSession(d) {
      delegate = d
      await mod.createSession(options.peerId)
      subs.push(
        mod.addListener('peerState', (e) => delegate?.peerState(e.peerId, e.state)),
        mod.addListener('data', (e) => {
          const bytes = fromBase64(e.data)
          if (bytes !== null) delegate?.data(e.peerId, bytes, e.reliable ? 'reliable' : 'unreliable')
        }),
      )
    },
    async closeSession() {
      for (const s of subs.splice(0)) s.remove()
      delegate = undefined
      inFlight.clear()
      await mod.disconnect()
    },
    async startAdvertising(serviceType, discoveryInfo, onInvitation) {
      subs.push(
        mod.addListener('invitation', (e) => {
          const context = e.context === undefined ? undefined : fromBase64(e.context) ?? undefined
          onInvitation(e.peerId, context, (accept) => void mod.respondToInvitation(e.invitationId, accept).catch(() => {}))
        }),
      )
      await mod.startAdvertising(serviceType, discoveryInfo ?? null)
    },
    stopAdvertising: () => mod.stopAdvertising(),
    async startBrowsing(serviceType, browser) {
      subs.push(
        mod.addListener('peerFound', (e) => browser.foundPeer(e.peerId, e.discoveryInfo)),
        mod.addListener('peerLost', (e) => browser.lostPeer(e.peerId)),
      )
      await mod.startBrowsing(serviceType)
    },
    stopBrowsing: () => mod.stopBrowsing(),
    invitePeer(peerId, context, timeoutMs) {
      mod.invitePeer(peerId, context === undefined ? null : toBase64(context), Math.ceil(timeoutMs / 1000)).catch(() => delegate?.peerState(peerId, 'notConnected'))
    },
    send(bytes, peerId, mode: MultipeerSendMode) {
      const reliable = mode === 'reliable'
      const pending = mod.send(peerId, toBase64(bytes), reliable)
      if (!reliable) {
        pending.catch(() => {})
        return true
      }
      // MCSession buffers without bound; count bytes the bridge has not confirmed instead.
      const before = inFlight.get(peerId) ?? 0
      inFlight.set(peerId, before + bytes.length)
      const settle = (): void => {
        const now = (inFlight.get(peerId) ?? bytes.length) - bytes.length
        inFlight.set(peerId, now)
        if (now <= highWater / 2 && now + bytes.length > highWater / 2) delegate?.drain(peerId)
      }
      pending.then(settle, settle)
      return before + bytes.length <= highWater
    },
    cancelConnectPeer(peerId) {
      void mod.cancelConnectPeer(peerId).catch(() => {})
    },
  }
}

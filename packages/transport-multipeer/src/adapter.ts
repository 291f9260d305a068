/**
 * The platform adapter of the Multipeer transport, modelled on Apple's MultipeerConnectivity:
 * one `MCSession` (at most 8 peers including the local one), an `MCNearbyServiceAdvertiser`
 * answering invitations and an `MCNearbyServiceBrowser` finding and inviting peers. Messages are
 * whole (`send(_:toPeers:with:)`), reliable or unreliable. Implementations:
 * {@link SimulatedMultipeerWorld} (in-memory), `nodeMultipeerAdapter` (`./node`: real sockets on
 * loopback, MC lifecycle emulated) and `reactNativeMultipeerAdapter` (`./react-native`, untested here).
 * @module
 */

/** `MCSessionSendDataMode`. */
export type MultipeerSendMode = 'reliable' | 'unreliable'

/** `MCSessionState`. */
export type MultipeerPeerState = 'connecting' | 'connected' | 'notConnected'

/** The `MCSessionDelegate` callbacks the transport needs. */
export interface MultipeerSessionDelegate {
  /** `session(_:peer:didChange:)`. */
  peerState(peerId: string, state: MultipeerPeerState): void
  /** `session(_:didReceive:fromPeer:)`; the array is the delegate's. */
  data(peerId: string, bytes: Uint8Array, mode: MultipeerSendMode): void
  /**
   * A peer whose reliable send buffer was full (send returned `false`) can take more. MCSession
   * has no such callback (it buffers without bound); adapters that can measure it call this.
   */
  drain(peerId: string): void
}

/** `MCNearbyServiceBrowserDelegate`. */
export interface MultipeerBrowserDelegate {
  foundPeer(peerId: string, discoveryInfo: Record<string, string> | undefined): void
  lostPeer(peerId: string): void
}

/**
 * `MCNearbyServiceAdvertiserDelegate.advertiser(_:didReceiveInvitationFromPeer:withContext:invitationHandler:)`.
 * Call `respond(true)` to join the inviter into the session.
 */
export type MultipeerInvitationHandler = (peerId: string, context: Uint8Array | undefined, respond: (accept: boolean) => void) => void

/** MultipeerConnectivity, as seen by the transport. */
export interface MultipeerAdapter {
  /** This device's `MCPeerID.displayName` (unique among nearby peers). */
  readonly peerId: string
  /** Create the `MCSession` and route its delegate callbacks. */
  openSession(delegate: MultipeerSessionDelegate): Promise<void>
  /** `session.disconnect()`: drop every peer. Idempotent. */
  closeSession(): Promise<void>
  /** Advertise `serviceType` (1–15 chars) with `discoveryInfo`; invitations go to `onInvitation`. */
  startAdvertising(serviceType: string, discoveryInfo: Record<string, string> | undefined, onInvitation: MultipeerInvitationHandler): Promise<void>
  stopAdvertising(): Promise<void>
  /** Browse for `serviceType`. */
  startBrowsing(serviceType: string, delegate: MultipeerBrowserDelegate): Promise<void>
  stopBrowsing(): Promise<void>
  /** `browser.invitePeer(_:to:withContext:timeout:)`; the outcome arrives as peer states. */
  invitePeer(peerId: string, context: Uint8Array | undefined, timeoutMs: number): void
  /**
   * `session.send(_:toPeers:with:)` to one connected peer. Returns `false` when the peer's
   * reliable buffer is above the adapter's high-water mark (the data is still queued).
   * @throws Error when the peer is not connected
   */
  send(bytes: Uint8Array, peerId: string, mode: MultipeerSendMode): boolean
  /** `session.cancelConnectPeer(_:)`: cancel a pending connection or drop a connected peer. */
  cancelConnectPeer(peerId: string): void
}

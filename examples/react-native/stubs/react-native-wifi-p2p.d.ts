/** STUB of `react-native-wifi-p2p`: the functions the Wi-Fi Direct adapter calls. */
declare module 'react-native-wifi-p2p' {
  export function initialize(): Promise<boolean>
  export function createGroup(): Promise<void>
  export function removeGroup(): Promise<void>
  export function startDiscoveringPeers(): Promise<string>
  export function stopDiscoveringPeers(): Promise<void>
  export function subscribeOnPeersUpdates(
    callback: (update: { devices: Array<{ deviceAddress: string; deviceName: string; isGroupOwner?: boolean }> }) => void,
  ): { remove(): void }
  export function connect(deviceAddress: string): Promise<void>
  export function cancelConnect(): Promise<void>
  export function getConnectionInfo(): Promise<{ groupFormed: boolean; isGroupOwner: boolean; groupOwnerAddress: { hostAddress: string } | null }>
}

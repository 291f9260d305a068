/** STUB of `react-native-tcp-socket`'s default export: the Node-like sockets stream-link uses. */
declare module 'react-native-tcp-socket' {
  interface Socket {
    readonly remoteAddress?: string
    readonly remotePort?: number
    write(data: Uint8Array): boolean
    end(): void
    destroy(): void
    setNoDelay(noDelay?: boolean): void
    on(event: 'data', listener: (data: Uint8Array | string) => void): this
    on(event: 'drain' | 'connect', listener: () => void): this
    on(event: 'error', listener: (error: Error) => void): this
    on(event: 'close', listener: (hadError: boolean) => void): this
  }
  interface Server {
    listen(options: { port: number; host: string; reuseAddress?: boolean }, callback?: () => void): this
    address(): { port: number } | null
    close(callback?: () => void): this
    on(event: 'error', listener: (error: Error) => void): this
  }
  const TcpSocket: {
    createConnection(options: { host: string; port: number; tcpNoDelay?: boolean }, onConnect: () => void): Socket
    createServer(onConnection: (socket: Socket) => void): Server
  }
  export default TcpSocket
}

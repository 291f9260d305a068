/**
 * A {@link NodeStack} that wraps another (the real `meshStack()`) and reports to a
 * {@link LiveRecorder} what the simulator itself only summarises at the end: the world, frames on
 * the air, link events, and each public/private send and receipt as it happens. Nothing the
 * simulated nodes do changes: every call is forwarded unchanged.
 * @module
 */
import type { NodeStack, SimNode, SimNodeEvents } from '@bitmesh/simulator'
import type { Listener } from '@bitmesh/interface'
import type { LiveRecorder } from './live-recorder.js'

/**
 * Wrap a stack so a recorder sees everything.
 * @param inner - The stack under test (usually `meshStack()`).
 * @param recorder - Where events go.
 * @returns A stack with the same name and behaviour.
 */
export function tapStack<Medium>(inner: NodeStack<Medium>, recorder: LiveRecorder): NodeStack<Medium> {
  const stack: NodeStack<Medium> = {
    name: inner.name,
    createMedium(context) {
      recorder.attach(context)
      return inner.createMedium({
        ...context,
        onTransmit(from, to, bytes) {
          recorder.transmit()
          context.onTransmit(from, to, bytes)
        },
      })
    },
    createNode(medium, context) {
      const node = inner.createNode(medium, context)
      const i = context.index
      // Registered before the simulator's own listeners, so the recorder's link graph is current
      // whenever the simulator picks a sender.
      node.on('link:open', ({ linkId, remoteAddress }) => recorder.linkOpen(i, linkId, remoteAddress))
      node.on('link:close', ({ linkId }) => recorder.linkClose(i, linkId))
      node.on('message', ({ text }) => recorder.publicReceived(i, text))
      node.on('private-message', ({ text }) => recorder.privateReceived(i, text))
      return tappedNode(node, i, recorder)
    },
  }
  if (inner.createHostileNode !== undefined) {
    const createHostile = inner.createHostileNode.bind(inner)
    stack.createHostileNode = (medium, context) => createHostile(medium, context)
  }
  return stack
}

/** A {@link SimNode} forwarding to `node`, telling the recorder about sends and its peer ID. */
function tappedNode(node: SimNode, index: number, recorder: LiveRecorder): SimNode {
  return {
    get peerId() {
      return node.peerId
    },
    get stats() {
      return node.stats
    },
    async start() {
      await node.start()
      recorder.peerStarted(index, node.peerId)
    },
    stop: () => node.stop(),
    sendPublic(text) {
      recorder.publicSent(index, text)
      return node.sendPublic(text)
    },
    sendPrivate(peerId, text) {
      recorder.privateSent(peerId, text)
      return node.sendPrivate(peerId, text)
    },
    peers: () => node.peers(),
    on<K extends keyof SimNodeEvents>(event: K, listener: Listener<SimNodeEvents[K]>) {
      return node.on(event, listener)
    },
  }
}

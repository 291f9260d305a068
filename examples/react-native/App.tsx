/**
 * A one-screen public chat on BitMesh: asks for Bluetooth permissions, starts the mesh, lists
 * peers and messages, sends what you type. Not run here (no React Native on CI): type-checked
 * only, against stubs of react / react-native (see README).
 */
import type { MeshNode } from '@bitmesh/mesh'
import { useEffect, useRef, useState } from 'react'
import { Button, FlatList, PermissionsAndroid, Platform, SafeAreaView, Text, TextInput, View } from 'react-native'
import { createAppMesh, type AppMesh } from './mesh'

interface ChatLine {
  id: string
  from: string
  text: string
}

/** Android 12+ needs the "nearby devices" pair; older Android needs location for BLE scans. */
async function requestBlePermissions(): Promise<boolean> {
  if (Platform.OS !== 'android') return true // iOS asks by itself (NSBluetoothAlwaysUsageDescription)
  const wanted =
    Number(Platform.Version) >= 31
      ? [PermissionsAndroid.PERMISSIONS.BLUETOOTH_SCAN, PermissionsAndroid.PERMISSIONS.BLUETOOTH_CONNECT]
      : [PermissionsAndroid.PERMISSIONS.ACCESS_FINE_LOCATION]
  const result = await PermissionsAndroid.requestMultiple(wanted)
  return wanted.every((p) => result[p] === PermissionsAndroid.RESULTS.GRANTED)
}

export default function App() {
  const [status, setStatus] = useState('starting…')
  const [peers, setPeers] = useState<Array<{ peerId: string; nickname: string }>>([])
  const [lines, setLines] = useState<ChatLine[]>([])
  const [draft, setDraft] = useState('')
  const mesh = useRef<AppMesh | null>(null)

  useEffect(() => {
    let cancelled = false
    const offs: Array<() => void> = []
    void (async () => {
      if (!(await requestBlePermissions())) return setStatus('Bluetooth permission denied')
      const started = await createAppMesh({ nickname: 'rn-demo', onBleError: (m) => setStatus(`BLE: ${m}`) })
      if (cancelled) return void started.destroy()
      mesh.current = started
      const node: MeshNode = started.node
      offs.push(
        node.on('peer:join', (p) => setPeers((list) => [...list.filter((x) => x.peerId !== p.peerId), { peerId: p.peerId, nickname: p.nickname }])),
        node.on('peer:leave', (p) => setPeers((list) => list.filter((x) => x.peerId !== p.peerId))),
        node.on('message', (m) => setLines((list) => [...list.slice(-199), { id: m.id, from: m.nickname, text: m.text }])),
      )
      setStatus(`mesh up as ${node.peerId}`)
    })().catch((error: unknown) => setStatus(`failed: ${String(error)}`))
    return () => {
      cancelled = true
      for (const off of offs) off()
      void mesh.current?.destroy()
      mesh.current = null
    }
  }, [])

  const send = (): void => {
    const text = draft.trim()
    if (text === '' || mesh.current === null) return
    setDraft('')
    void mesh.current.node.sendPublic(text)
    setLines((list) => [...list, { id: `me-${list.length}`, from: 'me', text }])
  }

  return (
    <SafeAreaView style={{ flex: 1, padding: 12 }}>
      <Text>{status}</Text>
      <Text>{peers.length === 0 ? 'no peers yet' : `peers: ${peers.map((p) => p.nickname).join(', ')}`}</Text>
      <FlatList data={lines} keyExtractor={(l) => l.id} renderItem={({ item }) => <Text>{`${item.from}: ${item.text}`}</Text>} />
      <View style={{ flexDirection: 'row' }}>
        <TextInput style={{ flex: 1 }} value={draft} onChangeText={setDraft} placeholder="say something" />
        <Button title="Send" onPress={send} />
      </View>
    </SafeAreaView>
  )
}

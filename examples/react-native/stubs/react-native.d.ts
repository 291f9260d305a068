/**
 * STUB, not React Native's real typings: the components and APIs App.tsx / index.ts use, with
 * the props they pass. In a real app the `react-native` package's own types replace this file.
 */
declare module 'react-native' {
  import type { ReactElement, ReactNode } from 'react'
  type Style = Record<string, string | number>
  export function View(props: { style?: Style; children?: ReactNode }): ReactElement
  export function SafeAreaView(props: { style?: Style; children?: ReactNode }): ReactElement
  export function Text(props: { style?: Style; children?: ReactNode }): ReactElement
  export function TextInput(props: { style?: Style; value: string; onChangeText: (text: string) => void; placeholder?: string }): ReactElement
  export function Button(props: { title: string; onPress: () => void }): ReactElement
  export function FlatList<T>(props: { data: readonly T[]; keyExtractor: (item: T) => string; renderItem: (info: { item: T; index: number }) => ReactElement }): ReactElement
  export const Platform: { OS: 'android' | 'ios' | 'web'; Version: number | string }
  export const PermissionsAndroid: {
    PERMISSIONS: { BLUETOOTH_SCAN: string; BLUETOOTH_CONNECT: string; ACCESS_FINE_LOCATION: string }
    RESULTS: { GRANTED: string; DENIED: string; NEVER_ASK_AGAIN: string }
    requestMultiple(permissions: string[]): Promise<Record<string, string>>
  }
  export const AppRegistry: { registerComponent(name: string, factory: () => () => ReactElement): void }
}

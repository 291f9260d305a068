/**
 * STUB, not React's real typings: just enough of `react` for `tsc` to check App.tsx in this
 * repository, where React is not installed. In a real app `@types/react` replaces this folder.
 */
declare module 'react' {
  export interface ReactElement {
    readonly type: unknown
    readonly props: unknown
  }
  export type ReactNode = ReactElement | string | number | boolean | null | undefined | readonly ReactNode[]
  export function useState<T>(initial: T | (() => T)): [T, (next: T | ((previous: T) => T)) => void]
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void
  export function useRef<T>(initial: T): { current: T }
}

declare module 'react/jsx-runtime' {
  import type { ReactElement } from 'react'
  export namespace JSX {
    type Element = ReactElement
    interface ElementChildrenAttribute {
      children: unknown
    }
    interface IntrinsicAttributes {
      key?: string | number
    }
    interface IntrinsicElements {}
  }
  export function jsx(type: unknown, props: unknown, key?: unknown): ReactElement
  export function jsxs(type: unknown, props: unknown, key?: unknown): ReactElement
  export const Fragment: unknown
}

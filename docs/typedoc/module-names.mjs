/**
 * TypeDoc plugin: names each entry module after the import specifier users type
 * (`@bitmesh/crypto/node`) instead of its path (`crypto/src/node`).
 */
import { Converter, ReflectionKind } from 'typedoc'
import { findEntryPoints } from './entry-points.mjs'
import { fileURLToPath } from 'node:url'

const packagesDir = fileURLToPath(new URL('../../packages', import.meta.url))

/** @param {import('typedoc').Application} app */
export function load(app) {
  const specifierByFile = new Map(findEntryPoints(packagesDir).map((e) => [e.file, e.name + e.subpath]))
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const file = module.sources?.[0]?.fullFileName
      const specifier = file === undefined ? undefined : specifierByFile.get(file)
      if (specifier !== undefined) module.name = specifier
    }
  })
}

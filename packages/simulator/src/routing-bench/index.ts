/**
 * The routing benchmark of issue 5: every relay policy on the same seeded crowds.
 * @module
 */
export { greedyCdsSize } from './cds.js'
export { routingCells, routingScenario, cellName, ROUTING_BENCH_SIZES, ROUTING_BENCH_SPACINGS_M, ROUTING_BENCH_LOSSES, ROUTING_BENCH_RANGE_M, type RoutingCell } from './matrix.js'
export { runRoutingBench, ROUTING_BENCH_POLICIES, type RoutingRow, type RoutingBenchOptions } from './run.js'
export { renderRoutingMarkdown, renderRoutingHtml, type RoutingRenderMeta } from './render.js'

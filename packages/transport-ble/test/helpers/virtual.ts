// The virtual test clock and seeded Rng are shared with the socket transports' tests.
export { TestClock, flush, seededRng } from '../../../stream-link/test/helpers/virtual.js'

import { runTransportCompliance } from '../src/index.js'
import { microtaskHarness, realTimeHarness, virtualHarness } from './harnesses.js'

runTransportCompliance(virtualHarness())
runTransportCompliance(virtualHarness('memory (virtual time, MTU 1)', { mtu: 1, highWaterMarkBytes: 64 }))
runTransportCompliance(microtaskHarness())
runTransportCompliance(realTimeHarness())

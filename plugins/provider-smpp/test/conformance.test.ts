import {
  type ConformanceTarget,
  closedPort,
  type SmscSimulatorOptions,
  startSmscSimulator,
  testProvider,
} from "@smskit/testkit";
import smppProvider from "../src/index.js";

/** The conformance suite sets PASSWORD to this value; the simulators expect it. */
const password = "Cf-9xQ7z";
const systemId = "conformance";

async function simulatorTarget(options: SmscSimulatorOptions = {}): Promise<ConformanceTarget> {
  const simulator = await startSmscSimulator({ systemId, password, ...options });
  return {
    parameters: {
      SMSC_HOST: simulator.host,
      SMSC_PORT: simulator.port,
      SYSTEM_ID: systemId,
      S_ADDR: "smskit",
    },
    recipient: "+4917012345678",
    delivered: () => simulator.messages.length,
    openConnections: () => simulator.openConnections,
    teardown: () => simulator.close(),
  };
}

testProvider(smppProvider, {
  working: () => simulatorTarget(),
  // Accepts the TCP connection, never answers the bind.
  unresponsive: () => simulatorTarget({ behaviour: { bind: () => "hang" } }),
  unreachable: async () => ({
    parameters: { SMSC_HOST: "127.0.0.1", SMSC_PORT: await closedPort(), SYSTEM_ID: systemId },
    recipient: "+4917012345678",
    teardown: async () => {},
  }),
  secret: { parameter: "PASSWORD", value: password },
});

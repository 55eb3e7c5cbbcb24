// Starts fauxqs (SNS + SQS emulator) for SQS MEGA's tests, on 127.0.0.1 only.
// fauxqs has no option for the interface and listens on every one, so wildcard listens are
// rewritten to loopback. Prints one line, {"port":N}, when ready; exits when stdin closes, so it
// never outlives the test JVM that started it.
import net from "node:net";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const options = args[0];
  if (options !== null && typeof options === "object" && !Array.isArray(options)) {
    if (!options.host || options.host === "0.0.0.0" || options.host === "::") {
      args[0] = { ...options, host: "127.0.0.1" };
    }
  } else if (typeof options === "number" || typeof options === "string") {
    const host = args[1];
    if (typeof host !== "string" || host === "0.0.0.0" || host === "::") {
      args.splice(1, typeof host === "string" ? 1 : 0, "127.0.0.1");
    }
  }
  return listen.apply(this, args);
};

const { startFauxqs } = await import("fauxqs");
const server = await startFauxqs({ port: 0, logger: false });
process.stdout.write(JSON.stringify({ port: server.port, address: server.address }) + "\n");

const stop = async () => {
  try {
    await server.stop();
  } finally {
    process.exit(0);
  }
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);

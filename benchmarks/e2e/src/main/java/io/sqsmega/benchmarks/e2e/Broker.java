package io.sqsmega.benchmarks.e2e;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The SQS server of a benchmark run: ElasticMQ in a JVM of its own, on 127.0.0.1 and a free port,
 * which it prints as {@code PORT <n>}. Runs until its standard input closes (the runner ends).
 */
public final class Broker {

    private Broker() {
    }

    /**
     * @param args none
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion("us-east-1").withAWSAccountId("000000000000").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        System.out.println("PORT " + port);
        System.out.println("PID " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the runner to go away
        }
        server.stopAndWait();
        System.exit(0);
    }
}

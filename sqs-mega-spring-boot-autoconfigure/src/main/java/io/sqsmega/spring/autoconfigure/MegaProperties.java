package io.sqsmega.spring.autoconfigure;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.Encoding;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SQS MEGA's configuration, under {@code mega}.
 *
 * <pre>
 * mega:
 *   encoding: json            # or bson: how MegaTemplate writes events and data objects
 *   queues:
 *     orders:                 # a logical name, usable as a destination and in @MegaListener(queue = ...)
 *       name: orders-prod     # the SQS queue name (default: the logical name)
 *       # url: https://sqs.eu-west-1.amazonaws.com/123456789012/orders-prod   (wins over name)
 *       create-if-missing: false
 * </pre>
 *
 * @param enabled whether SQS MEGA is active at all
 * @param encoding how events and data objects are written when a publish call does not say
 * @param maxBodyBytes the largest message body to send or accept
 * @param queues logical queues by name
 */
@ConfigurationProperties("mega")
public record MegaProperties(@DefaultValue("true") boolean enabled, @DefaultValue("json") Encoding encoding,
        @DefaultValue("" + BodyDecoder.SQS_MAX_BODY_BYTES) int maxBodyBytes, Map<String, Queue> queues) {

    /** Defaults the queue map. */
    public MegaProperties {
        queues = queues == null ? Map.of() : Map.copyOf(queues);
    }

    /**
     * One logical queue.
     *
     * @param name the SQS queue name; defaults to the logical name
     * @param url the queue URL; wins over the name
     * @param createIfMissing create the queue at first use when it does not exist; otherwise a
     *        missing queue is an error that says how to fix it
     */
    public record Queue(String name, String url, @DefaultValue("false") boolean createIfMissing) {
    }
}

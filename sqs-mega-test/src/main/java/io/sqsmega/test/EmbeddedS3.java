package io.sqsmega.test;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An S3-compatible server in the JVM (S3Proxy over an in-memory store) on 127.0.0.1 and a free port,
 * for tests of large payloads: no Docker, no AWS account. Any credentials are accepted; clients must
 * use path-style access. One server is shared per JVM ({@link #shared()}). Needs
 * {@code org.gaul:s3proxy} on the test classpath.
 *
 * <pre>{@code
 * EmbeddedS3 s3 = EmbeddedS3.shared();
 * s3.createBucket("payloads");
 * }</pre>
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static EmbeddedS3 shared;

    private final S3Proxy server;
    private final URI endpoint;
    private final S3Client client;

    private EmbeddedS3() {
        try {
            this.server = S3Proxy.builder().blobStore(BlobStores.create("transient-nio2", new Properties()))
                    .endpoint(URI.create("http://127.0.0.1:0")).awsAuthentication(AuthenticationType.NONE, null, null)
                    .build();
            server.start();
            while (!"STARTED".equals(server.getState())) {
                Thread.onSpinWait();
            }
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not start the embedded S3 (S3Proxy): " + ex.getMessage(), ex);
        }
        this.endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        this.client = S3Client.builder().endpointOverride(endpoint).region(EmbeddedSqs.REGION).forcePathStyle(true)
                .credentialsProvider(EmbeddedSqs.credentials()).build();
    }

    /**
     * Starts a server of its own; close it when done.
     *
     * @return the running server
     */
    public static EmbeddedS3 start() {
        return new EmbeddedS3();
    }

    /**
     * The server shared by this JVM, started on first use and stopped when the JVM exits.
     *
     * @return the running server
     */
    public static synchronized EmbeddedS3 shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-s3-shutdown"));
        }
        return shared;
    }

    /** @return the endpoint to give S3 clients (with path-style access) */
    public URI endpoint() {
        return endpoint;
    }

    /** @return a client of this server */
    public S3Client client() {
        return client;
    }

    /**
     * Creates a bucket, unless it exists.
     *
     * @param name the bucket
     */
    public void createBucket(String name) {
        try {
            client.createBucket(b -> b.bucket(name));
        }
        catch (BucketAlreadyOwnedByYouException ex) {
            // There already.
        }
        catch (SdkException ex) {
            if (!client.listBuckets().buckets().stream().anyMatch(bucket -> bucket.name().equals(name))) {
                throw ex;
            }
        }
    }

    /**
     * @param bucket a bucket
     * @param key a key
     * @return whether the object exists
     */
    public boolean exists(String bucket, String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        }
        catch (NoSuchKeyException ex) {
            return false;
        }
        catch (software.amazon.awssdk.services.s3.model.S3Exception ex) {
            if (ex.statusCode() == 404) {
                return false;
            }
            throw ex;
        }
    }

    /**
     * @param bucket a bucket
     * @return how many objects it holds
     */
    public int objectCount(String bucket) {
        return client.listObjectsV2(b -> b.bucket(bucket)).keyCount();
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        }
        catch (Exception ex) {
            // Stopping at JVM exit: nothing to do about it.
        }
    }
}

package io.sqsmega.test;

import static org.assertj.core.api.Assertions.assertThat;

import software.amazon.awssdk.core.sync.RequestBody;
import org.junit.jupiter.api.Test;

/** The embedded S3 keeps what is put, gives it back, and forgets what is deleted. */
class EmbeddedS3Test {

    @Test
    void storesReadsAndDeletesObjects() {
        EmbeddedS3 s3 = EmbeddedS3.shared();
        s3.createBucket("embedded-s3-test");
        s3.createBucket("embedded-s3-test");
        byte[] body = new byte[3 * 1024 * 1024];
        body[body.length - 1] = 7;
        s3.client().putObject(b -> b.bucket("embedded-s3-test").key("k"), RequestBody.fromBytes(body));
        assertThat(s3.client().getObjectAsBytes(b -> b.bucket("embedded-s3-test").key("k")).asByteArray()).isEqualTo(body);
        assertThat(s3.exists("embedded-s3-test", "k")).isTrue();
        assertThat(s3.objectCount("embedded-s3-test")).isEqualTo(1);
        s3.client().deleteObject(b -> b.bucket("embedded-s3-test").key("k"));
        assertThat(s3.exists("embedded-s3-test", "k")).isFalse();
    }
}

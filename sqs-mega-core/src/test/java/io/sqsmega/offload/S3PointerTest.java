package io.sqsmega.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3PointerTest {

    @Test
    void writesAndReadsTheExtendedClientsFormat() {
        S3Pointer pointer = new S3Pointer("payloads", "prefix/0d2c");
        assertThat(pointer.toBody()).isEqualTo("[\"software.amazon.payloadoffloading.PayloadS3Pointer\","
                + "{\"s3BucketName\":\"payloads\",\"s3Key\":\"prefix/0d2c\"}]");
        assertThat(S3Pointer.parse(pointer.toBody())).isEqualTo(pointer);
        assertThat(S3Pointer.parse("[\"com.amazon.sqs.javamessaging.MessageS3Pointer\",{\"s3Key\":\"k\","
                + "\"s3BucketName\":\"b\"}]")).isEqualTo(new S3Pointer("b", "k"));
        assertThat(pointer).hasToString("s3://payloads/prefix/0d2c");
    }

    @Test
    void refusesWhatIsNotAPointerSayingWhat() {
        assertThatThrownBy(() -> S3Pointer.parse("{\"a\":1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the body is not an S3 pointer: expected [\"software.amazon");
        assertThatThrownBy(() -> S3Pointer.parse("not json")).hasMessageStartingWith("the body is not an S3 pointer (not JSON");
        assertThatThrownBy(() -> S3Pointer.parse("[\"software.amazon.payloadoffloading.PayloadS3Pointer\",{\"s3Key\":\"k\"}]"))
                .hasMessage("the S3 pointer has no s3BucketName or s3Key");
    }

    @Test
    void knowsBothMarkerAttributes() {
        assertThat(S3Pointer.isMarker("SQSLargePayloadSize")).isTrue();
        assertThat(S3Pointer.isMarker("ExtendedPayloadSize")).isTrue();
        assertThat(S3Pointer.isMarker("mega-payload")).isFalse();
    }
}

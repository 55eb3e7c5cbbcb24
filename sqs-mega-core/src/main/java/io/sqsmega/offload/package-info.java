/**
 * The pointer format of bodies offloaded to S3, as AWS's extended clients write and read it.
 */
package io.sqsmega.offload;

/**
 * Dispatch of one message to the subscriptions of a queue whose matchers it satisfies, with an
 * index over equality conditions so that the cost grows far slower than the number of
 * subscriptions.
 */
package io.sqsmega.dispatch;
